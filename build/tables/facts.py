"""``facts``: one row per fact, the unit the sources agree or disagree on.

A fact is a subject, a property and, for figures and multi-valued properties,
the period or item (``conflicts.fact_key``).  Its row says how many claims and
sources state it, which values they give and whether it is in a conflict.

The rows are what a ``group by`` over ``claims`` would give; they are written by
the build because that ``group by`` (with the quotes concatenated) took over a
second at 1,000 times the seeds, and "facts only one source states" should be
an indexed lookup, not a scan.
"""

from collections.abc import Iterator

from .bulk import insert_rows
from ..compare.conflicts import fact_id
from ..common.errors import BuildError
from ..compare.record import Record


def fact_rows(record: Record, subject_name) -> Iterator[dict]:
    """The record's facts (already grouped by ``Record``), with their conflicts; one row at a time,
    since each holds all its claims' quotes (the table is written from this generator)."""
    conflict_ids = {key: conflict.id for key, conflict in record.conflict_by_fact.items()}
    seen = {}
    for key, group in record.facts.items():
        table, subject, prop, extra = key
        identifier = fact_id(key)
        if identifier in seen:  # two facts whose keys differ only in punctuation or case
            raise BuildError("claims", f"facts {seen[identifier]} and {key} get the same id {identifier!r}")
        seen[identifier] = key
        sources = sorted({claim["source_id"] for claim in group})
        documents = sorted({record.document_of.get(source, source) for source in sources})
        findings = record.findings_by_fact.get(key, [])
        values = list(dict.fromkeys(claim.get("value_label") or claim["value"] for claim in group))
        yield {
            "id": identifier, "subject_table": table, "subject_id": subject,
            "subject_name": subject_name(table, subject), "person_id": group[0]["person_id"], "property": prop,
            "item_or_period": extra or None, "claims_count": len(group), "sources_count": len(sources),
            "documents_count": len(documents), "sources": ", ".join(sources), "documents": ", ".join(documents),
            "values_count": len(values), "values_given": ", ".join(values),
            "quotes": " | ".join(claim["quote"] for claim in group),
            "claim_ids": " ".join(claim["id"] for claim in group),
            # Disputed: the sources give conflicting values, or an error finding says it cannot be true.
            "disputed": int(key in conflict_ids or bool(findings)), "conflict_id": conflict_ids.get(key),
            "finding_ids": " ".join(findings) or None,
        }


def add_facts(db, record: Record, subject_name) -> None:
    insert_rows(db, "facts", fact_rows(record, subject_name))
