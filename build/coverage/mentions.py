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

Ordinals (kind ``ordinal``, value the plain number): "3rd", "144th", the
"480th" of "480th-anniversary", and ordinal words "second" to "twentieth"
("seventh generation").  "first" is left out: far more often it is no place
in a numbered series ("at first", "his first ministerial post" is one).

Day and month without a year (kind ``date``, value ISO 8601's year-less form
``--MM-DD``, precision 'day'): "On 10 September", "June 6".  The record stores
such a date only when a curator states the year (``year:`` in the claim).

Durations (kind ``duration``, value an ISO 8601 duration): a count and a unit
of time, "three months" ('P3M'), "one hour" ('PT1H'), "two decades" ('P20Y').

Relative dates (kind ``relative``): a time counted from another date, value a
signed ISO 8601 duration: "a month later" ('+P1M'), "one hour after" ('+PT1H'),
"two years earlier" ('-P2Y'), "the previous decade" ('-P10Y'), "over the past
six and a half years" ('-P6.5Y'), "today" ('+P0D', counted from the text's own
unknown date); or, with no amount, the direction alone: "shortly afterward"
('after').  They are what a claim with ``resolved:`` turns into a date.

Skipped, so their digits are never figures: citation marks "[1]",
"(footnote 125, ...)"; "Section I.1(a)"; case ids "ECU-92"; statutes
"8 U.S.C. §1182(a)(9)(B)(iii)(II)"; the numbers of a numbered paragraph
("1. Thanks ..."); and digits glued to a word ("Office1").  A matched date
that does not exist ("31 February 2016", "30 February") is skipped too rather
than half-reported.
"""

from __future__ import annotations

import calendar
import pickle
import re
from typing import NamedTuple
from decimal import Decimal

from ..common.dates import MONTHS, QUALIFIERS, DateError, parse_date
from ..common.numbers import (DIGITS, HEADS, NUMBER_WORDS, SCALES, STOPWORDS, MAX_DESCRIBERS,
                           NumberError, parse_number)
from ..common.cache import content_key, sha256_text
from ..common.executors import Deferred


class Mention(NamedTuple):
    kind: str  # 'date' | 'number' | 'ordinal' | 'duration' | 'relative'
    raw: str  # == text[char_start:char_end]
    char_start: int
    char_end: int
    value: str  # ISO 8601 date ('--09-10' without a year), plain decimal, or (signed) ISO 8601 duration
    precision: str | None  # dates: 'year' | 'month' | 'day'; others: None
    unit: str | None  # numbers: see numbers.UNITS; dates: None


_MONTH_NAMES = [name.capitalize() for name in MONTHS]
_MONTH = "(?:" + "|".join(_MONTH_NAMES) + ")"
# Speed: re skips quickly to the places where a pattern's first item (a literal, a class, or
# literals in an alternation) can match, but tries a pattern that starts with \b or a lookbehind
# at every character of the text, about four times slower.  So a pattern that needs a word
# boundary before its first item checks it just after that item: "\d(?<!\w\d)" is "\b\d", and
# "(?:19|20)(?<![\w.,§$/]\d\d)" is "(?<![\w.,§$/])(?:19|20)".  Same matches, same order
# (tests/coverage/test_mentions_patterns.py compares them with the plain spellings).  A pattern that
# starts with a lookbehind, an optional item or a case-blind word gets a lookahead for the
# characters it can start with instead ("(?=[Oo])(?<![\w-])(?i:one)"): cheaper to fail with at
# most characters, if not as cheap as skipping them.  ((?i) matches just these two cases of
# these letters, but 'ſ' (long s) to s too.)
_MONTH_WORD = "(?:" + "|".join(rf"{name}(?<!\w{name})" for name in _MONTH_NAMES) + ")"  # \b{_MONTH}
_WORD_DIGIT = r"\d(?<!\w\d)"  # \b\d
_YEAR = r"\d{4}"
# Not glued to a word, a decimal point, a thousands comma or a code.
_FREE_START = r"(?<![\w.,§$/])"
_FREE_END = r"(?![\w])(?![.,]\d)"

DATE_PATTERNS = [
    rf"{_WORD_DIGIT}\d?\s+{_MONTH}\s+{_YEAR}\b",  # 13 May 2011
    rf"{_MONTH_WORD}\s+\d{{1,2}},?\s+{_YEAR}\b",  # June 6, 2016
    rf"{_MONTH_WORD}\s+{_YEAR}\b",  # May 2012
    r"\d(?<![\w.-]\d)\d{3}-\d{2}-\d{2}(?![\w-])",  # 2016-03-27
    rf"(?=[EeMmLl])\b(?i:{'|'.join(QUALIFIERS)})(?:-|\s+)(?:{_MONTH}\s+)?{_YEAR}\b",  # mid-2016
    # A bare year may follow a hyphen or dash: "2012-2016", "(2012–2016)".
    rf"(?:19|20)(?<![\w.,§$/]\d\d)\d\d{_FREE_END}",
]

def _initials(words) -> str:
    """The first letters of ``words``, both cases: a cheap lookahead before a long case-blind alternation."""
    return "".join(sorted({w[0].lower() for w in words} | {w[0].upper() for w in words}))


_HEAD = "|".join(sorted(HEADS, key=len, reverse=True))
_DESCRIBER = rf"(?!(?:{'|'.join(STOPWORDS)})\b)[a-z][a-z'\-]*"
_RATE = r"(?:(?:cases|homicides)\s+)?per\s+100,?000(?:\s+(?:inhabitants|people|residents))?"
_UNIT = (rf"(?:\s*%|\s+per\s+cent\b|\s+percent\b|\s+{_RATE}\b"
         rf"|\s+(?:{_DESCRIBER}\s+){{0,{MAX_DESCRIBERS}}}(?:{_HEAD})\b)")
_SCALE = rf"(?:\s+(?:{'|'.join(SCALES)})\b)"
_COUNT_WORDS = "|".join(sorted((w for w in NUMBER_WORDS if w != "one"), key=len, reverse=True))

NUMBER_PATTERNS = [
    rf"(?=[\dU$]){_FREE_START}(?:US\$|\$)?(?:{DIGITS}){_SCALE}?{_UNIT}?{_FREE_END}",
    # Number words: whole words, not parts of "twenty-one" or "two-thirds".
    rf"\b(?=[{_initials(NUMBER_WORDS)}])(?<![\w-])(?i:{_COUNT_WORDS})(?:\s+and\s+a\s+half)?{_UNIT}?(?![\w-])",
    rf"(?=[Oo])(?<![\w-])(?i:one){_UNIT}(?![\w-])",
]

SKIP_PATTERNS = [
    r"\[\d+\]",  # citation mark [1]
    r"footnote(?<!\wfootnote)\s+\d+",  # (footnote 125, IACHR ruling on Sarayaku)
    r"[Ss](?<!\w[Ss])ection\s+[IVXLC]+(?:\.\d+)*(?:\([a-z0-9]+\))*",  # Section I.1(a)
    r"[A-Z](?<!\w[A-Z])[A-Z]+-\d+\b",  # ECU-92
    rf"{_WORD_DIGIT}\d*\s+U\.S\.C\.\s*§+\s*[\w.\-]+(?:\([\w]+\))*",  # 8 U.S.C. §1182(a)(9)(B)(iii)(II)
    r"(?m)^[ \t]*\d{1,2}\.(?=[ \t])",  # "1. Thanks the Ecuadorian delegation"
    r"[A-Za-z]\d+",  # Office1, Start2
]

# A day and month with no year: "On 10 September", "June 6".  Longer dates win.
DAY_MONTH_PATTERNS = [
    rf"(?P<day>{_WORD_DIGIT}\d?)\s+(?P<month>{_MONTH})\b",
    rf"(?P<month>{_MONTH_WORD})\s+(?P<day>\d{{1,2}})\b(?!\d)",
]

_ORDINAL_WORDS = {word: n for n, word in enumerate(
    "_ _ second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()) if n > 1}
ORDINAL_PATTERNS = [
    rf"{_WORD_DIGIT}\d*(?:st|nd|rd|th)\b",  # 144th, 3rd, 480th-anniversary
    rf"\b(?=[{_initials(_ORDINAL_WORDS)}])(?<![\w-])(?i:{'|'.join(sorted(_ORDINAL_WORDS, key=len, reverse=True))})(?![\w-])",
]

# Units of time -> (ISO 8601 designator, factor, in the time part 'T').
_TIME_UNITS = {"hour": ("H", 1, True), "minute": ("M", 1, True), "day": ("D", 1, False),
               "week": ("W", 1, False), "month": ("M", 1, False), "year": ("Y", 1, False),
               "decade": ("Y", 10, False)}
_TIME = rf"(?:{'|'.join(_TIME_UNITS)})s?"
_AMOUNT = rf"(?:\d+(?:\.\d+)?|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?:\s+and\s+a\s+half)?"
_DIRECTION = r"(?:later|earlier|afterwards?|before|after|ago)"
# One pattern for both, as one scan: "three months" is a duration, "a month later" (the
# amount and unit followed by a direction) a relative date; "a month" alone is neither.
DURATION_PATTERNS = [
    rf"\b(?=[\d{_initials(NUMBER_WORDS)}aA])(?<![\w.,-])(?i:(?:{_AMOUNT})\s+{_TIME}(?:\s+{_DIRECTION}\b)?|an?\s+{_TIME}\s+{_DIRECTION}\b)(?![\w-])",
]
RELATIVE_PATTERNS = [
    # the previous decade, over the past six and a half years, the following year
    rf"(?=[OoTt])(?<![\w-])(?i:(?:over\s+)?the\s+(?:previous|past|last|preceding|next|following)"
    rf"(?:\s+{_AMOUNT})?\s+{_TIME})\b",
    r"(?=[TtYy])(?<![\w-])(?i:today|yesterday|tomorrow)\b",
    r"(?=[Ssſ])(?<![\w-])(?i:shortly\s+(?:afterwards?|after|before|thereafter))\b",
]

# Kinds in order of preference when two candidates are equally long.
_PREFERENCE = {"skip": 0, "date": 1, "day_month": 2, "relative": 3, "duration": 4, "ordinal": 5, "number": 6}
_COMPILED = [(kind, re.compile(pattern))
             for kind, patterns in (("skip", SKIP_PATTERNS), ("date", DATE_PATTERNS),
                                    ("day_month", DAY_MONTH_PATTERNS), ("relative", RELATIVE_PATTERNS),
                                    ("duration", DURATION_PATTERNS), ("ordinal", ORDINAL_PATTERNS),
                                    ("number", NUMBER_PATTERNS))
             for pattern in patterns]


def _candidates(text: str):
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), kind


def _mention(text: str, start: int, end: int, kind: str) -> Mention | None:
    raw = text[start:end]
    if kind == "day_month":
        value = day_month(raw)
        return Mention("date", raw, start, end, value, "day", None) if value else None
    if kind == "ordinal":
        digits = re.match(r"\d+", raw)
        value = digits.group() if digits else str(_ORDINAL_WORDS[raw.lower()])
        return Mention("ordinal", raw, start, end, value, None, None)
    if kind == "duration" and re.search(rf"(?i)\s{_DIRECTION}$", raw):
        kind = "relative"  # "a month later": counted from another date
    if kind in ("duration", "relative"):
        value = time_span(raw) if kind == "duration" else relative(raw)
        return Mention(kind, raw, start, end, value, None, None) if value else None
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


# Fewer characters of text than this are read when the mentions table asks for them (on the pool when
# there are enough texts, as any step): starting background processes, half a second, would cost more
# than it saves.  A tenth of the seeds at 100x (3 MB) is over it.
BACKGROUND_FROM_CHARACTERS = 2_000_000


def start_mentions(texts: list[str], work):
    """``find_mentions`` of each text begun in the background on ``work``'s executor, kept in its cache
    under the text; ``.result()`` is the list of each text's mentions.

    In the background because nothing needs them until the mentions table, near the end: they are
    read on the core the grouping and the tables leave idle (at 1,000x the seeds, 11 s of CPU that
    had been 6 s of the build's wall time)."""
    keys = [content_key("mentions", sha256_text(text)) for text in texts]
    if sum(map(len, texts)) < BACKGROUND_FROM_CHARACTERS:
        packed = Deferred(lambda: work.map(mentions_in_text, None, texts, keys))
    else:
        packed = work.start(mentions_in_text, None, texts, keys)
    return Deferred(lambda: map(pickle.loads, packed.result()))  # each text's, unpacked when it is reached


def mentions_in_text(_shared, text: str) -> bytes:
    """The per-document step of the mentions: ``find_mentions`` as the executors call it, packed.

    Packed (pickled), because the build holds every text's mentions from the moment they are read, in
    the background, until the mentions table unpacks them one text at a time: as objects, at 1,000x
    the seeds, they were 50 MB more at the build's peak (the grouping), and ten times that at 10,000x."""
    return pickle.dumps(find_mentions(text), protocol=pickle.HIGHEST_PROTOCOL)


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


def day_month(raw: str) -> str | None:
    """'10 September' -> '--09-10' (ISO 8601 without a year); None for a day the month never has."""
    words = raw.split()
    day, month = (words[0], words[1]) if words[0].isdigit() else (words[1], words[0])
    number = MONTHS[month.lower()]
    if not 1 <= int(day) <= calendar.monthrange(2000, number)[1]:  # 2000: a leap year allows 29 February
        return None
    return f"--{number:02d}-{int(day):02d}"


def time_span(raw: str) -> str | None:
    """'three months' -> 'P3M', 'one hour' -> 'PT1H', 'six and a half years' -> 'P6.5Y', 'a decade' -> 'P10Y'."""
    match = re.search(rf"(?i)(?:(?P<amount>{_AMOUNT})|\ban?\b)\s+(?P<unit>{_TIME})\b", raw)
    if not match:
        return None
    amount = match.group("amount")
    if amount is None:
        number = Decimal(1)
    else:
        words = amount.lower().split()
        number = Decimal(NUMBER_WORDS[words[0]]) if words[0] in NUMBER_WORDS else Decimal(words[0])
        if "half" in words:
            number += Decimal("0.5")
    unit = match.group("unit").lower().rstrip("s")
    designator, factor, in_time = _TIME_UNITS[unit]
    figure = format((number * factor).normalize(), "f")
    return f"PT{figure}{designator}" if in_time else f"P{figure}{designator}"


def relative(raw: str) -> str | None:
    """A signed duration ('+P1M', '-P10Y', '+P0D'), or 'after' / 'before' when no amount is written."""
    lower = " ".join(raw.lower().split())
    if lower in ("today", "yesterday", "tomorrow"):
        return {"today": "+P0D", "yesterday": "-P1D", "tomorrow": "+P1D"}[lower]
    if lower.startswith("shortly"):
        return "before" if lower.endswith("before") else "after"
    backwards = any(word in lower.split() for word in ("earlier", "before", "ago", "previous", "past", "last",
                                                      "preceding"))
    span = time_span(lower) or time_span("a " + lower.split()[-1])  # "the previous decade": one decade
    return None if span is None else ("-" if backwards else "+") + span
