"""Tables of the documents' structure, each row with its exact span.

``ipu_cases``, ``alleged_violations``, ``decision_paragraphs`` (IPU decisions);
``infobox_fields``, ``passages``, ``references``, ``citations`` (Wikipedia).
Full-text search is enabled on passages and decision paragraphs.
"""

from .bulk import insert_rows
from .documents import ParsedSource
from .parse_ipu import IpuDecision

FTS_TOKENIZER = "unicode61 remove_diacritics 2"  # "Castellon" finds "Castellón"


def add_document_tables(db, parsed: list[ParsedSource]) -> None:
    ipu = [p for p in parsed if isinstance(p.document, IpuDecision)]
    wiki = [p for p in parsed if not isinstance(p.document, IpuDecision)]
    add_ipu_cases(db, ipu)
    add_decision_paragraphs(db, ipu)
    add_infobox_fields(db, wiki)
    add_passages(db, wiki)
    add_references(db, wiki)
    add_citations(db, wiki)
    for table in ("decision_paragraphs", "passages"):
        db[table].enable_fts(["text"], tokenize=FTS_TOKENIZER)


def add_ipu_cases(db, ipu: list[ParsedSource]) -> None:
    db["ipu_cases"].create(
        {"case_id": str, "source_id": str, "person": str, "person_start": int, "person_end": int,
         "case_id_start": int, "case_id_end": int, "decision_preamble": str},
        pk="case_id", foreign_keys=[("source_id", "sources", "id")],
    )
    db["alleged_violations"].create(
        {"id": str, "case_id": str, "source_id": str, "value": str, "char_start": int, "char_end": int},
        pk="id", foreign_keys=[("case_id", "ipu_cases", "case_id"), ("source_id", "sources", "id")],
    )
    cases, violations = [], []
    for item in ipu:
        d = item.document
        cases.append({
            "case_id": d.case_id, "source_id": d.source_id, "person": d.person,
            "person_start": d.person_start, "person_end": d.person_end,
            "case_id_start": d.case_id_start, "case_id_end": d.case_id_end,
            "decision_preamble": d.decision_preamble,
        })
        violations += [
            {"id": f"{d.source_id}-violation-{n}", "case_id": d.case_id, "source_id": d.source_id, **violation}
            for n, violation in enumerate(d.violations, 1)
        ]
    insert_rows(db, "ipu_cases", cases)
    insert_rows(db, "alleged_violations", violations)


def add_decision_paragraphs(db, ipu: list[ParsedSource]) -> None:
    db["decision_paragraphs"].create(
        {"id": str, "source_id": str, "case_id": str, "part": str, "number": int, "operative_verb": str,
         "attributed_to": str, "text": str, "char_start": int, "char_end": int},
        pk="id", foreign_keys=[("source_id", "sources", "id"), ("case_id", "ipu_cases", "case_id")],
    )
    insert_rows(db, "decision_paragraphs", [
        {"id": f"{d.source_id}-{p['part']}-{p['number']}", "source_id": d.source_id, "case_id": d.case_id, **p}
        for d in (item.document for item in ipu) for p in d.paragraphs
    ])


def add_infobox_fields(db, wiki: list[ParsedSource]) -> None:
    db["infobox_fields"].create(
        {"id": str, "source_id": str, "block": str, "key": str, "value": str, "char_start": int, "char_end": int},
        pk="id", foreign_keys=[("source_id", "sources", "id")],
    )
    insert_rows(db, "infobox_fields", [
        {"id": infobox_field_id(item.source.id, field, n), "source_id": item.source.id, **field}
        for item in wiki for n, field in enumerate(item.document.infobox_fields)
    ])


def infobox_field_id(source_id: str, field: dict, index: int) -> str:
    # Position-based so repeated keys (two alma mater rows) stay distinct and
    # stable while the document is unchanged.
    return f"{source_id}-infobox-{index + 1}"


def passage_ids(item: ParsedSource) -> list[str]:
    return [f"{item.source.id}-passage-{n}" for n in range(1, len(item.document.passages) + 1)]


def add_passages(db, wiki: list[ParsedSource]) -> None:
    db["passages"].create(
        {"id": str, "source_id": str, "section": str, "kind": str, "ordinal": int, "parent_id": str,
         "text": str, "char_start": int, "char_end": int, "heading_start": int, "heading_end": int},
        pk="id", foreign_keys=[("source_id", "sources", "id"), ("parent_id", "passages", "id")],
    )
    rows = []
    for item in wiki:
        ids = passage_ids(item)
        rows += [
            {
                "id": ids[n], "source_id": item.source.id, "section": p["section"], "kind": p["kind"],
                "ordinal": p["ordinal"], "parent_id": ids[p["parent"]] if p["parent"] is not None else None,
                "text": p["text"], "char_start": p["char_start"], "char_end": p["char_end"],
                "heading_start": p.get("heading_start"), "heading_end": p.get("heading_end"),
            }
            for n, p in enumerate(item.document.passages)
        ]
    insert_rows(db, "passages", rows)


def add_references(db, wiki: list[ParsedSource]) -> None:
    db["references"].create(
        {"id": str, "source_id": str, "number": int, "text": str, "char_start": int, "char_end": int},
        pk="id", foreign_keys=[("source_id", "sources", "id")],
    )
    insert_rows(db, "references", [
        {"id": f"{item.source.id}-ref-{r['number']}", "source_id": item.source.id, **r}
        for item in wiki for r in item.document.references
    ])


def add_citations(db, wiki: list[ParsedSource]) -> None:
    """Citation marks ([1]) in the text, each linked to its reference and sentence."""
    db["citations"].create(
        {"id": str, "source_id": str, "number": int, "reference_id": str, "sentence_id": str,
         "char_start": int, "char_end": int},
        pk="id",
        foreign_keys=[("source_id", "sources", "id"), ("reference_id", "references", "id"),
                      ("sentence_id", "passages", "id")],
    )
    rows = []
    for item in wiki:
        numbers = {r["number"] for r in item.document.references}
        ids = passage_ids(item)
        sentences = [(ids[n], p) for n, p in enumerate(item.document.passages) if p["kind"] == "sentence"]
        for n, mark in enumerate(item.document.citations, 1):
            sentence = next(
                (sid for sid, p in sentences if p["char_start"] <= mark["char_start"] and mark["char_end"] <= p["char_end"]),
                None,
            )
            rows.append({
                "id": f"{item.source.id}-citation-{n}", "source_id": item.source.id, "number": mark["number"],
                # A mark whose reference is missing stays visible, unlinked.
                "reference_id": f"{item.source.id}-ref-{mark['number']}" if mark["number"] in numbers else None,
                "sentence_id": sentence, "char_start": mark["char_start"], "char_end": mark["char_end"],
            })
    insert_rows(db, "citations", rows)
