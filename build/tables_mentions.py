"""The ``mentions`` table: every date and figure in every source, found
automatically, and whether some claim's span covers it.

Coverage tells a curator what is left: a mention outside every claim's span is
a date or figure the record does not yet account for.  ``uncovered_mentions``
(a view) lists them; ``make suggest SOURCE=<id>`` turns them into YAML stubs.
"""

import bisect

from .bulk import insert_rows
from .documents import ParsedSource
from .mentions import find_mentions


def add_mentions(db, parsed: list[ParsedSource], claims: list[dict]) -> dict:
    spans_by_source: dict[str, list[tuple[int, int, str]]] = {}
    for claim in claims:
        spans_by_source.setdefault(claim["source_id"], []).append((claim["char_start"], claim["char_end"], claim["id"]))
    rows = []
    for item in parsed:
        cover = SpanCover(spans_by_source.get(item.source.id, []))
        for n, mention in enumerate(find_mentions(item.source.text), 1):
            claim_id = cover.covering(mention.char_start, mention.char_end)
            rows.append({
                "id": f"{item.source.id}-mention-{n}", "source_id": item.source.id, "kind": mention.kind,
                "raw": mention.raw, "value": mention.value, "unit": mention.unit, "precision": mention.precision,
                "char_start": mention.char_start, "char_end": mention.char_end,
                "section": item.section_at(mention.char_start, mention.char_end),
                "covered": int(claim_id is not None), "claim_id": claim_id,
            })
    insert_rows(db, "mentions", rows)
    db.create_view(
        "uncovered_mentions",
        "select id, source_id, kind, raw, value, unit, section, char_start, char_end "
        "from mentions where covered = 0 order by source_id, char_start",
    )
    covered = sum(row["covered"] for row in rows)
    return {"mentions": len(rows), "covered": covered}


class SpanCover:
    """Answers "which claim span contains [start, end)?" in O(log n) per query."""

    def __init__(self, spans: list[tuple[int, int, str]]):
        self.spans = sorted(spans)
        self.starts = [span[0] for span in self.spans]
        # best[i]: the span reaching furthest among spans[0..i] (all start <= spans[i].start)
        self.best, reach = [], None
        for span in self.spans:
            if reach is None or span[1] > reach[1]:
                reach = span
            self.best.append(reach)

    def covering(self, start: int, end: int) -> str | None:
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0:
            return None
        span = self.best[i]
        return span[2] if span[1] >= end else None
