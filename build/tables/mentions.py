"""The ``mentions`` table: every date and figure in every source, found
automatically, and whether some claim reads it as its value.

A mention is *covered* when it and some claim's value span (``value_start``,
``value_end``: the words the claim reads as its value) are one inside the
other: the value is the mention ("13 May 2011"), holds it ("for three months
without pay" holds "three months"), or is its figure without the unit word
the mention carries ("17.57" of "17.57 cases"; values never cut a longer
number or date, ``build.sources.anchor``).  Failing that, the same with the span of
the period a figure is for ("20 per 100,000 inhabitants in 2010": 2010 is the
claim's period; ``build.coverage.accounting.period_span``).
``covered_by`` says which.  A mention that merely lies inside a longer quote
is not covered ("since 2012" inside a quote about an award's date is recorded
nowhere); ``in_quote`` keeps that looser reading so the two can be compared.
``uncovered_mentions`` (a view) lists what is left; ``make suggest
SOURCE=<id>`` turns it into YAML stubs.
"""

import bisect

from .bulk import insert_rows
from ..claims.periods import period_span
from ..sources.documents import ParsedSource
from ..coverage.mentions import find_mentions


def add_mentions(db, parsed: list[ParsedSource], claims: list[dict], found=None) -> dict:
    """``found``: an iterable of each source's mentions (``build.coverage.mentions.start_mentions``), in the order of
    ``parsed``; found here when not given."""
    texts = {item.source.id: item.source.text for item in parsed}
    quotes: dict[str, list] = {}
    values: dict[str, list] = {}
    periods: dict[str, list] = {}
    for claim in claims:
        sid = claim["source_id"]
        quotes.setdefault(sid, []).append((claim["char_start"], claim["char_end"], claim["id"]))
        if claim.get("value_start") is not None:
            values.setdefault(sid, []).append((claim["value_start"], claim["value_end"], claim["id"]))
        if claim.get("period") and sid in texts and (span := period_span(texts[sid], claim)):
            periods.setdefault(sid, []).append((*span, claim["id"]))
    if found is None:
        found = [find_mentions(item.source.text) for item in parsed]
    totals = {"mentions": 0, "covered": 0, "in_quote": 0}

    def rows():  # streamed into the table, counted on the way (the table is among the largest)
        for item, mentions in zip(parsed, found):
            sid = item.source.id
            by_quote, by_value, by_period = (SpanCover(spans.get(sid, [])) for spans in (quotes, values, periods))
            for n, mention in enumerate(mentions, 1):
                start, end = mention.char_start, mention.char_end
                claim_id, how = by_value.covering(start, end) or by_value.within(start, end), "value"
                if claim_id is None:
                    claim_id, how = by_period.covering(start, end) or by_period.within(start, end), "period"
                covered, in_quote = int(claim_id is not None), int(by_quote.covering(start, end) is not None)
                totals["mentions"] += 1
                totals["covered"] += covered
                totals["in_quote"] += in_quote
                yield {
                    "id": f"{sid}-mention-{n}", "source_id": sid, "kind": mention.kind,
                    "raw": mention.raw, "value": mention.value, "unit": mention.unit, "precision": mention.precision,
                    "char_start": start, "char_end": end, "section": item.section_at(start, end),
                    "covered": covered, "claim_id": claim_id, "covered_by": how if covered else None,
                    "in_quote": in_quote,
                }

    insert_rows(db, "mentions", rows())
    # No ORDER BY, for the count's sake: see the unaccounted_sentences view (build.tables.coverage).
    db.create_view(
        "uncovered_mentions",
        "select id, source_id, kind, raw, value, unit, section, char_start, char_end "
        "from mentions where covered = 0",
    )
    return totals


class SpanCover:
    """Answers "which span contains [start, end)?" in O(log n) per query."""

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

    def within(self, start: int, end: int) -> str | None:
        """A span inside [start, end): the figure "17.57" a claim reads from the mention "17.57 cases"."""
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] <= end:
                return self.spans[i][2]
            i += 1
        return None
