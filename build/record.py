"""The resolved record: rows for persons, offices, organizations, awards,
indicators, events and terms, each derived from its claims.

Every row carries ``claims_count``, the sources that support it, ``disputed``
(1 when any of its facts is in a conflict) and, for each shown fact, its value,
precision and the rule that chose it (see ``build.resolve``).  Entities of a
vocabulary that no claim mentions get no row: a row must have evidence.
"""

from collections import defaultdict

from .conflicts import Conflict, group_facts
from .properties import PROPERTIES, RECORD_SUBJECT
from .resolve import resolve_fact

ENTITY_TABLES = ("persons", "offices", "organizations", "awards", "indicators", "events")


class Record:
    def __init__(self, claims: list[dict], conflicts: list[Conflict], vocabularies):
        self.claims = claims
        self.vocabularies = vocabularies
        self.facts = group_facts(claims)
        self.conflict_by_fact = {conflict.key: conflict for conflict in conflicts}
        # (table, id) -> its conflicts; an office also gets the conflicts of its terms.
        self.conflicts_by_entity: dict[tuple, list[Conflict]] = defaultdict(list)
        for conflict in conflicts:
            self.conflicts_by_entity[(conflict.key[0], conflict.key[1])].append(conflict)
            if conflict.key[0] == "terms":
                self.conflicts_by_entity[("offices", office_of(conflict.key[1]))].append(conflict)
        # (table, id) -> claims that are about it or name it as their value.
        self.evidence: dict[tuple, dict[str, dict]] = defaultdict(dict)
        for claim in claims:
            self.evidence[(claim["subject_table"], claim["subject_id"])][claim["id"]] = claim
            if claim["value_type"] == "entity":
                vocabulary = PROPERTIES[claim["subject_table"]][claim["property"]].vocabulary
                self.evidence[(vocabulary, claim["value"])][claim["id"]] = claim
            if claim["subject_table"] == "terms":
                self.evidence[("offices", office_of(claim["subject_id"]))][claim["id"]] = claim

    # --- shared columns ---------------------------------------------------

    def support(self, table: str, entity_id: str) -> dict:
        claims = self.evidence.get((table, entity_id), {})
        sources = sorted({c["source_id"] for c in claims.values()})
        conflicts = self.conflicts_of(table, entity_id)
        return {
            "claims_count": len(claims),
            "sources_count": len(sources),
            "sources": ", ".join(sources),
            "disputed": 1 if conflicts else 0,
            "disputed_properties": ", ".join(sorted({c.key[2] for c in conflicts})) or None,
            "conflicts_count": len(conflicts),
        }

    def conflicts_of(self, table: str, entity_id: str) -> list[Conflict]:
        return self.conflicts_by_entity.get((table, entity_id), [])

    def fact(self, table: str, entity_id: str, prop: str, prefix: str) -> dict:
        """Columns for one single-valued fact: value, (date) precision, and the rule that chose it."""
        is_date = PROPERTIES[table][prop].value_type == "date"
        columns = {prefix: None, f"{prefix}_precision": None, f"{prefix}_rule": None}
        if not is_date:
            del columns[f"{prefix}_precision"]
        key = (table, entity_id, prop, "")
        claims = self.facts.get(key)
        if claims:
            chosen = resolve_fact(claims, self.conflict_by_fact.get(key))
            columns[prefix], columns[f"{prefix}_rule"] = chosen.claim["value"], chosen.rule
            if is_date:
                columns[f"{prefix}_precision"] = chosen.claim["precision"]
        return columns

    def spread(self, table: str, entity_id: str, prop: str, prefix: str) -> dict:
        """The earliest and latest day any claim allows for a date fact.

        A timeline draws the uncertain or disputed stretch between them.
        """
        claims = self.facts.get((table, entity_id, prop, ""), [])
        return {f"{prefix}_earliest": min((c["date_start"] for c in claims), default=None),
                f"{prefix}_latest": max((c["date_end"] for c in claims), default=None)}

    def mentioned(self, table: str) -> list[str]:
        return sorted(entity for (t, entity) in self.evidence if t == table)

    # --- tables -------------------------------------------------------------

    def persons(self) -> list[dict]:
        rows = []
        for person in self.mentioned("persons"):
            entry = self.vocabularies["persons"].entries[person]
            row = {"id": person, "name": entry["name"], "is_record_subject": int(person == RECORD_SUBJECT)}
            row.update(self.fact("persons", person, "birth_date", "birth_date"))
            row.update(self.fact("persons", person, "birth_place", "birth_place"))
            row["aliases"] = ", ".join(entry.get("aliases") or []) or None
            row.update(self.support("persons", person))
            rows.append(row)
        return rows

    def offices(self) -> list[dict]:
        terms = defaultdict(int)
        for table, subject in self.evidence:
            if table == "terms":
                terms[office_of(subject)] += 1
        rows = []
        for office in self.mentioned("offices"):
            entry = self.vocabularies["offices"].entries[office]
            rows.append({
                "id": office, "name": entry["name"], "branch": entry.get("branch"),
                "jurisdiction": entry.get("jurisdiction"), "terms_count": terms[office],
                "aliases": ", ".join(entry.get("aliases") or []) or None,
                **self.support("offices", office),
            })
        return rows

    def organizations(self) -> list[dict]:
        used = set(self.mentioned("organizations"))
        # An organization that confers an award in the vocabulary is linked from it.
        used |= {self.vocabularies["awards"].entries[a].get("conferred_by") for a in self.mentioned("awards")} - {None}
        return [
            {"id": org, "name": self.vocabularies["organizations"].entries[org]["name"],
             "country": self.vocabularies["organizations"].entries[org].get("country"),
             **self.support("organizations", org)}
            for org in sorted(used)
        ]

    def awards(self) -> list[dict]:
        rows = []
        for award in self.mentioned("awards"):
            entry = self.vocabularies["awards"].entries[award]
            row = {"id": award, "name": entry["name"], "country": entry.get("country")}
            row.update(self.fact("awards", award, "date", "date"))
            conferred = self.fact("awards", award, "conferred_by", "conferred_by_id")
            row["conferred_by_id"] = conferred["conferred_by_id"] or entry.get("conferred_by")
            row["conferred_by_rule"] = conferred["conferred_by_id_rule"] or ("vocabulary" if entry.get("conferred_by") else None)
            row.update(self.fact("awards", award, "place", "place"))
            row["aliases"] = ", ".join(entry.get("aliases") or []) or None
            row.update(self.support("awards", award))
            rows.append(row)
        return rows

    def indicators(self) -> list[dict]:
        rows = []
        for indicator in self.mentioned("indicators"):
            entry = self.vocabularies["indicators"].entries[indicator]
            periods = sorted({c["period"] for c in self.evidence[("indicators", indicator)].values() if c["period"]})
            units = sorted({c["unit"] for c in self.evidence[("indicators", indicator)].values() if c["unit"]})
            rows.append({"id": indicator, "name": entry["name"], "description": entry.get("description"),
                         "periods": ", ".join(periods), "units": ", ".join(units),
                         **self.support("indicators", indicator)})
        return rows

    def events(self) -> list[dict]:
        rows = []
        for event in self.mentioned("events"):
            row = {"id": event, "name": self.vocabularies["events"].entries[event]["name"]}
            row.update(self.fact("events", event, "date", "date"))
            row.update(self.fact("events", event, "place", "place"))
            row.update(self.support("events", event))
            rows.append(row)
        return rows

    def terms(self) -> list[dict]:
        rows = []
        for term in self.mentioned("terms"):
            office, holding = office_of(term), int(term.rpartition("-")[2])
            row = {"id": term, "name": None, "person_id": RECORD_SUBJECT, "office_id": office, "holding": holding}
            row.update(self.fact("terms", term, "start_date", "start_date"))
            row.update(self.fact("terms", term, "end_date", "end_date"))
            row.update(self.spread("terms", term, "start_date", "start"))
            row.update(self.spread("terms", term, "end_date", "end"))
            for prop in ("predecessor", "successor", "appointed_by"):
                resolved = self.fact("terms", term, prop, f"{prop}_id")
                row[f"{prop}_id"], row[f"{prop}_rule"] = resolved[f"{prop}_id"], resolved[f"{prop}_id_rule"]
            row["name"] = term_label(self.vocabularies["offices"].name(office), row["start_date"], row["end_date"])
            row.update(self.support("terms", term))
            rows.append(row)
        return sorted(rows, key=lambda r: (r["start_date"] or "9999", r["id"]))

    def subject_name(self, table: str, entity_id: str) -> str:
        if table == "terms":
            rows = {row["id"]: row for row in self.terms()}
            return rows[entity_id]["name"] if entity_id in rows else entity_id
        return self.vocabularies[table].name(entity_id)


def office_of(term_id: str) -> str:
    return term_id.rpartition("-")[0]


def term_label(office_name: str, start: str | None, end: str | None) -> str:
    years = "–".join(part[:4] for part in (start, end) if part)
    if start and end and start[:4] == end[:4]:
        years = start[:4]
    return f"{office_name} ({years})" if years else office_name
