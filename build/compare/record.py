"""The resolved record: rows for persons, offices, organizations, awards,
indicators, events and terms, each derived from its claims.

Terms, awards and events are per person (``build.claims.subjects``): a row is one
person's term, award or event, so two people's facts never mix.  Every row
carries ``claims_count``, the sources and documents that support it,
``disputed`` (1 when any of its facts is in a conflict, or in an error finding:
facts that cannot all be true) and, for each shown
fact, its value, precision and the rule that chose it (see
``build.compare.resolve``).  A person's support is their own facts; an office's, its
terms' claims and the claims naming it.  Entities of a vocabulary that no
claim mentions get no row (a row must have evidence), except the people the
sources are about.  ``provisional`` marks entities that only automatic
extraction named.
"""

from __future__ import annotations

from collections import defaultdict

from .conflicts import Conflict, fact_key, group_facts
from ..claims.properties import PROPERTIES, RECORD_SUBJECT
from .resolve import latest_revision_value, resolve_fact
from .witnesses import Witnesses

ENTITY_TABLES = ("persons", "offices", "organizations", "awards", "indicators", "events")
TERM_PEOPLE = ("predecessor", "successor", "served_under", "appointed_by")


class Record:
    def __init__(self, claims: list[dict], conflicts: list[Conflict], vocabularies, witnesses: Witnesses,
                 people=(), facts: dict[tuple, list[dict]] | None = None):
        """``people``: persons the documents are about or name outside any claim (an IPU case's):
        they have rows even when no claim states a fact of theirs.  ``facts``: the claims grouped by
        fact (``conflicts.group_facts``), when the caller has them already."""
        self.claims = claims
        self.vocabularies = vocabularies
        self.witnesses = witnesses
        self.document_of = witnesses.document_of
        self.revision_of = witnesses.revision_of
        self.about_people = sorted(set(people))
        self.facts = group_facts(claims) if facts is None else facts
        self.conflict_by_fact = {conflict.key: conflict for conflict in conflicts}
        self.subjects: dict[tuple, dict] = {}  # (table, subject id) -> its first claim, for its parts
        self.about: dict[tuple, list[dict]] = defaultdict(list)  # (table, subject id) -> claims about it
        self.own: dict[str, list[dict]] = defaultdict(list)  # person -> claims stating their facts
        self.named: dict[tuple, list[dict]] = defaultdict(list)  # (vocabulary, id) -> claims naming it
        for claim in claims:
            key = (claim["subject_table"], claim["subject_id"])
            self.subjects.setdefault(key, claim)
            self.about[key].append(claim)
            if claim["person_id"]:
                self.own[claim["person_id"]].append(claim)
            if claim["value_type"] == "entity":
                vocabulary = PROPERTIES[claim["subject_table"]][claim["property"]].vocabulary
                self.named[(vocabulary, claim["value"])].append(claim)
        self.conflicts_by_subject: dict[tuple, list[Conflict]] = defaultdict(list)
        for conflict in conflicts:
            self.conflicts_by_subject[(conflict.key[0], conflict.key[1])].append(conflict)
        # (table, subject id) -> [(finding id, property)]: error findings naming a claim about it.
        self.findings_by_subject: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        self.findings_by_fact: dict[tuple, list[str]] = defaultdict(list)  # fact key -> error finding ids

    def add_findings(self, findings) -> None:
        """A fact that an error finding says cannot be true (with the others it names) is disputed, as
        a fact in a conflict is: its row says so.  Warnings and reviews ask a reader to look, no more."""
        for finding in findings:
            if finding.severity != "error":
                continue
            for claim, _role in finding.claims:
                named = (finding.id, claim["property"])
                subject = (claim["subject_table"], claim["subject_id"])
                if named not in self.findings_by_subject[subject]:
                    self.findings_by_subject[subject].append(named)
                if finding.id not in self.findings_by_fact[fact_key(claim)]:
                    self.findings_by_fact[fact_key(claim)].append(finding.id)

    # --- shared columns ---------------------------------------------------

    def support_of(self, claims: list[dict], conflicts: list[Conflict], findings=()) -> dict:
        """``findings``: (finding id, property) of the error findings naming these claims' facts."""
        unique = {claim["id"]: claim for claim in claims}.values()
        sources = sorted({c["source_id"] for c in unique})
        documents = sorted({self.document_of.get(source, source) for source in sources})
        disputed = {c.key[2] for c in conflicts} | {prop for _, prop in findings}
        return {
            "claims_count": len(unique),
            "sources_count": len(sources),
            "documents_count": len(documents),
            "sources": ", ".join(sources),
            "disputed": 1 if disputed else 0,
            "disputed_properties": ", ".join(sorted(disputed)) or None,
            "conflicts_count": len(conflicts),
            "findings_count": len({finding for finding, _ in findings}),
        }

    def support(self, table: str, subject_id: str) -> dict:
        key = (table, subject_id)
        return self.support_of(self.about.get(key, []), self.conflicts_by_subject.get(key, []),
                               self.findings_by_subject.get(key, []))

    def findings_of_subjects(self, subjects) -> list[tuple[str, str]]:
        return [named for subject in sorted(subjects) for named in self.findings_by_subject.get(subject, [])]

    def fact(self, table: str, subject_id: str, prop: str, prefix: str) -> dict:
        """Columns for one single-valued fact: value, (date) precision, and the rule that chose it."""
        is_date = PROPERTIES[table][prop].value_type == "date"
        columns = {prefix: None, f"{prefix}_precision": None, f"{prefix}_rule": None,
                   f"{prefix}_latest_revision": None}
        if not is_date:
            del columns[f"{prefix}_precision"], columns[f"{prefix}_latest_revision"]
        key = (table, subject_id, prop, "")
        claims = self.facts.get(key)
        if claims:
            conflict = self.conflict_by_fact.get(key)
            chosen = resolve_fact(claims, conflict, self.revision_of)
            columns[prefix], columns[f"{prefix}_rule"] = chosen.claim["value"], chosen.rule
            if is_date:
                columns[f"{prefix}_precision"] = chosen.claim["precision"]
                columns[f"{prefix}_latest_revision"] = latest_revision_value(conflict, self.revision_of)
        return columns

    def spread(self, table: str, subject_id: str, prop: str, prefix: str) -> dict:
        """The earliest and latest day any claim allows for a date fact.

        A timeline draws the uncertain or disputed stretch between them.
        """
        claims = self.facts.get((table, subject_id, prop, ""), [])
        return {f"{prefix}_earliest": min((c["date_start"] for c in claims), default=None),
                f"{prefix}_latest": max((c["date_end"] for c in claims), default=None)}

    def subject_ids(self, table: str) -> list[str]:
        return sorted(subject for (t, subject) in self.about if t == table)

    def provenance(self, table: str, entity_id: str) -> dict:
        entry = self.vocabularies[table].entries[entity_id]
        return {"provisional": int(bool(entry.get("provisional"))), "first_source_id": entry.get("first_source_id")}

    def aliases(self, table: str, entity_id: str) -> str | None:
        return ", ".join(self.vocabularies[table].entries[entity_id].get("aliases") or []) or None

    # --- tables -------------------------------------------------------------

    def persons(self) -> list[dict]:
        people = set(self.about_people) | set(self.own) | {entity for (t, entity) in self.named if t == "persons"}
        rows = []
        for person in sorted(people):
            row = {"id": person, "name": self.vocabularies["persons"].name(person),
                   "is_record_subject": int(person == RECORD_SUBJECT), **self.provenance("persons", person)}
            for prop in ("birth_date", "birth_place", "death_date", "death_place"):
                row.update(self.fact("persons", person, prop, prop))
            row["aliases"] = self.aliases("persons", person)
            own_conflicts = [c for c in self.conflicts_of_person(person)]
            own_subjects = {(c["subject_table"], c["subject_id"]) for c in self.own.get(person, [])}
            row.update(self.support_of(self.own.get(person, []), own_conflicts,
                                       self.findings_of_subjects(own_subjects)))
            rows.append(row)
        return rows

    def conflicts_of_person(self, person: str) -> list[Conflict]:
        subjects = {(c["subject_table"], c["subject_id"]) for c in self.own.get(person, [])}
        return [conflict for subject in sorted(subjects) for conflict in self.conflicts_by_subject.get(subject, [])]

    def offices(self) -> list[dict]:
        term_subjects: dict[str, list[str]] = defaultdict(list)
        for (table, subject), claim in self.subjects.items():
            if table == "terms":
                term_subjects[claim["entity_id"]].append(subject)
        used = set(term_subjects) | {entity for (t, entity) in self.named if t == "offices"}
        rows = []
        for office in sorted(used):
            entry = self.vocabularies["offices"].entries[office]
            claims = [c for term in term_subjects[office] for c in self.about[("terms", term)]]
            conflicts = [c for term in term_subjects[office] for c in self.conflicts_by_subject.get(("terms", term), [])]
            findings = self.findings_of_subjects(("terms", term) for term in term_subjects[office])
            rows.append({
                "id": office, "name": entry["name"], "branch": entry.get("branch"),
                "jurisdiction": entry.get("jurisdiction"), "body_id": entry.get("body"), **existence(entry),
                "terms_count": len(term_subjects[office]),
                "aliases": self.aliases("offices", office), **self.provenance("offices", office),
                **self.support_of(claims + self.named.get(("offices", office), []), conflicts, findings),
            })
        return rows

    def organizations(self) -> list[dict]:
        used = {entity for (t, entity) in self.named if t == "organizations"}
        # An organization that confers an award in the vocabulary is linked from it.
        used |= {self.vocabularies["awards"].entries[claim["entity_id"]].get("conferred_by")
                 for (table, _), claim in self.subjects.items() if table == "awards"} - {None}
        # The body an office of the record belongs to (a legislature) is linked from the office.
        used |= {self.vocabularies["offices"].entries[row["id"]].get("body") for row in self.offices()} - {None}
        vocabulary = self.vocabularies["organizations"]
        return [
            {"id": org, "name": vocabulary.entries[org]["name"], "country": vocabulary.entries[org].get("country"),
             **existence(vocabulary.entries[org]), **self.support_of(self.named.get(("organizations", org), []), [])}
            for org in sorted(used)
        ]

    def awards(self) -> list[dict]:
        rows = []
        for subject in self.subject_ids("awards"):
            parts = self.subjects[("awards", subject)]
            award = parts["entity_id"]
            entry = self.vocabularies["awards"].entries[award]
            row = {"id": subject, "name": entry["name"], "person_id": parts["person_id"], "award_id": award,
                   "country": entry.get("country"), **self.provenance("awards", award)}
            row.update(self.fact("awards", subject, "date", "date"))
            conferred = self.fact("awards", subject, "conferred_by", "conferred_by_id")
            row["conferred_by_id"] = conferred["conferred_by_id"] or entry.get("conferred_by")
            row["conferred_by_rule"] = conferred["conferred_by_id_rule"] or (
                "vocabulary" if entry.get("conferred_by") else None)
            row.update(self.fact("awards", subject, "place", "place"))
            row["aliases"] = self.aliases("awards", award)
            row.update(self.support("awards", subject))
            rows.append(row)
        return rows

    def indicators(self) -> list[dict]:
        rows = []
        for indicator in self.subject_ids("indicators"):
            entry = self.vocabularies["indicators"].entries[indicator]
            claims = self.about[("indicators", indicator)]
            periods = sorted({c["period"] for c in claims if c["period"]})
            units = sorted({c["unit"] for c in claims if c["unit"]})
            rows.append({"id": indicator, "name": entry["name"], "description": entry.get("description"),
                         "periods": ", ".join(periods), "units": ", ".join(units),
                         **self.support("indicators", indicator)})
        return rows

    def events(self) -> list[dict]:
        rows = []
        for subject in self.subject_ids("events"):
            parts = self.subjects[("events", subject)]
            row = {"id": subject, "name": self.vocabularies["events"].name(parts["entity_id"]),
                   "person_id": parts["person_id"], "event_id": parts["entity_id"]}
            row.update(self.fact("events", subject, "date", "date"))
            row.update(self.fact("events", subject, "place", "place"))
            row.update(self.support("events", subject))
            rows.append(row)
        return rows

    def terms(self) -> list[dict]:
        rows = []
        for term in self.subject_ids("terms"):
            parts = self.subjects[("terms", term)]
            office = parts["entity_id"]
            row = {"id": term, "name": None, "person_id": parts["person_id"], "office_id": office,
                   "holding": parts["holding"]}
            row.update(self.fact("terms", term, "start_date", "start_date"))
            row.update(self.fact("terms", term, "end_date", "end_date"))
            row.update(self.spread("terms", term, "start_date", "start"))
            row.update(self.spread("terms", term, "end_date", "end"))
            # Ongoing: a source says the term had not ended, and none gives its end.
            row["ongoing"] = int(bool(self.facts.get(("terms", term, "ongoing", ""))) and row["end_date"] is None)
            for prop in TERM_PEOPLE:
                resolved = self.fact("terms", term, prop, f"{prop}_id")
                row[f"{prop}_id"], row[f"{prop}_rule"] = resolved[f"{prop}_id"], resolved[f"{prop}_id_rule"]
            row["name"] = term_label(self.vocabularies["offices"].name(office), row["start_date"], row["end_date"],
                                     row["ongoing"])
            row.update(self.support("terms", term))
            rows.append(row)
        return sorted(rows, key=lambda r: (r["person_id"], r["start_date"] or "9999", r["id"]))


def existence(entry: dict) -> dict:
    """When a body or an office existed, as the vocabulary gives it (reference knowledge, with its note)."""
    return {"inception": entry.get("inception"), "dissolution": entry.get("dissolution"),
            "existence_note": entry.get("existence_note")}


def term_label(office_name: str, start: str | None, end: str | None, ongoing: int = 0) -> str:
    if ongoing and start:
        return f"{office_name} (since {start[:4]})"
    years = "–".join(part[:4] for part in (start, end) if part)
    if start and end and start[:4] == end[:4]:
        years = start[:4]
    return f"{office_name} ({years})" if years else office_name
