"""A figure's period, and whether its own quote states it.

A figure is always for a period ("20 per 100,000 inhabitants in 2010").  Often
the sentence gives it; sometimes a reader takes it from another sentence
("During this period, ... fell from 20 to 5.5": the period is the one a
sentence two back names).  Such a period is an inference, and the claim's
``inferred`` column says so, naming the sentence it was read from when the
curator gives it (``period_from``).
"""

import re

from ..common.text import normalize_text
from ..sources import anchor

_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def period_span(text: str, claim: dict) -> tuple[int, int] | None:
    """Where a figure's period is written inside its quote: every year of the period ('2010';
    '2010–2016' as "Between 2010 and 2016"), in order, each found exactly once; None otherwise
    (a year that is not there, or there twice, could be another span's: "(239% more than between
    2000 and 2010)" holds no year of the period 2010–2016, whatever its 2010 looks like)."""
    period = claim.get("period")
    if not period:
        return None
    years = _YEAR.findall(str(period))
    if not years:
        return None
    found, position = [], claim["char_start"]
    for year in years:
        hits = [m for m in anchor.find_all(text, year, position, claim["char_end"])
                if anchor.at_token_boundaries(text, *m)]
        if len(hits) != 1:
            return None
        found.append(hits[0])
        position = hits[0][1]
    return found[0][0], found[-1][1]


def period_stated(text: str, claim: dict) -> bool:
    """Whether the claim's quote states its period: every year of it, in order, found once
    (``period_span``), or, for a period with no year ("end of parliamentary mandate"), every word
    of it among the quote's words."""
    period = claim.get("period")
    if not period:
        return True
    if _YEAR.search(str(period)):
        return period_span(text, claim) is not None
    quoted = set(normalize_text(claim["quote"]).split())
    return set(normalize_text(str(period)).split()) <= quoted
