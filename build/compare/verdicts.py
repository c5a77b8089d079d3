"""Whether two claims about the same subject and property agree.

A claim is a mapping with ``value_type`` ('date' | 'number' | 'text'), ``value``
and, by type, ``precision`` (dates), ``unit`` and ``period`` (numbers).  The
verdict is 'agree', 'refines' (both can be true and one says more) or
'conflicts'; ``rule`` names the rule below that decided it and ``kind`` what
the claims are about ('date' | 'number' | 'unit' | 'text').

Rules, in the order they are applied:

1. Claims of different value types, or of a type not listed, are a caller bug:
   ``ValueError``.
2. Dates are intervals of days at their precision (``dates.interval``): '2016'
   is 1 Jan–31 Dec 2016, '2012/2016' is 1 Jan 2012–31 Dec 2016.
   a. Two spans written as intervals ('A/B') are compared end by end, because
      they are the same span told twice: '2011/2016' and '2012/2016' disagree
      on the start even though one lies inside the other.
      - ends that are the same interval            -> agree,     'date.same_interval'
      - each end the same or inside the other's     -> refines,   'date.nested_interval'
        ('2011/2016' vs '2011-05-13/2016-11-15')
      - no day in common                           -> conflicts, 'date.disjoint'
      - overlapping, neither inside the other      -> conflicts, 'date.partial_overlap'
      - one inside the other but an end differs    -> conflicts, 'date.different_endpoints'
   b. Otherwise (single dates, or a single date against a span):
      - the same interval                          -> agree,     'date.same_interval'
      - one inside the other ('2016' vs '2016-06-06', 'June 2016' vs
        '2016-06-06', '2012/2016' vs '2014')        -> refines,   'date.nested_interval'
      - no day in common ('2011' vs '2012', '2016-09' vs '2016-10-05')
                                                   -> conflicts, 'date.disjoint'
      - overlapping, neither inside the other (only possible with a span,
        '2016-05-20/2016-06-10' vs 'June 2016')     -> conflicts, 'date.partial_overlap'
        ('refines' would be wrong: neither can be a more precise telling of
        the other.)
3. Numbers are only comparable for the same ``period`` (the year or span the
   figure is for, compared as text after trimming; two missing periods are
   the same, a missing one and a stated one are not).  "20 in 2010" and "5 in 2016" do not disagree, so for
   different periods ``compare`` returns None and the caller skips the pair.
   For the same period:
      - units not compatible (``numbers.units_compatible``: same name, no
        conversions; a bare number only matches a bare number)
                                  -> conflicts, 'number.incompatible_unit', kind 'unit'
      Otherwise each figure is the interval its qualifier makes of it
      (``numbers.number_interval``: "over 47" is above 47, "about 20" is 18
      to 22, a plain figure is itself):
      - the same interval ('41,551' and '41551')    -> agree,     'number.equal'
      - one inside the other ("about 20" and "19"; "over 40" and "47")
                                                   -> refines,   'number.within_bound'
      - overlapping, neither inside the other ("over 40" and "about 45")
                                                   -> agree,     'number.compatible_bounds'
      - no value in common: two different plain figures
                                                   -> conflicts, 'number.different_value'
        or a figure outside another's bound ("over 47" and "40")
                                                   -> conflicts, 'number.outside_bound'
4. Texts are normalised: accents stripped, case folded, punctuation and
   symbols turned into spaces, whitespace collapsed.
      - equal                                      -> agree,     'text.same_normalized'
      - the same words in another order            -> agree,     'text.same_words'
      - one denies what the other does not (a negation, "no", "not",
        "never", "without"..., in one only: "protection provided" vs
        "no steps to ensure his protection")       -> conflicts, 'text.negation'
      - one's words all among the other's ('Cuenca' vs 'Cuenca, Ecuador')
                                                   -> refines,   'text.word_subset'
      - one's words each the same as, or the beginning of, a word of the
        other (of three letters or more): a more specific wording of the
        same thing ('Jurisprudence and Law' vs 'Jurisprudence and lawyership
        in Justice Tribunals')                     -> refines,   'text.word_prefix_subset'
      - otherwise                                  -> conflicts, 'text.different'
   A value that normalises to nothing is a caller bug: ``ValueError``.
5. Entities (a person, an office, an award, resolved through the
   vocabularies to an id) are the same or not: there is no "more precise".
      - the same id                                -> agree,     'entity.same'
      - different ids                              -> conflicts, 'entity.different', kind 'entity'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ..common.dates import interval, stored_text
from ..common.numbers import number_interval, units_compatible
from ..common.text import normalize_text

VALUE_TYPES = ("date", "number", "text", "entity")


class Comparison(NamedTuple):
    verdict: str  # 'agree' | 'refines' | 'conflicts'
    rule: str  # e.g. 'date.nested_interval'; see the module docstring
    kind: str  # 'date' | 'number' | 'unit' | 'text' | 'entity'


def compare(a: Mapping, b: Mapping) -> Comparison | None:
    """Apply the rules of the module docstring; None means "not comparable"."""
    type_a, type_b = a.get("value_type"), b.get("value_type")
    if type_a != type_b or type_a not in VALUE_TYPES:
        raise ValueError(f"cannot compare a {type_a!r} claim with a {type_b!r} claim")
    if type_a == "date":
        return _compare_dates(a, b)
    if type_a == "number":
        return _compare_numbers(a, b)
    if type_a == "entity":
        if a["value"] == b["value"]:
            return Comparison("agree", "entity.same", "entity")
        return Comparison("conflicts", "entity.different", "entity")
    return _compare_texts(a["value"], b["value"])


# --- dates -------------------------------------------------------------------

def _relation(first: tuple, second: tuple) -> str:
    """How two day intervals (start, end) relate: same, nested, disjoint, overlap."""
    (s1, e1), (s2, e2) = first, second
    if (s1, e1) == (s2, e2):
        return "same"
    if e1 < s2 or e2 < s1:
        return "disjoint"
    if (s1 <= s2 and e2 <= e1) or (s2 <= s1 and e1 <= e2):
        return "nested"
    return "overlap"


_DATE_RULES = {
    "same": ("agree", "date.same_interval"),
    "nested": ("refines", "date.nested_interval"),
    "disjoint": ("conflicts", "date.disjoint"),
    "overlap": ("conflicts", "date.partial_overlap"),
}


def _date(verdict_and_rule: tuple[str, str]) -> Comparison:
    return Comparison(*verdict_and_rule, kind="date")


def _compare_dates(a: Mapping, b: Mapping) -> Comparison:
    whole = _relation(interval(a["value"], a.get("precision")),
                      interval(b["value"], b.get("precision")))
    # interval() has checked that a precision of 'interval' goes with 'A/B'.
    both_spans = all("/" in stored_text(a_or_b["value"]) for a_or_b in (a, b))
    if not both_spans or whole in ("disjoint", "overlap"):
        return _date(_DATE_RULES[whole])
    # Rule 2a: the same span told twice; each end must agree or be refined.
    ends = [_relation(interval(x), interval(y)) for x, y in
            zip(stored_text(a["value"]).split("/"), stored_text(b["value"]).split("/"))]
    if all(end == "same" for end in ends):
        return _date(_DATE_RULES["same"])
    if all(end in ("same", "nested") for end in ends):
        return _date(_DATE_RULES["nested"])
    return Comparison("conflicts", "date.different_endpoints", "date")


# --- numbers -----------------------------------------------------------------

def _period(claim: Mapping) -> str | None:
    period = claim.get("period")
    return None if period is None else str(period).strip()


def _compare_numbers(a: Mapping, b: Mapping) -> Comparison | None:
    if _period(a) != _period(b):
        return None  # rule 3: figures for different periods do not disagree
    if not units_compatible(a.get("unit"), b.get("unit")):
        return Comparison("conflicts", "number.incompatible_unit", "unit")
    first = number_interval(a["value"], a.get("qualifier"))
    second = number_interval(b["value"], b.get("qualifier"))
    exact = all(low == high for low, high, _, _ in (first, second))
    if first == second:
        return Comparison("agree", "number.equal", "number")
    if not _overlap(first, second):
        return Comparison("conflicts", "number.different_value" if exact else "number.outside_bound", "number")
    if _inside(first, second) or _inside(second, first):
        return Comparison("refines", "number.within_bound", "number")
    return Comparison("agree", "number.compatible_bounds", "number")


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether two number intervals (low, high, low_open, high_open) share a value."""
    (lo1, hi1, lo1_open, hi1_open), (lo2, hi2, lo2_open, hi2_open) = a, b
    low, low_open = max((lo1, lo1_open), (lo2, lo2_open))  # the higher low; open wins a tie
    high, high_open = min((hi1, not hi1_open), (hi2, not hi2_open))  # the lower high; open wins a tie
    high_open = not high_open
    return low < high or (low == high and not low_open and not high_open)


def _inside(inner: tuple, outer: tuple) -> bool:
    (lo1, hi1, lo1_open, hi1_open), (lo2, hi2, lo2_open, hi2_open) = inner, outer
    low_ok = lo1 > lo2 or (lo1 == lo2 and (lo1_open or not lo2_open))
    high_ok = hi1 < hi2 or (hi1 == hi2 and (hi1_open or not hi2_open))
    return low_ok and high_ok


# --- texts -------------------------------------------------------------------

def _compare_texts(value_a: str, value_b: str) -> Comparison:
    if not isinstance(value_a, str) or not isinstance(value_b, str):
        raise ValueError(f"text claims need text values: {value_a!r} vs {value_b!r}")
    norm_a, norm_b = normalize_text(value_a), normalize_text(value_b)
    if not norm_a or not norm_b:
        raise ValueError(f"cannot compare empty text: {value_a!r} vs {value_b!r}")
    if norm_a == norm_b:
        return Comparison("agree", "text.same_normalized", "text")
    words_a, words_b = set(norm_a.split()), set(norm_b.split())
    if words_a == words_b:
        return Comparison("agree", "text.same_words", "text")
    if (words_a & NEGATIONS) != (words_b & NEGATIONS):
        return Comparison("conflicts", "text.negation", "text")
    if words_a <= words_b or words_b <= words_a:
        return Comparison("refines", "text.word_subset", "text")
    small, large = (words_a, words_b) if len(words_a) <= len(words_b) else (words_b, words_a)
    if all(_begins_a_word(word, large) for word in small):
        return Comparison("refines", "text.word_prefix_subset", "text")
    return Comparison("conflicts", "text.different", "text")


# Words that deny: a text holding one that the other lacks says the opposite, whatever else they share.
NEGATIONS = frozenset({"no", "not", "never", "without", "none", "neither", "nor", "cannot", "nothing", "nobody"})


def _begins_a_word(word: str, words: set[str]) -> bool:
    """``word`` is one of ``words``, or (three letters or more) the beginning of one: 'law' in 'lawyership'."""
    return word in words or (len(word) >= 3 and any(other.startswith(word) for other in words))
