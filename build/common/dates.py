"""Dates as the sources write them, turned into intervals of the calendar.

A date in a source is never a point: "2016" is any day of 2016, "June 2016" any
day of that June.  So every parsed date is stored as an ISO 8601 value at the
precision the text gives (``'2016'``, ``'2016-06'``, ``'2016-06-06'``) together
with the first and last day it may denote.  Nothing is ever made more precise
than the words: "mid-2016" stays a year.

Accepted forms of one date (``parse_date``), matched case-insensitively:

1. ``13 May 2011``           day month year (the Wikipedia style)
2. ``November 19, 1970``     month day year, the comma optional
3. ``May 2012``              month year
4. ``2016``                  a year (four digits)
5. ``2016-10-05``, ``2016-10``  ISO 8601 as stored, or as in "Archived 2016-03-27"
6. ``early 2016``, ``mid-2016``, ``late May 2012``: a qualifier before forms 3-4.
   The value keeps the precision of the rest ('2016', year) and the qualifier
   is kept in ``DateValue.qualifier``; the interval stays the whole year or
   month, because the text does not say which months "mid" covers.

Months are English names written in full ("Mayo" is refused: the sources are
English renderings, so a Spanish word is a transcription mistake to report).
One leading preposition that does not change the meaning is dropped: "on",
"in", "during" ("On 5 October 2016").  Words that make the date a *bound*
("since 2010", "by 2016", "from", "until", "before", "after") are refused:
"since 2010" is not the year 2010, and passing it as one would make later
comparisons wrong.  Ranges go through ``parse_date_range`` instead.

A stored interval value is EDTF-style ``'2012/2016'`` or
``'2011-05-13/2016-11-15'``; its precision is ``'interval'`` (not the coarser
side, so that a reader can tell a span from a single uncertain date).
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from .lazy_re import LazyPattern

PRECISIONS = ("year", "month", "day")
INTERVAL = "interval"
QUALIFIERS = ("early", "mid", "late")

# Spelled out rather than taken from calendar.month_name, which follows the
# locale: the sources are English whatever machine builds the record.
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12,
}
MONTH_NAMES = {number: name.capitalize() for name, number in MONTHS.items()}

NEUTRAL_PREPOSITIONS = ("on", "in", "during")
BOUND_WORDS = ("since", "by", "from", "until", "till", "to", "before", "after")


class DateError(ValueError):
    """A date that cannot be parsed or does not exist; the message names the text."""


class DateValue(NamedTuple):
    value: str  # ISO 8601 at the stated precision: '2016', '2016-10', '2016-10-05'
    precision: str  # 'year' | 'month' | 'day'
    start: datetime.date  # first day the date may denote
    end: datetime.date  # last day the date may denote
    qualifier: str | None = None  # 'early' | 'mid' | 'late', never narrows the interval


# --- the forms, each anchored so a form either takes the whole text or nothing
_WORD = r"([A-Za-z]+)"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})\s+{_WORD}\s+(\d{{4}})")
_MONTH_DAY_YEAR = re.compile(rf"{_WORD}\s+(\d{{1,2}}),?\s+(\d{{4}})")
_MONTH_YEAR = re.compile(rf"{_WORD}\s+(\d{{4}})")
_YEAR = re.compile(r"(\d{4})")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_QUALIFIED = re.compile(rf"({'|'.join(QUALIFIERS)})(?:-|\s+)(.+)", re.IGNORECASE)
_LEADING_WORD = re.compile(r"([A-Za-z]+)\s+(.+)")


def _fail(raw: str, why: str) -> DateError:
    return DateError(f"invalid date {raw!r}: {why}")


def _build(raw: str, year: int, month: int | None = None, day: int | None = None,
           qualifier: str | None = None) -> DateValue:
    """Check the calendar and make the interval; every form ends here."""
    if year < 1:
        raise _fail(raw, f"year {year} out of range")
    if month is None:
        return DateValue(f"{year:04d}", "year", datetime.date(year, 1, 1),
                         datetime.date(year, 12, 31), qualifier)
    if not 1 <= month <= 12:
        raise _fail(raw, f"month {month} out of range (1-12)")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return DateValue(f"{year:04d}-{month:02d}", "month", datetime.date(year, month, 1),
                         datetime.date(year, month, last), qualifier)
    if not 1 <= day <= last:
        raise _fail(raw, f"day {day} out of range for {MONTH_NAMES[month]} {year}")
    point = datetime.date(year, month, day)
    return DateValue(point.isoformat(), "day", point, point, qualifier)


def _month(raw: str, word: str) -> int:
    try:
        return MONTHS[word.lower()]
    except KeyError:
        raise _fail(raw, f"{word!r} is not an English month name") from None


def _parse_iso(raw: str, text: str) -> DateValue | None:
    m = _ISO.fullmatch(text)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    return _build(raw, year, month, day)


def _parse_plain(raw: str, text: str, qualifier: str | None = None) -> DateValue:
    """One date without leading words; ``qualifier`` only allows forms 3-4."""
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        day, word, year = m.groups()
        value = _build(raw, int(year), _month(raw, word), int(day))
    elif m := _MONTH_DAY_YEAR.fullmatch(text):
        word, day, year = m.groups()
        value = _build(raw, int(year), _month(raw, word), int(day))
    elif m := _MONTH_YEAR.fullmatch(text):
        word, year = m.groups()
        value = _build(raw, int(year), _month(raw, word))
    elif (value := _parse_iso(raw, text)) is None:
        raise _fail(raw, "not a recognised date (expected a form like '13 May 2011', "
                         "'November 19, 1970', 'May 2012', '2016' or '2016-10-05')")
    if qualifier is None:
        return value
    if value.precision == "day":
        raise _fail(raw, f"{qualifier!r} cannot qualify a full day")
    return DateValue(value.value, value.precision, value.start, value.end, qualifier.lower())


def parse_date(raw: str) -> DateValue:
    """Parse one date in a form listed in the module docstring, or raise DateError."""
    if not isinstance(raw, str):
        raise DateError(f"invalid date {raw!r}: not text")
    # Surrounding space and a sentence's trailing comma/full stop are not the date.
    text = " ".join(raw.split()).rstrip(".,;")
    if m := _LEADING_WORD.fullmatch(text):
        word = m.group(1).lower()
        if word in NEUTRAL_PREPOSITIONS:
            text = m.group(2)
        elif word in BOUND_WORDS:
            raise _fail(raw, f"{m.group(1)!r} makes it a bound, not a date; "
                             "give the date alone or use parse_date_range")
    if m := _QUALIFIED.fullmatch(text):
        return _parse_plain(raw, m.group(2), qualifier=m.group(1))
    return _parse_plain(raw, text)


# --- ranges --------------------------------------------------------------------

# A separator between the two ends.  A bare hyphen is also a separator of ISO
# dates' parts, so every candidate split is tried and exactly one must parse.
_SEPARATOR = LazyPattern(r"\s*[\u2013\u2014-]\s*|\s+(?:to|until|till|through|and)\s+",
                         re.IGNORECASE)
_RANGE_LEAD = LazyPattern(r"(from|between)\s+(.+)", re.IGNORECASE)


def is_date(text: str) -> bool:
    """Whether ``text`` is one date in a form ``parse_date`` reads."""
    try:
        parse_date(text)
    except DateError:
        return False
    return True


def parse_date_range(raw: str) -> tuple[DateValue, DateValue]:
    """Parse "2012–2016", "(2012-2016)", "from 2011 to 2016", "between 2017 and 2021",
    "14 May 2017 – 9 March 2018", "from May 2012 until November 2016".

    'and' only separates after 'between' ("2012 and 2016" alone is a list).
    Raises DateError when no split parses, when several do, or when the range
    ends before it starts.
    """
    text = " ".join(str(raw).split()).rstrip(".,;")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    lead = None
    if m := _RANGE_LEAD.fullmatch(text):
        lead, text = m.group(1).lower(), m.group(2)
    found: list[tuple[DateValue, DateValue]] = []
    first_error: DateError | None = None
    for sep in _SEPARATOR.finditer(text):
        if (sep.group().strip().lower() == "and") != (lead == "between"):
            continue
        try:
            found.append((_parse_plain(raw, text[:sep.start()]),
                          _parse_plain(raw, text[sep.end():])))
        except DateError as error:
            # Remember why a spaced or dashed split failed: that is the one the
            # writer meant, and its reason ("day 31 out of range...") helps most.
            if first_error is None and sep.group() != "-":
                first_error = error
    if not found:
        if first_error is not None:
            raise first_error
        raise DateError(f"invalid date range {raw!r}: no 'start – end' found")
    if len(found) > 1:
        raise DateError(f"invalid date range {raw!r}: ambiguous, it splits more than one way")
    start, end = found[0]
    if _backwards(start, end):
        raise DateError(f"invalid date range {raw!r}: it ends ({end.value}) "
                        f"before it starts ({start.value})")
    return start, end


def _backwards(first: DateValue, last: DateValue) -> bool:
    # The end may share the start's interval ("2016 – 2016") but not begin or
    # finish earlier than it: "2016–2012" and "2016 – June 2016" are mistakes.
    return last.start < first.start or last.end < first.end


def range_value(start: DateValue, end: DateValue) -> str:
    """The stored EDTF-style value of a range: '2012/2016', '2011-05-13/2016-11-15'."""
    return f"{start.value}/{end.value}"


# --- stored values -------------------------------------------------------------

def stored_text(value: str | int | datetime.date) -> str:
    """A stored value as text.  YAML reads ``2016`` as an int and ``2016-10-05`` as
    a date; both mean the ISO text they were written as."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"
    if isinstance(value, str):
        return value.strip()
    raise DateError(f"invalid date {value!r}: a stored date is ISO 8601 text")


def parse_iso_date(text: str) -> str:
    """An ISO 8601 date at reduced precision ('2017', '2017-05', '2017-05-16'), checked
    against the calendar; returns it as stored.  For manifest dates, which are data
    about a document rather than words in it."""
    parsed = _parse_iso(text, str(text).strip())
    if parsed is None:
        raise _fail(text, "not an ISO 8601 date")
    return parsed.value


def precision_of(value: str) -> str:
    """The precision a stored value's shape implies: year, month, day or interval."""
    value = stored_text(value)
    if "/" in value:
        return INTERVAL
    parsed = _parse_iso(value, value)
    if parsed is None:
        raise _fail(value, "not a stored ISO 8601 value")
    return parsed.precision


def interval(value: str, precision: str | None = None) -> tuple[datetime.date, datetime.date]:
    """First and last day of a stored value.

    ``value`` is ISO 8601 at reduced precision or an interval 'A/B' of two such
    values.  ``precision`` must match the shape ('interval' for 'A/B') so that a
    mislabelled row is caught here rather than compared wrongly; None means
    "take it from the shape".
    """
    value = stored_text(value)
    shape = precision_of(value)
    if precision is not None and precision != shape:
        raise _fail(value, f"its shape is {shape} precision, not {precision!r}")
    if shape != INTERVAL:
        parsed = _parse_iso(value, value)
        return parsed.start, parsed.end
    left, _, right = value.partition("/")
    first, last = _parse_iso(value, left), _parse_iso(value, right)
    if first is None or last is None:
        raise _fail(value, "an interval needs an ISO 8601 date on each side of '/'")
    if _backwards(first, last):
        raise _fail(value, "the interval ends before it starts")
    return first.start, last.end


def human(value: str) -> str:
    """A stored value as a reader writes it: '2016', 'September 2016', '5 October 2016'."""
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = datetime.date(2000, int(parts[1]), 1).strftime("%B")
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"
