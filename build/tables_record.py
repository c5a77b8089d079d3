"""Write the record: resolved tables, claims, comparisons and conflicts.

Order matters for foreign keys: entity tables first, then terms, claims (which
point at their subject), claim comparisons and conflicts.
"""

from collections import Counter

from .bulk import insert_rows
from .dates import human as human_date
from .conflicts import Conflict, value_key, within_source
from .record import Record
from .tables_facts import add_facts

# subject table -> the claims/source_conflicts column that links to it
SUBJECT_FK = {"terms": "term_id", "persons": "person_id", "awards": "award_id",
              "indicators": "indicator_id", "events": "event_id"}
# vocabulary of an entity value -> the claims column that links to it
VALUE_FK = {"persons": "value_person_id", "offices": "value_office_id",
            "organizations": "value_organization_id", "awards": "value_award_id"}

PROPERTY_LABELS = {"start_date": "start date", "end_date": "end date", "appointed_by": "appointed by",
                   "birth_date": "birth date", "birth_place": "birth place", "conferred_by": "conferred by",
                   "alma_mater": "alma mater"}


def add_record_tables(db, claims: list[dict], comparisons: list[dict], conflicts: list[Conflict], vocabularies) -> Record:
    from .properties import PROPERTIES

    record = Record(claims, conflicts, vocabularies)
    write = {
        "persons": ([], record.persons()),
        "offices": ([], record.offices()),
        "organizations": ([], record.organizations()),
        "awards": ([("conferred_by_id", "organizations", "id")], record.awards()),
        "indicators": ([], record.indicators()),
        "events": ([], record.events()),
    }
    for table, (foreign_keys, rows) in write.items():
        if not rows:  # no claim mentions any: keep the table, empty, so links and queries still work
            db[table].create({"id": str, "name": str, "claims_count": int, "disputed": int}, pk="id")
            continue
        insert_rows(db, table, rows, pk="id", foreign_keys=foreign_keys, column_order=("id", "name"),
                    columns=_null_types(rows))
    terms = record.terms()
    insert_rows(
        db, "terms", terms, pk="id", column_order=("id", "name", "person_id", "office_id", "holding"),
        foreign_keys=[("person_id", "persons", "id"), ("office_id", "offices", "id"),
                      ("predecessor_id", "persons", "id"), ("successor_id", "persons", "id"),
                      ("appointed_by_id", "persons", "id")],
        columns=_null_types(terms),
    )
    names = {("terms", row["id"]): row["name"] for row in terms}

    def subject_name(table, entity_id):
        return names.get((table, entity_id)) or vocabularies[table].name(entity_id)

    claim_rows = []
    for claim in claims:
        row = {"id": claim["id"], "source_id": claim["source_id"], "subject_table": claim["subject_table"],
               "subject_id": claim["subject_id"], "subject_name": subject_name(claim["subject_table"], claim["subject_id"]),
               **{k: v for k, v in claim.items() if k not in ("id", "source_id", "subject_table", "subject_id")},
               "value_display": display_value(claim)}
        for table, column in SUBJECT_FK.items():
            row[column] = claim["subject_id"] if claim["subject_table"] == table else None
        vocabulary = PROPERTIES[claim["subject_table"]][claim["property"]].vocabulary
        for table, column in VALUE_FK.items():
            row[column] = claim["value"] if vocabulary == table else None
        claim_rows.append(row)
    insert_rows(
        db, "claims", claim_rows, pk="id",
        column_order=("id", "source_id", "subject_table", "subject_id", "subject_name", "property", "value",
                      "value_display", "value_label", "value_raw", "value_type", "unit", "precision", "period", "char_start",
                      "char_end", "quote", "section", "attributed_to", "method"),
        foreign_keys=[("source_id", "sources", "id")]
        + [(column, table, "id") for table, column in SUBJECT_FK.items()]
        + [(column, table, "id") for table, column in VALUE_FK.items()],
        columns=_null_types(claim_rows),
    )
    by_id = {claim["id"]: claim for claim in claims}
    insert_rows(
        db, "claim_comparisons",
        ({**row, "source_a": by_id[row["claim_a"]]["source_id"], "source_b": by_id[row["claim_b"]]["source_id"],
          "value_a": by_id[row["claim_a"]]["value"], "value_b": by_id[row["claim_b"]]["value"],
          "conflict_id": row["fact_id"] if row["verdict"] == "conflicts" else None}
         for row in comparisons),
        pk=("claim_a", "claim_b"),
        foreign_keys=[("claim_a", "claims", "id"), ("claim_b", "claims", "id")],
        column_order=("claim_a", "claim_b", "verdict", "rule", "kind"),
    )
    add_conflicts(db, conflicts, subject_name)
    add_facts(db, record, subject_name)
    return record


def add_conflicts(db, conflicts: list[Conflict], subject_name) -> None:
    rows, links = [], []
    for conflict in conflicts:
        table, subject, prop, extra = conflict.key
        sources = sorted({c["source_id"] for c in conflict.claims})
        row = {
            "id": conflict.id, "subject_table": table, "subject_id": subject,
            "subject_name": subject_name(table, subject), "property": prop, "qualifier": extra or None,
            "kind": conflict.kind, "within_source": int(within_source(conflict)),
            "sources_count": len(sources), "values_count": len({value_key(c) for c in conflict.claims}),
            "sides_count": len(conflict.sides), "claims_count": len(conflict.claims),
            "sources": ", ".join(sources),
            "summary": summarize(conflict, subject_name(table, subject)),
        }
        for fk_table, column in SUBJECT_FK.items():
            row[column] = subject if table == fk_table else None
        rows.append(row)
        for side_number, side in [(0, conflict.neutral), *enumerate(conflict.sides, 1)]:
            for claim in side:
                links.append({"conflict_id": conflict.id, "claim_id": claim["id"], "value": claim["value"],
                              "side": side_number, "source_id": claim["source_id"]})
    db["source_conflicts"].create(
        {"id": str, "subject_table": str, "subject_id": str, "subject_name": str, "property": str,
         "qualifier": str, "kind": str, "within_source": int, "sources_count": int, "values_count": int,
         "sides_count": int, "claims_count": int, "sources": str, "summary": str,
         **{column: str for column in SUBJECT_FK.values()}},
        pk="id", foreign_keys=[(column, table, "id") for table, column in SUBJECT_FK.items()],
    )
    insert_rows(db, "source_conflicts", rows)
    db["conflict_claims"].create(
        {"conflict_id": str, "claim_id": str, "value": str, "side": int, "source_id": str},
        pk=("conflict_id", "claim_id"),
        foreign_keys=[("conflict_id", "source_conflicts", "id"), ("claim_id", "claims", "id"),
                      ("source_id", "sources", "id")],
    )
    insert_rows(db, "conflict_claims", links)


def display_value(claim: dict) -> str:
    if claim["value_type"] == "number":
        return f"{claim['value']} {claim['unit']}" if claim["unit"] else claim["value"]
    if claim["value_type"] == "entity":
        return claim["value_label"]
    if claim["value_type"] == "date":
        return human_date(claim["value"])
    return claim["value"]


def summarize(conflict: Conflict, subject_name: str) -> str:
    """A sentence a reader understands without SQL: the values and who holds each."""
    table, _, prop, extra = conflict.key
    label = PROPERTY_LABELS.get(prop, prop.replace("_", " "))
    if table == "indicators":
        label = f"figure for {extra}" if extra else "figure"
    elif extra:
        label = f"{label} ({extra})"
    parts = []
    for side in conflict.sides:
        values = sorted({display_value(c) for c in side}, key=lambda v: (len(v), v))
        counts = Counter(c["source_id"] for c in side)
        held_by = ", ".join(f"{source}" + (f" ×{n}" if n > 1 else "") for source, n in sorted(counts.items()))
        parts.append(f"{' or '.join(values)} ({held_by})")
    sentence = f"{subject_name}, {label}: the sources give " + " against ".join(parts) + "."
    if conflict.neutral:
        neutral = sorted({f"{display_value(c)} ({c['source_id']})" for c in conflict.neutral})
        sentence += f" Consistent with every side: {', '.join(neutral)}."
    split = sorted({s for s in {c["source_id"] for c in conflict.claims}
                    if sum(any(c["source_id"] == s for c in side) for side in conflict.sides) > 1})
    if split:
        sentence += f" {' and '.join(split)} {'contradicts itself' if len(split) == 1 else 'each contradict themselves'}."
    return sentence


def _null_types(rows: list[dict]) -> dict:
    """Declare text type for columns that are NULL in every row (sqlite-utils cannot infer them)."""
    columns = {key for row in rows for key in row}
    return {key: str for key in columns if all(row.get(key) is None for row in rows)}
