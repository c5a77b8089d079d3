"""Tables of the documents' structure, each row with its exact span.

IPU decisions: ``ipu_cases`` (one row per case; several decisions on one case
link to it), ``ipu_decisions`` (one per decision: adoption, header),
``ipu_case_persons`` (whom the case concerns, several for a collective case),
``ipu_side_box`` (the case metadata box), ``alleged_violations``,
``decision_paragraphs``.  Wikipedia revisions: ``infobox_fields``,
``passages``, ``references``, ``citations``.  Full-text search is enabled on
passages and decision paragraphs.
"""

from __future__ import annotations

from .bulk import insert_rows
from ..sources.documents import ParsedSource
from ..sources.ipu import IpuDecision

FTS_TOKENIZER = "unicode61 remove_diacritics 2"  # "Castellon" finds "Castellón"


def add_document_tables(db, parsed: list[ParsedSource], vocabularies) -> set[str]:
    """Write the structure tables; returns the person ids the IPU cases name (they need person rows)."""
    ipu = [p for p in parsed if isinstance(p.document, IpuDecision)]
    wiki = [p for p in parsed if not isinstance(p.document, IpuDecision)]
    named = add_ipu_tables(db, ipu, vocabularies)
    add_decision_paragraphs(db, ipu)
    add_infobox_fields(db, wiki)
    add_passages(db, wiki)
    add_references(db, wiki)
    add_citations(db, wiki)
    for table in ("decision_paragraphs", "passages"):
        db[table].enable_fts(["text"], tokenize=FTS_TOKENIZER)
    return named


def add_ipu_tables(db, ipu: list[ParsedSource], vocabularies) -> set[str]:
    cases: dict[str, list[ParsedSource]] = {}
    for item in sorted(ipu, key=lambda p: (p.document.case_id, p.source.revision, p.source.id)):
        cases.setdefault(item.document.case_id, []).append(item)
    case_rows, decisions, persons, box, violations = [], [], [], [], []
    for case_id, items in cases.items():
        latest = items[-1]
        case_persons = latest.document.persons
        case_rows.append({
            "case_id": case_id, "name": f"IPU case {case_id}", "title": latest.document.person, "collective": int(latest.document.collective),
            "persons_count": len(case_persons), "decisions_count": len(items),
            "latest_source_id": latest.source.id, "document": latest.source.document,
        })
        for item in items:
            d, sid = item.document, item.source.id
            adoption = d.adoption or {}
            decisions.append({
                "source_id": sid, "case_id": case_id, "case_header": f"{d.case_id} – {d.person}",
                "person": d.person, "person_start": d.person_start, "person_end": d.person_end,
                "case_id_start": d.case_id_start, "case_id_end": d.case_id_end,
                "adopted_by": adoption.get("by"), "adopted_how": adoption.get("how"),
                "session": adoption.get("session"), "adopted_place": adoption.get("place"),
                "adopted_on": adoption.get("date"), "adopted_on_raw": adoption.get("date_raw"),
                "adoption_start": adoption.get("char_start"), "adoption_end": adoption.get("char_end"),
                "decision_preamble": d.decision_preamble,
                "paragraphs_count": sum(1 for p in d.paragraphs if p["part"] == "decision" and p.get("piece", 1) == 1),
            })
            for n, person in enumerate(d.persons, 1):
                persons.append({
                    "id": f"{sid}-person-{n}", "case_id": case_id, "source_id": sid, "name": person["name"],
                    # Automatic extraction: an unknown name is a provisional person, never an error.
                    "person_id": vocabularies["persons"].resolve_or_provisional(person["name"], sid),
                    "char_start": person["char_start"], "char_end": person["char_end"],
                })
            box += [{"id": f"{sid}-box-{n}", "source_id": sid, "case_id": case_id, **field}
                    for n, field in enumerate(d.side_box, 1)]
            violations += [{"id": f"{sid}-violation-{n}", "case_id": case_id, "source_id": sid, **violation}
                           for n, violation in enumerate(d.violations, 1)]
    insert_rows(db, "ipu_cases", case_rows)
    insert_rows(db, "ipu_decisions", decisions)
    insert_rows(db, "ipu_case_persons", persons)
    insert_rows(db, "ipu_side_box", box)
    insert_rows(db, "alleged_violations", violations)
    return {row["person_id"] for row in persons}


def add_decision_paragraphs(db, ipu: list[ParsedSource]) -> None:
    # A decision paragraph cut by a page break: its continuation piece is a row of
    # its own, "<source>-decision-<n>-<piece>", same number, no opening operative phrase.
    paragraphs, phrases = [], []
    for d in (item.document for item in ipu):
        for p in d.paragraphs:
            paragraph_id = f"{d.source_id}-{p['part']}-{p['number']}" + (f"-{p['piece']}" if p.get("piece", 1) > 1 else "")
            found = p.get("operative_phrases", [])
            paragraphs.append({"id": paragraph_id, "source_id": d.source_id, "case_id": d.case_id,
                               **{k: v for k, v in p.items() if k not in ("piece", "operative_phrases")},
                               "operative_phrases": "; ".join(f["phrase"] for f in found) or None})
            phrases += [{"id": f"{paragraph_id}-phrase-{n}", "paragraph_id": paragraph_id, "source_id": d.source_id,
                         "case_id": d.case_id, "number": p["number"], "ordinal": n, **f}
                        for n, f in enumerate(found, 1)]
    insert_rows(db, "decision_paragraphs", paragraphs)
    insert_rows(db, "operative_phrases", phrases)


def add_infobox_fields(db, wiki: list[ParsedSource]) -> None:
    insert_rows(db, "infobox_fields", [
        {"id": infobox_field_id(item.source.id, n), "source_id": item.source.id, **field}
        for item in wiki for n, field in enumerate(item.document.infobox_fields)
    ])


def infobox_field_id(source_id: str, index: int) -> str:
    # Position-based so repeated keys (two alma mater rows) stay distinct and
    # stable while the document is unchanged.
    return f"{source_id}-infobox-{index + 1}"


def passage_ids(item: ParsedSource) -> list[str]:
    return [f"{item.source.id}-passage-{n}" for n in range(1, len(item.document.passages) + 1)]


def add_passages(db, wiki: list[ParsedSource]) -> None:
    insert_rows(db, "passages", _passage_rows(wiki))  # streamed: the table is among the largest


def _passage_rows(wiki: list[ParsedSource]):
    for item in wiki:
        ids = passage_ids(item)
        for n, p in enumerate(item.document.passages):  # Passages (build.sources.passages): read as attributes
            yield {
                "id": ids[n], "source_id": item.source.id, "section": p.section, "kind": p.kind,
                "ordinal": p.ordinal, "parent_id": ids[p.parent] if p.parent is not None else None,
                "text": p.text, "char_start": p.char_start, "char_end": p.char_end,
                "heading_start": p.heading_start, "heading_end": p.heading_end,
            }


def add_references(db, wiki: list[ParsedSource]) -> None:
    insert_rows(db, "references", [
        {"id": f"{item.source.id}-ref-{r['number']}", "source_id": item.source.id, **r}
        for item in wiki for r in item.document.references
    ])


def add_citations(db, wiki: list[ParsedSource]) -> None:
    """Citation marks ([1]) in the text, each linked to its reference and sentence."""
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
