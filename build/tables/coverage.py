"""The ``sentences``, ``sentence_claims`` and ``mark_reasons`` tables, the
``unaccounted_sentences`` view, and the claims that references' dates make.

Each sentence of each source (``build.coverage.accounting``) is one row: claimed (the
claims reading a value from it are linked in ``sentence_claims``), marked
(the curated mark's reason and note, ``build.coverage.marks``) or unaccounted.  A
sentence of a rendered article also knows the citation marks it carries
(``citations_count``, ``cited_references``), so a claim read from a sentence
that cites nothing can be listed (canned query ``uncited_claims``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .bulk import insert_rows
from ..coverage.accounting import claimed_units, source_units
from ..sources.documents import ParsedSource
from ..coverage.marks import REASONS, carry_marks, load_marks
from ..sources.ipu import IpuDecision
from ..sources.sentences import reading_text
from .documents import passage_ids

STATUSES = ("claimed", "marked", "unaccounted")


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """What the source reader's segments need of a sentence row (``build.tables.segments``)."""
    id: str
    char_start: int
    char_end: int
    status: str
    mark_reason: str | None


def add_coverage(db, data_dir: Path, parsed: list[ParsedSource], claims: list[dict], pairs) -> dict:
    """Write the sentence tables; return per source {status: count} and its sentences' spans, in
    document order (for the reader's segments)."""
    by_id = {item.source.id: item for item in parsed}
    units = {item.source.id: source_units(item) for item in parsed}
    claims_by_source: dict[str, list[dict]] = {}
    for claim in claims:
        claims_by_source.setdefault(claim["source_id"], []).append(claim)
    readers = {sid: claimed_units(units[sid], claims_by_source.get(sid, [])) for sid in units}
    claimed = {sid: set(found) for sid, found in readers.items()}
    marks, curated_sources = load_marks(data_dir, by_id, units, claimed)
    marks += carry_marks(pairs, marks, curated_sources, units, claimed)
    mark_of = {(mark["source_id"], mark["unit"]): mark for mark in marks}

    links, counts, spans = [], {}, {}

    def rows():
        # A generator, so the sentences table (one row per sentence, each with its text) is never held
        # whole: at 1,000 times the seeds that list was about 200 MB of the build's peak.  What later
        # steps read of a row (the segments, the mark_reasons counts) is kept as a slim SentenceSpan.
        for item in parsed:
            sid, text = item.source.id, item.source.text
            passages = passage_ids(item) if not isinstance(item.document, IpuDecision) else []
            citations = _citations_by_unit(item, units[sid])
            counts[sid], spans[sid] = dict.fromkeys(STATUSES, 0), []
            for index, unit in enumerate(units[sid]):
                sentence_id = f"{sid}-sentence-{index + 1}"
                reading = readers[sid].get(index, [])
                mark = mark_of.get((sid, index)) if not reading else None
                status = "claimed" if reading else "marked" if mark else "unaccounted"
                counts[sid][status] += 1
                cited = citations.get(index, [])
                spans[sid].append(SentenceSpan(sentence_id, unit.start, unit.end, status,
                                               mark["reason"] if mark else None))
                links.extend((sentence_id, claim_id, sid) for claim_id in reading)
                yield {
                    "id": sentence_id, "source_id": sid, "ordinal": index + 1, "section": unit.section,
                    "kind": unit.kind, "status": status, "text": reading_text(text, unit.start, unit.end),
                    "char_start": unit.start, "char_end": unit.end, "claims_count": len(reading),
                    "claim_ids": " ".join(reading) or None,
                    "mark_reason": mark["reason"] if mark else None,
                    "mark_note": mark["note"] if mark else None,
                    "mark_method": mark["method"] if mark else None,
                    "marked_in": mark["marked_in"] if mark else None,
                    "citations_count": len(cited), "cited_references": " ".join(dict.fromkeys(cited)) or None,
                    "passage_id": passages[unit.passage] if unit.passage is not None else None,
                    "paragraph_id": f"{sid}-{unit.paragraph.replace(' ', '-')}" if unit.paragraph else None,
                }

    insert_rows(db, "sentences", rows())
    # Kept as tuples until the sentences are written (a row per claim read from a sentence, 1.9 million at
    # 10,000 times the seeds), and made rows only as they are inserted.
    insert_rows(db, "sentence_claims", ({"sentence_id": sentence_id, "claim_id": claim_id, "source_id": sid}
                                        for sentence_id, claim_id, sid in links))
    reasons = Counter(span.mark_reason for source_spans in spans.values() for span in source_spans)
    insert_rows(db, "mark_reasons", [
        {"id": reason, "description": description, "sentences_count": reasons[reason]}
        for reason, description in REASONS.items()])
    # No ORDER BY in the view: SQLite cannot flatten an ordered view into the page's count(*), so it
    # read every unaccounted sentence's row to count them (0.5 s at 10,000 times the seeds); without
    # it the count reads the index sentences_status_source_position.  The page sorts by source_id
    # (metadata.yml), which that index also serves, in char_start order within a source.
    db.create_view("unaccounted_sentences",
                   "select id, source_id, section, kind, text, char_start, char_end from sentences "
                   "where status = 'unaccounted'")
    return {"by_source": counts, "spans": spans}


def _citations_by_unit(item: ParsedSource, units: list) -> dict[int, list[str]]:
    """Unit index -> the reference ids of the citation marks inside it (a mark with no reference
    printed counts as 'mark-<n>')."""
    document = item.document
    marks = getattr(document, "citations", [])
    if not marks:
        return {}
    numbers = {r["number"] for r in document.references}
    out: dict[int, list[str]] = {}
    for mark in marks:
        for index, unit in enumerate(units):
            if unit.start <= mark["char_start"] and mark["char_end"] <= unit.end:
                label = f"{item.source.id}-ref-{mark['number']}" if mark["number"] in numbers \
                    else f"mark-{mark['number']}"
                out.setdefault(index, []).append(label)
                break
    return out


def report_lines(coverage: dict, mentions: dict) -> list[str]:
    """The build's coverage lines: sentences per source, then value-mentions."""
    by_source = coverage["by_source"]
    total = {status: sum(counts[status] for counts in by_source.values()) for status in STATUSES}
    all_sentences = sum(total.values())
    per_source = "; ".join(f"{sid} {c['claimed']}/{c['marked']}/{c['unaccounted']}"
                           for sid, c in sorted(by_source.items()))
    share = mentions["covered"] / mentions["mentions"] if mentions["mentions"] else 1.0
    return [
        f"sentences: {all_sentences} in all: {total['claimed']} claimed, {total['marked']} marked, "
        f"{total['unaccounted']} unaccounted (claimed/marked/unaccounted: {per_source}); "
        "see the unaccounted_sentences view",
        f"value-mentions: {mentions['covered']} of {mentions['mentions']} dates and figures ({share:.1%}) are some "
        f"claim's value or period ({mentions['in_quote']} lie inside some claim's quote); "
        "see the uncovered_mentions view",
    ]
