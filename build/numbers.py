"""Figures as the sources write them: a decimal value and a unit from a small vocabulary.

``parse_number`` accepts, in this order (case-insensitive):

1. an optional currency sign ``$`` or ``US$`` (the unit becomes ``'USD'``);
2. the number: digits with optional comma thousands groups and decimals
   ("41,551", "17.57", "800,000"), or a number word one..twenty ("seven"),
   optionally followed by "and a half" ("six and a half" is 6.5);
3. an optional scale word: thousand, million, billion ("$800 million");
4. an optional unit, normalised by ``normalize_unit`` to one of ``UNITS``.

Words that change the figure's meaning ("over", "more than", "approximately",
"just") are refused rather than dropped: "over $800 million" is not
800,000,000, and the claim that quotes it should say so in its own words.

The stored value is a plain decimal string: no thousands separators, no
trailing zeros, no exponent ('41551', '17.57', '800000000').

Units are compared by name only (``units_compatible``).  There is deliberately
no conversion: in these sources "20%" (a crime rate of unknown definition) and
"20 per 100,000 inhabitants" (a homicide rate) are different measures, and
converting one into the other would hide the very disagreement the record
exists to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


class NumberError(ValueError):
    """A figure that cannot be parsed; the message names the raw text."""


@dataclass(frozen=True)
class NumberValue:
    value: str  # plain decimal string: '41551', '17.57', '800000000'
    unit: str | None  # one of UNITS, or None for a bare number
    number: Decimal


RATE = "per 100,000 inhabitants"
# The vocabulary; every alias below maps onto one of these names.
UNITS = (RATE, "percent", "USD", "metric tons", "operations", "organizations",
         "police officers", "followers", "cases")

# Units written as a fixed phrase (after whitespace is collapsed, lower case).
_PHRASES = {
    "%": "percent", "percent": "percent", "per cent": "percent",
    "usd": "USD", "dollars": "USD", "us dollars": "USD",
    "per 100,000": RATE, "per 100000": RATE,
}
for _who in ("inhabitants", "people", "residents", "population"):
    _PHRASES[f"per 100,000 {_who}"] = RATE
    _PHRASES[f"per 100000 {_who}"] = RATE
# "5 cases per 100,000 inhabitants": the cases are what the rate counts.
for _phrase in list(_PHRASES):
    if _PHRASES[_phrase] == RATE:
        _PHRASES[f"cases {_phrase}"] = RATE
        _PHRASES[f"homicides {_phrase}"] = RATE

# Units that are the head noun of a phrase, which may carry describing words
# before it: "41,551 anti-narcotics operations", "305 criminal drug organizations".
HEADS = {
    "operations": "operations", "operation": "operations",
    "organizations": "organizations", "organization": "organizations",
    "organisations": "organizations", "organisation": "organizations",
    "police officers": "police officers", "police officer": "police officers",
    "followers": "followers", "follower": "followers",
    "metric tons": "metric tons", "metric ton": "metric tons",
    "metric tonnes": "metric tons", "metric tonne": "metric tons",
    "tonnes": "metric tons", "tonne": "metric tons",
    "cases": "cases", "case": "cases",
}
# Words that end a noun phrase, so they can never describe the head noun:
# "30 in 2017" must not reach forward to a later noun.
STOPWORDS = frozenset(
    "a an and at by for from in into of on or per than the to towards with "
    "more less over under about his her its their this that these those".split())
MAX_DESCRIBERS = 3

NUMBER_WORDS = {
    word: n for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())
    if n > 0
}
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}

# Digits: either properly grouped thousands ("41,551") or none ("41551").
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DESCRIBER = r"[a-z][a-z'\-]*"
# Longest first, or "seven" would take the start of "seventeen".
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?P<currency>US\$|\$)?\s*"
    rf"(?P<number>{DIGITS}|(?:{_WORDS})\b)"
    rf"(?P<half>\s+and\s+a\s+half)?"
    rf"(?:\s*\b(?P<scale>{'|'.join(SCALES)})\b)?"
    rf"\s*(?P<unit>.*)",
    re.IGNORECASE | re.DOTALL)
_HEAD_PHRASE = re.compile(
    rf"(?P<describers>(?:{_DESCRIBER}\s+){{0,{MAX_DESCRIBERS}}})"
    rf"(?P<head>{'|'.join(sorted(HEADS, key=len, reverse=True))})")


def normalize_unit(text: str | None) -> str | None:
    """Map a unit as written ('%', 'per 100,000', 'anti-narcotics operations') to UNITS.

    None or '' stays None (a bare number).  A name already in UNITS is returned
    as is.  Anything else raises NumberError.
    """
    if text is None:
        return None
    if text in UNITS:
        return text
    phrase = " ".join(text.split()).lower()
    if not phrase:
        return None
    if phrase in _PHRASES:
        return _PHRASES[phrase]
    if m := _HEAD_PHRASE.fullmatch(phrase):
        describers = m.group("describers").split()
        if not any(word in STOPWORDS for word in describers):
            return HEADS[m.group("head")]
    raise NumberError(f"unknown unit {text!r} (known: {', '.join(UNITS)})")


def plain(number: Decimal) -> str:
    """'41551', '17.57', '800000000': no exponent, no trailing zeros."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def parse_number(raw: str) -> NumberValue:
    """Parse one figure with its unit, as described in the module docstring."""
    if not isinstance(raw, str):
        raise NumberError(f"invalid number {raw!r}: not text")
    text = " ".join(raw.split()).rstrip(".,;")
    m = _FIGURE.fullmatch(text)
    if not m:
        raise NumberError(f"invalid number {raw!r}: it does not start with a figure "
                          "(words like 'over' or 'about' are not part of one)")
    word = m.group("number").lower()
    try:
        number = Decimal(NUMBER_WORDS[word]) if word in NUMBER_WORDS \
            else Decimal(word.replace(",", ""))
    except InvalidOperation:  # the pattern should prevent it; report, never crash
        raise NumberError(f"invalid number {raw!r}: {word!r} is not a number") from None
    if m.group("half"):
        number += Decimal("0.5")
    if m.group("scale"):
        number *= SCALES[m.group("scale").lower()]
    try:
        unit = normalize_unit(m.group("unit"))
    except NumberError as error:
        raise NumberError(f"invalid number {raw!r}: {error}") from None
    if m.group("currency"):
        if unit not in (None, "USD"):
            raise NumberError(f"invalid number {raw!r}: a dollar amount cannot be in {unit}")
        unit = "USD"
    return NumberValue(plain(number), unit, number)


def to_decimal(value: str | int | Decimal) -> Decimal:
    """A stored value ('41551', '41,551', 41551) as a Decimal; a unit is refused."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    parsed = parse_number(str(value))
    if parsed.unit is not None:
        raise NumberError(f"invalid number {value!r}: a stored value carries no unit")
    return parsed.number


def units_compatible(unit_a: str | None, unit_b: str | None) -> bool:
    """Whether two figures measure the same thing: the same unit after normalising.

    A bare number (None) matches only another bare number: a source that states
    no unit has not said it counts police officers, so saying it agrees with
    one that does would be a guess.
    """
    return normalize_unit(unit_a) == normalize_unit(unit_b)
