"""Every date and figure a source text states, with its exact character span.

``find_mentions`` proposes candidates from the patterns below, then keeps the
longest first (ties: skipped text, then dates, then numbers; then the earliest)
and drops any candidate that overlaps one already kept.  So "13 May 2012"
is one date, not also a year; "5 per 100,000 inhabitants" is one number whose
unit holds the "100,000"; "mid-2016" is one date (value '2016', year).

Dates (values and precisions from ``dates.parse_date``): "13 May 2011",
"June 6, 2016", "May 2012", ISO "2016-03-27", "mid-2016"/"early"/"late", and a
bare year 1900-2099 that is not part of a longer number.  Month names must be
capitalised here, so the verb "may" never starts a date.  The two ends of a
range ("from 13 May 2012 to 15 November 2016", "(2012–2016)") are two mentions.

Numbers (values and units from ``numbers.parse_number``): digits with their
unit when one of the vocabulary follows ("41,551 anti-narcotics operations",
"20%", "$800 million", "17.57 cases"), else bare ("30").  Number words two to
twenty are counts ("seven", "two books" -> 'two'); "one" only before a unit,
since it is far more often a pronoun ("one of the safest").

Skipped, so their digits are never figures: citation marks "[1]",
"(footnote 125, ...)"; ordinals "144th", "3rd"; "Section I.1(a)"; case ids
"ECU-92"; statutes "8 U.S.C. §1182(a)(9)(B)(iii)(II)"; the numbers of a
numbered paragraph ("1. Thanks ..."); digits glued to a word ("Office1");
and a day and month without a year ("On 10 September,"), which is a date the
record cannot store, and whose day is not a figure.  A matched date that does
not exist ("31 February 2016") is skipped too rather than half-reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build.dates import MONTHS, QUALIFIERS, DateError, parse_date
from build.numbers import (DIGITS, HEADS, NUMBER_WORDS, SCALES, STOPWORDS, MAX_DESCRIBERS,
                           NumberError, parse_number)


@dataclass(frozen=True)
class Mention:
    kind: str  # 'date' | 'number'
    raw: str  # == text[char_start:char_end]
    char_start: int
    char_end: int
    value: str  # ISO 8601 date or plain decimal string
    precision: str | None  # dates: 'year' | 'month' | 'day'; numbers: None
    unit: str | None  # numbers: see numbers.UNITS; dates: None


_MONTH = "(?:" + "|".join(name.capitalize() for name in MONTHS) + ")"
_YEAR = r"\d{4}"
# Not glued to a word, a decimal point, a thousands comma or a code.
_FREE_START = r"(?<![\w.,§$/])"
_FREE_END = r"(?![\w])(?![.,]\d)"

DATE_PATTERNS = [
    rf"\b\d{{1,2}}\s+{_MONTH}\s+{_YEAR}\b",  # 13 May 2011
    rf"\b{_MONTH}\s+\d{{1,2}},?\s+{_YEAR}\b",  # June 6, 2016
    rf"\b{_MONTH}\s+{_YEAR}\b",  # May 2012
    rf"(?<![\w.-])\d{{4}}-\d{{2}}-\d{{2}}(?![\w-])",  # 2016-03-27
    rf"\b(?i:{'|'.join(QUALIFIERS)})(?:-|\s+)(?:{_MONTH}\s+)?{_YEAR}\b",  # mid-2016
    # A bare year may follow a hyphen or dash: "2012-2016", "(2012–2016)".
    rf"(?<![\w.,§$/])(?:19|20)\d\d{_FREE_END}",
]

_HEAD = "|".join(sorted(HEADS, key=len, reverse=True))
_DESCRIBER = rf"(?!(?:{'|'.join(STOPWORDS)})\b)[a-z][a-z'\-]*"
_RATE = r"(?:(?:cases|homicides)\s+)?per\s+100,?000(?:\s+(?:inhabitants|people|residents))?"
_UNIT = (rf"(?:\s*%|\s+per\s+cent\b|\s+percent\b|\s+{_RATE}\b"
         rf"|\s+(?:{_DESCRIBER}\s+){{0,{MAX_DESCRIBERS}}}(?:{_HEAD})\b)")
_SCALE = rf"(?:\s+(?:{'|'.join(SCALES)})\b)"
_COUNT_WORDS = "|".join(sorted((w for w in NUMBER_WORDS if w != "one"), key=len, reverse=True))

NUMBER_PATTERNS = [
    rf"{_FREE_START}(?:US\$|\$)?(?:{DIGITS}){_SCALE}?{_UNIT}?{_FREE_END}",
    # Number words: whole words, not parts of "twenty-one" or "two-thirds".
    rf"(?<![\w-])(?i:{_COUNT_WORDS})(?:\s+and\s+a\s+half)?{_UNIT}?(?![\w-])",
    rf"(?<![\w-])(?i:one){_UNIT}(?![\w-])",
]

SKIP_PATTERNS = [
    r"\[\d+\]",  # citation mark [1]
    r"\bfootnote\s+\d+",  # (footnote 125, IACHR ruling on Sarayaku)
    r"\b\d+(?:st|nd|rd|th)\b",  # 144th, 3rd, 480th-anniversary
    r"\b[Ss]ection\s+[IVXLC]+(?:\.\d+)*(?:\([a-z0-9]+\))*",  # Section I.1(a)
    r"\b[A-Z]{2,}-\d+\b",  # ECU-92
    r"\b\d+\s+U\.S\.C\.\s*§+\s*[\w.\-]+(?:\([\w]+\))*",  # 8 U.S.C. §1182(a)(9)(B)(iii)(II)
    r"(?m)^[ \t]*\d{1,2}\.(?=[ \t])",  # "1. Thanks the Ecuadorian delegation"
    r"[A-Za-z]\d+",  # Office1, Start2
    rf"\b\d{{1,2}}\s+{_MONTH}\b",  # On 10 September,
    rf"\b{_MONTH}\s+\d{{1,2}}\b(?!\d)",  # June 6 (no year)
]

# Kinds in order of preference when two candidates are equally long.
_PREFERENCE = {"skip": 0, "date": 1, "number": 2}
_COMPILED = [(kind, re.compile(pattern))
             for kind, patterns in (("skip", SKIP_PATTERNS), ("date", DATE_PATTERNS),
                                    ("number", NUMBER_PATTERNS))
             for pattern in patterns]


def _candidates(text: str):
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), kind


def _mention(text: str, start: int, end: int, kind: str) -> Mention | None:
    raw = text[start:end]
    if kind == "date":
        try:
            parsed = parse_date(raw)
        except DateError:
            return None
        return Mention("date", raw, start, end, parsed.value, parsed.precision, None)
    try:
        figure = parse_number(raw)
    except NumberError:
        return None
    return Mention("number", raw, start, end, figure.value, None, figure.unit)


def find_mentions(text: str) -> list[Mention]:
    """All date and number mentions of ``text``, in order, none overlapping."""
    taken = bytearray(len(text))  # 1 where a kept candidate already covers the text
    found: list[Mention] = []
    ranked = sorted(set(_candidates(text)),
                    key=lambda c: (c[0] - c[1], _PREFERENCE[c[2]], c[0]))
    for start, end, kind in ranked:
        if start == end or any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if kind != "skip" and (mention := _mention(text, start, end, kind)):
            found.append(mention)
    return sorted(found, key=lambda m: m.char_start)
