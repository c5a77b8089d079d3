"""Write the record: resolved tables, claims, comparisons and conflicts.

Every table is declared in ``build.tables.schema``; this module computes the rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from .bulk import insert_rows
from ..compare.conflicts import Conflict, value_key, within_source
from ..claims.properties import PROPERTIES
from ..claims.values import display_value
from ..compare.record import Record, term_label
from ..compare.witnesses import Witnesses
from .schema import SUBJECT_FK, VALUE_FK
from .facts import add_facts

REVIEWED_METHODS = ("curated", "carried")
PROPERTY_LABELS = {"start_date": "start date", "end_date": "end date", "appointed_by": "appointed by",
                   "served_under": "served under", "birth_date": "birth date", "birth_place": "birth place",
                   "conferred_by": "conferred by", "alma_mater": "alma mater", "death_date": "date of death",
                   "death_place": "place of death", "political_party": "political party"}


def add_record_tables(db, record: Record, comparisons: Iterable[dict], conflicts: list[Conflict]) -> None:
    claims, vocabularies = record.claims, record.vocabularies
    for table, rows in (("persons", record.persons()), ("offices", record.offices()),
                        ("organizations", record.organizations()), ("awards", record.awards()),
                        ("indicators", record.indicators()), ("events", record.events())):
        insert_rows(db, table, rows)
    terms = record.terms()
    insert_rows(db, "terms", terms)
    names = {("terms", row["id"]): row["name"] for row in terms}
    entity_table = {"terms": "offices"}

    def subject_name(table, subject_id):
        if (table, subject_id) in names:
            return names[(table, subject_id)]
        parts = record.subjects.get((table, subject_id))
        entity = parts["entity_id"] if parts else subject_id
        return vocabularies[entity_table.get(table, table)].name(entity)

    def claim_rows():
        # A generator: each row is a widened copy of its claim.  Holding the list of them (and the
        # facts' rows, also streamed now) put 140 MB more on the peak of a 1,000x build.
        for claim in claims:
            row = claim.as_dict()  # every field of the Claim (build.claims.claim); read back as a dict
            table_of = row["subject_table"]
            row.update({"subject_name": subject_name(table_of, row["subject_id"]),
                        "value_display": display_value(row),
                        # A curator wrote it, or its words still stand as a curator read them (carried).
                        "reviewed": int(row["method"] in REVIEWED_METHODS)})
            for table, column in SUBJECT_FK.items():
                if table != "persons":  # person_id is every claim's "whose fact", set by the subject
                    row[column] = row["subject_id"] if table_of == table else None
            vocabulary = PROPERTIES[table_of][row["property"]].vocabulary
            for table, column in VALUE_FK.items():
                row[column] = row["value"] if vocabulary == table else None
            yield row

    insert_rows(db, "claims", claim_rows())
    insert_rows(db, "claim_comparisons", comparisons)
    add_conflicts(db, conflicts, subject_name, record)
    add_facts(db, record, subject_name)
    db.create_view("provisional_entities", PROVISIONAL_VIEW)


# Entities only automatic extraction named, for a curator to add to a vocabulary.
PROVISIONAL_VIEW = """
select 'persons' as vocabulary, id, name, first_source_id from persons where provisional = 1
union all
select 'offices', id, name, first_source_id from offices where provisional = 1
union all
select distinct 'awards', award_id, name, first_source_id from awards where provisional = 1
"""


def add_conflicts(db, conflicts: list[Conflict], subject_name, record: Record) -> None:
    rows, links = [], []
    for conflict in conflicts:
        table, subject, prop, extra = conflict.key
        thing = conflict_subject(conflict, record, subject_name)
        sources = sorted({c["source_id"] for c in conflict.claims})
        documents = {record.document_of.get(s, s) for s in sources}
        row = {
            "id": conflict.id, "title": f"{thing}: {property_label(table, prop, extra)}",
            "subject_table": table, "subject_id": subject,
            "subject_name": subject_name(table, subject), "person_id": conflict.claims[0]["person_id"],
            "property": prop, "qualifier": extra or None,
            "kind": conflict.kind, "within_source": int(within_source(conflict) and conflict.kind != "parties"),
            "sources_count": len(sources), "documents_count": len(documents),
            "values_count": len({value_key(c) for c in conflict.claims}),
            "sides_count": len(conflict.sides), "claims_count": len(conflict.claims),
            "sources": ", ".join(sources),
            "summary": summarize(conflict, thing, record.witnesses),
        }
        for fk_table, column in SUBJECT_FK.items():
            if fk_table != "persons":
                row[column] = subject if table == fk_table else None
        rows.append(row)
        for side_number, side in [(0, conflict.neutral), *enumerate(conflict.sides, 1)]:
            for claim in side:
                links.append({"conflict_id": conflict.id, "claim_id": claim["id"], "value": claim["value"],
                              "side": side_number, "source_id": claim["source_id"]})
    insert_rows(db, "source_conflicts", rows)
    insert_rows(db, "conflict_claims", links)


ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def property_label(table: str, prop: str, extra: str | None) -> str:
    """What the fact is, in words: 'start date', 'figure for 2010', 'degree subject (University of Azuay)'."""
    label = PROPERTY_LABELS.get(prop, prop.replace("_", " "))
    if table == "indicators":
        return f"figure for {extra}" if extra else "figure"
    return f"{label} ({extra})" if extra else label


def conflict_subject(conflict: Conflict, record: Record, subject_name) -> str:
    """What a conflict's title and summary name it by, never by a disputed value.

    A term's name carries the years its resolved dates give ("Minister of the Interior (2011–2016)"),
    which are what a conflict on its dates disputes: a term is named by its office (and which holding).
    The title adds the fact with its period or item: "Homicide rate in Ecuador: figure for 2010".
    """
    table, subject, prop, extra = conflict.key
    if table == "terms" and prop == "office":
        # Named by its office, a term whose office is the dispute would be named by one side:
        # it is named by its holder and its years instead ("José Serrano Salgado's term, 2017–2018").
        start = record.fact(table, subject, "start_date", "start")["start"]
        end = record.fact(table, subject, "end_date", "end")["end"]
        holder = record.vocabularies["persons"].name(conflict.claims[0]["person_id"])
        years = term_label("", start, end).strip(" ()")
        return f"{holder}'s term, {years}" if years else f"{holder}'s term"
    if table == "terms":
        parts = record.subjects.get((table, subject)) or {}
        office = parts.get("entity_id")
        thing = record.vocabularies["offices"].name(office) if office else subject_name(table, subject)
        holding = parts.get("holding") or 1
        if holding > 1:
            thing = f"{thing}, {ORDINALS.get(holding, f'{holding}th')} term"
        return thing
    return subject_name(table, subject)


def summarize(conflict: Conflict, subject_name: str, witnesses: Witnesses) -> str:
    """A sentence a reader understands without SQL: the values, and which documents (and which of
    their revisions) hold each; revisions of one document are named, not counted as sources."""
    table, _, prop, extra = conflict.key
    label = property_label(table, prop, extra)
    parts = []
    for side in conflict.sides:
        values = sorted({display_value(c) for c in side}, key=lambda v: (len(v), v))
        if conflict.kind == "parties":  # who says it matters more than where it is written
            parties = " and ".join(sorted({f"the {c['attributed_to']}" for c in side}))
            parts.append(f"{' or '.join(values)} (as {parties} state{'s' if ' and ' not in parties else ''} it, "
                         f"in {witnesses.describe(side)})")
        else:
            parts.append(f"{' or '.join(values)} ({witnesses.describe(side)})")
    sentence = f"{subject_name}, {label}: the sources give " + " against ".join(parts) + "."
    if conflict.neutral:
        by_value: dict[str, list[dict]] = {}
        for claim in conflict.neutral:
            by_value.setdefault(display_value(claim), []).append(claim)
        neutral = [f"{value} ({witnesses.describe(claims)})" for value, claims in sorted(by_value.items())]
        sentence += f" Consistent with every side: {', '.join(neutral)}."
    split = sorted({s for s in {c["source_id"] for c in conflict.claims}
                    if sum(any(c["source_id"] == s for c in side) for side in conflict.sides) > 1})
    if split and conflict.kind != "parties":  # a decision reporting two parties does not contradict itself
        sentence += " " + witnesses.contradicting(split)
    return sentence