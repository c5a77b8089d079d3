"""Figures as the sources write them: a decimal value and a unit from a small vocabulary.

``parse_number`` accepts, in this order (case-insensitive):

1. an optional currency sign ``$`` or ``US$`` (the unit becomes ``'USD'``);
2. the number: digits with optional comma thousands groups and decimals
   ("41,551", "17.57", "800,000"), or a number word one..twenty ("seven"),
   optionally followed by "and a half" ("six and a half" is 6.5);
3. an optional scale word: thousand, million, billion ("$800 million");
4. an optional unit, normalised by ``normalize_unit`` to one of ``UNITS``.

0. an optional qualifier (``QUALIFIERS``): "over", "more than", "at least",
   "nearly", "almost", "about", "approximately", "around", "just".  It is kept
   (``NumberValue.qualifier``) and changes what the figure means: "over $800
   million" is not 800,000,000 but more than it.  ``number_interval`` turns a
   value and its qualifier into the interval it stands for, which is what
   ``build.compare.verdicts`` compares:

   ============================  ==========================================
   over, more than, above        (v, +inf): a lower bound the value exceeds
   at least                      [v, +inf)
   under, less than, below       (-inf, v)
   up to, at most                (-inf, v]
   nearly, almost                [v - 10%, v): just short of it
   about, approximately, around  [v - 10%, v + 10%]  (``APPROXIMATION``)
   just, only, exactly           [v, v]: "just 5" is 5, said with emphasis
   ============================  ==========================================

   Any other word before the figure is refused rather than dropped.

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
from typing import NamedTuple
from decimal import Decimal, InvalidOperation


class NumberError(ValueError):
    """A figure that cannot be parsed; the message names the raw text."""


class NumberValue(NamedTuple):
    value: str  # plain decimal string: '41551', '17.57', '800000000'
    unit: str | None  # one of UNITS, or None for a bare number
    number: Decimal
    qualifier: str | None = None  # a key of QUALIFIERS, as written (lower case)


# Qualifier as written -> what it makes of the figure (see the module docstring).
QUALIFIERS = {
    "over": "above", "more than": "above", "above": "above",
    "at least": "at_least",
    "under": "below", "less than": "below", "below": "below", "fewer than": "below",
    "up to": "at_most", "at most": "at_most",
    "nearly": "nearly", "almost": "nearly",
    "about": "approximately", "approximately": "approximately", "around": "approximately",
    "roughly": "approximately", "some": "approximately",
    "just": "exact", "only": "exact", "exactly": "exact",
}
APPROXIMATION = Decimal("0.1")  # "about 20" is 18 to 22: a tenth either side
_QUALIFIER = re.compile(r"(?P<qualifier>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+(?=\S)",
                        re.IGNORECASE)


def qualifier_kind(qualifier: str | None) -> str:
    """'exact' for no qualifier, else the kind (above, at_least, below, at_most, nearly, approximately)."""
    if not qualifier:
        return "exact"
    try:
        return QUALIFIERS[" ".join(qualifier.lower().split())]
    except KeyError:
        raise NumberError(f"unknown qualifier {qualifier!r} (known: {', '.join(QUALIFIERS)})") from None


INFINITY = Decimal("Infinity")


def number_interval(value: str | Decimal, qualifier: str | None) -> tuple[Decimal, Decimal, bool, bool]:
    """(low, high, low_open, high_open): the values a figure with its qualifier allows."""
    v = to_decimal(value)
    spread = abs(v) * APPROXIMATION
    kind = qualifier_kind(qualifier)
    return {
        "exact": (v, v, False, False),
        "above": (v, INFINITY, True, False),
        "at_least": (v, INFINITY, False, False),
        "below": (-INFINITY, v, False, True),
        "at_most": (-INFINITY, v, False, False),
        "nearly": (v - spread, v, False, True),
        "approximately": (v - spread, v + spread, False, False),
    }[kind]


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


def human_number(value: str) -> str:
    """A stored value as a reader writes it: '800000000' -> '800,000,000', '17.57' stays."""
    whole, dot, fraction = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{fraction}"


def plain(number: Decimal) -> str:
    """'41551', '17.57', '800000000': no exponent, no trailing zeros."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def parse_number(raw: str) -> NumberValue:
    """Parse one figure with its unit, as described in the module docstring."""
    if not isinstance(raw, str):
        raise NumberError(f"invalid number {raw!r}: not text")
    text = " ".join(raw.split()).rstrip(".,;")
    qualifier = None
    if q := _QUALIFIER.match(text):
        qualifier, text = q.group("qualifier").lower(), text[q.end():]
    m = _FIGURE.fullmatch(text)
    if not m:
        raise NumberError(f"invalid number {raw!r}: it does not start with a figure "
                          f"(a figure may follow one of: {', '.join(QUALIFIERS)})")
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
    return NumberValue(plain(number), unit, number, qualifier)


def to_decimal(value: str | int | Decimal) -> Decimal:
    """A stored value ('41551', '41,551', 41551) as a Decimal; a unit is refused."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    parsed = parse_number(str(value))
    if parsed.unit is not None or parsed.qualifier is not None:
        raise NumberError(f"invalid number {value!r}: a stored value carries no unit and no qualifier")
    return parsed.number


def units_compatible(unit_a: str | None, unit_b: str | None) -> bool:
    """Whether two figures measure the same thing: the same unit after normalising.

    A bare number (None) matches only another bare number: a source that states
    no unit has not said it counts police officers, so saying it agrees with
    one that does would be a guess.
    """
    return normalize_unit(unit_a) == normalize_unit(unit_b)
