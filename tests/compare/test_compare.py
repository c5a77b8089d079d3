"""The comparison rules on the tricky pairs the sources actually contain."""

import pytest

from build.common.text import normalize_text
from build.compare.verdicts import Comparison, compare


def date(value, precision=None):
    return {"value_type": "date", "value": value, "precision": precision}


def number(value, unit=None, period=None, qualifier=None):
    return {"value_type": "number", "value": value, "unit": unit, "period": period, "qualifier": qualifier}


def text(value):
    return {"value_type": "text", "value": value}


AGREE_DATE = Comparison("agree", "date.same_interval", "date")
REFINES_DATE = Comparison("refines", "date.nested_interval", "date")
DISJOINT = Comparison("conflicts", "date.disjoint", "date")
PARTIAL = Comparison("conflicts", "date.partial_overlap", "date")


@pytest.mark.parametrize("a, b, expected", [
    (date("2016-06-06", "day"), date("2016-06-06", "day"), AGREE_DATE),
    # A year against a day inside it, in both orders.
    (date("2016", "year"), date("2016-06-06", "day"), REFINES_DATE),
    (date("2016-06-06", "day"), date("2016", "year"), REFINES_DATE),
    (date("2016-06", "month"), date("2016-06-06", "day"), REFINES_DATE),
    # A month against a day outside it: A's "September 2016" vs B's "5 October 2016".
    (date("2016-09", "month"), date("2016-10-05", "day"), DISJOINT),
    (date("2016-06", "month"), date("2016-07-01", "day"), DISJOINT),
    (date("2011", "year"), date("2012", "year"), DISJOINT),
    # B's "13 May 2012" against A's "13 May 2011".
    (date("2011-05-13", "day"), date("2012-05-13", "day"), DISJOINT),
    # A range against single dates inside and outside it.
    (date("2012/2016", "interval"), date("2014", "year"), REFINES_DATE),
    (date("2012/2016", "interval"), date("2016-11-15", "day"), REFINES_DATE),
    (date("2012/2016", "interval"), date("2012-01-01", "day"), REFINES_DATE),
    (date("2012/2016", "interval"), date("2011-05-13", "day"), DISJOINT),
    (date("2012/2016", "interval"), date("2017", "year"), DISJOINT),
    (date("2016-05-20/2016-06-10", "interval"), date("2016-06", "month"), PARTIAL),
    (date("2016/2016", "interval"), date("2016", "year"), AGREE_DATE),
    # Two spans are compared end by end.
    (date("2011/2016", "interval"), date("2011/2016", "interval"), AGREE_DATE),
    (date("2011/2016", "interval"), date("2011-05-13/2016-11-15", "interval"), REFINES_DATE),
    (date("2011/2016", "interval"), date("2012/2017", "interval"), PARTIAL),
    (date("2007/2009", "interval"), date("2011/2016", "interval"), DISJOINT),
    # A's 2011–2016 contains B's 2012–2016, but they disagree on the start.
    (date("2011/2016", "interval"), date("2012/2016", "interval"),
     Comparison("conflicts", "date.different_endpoints", "date")),
    # Precision may be left to the shape of the value.
    (date("2016"), date("2016-06-06"), REFINES_DATE),
])
def test_dates(a, b, expected):
    assert compare(a, b) == expected


def test_a_mislabelled_precision_is_an_error():
    with pytest.raises(ValueError, match="its shape is year precision"):
        compare(date("2016", "day"), date("2016-06-06", "day"))


@pytest.mark.parametrize("a, b, expected", [
    # Equal numbers written differently (rendering B's "41,551").
    (number("41,551", "operations", "2010/2016"), number("41551", "operations", "2010/2016"),
     Comparison("agree", "number.equal", "number")),
    (number("17.50", "per 100,000 inhabitants", "2010"),
     number("17.5", "per 100,000 inhabitants", "2010"),
     Comparison("agree", "number.equal", "number")),
    (number("17.57", "per 100,000 inhabitants", "2010"),
     number("20", "per 100,000 inhabitants", "2010"),
     Comparison("conflicts", "number.different_value", "number")),
    # A percentage against a rate per 100,000: a unit conflict, even with equal numbers.
    (number("20", "percent", "2010"), number("20", "per 100,000 inhabitants", "2010"),
     Comparison("conflicts", "number.incompatible_unit", "unit")),
    (number("5.5", "percent", "2016"), number("5", "per 100,000 inhabitants", "2016"),
     Comparison("conflicts", "number.incompatible_unit", "unit")),
    # Unit aliases are the same unit.
    (number("5", "per 100,000", "2016"), number("5", "per 100,000 inhabitants", "2016"),
     Comparison("agree", "number.equal", "number")),
    (number("30", None, None), number("30", "police officers", None),
     Comparison("conflicts", "number.incompatible_unit", "unit")),
])
def test_numbers(a, b, expected):
    assert compare(a, b) == expected


def test_numbers_for_different_periods_are_not_compared():
    # "20 per 100,000 in 2010" and "5 per 100,000 in 2016" are both true.
    assert compare(number("20", "per 100,000 inhabitants", "2010"),
                   number("5", "per 100,000 inhabitants", "2016")) is None
    assert compare(number("20", "percent", "2010"), number("20", "percent", None)) is None
    assert compare(number("75", "police officers", 2016),
                   number("75", "police officers", "2016")).verdict == "agree"


@pytest.mark.parametrize("a, b, expected", [
    ("Cuenca, Ecuador", "cuenca ecuador", Comparison("agree", "text.same_normalized", "text")),
    ("Nestór Arbito", "Nestor  Arbito", Comparison("agree", "text.same_normalized", "text")),
    ("Ecuador, Cuenca", "Cuenca, Ecuador", Comparison("agree", "text.same_words", "text")),
    ("Cuenca", "Cuenca, Ecuador", Comparison("refines", "text.word_subset", "text")),
    ("Universidad San Francisco de Quito, Universidad del Azuay", "Universidad del Azuay",
     Comparison("refines", "text.word_subset", "text")),
    ("Cuenca", "Quito", Comparison("conflicts", "text.different", "text")),
    ("Universidad del Azuay", "University of Azuay",
     Comparison("conflicts", "text.different", "text")),
])
def test_texts(a, b, expected):
    assert compare(text(a), text(b)) == expected


def test_normalize_text():
    assert normalize_text("  José   Serrano,  Salgado ") == "jose serrano salgado"
    assert normalize_text("Ecuador’s") == normalize_text("Ecuador's")


@pytest.mark.parametrize("a, b", [
    (date("2016", "year"), number("2016")),
    (number("5"), text("5")),
    ({"value_type": "colour", "value": "red"}, {"value_type": "colour", "value": "red"}),
    (text(""), text("Cuenca")),
    (text(None), text("Cuenca")),
])
def test_caller_bugs_raise_value_error(a, b):
    with pytest.raises(ValueError):
        compare(a, b)



def test_entities_are_the_same_or_not():
    from build.compare.verdicts import compare

    a = {"value_type": "entity", "value": "rafael-correa"}
    assert compare(a, dict(a)).verdict == "agree"
    other = compare(a, {"value_type": "entity", "value": "alfredo-palacio"})
    assert (other.verdict, other.rule, other.kind) == ("conflicts", "entity.different", "entity")


# --- qualified figures: a bound or an approximation is not an exact value -------------------

EQUAL = Comparison("agree", "number.equal", "number")
WITHIN = Comparison("refines", "number.within_bound", "number")
COMPATIBLE = Comparison("agree", "number.compatible_bounds", "number")
OUTSIDE = Comparison("conflicts", "number.outside_bound", "number")
DIFFERENT = Comparison("conflicts", "number.different_value", "number")


@pytest.mark.parametrize("a, b, expected", [
    # over / more than: a lower bound the value exceeds
    (("47", "over"), ("47", "over"), EQUAL),
    (("47", "over"), ("50", None), WITHIN),
    (("47", "over"), ("47", None), OUTSIDE),  # "over 47" excludes 47 itself
    (("47", "over"), ("40", None), OUTSIDE),
    (("4800", "more than"), ("4801", None), WITHIN),
    (("4800", "more than"), ("4000", None), OUTSIDE),
    # at least: the bound itself is allowed
    (("30", "at least"), ("30", None), WITHIN),
    (("30", "at least"), ("29", None), OUTSIDE),
    # nearly / almost: just short of the figure (10% below it)
    (("50", "nearly"), ("48", None), WITHIN),
    (("50", "almost"), ("50", None), OUTSIDE),
    (("50", "nearly"), ("40", None), OUTSIDE),
    # about / approximately / around: 10% either side
    (("20", "approximately"), ("20", None), WITHIN),
    (("20", "about"), ("21.5", None), WITHIN),
    (("20", "around"), ("17.57", None), OUTSIDE),
    (("20", "approximately"), ("5.5", None), OUTSIDE),
    # just: the figure, said with emphasis
    (("5", "just"), ("5", None), EQUAL),
    (("5", "just"), ("6.41", None), DIFFERENT),
    # two bounds that can both hold, neither inside the other
    (("44", "over"), ("45", "about"), COMPATIBLE),  # (44, inf) and [40.5, 49.5]
    (("40", "over"), ("50", "over"), WITHIN),
    (("20", "about"), ("50", "nearly"), OUTSIDE),
])
def test_qualified_figures_compare_as_the_intervals_they_mean(a, b, expected):
    first, second = number(a[0], qualifier=a[1]), number(b[0], qualifier=b[1])
    assert compare(first, second) == expected
    assert compare(second, first) == expected  # symmetric


def test_a_qualifier_never_bridges_two_units():
    assert compare(number("20", "percent", qualifier="approximately"),
                   number("20", "per 100,000 inhabitants")).rule == "number.incompatible_unit"


# --- issue 27: a more specific wording is no conflict; a denial is one ----------------------------------

def test_a_more_specific_wording_refines_the_shorter():
    result = compare(text("Jurisprudence and Law"),
                     text("Jurisprudence and lawyership in Justice Tribunals of the Republic of Ecuador"))
    assert (result.verdict, result.rule) == ("refines", "text.word_prefix_subset")


def test_a_word_that_only_shares_a_short_beginning_is_not_a_refinement():
    # "Labour" begins no word of the other; two-letter beginnings never count.
    assert compare(text("Minister of Labour"), text("Minister of Finance")).verdict == "conflicts"
    assert compare(text("in Law"), text("index of laws")).verdict == "conflicts"  # "in" is a word, not a prefix


def test_a_denial_conflicts_even_when_the_words_are_contained():
    result = compare(text("protection provided"), text("protection not provided"))
    assert (result.verdict, result.rule) == ("conflicts", "text.negation")
    assert compare(text("no concrete steps to ensure his protection"),
                   text("reinforced police protection")).verdict == "conflicts"
