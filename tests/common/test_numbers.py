"""Figures as the sources write them -> plain decimal strings and a small unit vocabulary."""

from decimal import Decimal

import pytest

from build.common.numbers import (UNITS, NumberError, NumberValue, normalize_unit, parse_number,
                           to_decimal, units_compatible)


@pytest.mark.parametrize("raw, value, unit", [
    ("41,551", "41551", None),
    ("41551", "41551", None),
    ("41,551 operations", "41551", "operations"),
    ("41,551 anti-narcotics operations", "41551", "operations"),
    ("4,800 operations", "4800", "operations"),
    ("17.57 cases per 100,000 inhabitants", "17.57", "per 100,000 inhabitants"),
    ("5 per 100,000", "5", "per 100,000 inhabitants"),
    ("20 per 100,000 inhabitants", "20", "per 100,000 inhabitants"),
    ("5.5 per 100,000 inhabitants", "5.5", "per 100,000 inhabitants"),
    ("17.57 cases", "17.57", "cases"),
    ("20%", "20", "percent"),
    ("20 percent", "20", "percent"),
    ("5.5 per cent", "5.5", "percent"),
    ("332 metric tons", "332", "metric tons"),
    ("$800 million", "800000000", "USD"),
    ("US$ 2.5 billion", "2500000000", "USD"),
    ("75 police officers", "75", "police officers"),
    ("800,000 followers", "800000", "followers"),
    ("305 criminal drug organizations", "305", "organizations"),
    ("305 drug-trafficking organizations", "305", "organizations"),
    ("seven", "7", None),
    ("Seventeen", "17", None),  # not "seven" followed by "teen"
    ("twenty", "20", None),
    ("one operation", "1", "operations"),
    ("six and a half", "6.5", None),
    ("17.50", "17.5", None),  # no trailing zeros
    ("1,000.00", "1000", None),
    ("30", "30", None),
])
def test_parse_number(raw, value, unit):
    parsed = parse_number(raw)
    assert (parsed.value, parsed.unit) == (value, unit)
    assert parsed.number == Decimal(value)


def test_value_is_never_in_exponent_form():
    assert parse_number("$800 million") == NumberValue("800000000", "USD", Decimal("800000000"))
    assert "E" not in parse_number("3 billion").value


@pytest.mark.parametrize("raw, reason", [
    ("", "does not start with a figure"),
    ("many", "does not start with a figure"),
    ("very many 800", "does not start with a figure"),
    ("roughly about 20", "does not start with a figure"),  # one qualifier, then the figure
    ("20 apples", "unknown unit 'apples'"),
    ("30 in 2017", "unknown unit 'in 2017'"),
    ("1,23", "unknown unit ',23'"),  # not a thousands group
    ("$5%", "a dollar amount cannot be in percent"),
])
def test_unparseable_numbers_name_the_text(raw, reason):
    with pytest.raises(NumberError) as caught:
        parse_number(raw)
    assert repr(raw) in str(caught.value)
    assert reason in str(caught.value)


def test_number_error_is_a_value_error():
    assert issubclass(NumberError, ValueError)


@pytest.mark.parametrize("written, unit", [
    ("%", "percent"), ("per 100,000", "per 100,000 inhabitants"),
    ("cases per 100,000 inhabitants", "per 100,000 inhabitants"),
    ("Anti-Narcotics  Operations", "operations"), ("metric tonnes", "metric tons"),
    ("dollars", "USD"), ("percent", "percent"), (None, None), ("", None),
])
def test_normalize_unit(written, unit):
    assert normalize_unit(written) == unit


def test_every_alias_lands_in_the_vocabulary():
    for name in UNITS:
        assert normalize_unit(name) == name
    # Describing words may not be function words: that is a different phrase.
    with pytest.raises(NumberError):
        normalize_unit("of the operations")


def test_units_compatible():
    assert units_compatible("percent", "percent")
    assert units_compatible("%", "percent")
    assert units_compatible("per 100,000", "per 100,000 inhabitants")
    assert units_compatible(None, None)
    # A homicide rate in percent against one per 100,000: the unit conflict.
    assert not units_compatible("percent", "per 100,000 inhabitants")
    assert not units_compatible("cases", "per 100,000 inhabitants")
    assert not units_compatible(None, "police officers")


def test_to_decimal():
    assert to_decimal("41,551") == to_decimal("41551") == to_decimal(41551) == Decimal(41551)
    assert to_decimal(Decimal("17.57")) == Decimal("17.57")
    with pytest.raises(NumberError):
        to_decimal("20%")


# --- qualifiers: kept, and read as the interval they mean -----------------------------------

@pytest.mark.parametrize("raw, qualifier, value, unit", [
    ("over $800 million", "over", "800000000", "USD"),
    ("more than 4,800 operations", "more than", "4800", "operations"),
    ("at least 30 police officers", "at least", "30", "police officers"),
    ("nearly 50%", "nearly", "50", "percent"),
    ("almost 50%", "almost", "50", "percent"),
    ("about 20 per 100,000", "about", "20", "per 100,000 inhabitants"),
    ("approximately 20%", "approximately", "20", "percent"),
    ("around 332 metric tons", "around", "332", "metric tons"),
    ("just 5", "just", "5", None),
    ("Over 47 metric tons", "over", "47", "metric tons"),
])
def test_a_qualifier_is_kept_with_the_figure(raw, qualifier, value, unit):
    parsed = parse_number(raw)
    assert (parsed.qualifier, parsed.value, parsed.unit) == (qualifier, value, unit)


@pytest.mark.parametrize("qualifier, interval", [
    (None, ("20", "20", False, False)),
    ("just", ("20", "20", False, False)),
    ("over", ("20", "Infinity", True, False)),
    ("more than", ("20", "Infinity", True, False)),
    ("at least", ("20", "Infinity", False, False)),
    ("nearly", ("18.0", "20", False, True)),
    ("almost", ("18.0", "20", False, True)),
    ("about", ("18.0", "22.0", False, False)),
    ("approximately", ("18.0", "22.0", False, False)),
    ("around", ("18.0", "22.0", False, False)),
])
def test_each_qualifier_is_the_interval_it_means(qualifier, interval):
    from build.common.numbers import number_interval

    low, high, low_open, high_open = number_interval("20", qualifier)
    assert (low, high, low_open, high_open) == (Decimal(interval[0]), Decimal(interval[1]), interval[2], interval[3])


def test_a_stored_value_carries_no_qualifier():
    from build.common.numbers import to_decimal

    with pytest.raises(NumberError, match="no qualifier"):
        to_decimal("over 20")
