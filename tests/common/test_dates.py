"""Dates as the sources write them -> ISO values at their precision and intervals."""

import datetime as dt

import pytest

from build.common.dates import (DateError, DateValue, interval, parse_date, parse_date_range,
                         precision_of, range_value)


@pytest.mark.parametrize("raw, value, precision, start, end", [
    ("13 May 2011", "2011-05-13", "day", dt.date(2011, 5, 13), dt.date(2011, 5, 13)),
    ("November 19, 1970", "1970-11-19", "day", dt.date(1970, 11, 19), dt.date(1970, 11, 19)),
    ("November 19 1970", "1970-11-19", "day", dt.date(1970, 11, 19), dt.date(1970, 11, 19)),
    ("June 6, 2016", "2016-06-06", "day", dt.date(2016, 6, 6), dt.date(2016, 6, 6)),
    ("On 5 October 2016", "2016-10-05", "day", dt.date(2016, 10, 5), dt.date(2016, 10, 5)),
    ("in May 2012", "2012-05", "month", dt.date(2012, 5, 1), dt.date(2012, 5, 31)),
    ("February 2016", "2016-02", "month", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
    ("2016", "2016", "year", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    ("2016-03-27", "2016-03-27", "day", dt.date(2016, 3, 27), dt.date(2016, 3, 27)),
    ("2016-10", "2016-10", "month", dt.date(2016, 10, 1), dt.date(2016, 10, 31)),
    (" 16 May 2017. ", "2017-05-16", "day", dt.date(2017, 5, 16), dt.date(2017, 5, 16)),
    ("13 MAY 2011", "2011-05-13", "day", dt.date(2011, 5, 13), dt.date(2011, 5, 13)),
])
def test_accepted_forms(raw, value, precision, start, end):
    assert parse_date(raw) == DateValue(value, precision, start, end, None)


def test_mid_year_keeps_year_precision_and_records_the_qualifier():
    parsed = parse_date("mid-2016")
    # The text gives no month, so none is invented: the interval is the whole year.
    assert parsed == DateValue("2016", "year", dt.date(2016, 1, 1), dt.date(2016, 12, 31), "mid")
    assert parse_date("early 2016").qualifier == "early"
    assert parse_date("Late May 2012") == DateValue(
        "2012-05", "month", dt.date(2012, 5, 1), dt.date(2012, 5, 31), "late")


@pytest.mark.parametrize("raw, reason", [
    ("31 February 2016", "day 31 out of range for February 2016"),
    ("29 February 2015", "day 29 out of range for February 2015"),
    ("31 April 2010", "day 31 out of range for April 2010"),
    ("13 Mayo 2011", "'Mayo' is not an English month name"),
    ("2016-13", "month 13 out of range (1-12)"),
    ("2016-02-30", "day 30 out of range for February 2016"),
    ("0000", "year 0 out of range"),
    ("the summer", "not a recognised date"),
    ("", "not a recognised date"),
    ("since 2010", "'since' makes it a bound, not a date"),
    ("By mid-2016", "'By' makes it a bound"),
    ("mid-5 May 2016", "cannot qualify a full day"),
])
def test_impossible_or_unparseable_dates_name_the_text_and_why(raw, reason):
    with pytest.raises(DateError) as caught:
        parse_date(raw)
    assert repr(raw) in str(caught.value)
    assert reason in str(caught.value)


def test_leap_day_exists_in_a_leap_year():
    assert parse_date("29 February 2016").value == "2016-02-29"


def test_date_error_is_a_value_error():
    assert issubclass(DateError, ValueError)


@pytest.mark.parametrize("raw, first, last", [
    ("(2012–2016)", "2012", "2016"),  # en dash, parenthesised as in rendering B
    ("2012-2016", "2012", "2016"),  # hyphen
    ("2012 — 2016", "2012", "2016"),  # em dash
    ("from 2011 to 2016", "2011", "2016"),
    ("between 2017 and 2021", "2017", "2021"),
    ("14 May 2017 – 9 March 2018", "2017-05-14", "2018-03-09"),
    ("from May 2012 until November 2016", "2012-05", "2016-11"),
    ("between September 2007 and August 2009", "2007-09", "2009-08"),
    ("from 13 May 2011 to 15 November 2016", "2011-05-13", "2016-11-15"),
    # Hyphens inside ISO dates are not taken for the range separator.
    ("2016-10-05 - 2016-10-07", "2016-10-05", "2016-10-07"),
    ("2016-09-2017", "2016-09", "2017"),
    ("2016 – 2016", "2016", "2016"),
])
def test_ranges(raw, first, last):
    start, end = parse_date_range(raw)
    assert (start.value, end.value) == (first, last)


def test_range_value_is_edtf_style():
    assert range_value(*parse_date_range("(2012–2016)")) == "2012/2016"
    assert range_value(*parse_date_range("13 May 2011 – 15 November 2016")) == \
        "2011-05-13/2016-11-15"


@pytest.mark.parametrize("raw, reason", [
    ("2016–2012", "ends (2012) before it starts (2016)"),
    ("9 March 2018 – 14 May 2017", "ends (2017-05-14) before it starts (2018-03-09)"),
    ("2016 – June 2016", "ends (2016-06) before it starts (2016)"),
    ("31 February 2016 – 2017", "day 31 out of range for February 2016"),
    ("2012 and 2016", "no 'start – end' found"),  # 'and' needs 'between'
    ("2016", "no 'start – end' found"),
])
def test_bad_ranges(raw, reason):
    with pytest.raises(DateError) as caught:
        parse_date_range(raw)
    assert reason in str(caught.value)


@pytest.mark.parametrize("value, precision, start, end", [
    ("2016", "year", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    ("2016-02", "month", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
    ("2016-06-06", "day", dt.date(2016, 6, 6), dt.date(2016, 6, 6)),
    ("2012/2016", "interval", dt.date(2012, 1, 1), dt.date(2016, 12, 31)),
    ("2011-05-13/2016-11", "interval", dt.date(2011, 5, 13), dt.date(2016, 11, 30)),
    ("2016-06-06", None, dt.date(2016, 6, 6), dt.date(2016, 6, 6)),
    (2016, "year", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),  # as YAML reads it
    (dt.date(2016, 6, 6), "day", dt.date(2016, 6, 6), dt.date(2016, 6, 6)),
])
def test_interval_of_stored_values(value, precision, start, end):
    assert interval(value, precision) == (start, end)


@pytest.mark.parametrize("value, precision, reason", [
    ("2016", "day", "its shape is year precision, not 'day'"),
    ("2012/2016", "year", "its shape is interval precision"),
    ("2016/2012", "interval", "ends before it starts"),
    ("May 2012", "month", "not a stored ISO 8601 value"),
    ("2016-02-30", "day", "day 30 out of range"),
    ("2012/", "interval", "an ISO 8601 date on each side"),
])
def test_interval_refuses_bad_stored_values(value, precision, reason):
    with pytest.raises(DateError) as caught:
        interval(value, precision)
    assert reason in str(caught.value)


def test_precision_of():
    assert [precision_of(v) for v in ("2016", "2016-06", "2016-06-06", "2012/2016")] == \
        ["year", "month", "day", "interval"]


def test_human_dates_read_as_written_in_prose():
    from build.common.dates import human

    assert [human(v) for v in ("2016", "2016-09", "2016-10-05")] == ["2016", "September 2016", "5 October 2016"]
