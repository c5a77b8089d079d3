"""Every sentence accounted for, and every date and figure read as some claim's value.

**Sentences.**  What counts as a sentence of a source:

* a Wikipedia rendering: its passages of kind ``sentence`` (``build.sources.wikipedia``).
  The infobox is not prose: its rows are read by the infobox claims.  The
  lines of a References section are references (``references``: title,
  publisher and dates as data), not sentences, except article text that a
  rendering glued after a citation (note 5 of rendering A carries two
  sentences about his removal after its date): a sentence of the References
  that starts at or after its reference's ``citation_end`` counts.  The
  lines of "See also", "External links" and "Further reading" are links to
  other pages, not statements: no sentences either.
* an IPU decision: each summary and decision paragraph cut into sentences
  (``ParsedSource.sentences``, which the revision alignment reads too),
  without the paragraph numbers ("1.") that the cut leaves alone, and each
  alleged violation listed at its head (kind ``list item``).  The case header,
  the part headings and the side box are structure, read into
  ``ipu_decisions`` and ``ipu_case_persons``.

A sentence is **claimed** when some claim's *value* lies in it (its value
span overlaps the sentence): a claim reads something from these words.  A
claim whose quote merely runs into a sentence, for context, does not account
for it.  A sentence no claim reads is **marked** when a curated mark says why
none should (``build.coverage.marks``), else **unaccounted**: a gap for a curator,
listed by the ``unaccounted_sentences`` view and ``make suggest``.

**Values.**  A date or figure the mention finder sees (``build.coverage.mentions``) is
**covered** when it lies inside some claim's value span, or inside the span of
the period a figure is for ("20 per 100,000 inhabitants in 2010": the 2010
is the claim's period).  Lying inside a longer quote is not enough
(``mentions.in_quote`` keeps that looser reading, for comparison).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..sources.documents import ParsedSource
from ..sources.ipu import IpuDecision
from ..sources.wikipedia import is_navigation_section, is_references_section

_PARAGRAPH_NUMBER = re.compile(r"\d{1,3}\.")


class Unit(NamedTuple):
    """One sentence (or list item) of a source."""
    start: int
    end: int
    section: str | None
    kind: str  # 'sentence' | 'list item'
    passage: int | None = None  # index into WikiDocument.passages
    paragraph: str | None = None  # an IPU paragraph, as 'summary 1' or 'decision 3'


def source_units(item: ParsedSource) -> list[Unit]:
    """The sentences of a source, in document order (see the module docstring)."""
    document, text = item.document, item.source.text
    if isinstance(document, IpuDecision):
        units = [Unit(v["char_start"], v["char_end"], "Alleged human rights violations", "list item")
                 for v in document.violations]
        for sentence in item.sentences:
            if _PARAGRAPH_NUMBER.fullmatch(text[sentence.start:sentence.end]):
                continue
            units.append(Unit(sentence.start, sentence.end, item.section_at(sentence.start, sentence.end),
                              "sentence", paragraph=sentence.section))
        return sorted(units)
    citation_ends = [(r["char_start"], r["char_end"], r.get("citation_end", r["char_end"]))
                     for r in document.references]
    units = []
    for index, passage in enumerate(document.passages):
        if passage["kind"] != "sentence":
            continue
        start, end = passage["char_start"], passage["char_end"]
        if is_references_section(passage["section"]) and not any(
                ref_start <= start < ref_end and start >= citation_end
                for ref_start, ref_end, citation_end in citation_ends):
            continue  # a reference's citation: data in `references`, not a sentence
        if is_navigation_section(passage["section"]):
            continue  # a list of links to other pages, not a statement
        units.append(Unit(start, end, passage["section"], "sentence", passage=index))
    return units


def claimed_units(units: list[Unit], claims: list[dict]) -> dict[int, list[str]]:
    """Unit index -> ids of the claims whose value lies in it (value span overlapping the unit)."""
    spans = sorted((_value_span(c), c["id"]) for c in claims)
    out: dict[int, list[str]] = {}
    position = 0
    for index, unit in enumerate(units):  # units and spans both in order: one walk
        while position < len(spans) and spans[position][0][1] <= unit.start:
            position += 1
        for (start, end), claim_id in spans[position:]:
            if start >= unit.end:
                break
            if end > unit.start:
                out.setdefault(index, []).append(claim_id)
    return out


def _value_span(claim: dict) -> tuple[int, int]:
    if claim.get("value_start") is None:
        return claim["char_start"], claim["char_end"]
    return claim["value_start"], claim["value_end"]
