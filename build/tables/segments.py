"""``source_segments``: each source's text cut at every claim boundary.

The source reader page renders a whole document with every claim highlighted.
Claims overlap (a sentence quote and a date inside it), so the text is cut at
every claim start and end; each segment lists the claims covering it.  Doing
this in the build keeps the template a plain loop, and the cut is tested here.

The text is cut at every sentence boundary too (``build.coverage.accounting``), and each
segment says which sentence it is in and that sentence's status (claimed,
marked with its reason, unaccounted), so the reader can show marked sentences
and gaps.
"""

from typing import NamedTuple

from .bulk import insert_tuples
from ..claims.values import display_value


class Segment(NamedTuple):
    """A ``source_segments`` row, its fields in the table's column order (a test holds them to it): the
    table is among the largest (a million rows at 1,000x the seeds), and a tuple goes into SQLite as it
    is, where a dict was made, checked and read back into one for each row."""
    id: str
    source_id: str
    ordinal: int
    char_start: int
    char_end: int
    text: str
    claim_ids: str | None
    labels: str | None
    disputed: int
    anchors: str | None
    sentence_id: str | None
    sentence_status: str | None
    mark_reason: str | None


def segment_rows(source_id: str, text: str, claims: list[dict], disputed_ids: set[str],
                 sentences: list = ()) -> list[Segment]:
    """``sentences``: the source's ``build.tables.coverage.SentenceSpan``s."""
    bounds = sorted({0, len(text)} | {c["char_start"] for c in claims} | {c["char_end"] for c in claims}
                    | {s.char_start for s in sentences} | {s.char_end for s in sentences})
    sentences = sorted(sentences, key=lambda s: s.char_start)
    position = 0
    starts: dict[int, list[str]] = {}
    for claim in claims:
        starts.setdefault(claim["char_start"], []).append(claim["id"])
    # Each claim's label, once: a claim covers every segment its quote is cut into.
    label = {c["id"]: f"{c['property'].replace('_', ' ')}: {display_value(c)}" for c in claims}
    # A sweep over the cuts: every claim end is a cut, so a claim covers the segment [start, end) exactly
    # when it has begun (char_start <= start) and not yet ended (start < char_end).
    by_start = sorted(claims, key=lambda c: c["char_start"])
    next_claim = 0
    active: dict[str, int] = {}  # the id of each claim covering the cut, and where it ends
    rows = []
    for ordinal, (start, end) in enumerate(zip(bounds, bounds[1:]), 1):
        while next_claim < len(by_start) and by_start[next_claim]["char_start"] <= start:
            claim = by_start[next_claim]
            active[claim["id"]] = claim["char_end"]
            next_claim += 1
        for claim_id in [i for i, claim_end in active.items() if claim_end <= start]:
            del active[claim_id]
        covering = sorted(active)
        while position < len(sentences) and sentences[position].char_end <= start:
            position += 1
        sentence = sentences[position] if position < len(sentences) and \
            sentences[position].char_start <= start else None
        rows.append(Segment(
            f"{source_id}-segment-{ordinal}", source_id, ordinal, start, end, text[start:end],
            " ".join(covering) or None,
            "; ".join(label[claim_id] for claim_id in covering) or None,
            int(any(claim_id in disputed_ids for claim_id in covering)),
            " ".join(sorted(starts.get(start, []))) or None,
            sentence.id if sentence else None,
            sentence.status if sentence else None,
            sentence.mark_reason if sentence else None,
        ))
    return rows


def add_source_segments(db, sources, claims: list[dict], disputed_ids: set[str],
                        sentences_by_source: dict[str, list] | None = None) -> None:
    """``sentences_by_source``: source id -> its ``SentenceSpan``s, as ``add_coverage`` returns them."""
    sentences_by_source = sentences_by_source or {}
    by_source: dict[str, list[dict]] = {}
    for claim in claims:
        by_source.setdefault(claim["source_id"], []).append(claim)
    # A generator: one source's segments at a time, never the whole table's (the build's peak).
    insert_tuples(db, "source_segments", (
        row for source in sources
        for row in segment_rows(source.id, source.text, by_source.get(source.id, []), disputed_ids,
                                sentences_by_source.get(source.id, []))
    ))
