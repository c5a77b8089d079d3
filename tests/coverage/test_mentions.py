"""Mentions found in the real source texts: exact spans, no overlaps, nothing spurious."""

from pathlib import Path

import pytest

from build.coverage.mentions import Mention, find_mentions

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"
FILES = ("ipu-ecu-92-decision.txt", "wikipedia-rendering-a.txt", "wikipedia-rendering-b.txt")


def read(name):
    return (SOURCES / name).read_text(encoding="utf-8")


def summary(mentions):
    """(kind, raw, value, precision, unit) of each mention, for set comparisons."""
    return {(m.kind, m.raw, m.value, m.precision, m.unit) for m in mentions}


@pytest.fixture(scope="module", params=FILES)
def source(request):
    text = read(request.param)
    return text, find_mentions(text)


def test_every_span_slices_to_its_raw(source):
    text, mentions = source
    assert mentions
    for m in mentions:
        assert text[m.char_start:m.char_end] == m.raw


def test_no_two_mentions_overlap_and_they_come_in_order(source):
    _, mentions = source
    assert len(mentions) > 1
    for before, after in zip(mentions, mentions[1:]):
        assert before.char_end <= after.char_start


def test_kinds_and_fields_are_consistent(source):
    _, mentions = source
    assert mentions
    for m in mentions:
        if m.kind == "date":
            assert m.precision in ("year", "month", "day") and m.unit is None
        else:
            assert m.kind in ("number", "ordinal", "duration", "relative") and m.precision is None


def test_rendering_b():
    mentions = find_mentions(read("wikipedia-rendering-b.txt"))
    expected = {
        ("date", "13 May 2012", "2012-05-13", "day", None),  # A says 2011
        ("date", "19 November 1970", "1970-11-19", "day", None),
        ("date", "May 2012", "2012-05", "month", None),
        ("date", "2012", "2012", "year", None),  # the ends of "(2012–2016)"
        ("date", "mid-2016", "2016", "year", None),
        ("date", "5 October 2016", "2016-10-05", "day", None),
        ("date", "7 August 2025", "2025-08-07", "day", None),
        ("number", "17.57 cases", "17.57", None, "cases"),
        ("number", "6.41 cases", "6.41", None, "cases"),
        ("number", "5 cases per 100,000 inhabitants", "5", None, "per 100,000 inhabitants"),
        ("number", "5.5 per 100,000 inhabitants", "5.5", None, "per 100,000 inhabitants"),
        ("number", "41,551 anti-narcotics operations", "41551", None, "operations"),
        ("number", "305 drug-trafficking organizations", "305", None, "organizations"),
        ("number", "332 metric tons", "332", None, "metric tons"),
        ("number", "800,000 followers", "800000", None, "followers"),
        ("number", "4,800 operations", "4800", None, "operations"),
        ("number", "39%", "39", None, "percent"),
        ("number", "15%", "15", None, "percent"),
        # Found since the mention finder reads ordinals, year-less dates, durations and relative dates.
        ("duration", "three months", "P3M", None, None),
        ("relative", "A month later", "+P1M", None, None),
        ("relative", "one hour after", "+PT1H", None, None),
        ("relative", "shortly afterward", "after", None, None),
        ("relative", "today", "+P0D", None, None),
        ("date", "10 September", "--09-10", "day", None),
        ("date", "11 September", "--09-11", "day", None),
        ("ordinal", "125th", "125", None, None),
        ("ordinal", "seventh", "7", None, None),
    }
    assert expected <= summary(mentions)


def test_rendering_b_range_ends_are_separate_years():
    text = read("wikipedia-rendering-b.txt")
    at = text.index("(2012–2016)")
    inside = [m for m in find_mentions(text) if at <= m.char_start < at + len("(2012–2016)")]
    assert [(m.raw, m.char_start - at) for m in inside] == [("2012", 1), ("2016", 6)]


def test_rendering_b_skips_what_is_not_a_figure():
    mentions = find_mentions(read("wikipedia-rendering-b.txt"))
    raws = {m.raw for m in mentions}
    # Statute digits, infobox keys "Office1"; the day of "On 10 September" is part of its date.
    for not_a_figure in ("8", "1182", "9", "1", "2", "3", "10", "11", "125"):
        assert not_a_figure not in raws
    # "one hour", "of the safest": 'one' is a pronoun here, not a count.
    assert "one" not in {m.raw.lower() for m in mentions}


def test_rendering_a():
    mentions = find_mentions(read("wikipedia-rendering-a.txt"))
    expected = {
        ("date", "13 May 2011", "2011-05-13", "day", None),
        ("date", "15 November 2016", "2016-11-15", "day", None),
        ("date", "November 19, 1970", "1970-11-19", "day", None),
        ("date", "June 6, 2016", "2016-06-06", "day", None),
        ("date", "April 23, 2004", "2004-04-23", "day", None),
        ("date", "September 2016", "2016-09", "month", None),  # B says 5 October 2016
        ("date", "2016-03-27", "2016-03-27", "day", None),  # "Archived 2016-03-27"
        ("date", "2011", "2011", "year", None),
        ("number", "20 per 100,000 inhabitants", "20", None, "per 100,000 inhabitants"),
        ("number", "5 per 100,000", "5", None, "per 100,000 inhabitants"),
        ("number", "20%", "20", None, "percent"),
        ("number", "5.5%", "5.5", None, "percent"),
        ("number", "$800 million", "800000000", None, "USD"),
        ("number", "305 criminal drug organizations", "305", None, "organizations"),
        ("number", "332 metric tons", "332", None, "metric tons"),
        ("number", "191%", "191", None, "percent"),
        ("number", "two", "2", None, None),
        # "over the past six and a half years": a span counted back from the text's date, not a figure.
        ("relative", "over the past six and a half years", "-P6.5Y", None, None),
        ("relative", "the previous decade", "-P10Y", None, None),
        ("relative", "a month later", "+P1M", None, None),
        ("ordinal", "3rd", "3", None, None),
        ("ordinal", "480th", "480", None, None),
    }
    assert expected <= summary(mentions)


def test_rendering_a_skips_citations_and_ordinals():
    mentions = find_mentions(read("wikipedia-rendering-a.txt"))
    raws = {m.raw for m in mentions}
    # [1]..[8], "(footnote 125, ...)"; "3rd President", "480th-anniversary" are ordinals, not figures.
    for not_a_figure in ("1", "4", "7", "8", "125", "3", "480"):
        assert not_a_figure not in raws
    # "100,000" lives inside its rate's unit, never on its own.
    assert "100,000" not in raws
    # "seventh generation" is an ordinal word, not seven.
    assert "seven" not in raws
    assert {m.raw: m.kind for m in mentions if m.raw in ("3rd", "480th", "seventh")} == {
        "3rd": "ordinal", "480th": "ordinal", "seventh": "ordinal"}


def test_ipu_decision():
    text = read("ipu-ecu-92-decision.txt")
    mentions = find_mentions(text)
    assert [(m.kind, m.raw, m.value) for m in mentions] == [
        ("date", "2017", "2017"), ("date", "2021", "2021"),  # between 2017 and 2021
        ("date", "2011", "2011"), ("date", "2016", "2016"),  # From 2011 to 2016
        ("number", "75 police officers", "75"), ("date", "2016", "2016"),
        ("number", "30", "30"), ("date", "2017", "2017"),
        ("number", "seven", "7"),
        ("ordinal", "144th", "144"),  # the hearing at the 144th IPU Assembly
        ("date", "March 2018", "2018-03"),
        ("date", "May 2021", "2021-05"),
        ("ordinal", "144th", "144"),  # decision paragraph 1
        ("date", "May 2021", "2021-05"),
    ]
    # "ECU-92", "Section I.1(a)", paragraph numbers "1." to "8." all stay out: the list above is complete.
    assert mentions[4] == Mention("number", "75 police officers", mentions[4].char_start,
                                  mentions[4].char_start + 18, "75", None, "police officers")


@pytest.mark.parametrize("text, expected", [
    ("Minister of the Interior (2012–2016) and", [("2012", "year"), ("2016", "year")]),
    ("from 2012 to 2016,Serrano", [("2012", "year"), ("2016", "year")]),
    ("2012-2016", [("2012", "year"), ("2016", "year")]),
    ("By mid-2016, the police", [("2016", "year")]),
    ("On 10 September, Ayala", [("--09-10", "day")]),  # a year-less date: ISO 8601's --MM-DD
    ("June 6 and 30 February", [("--06-06", "day")]),  # a day the month never has is not reported
    ("On 31 February 2016 nothing", []),  # an impossible date is not half-reported
    ("the 2,016 operations", []),
    ("born in 1870 and 2150", []),  # outside 1900-2099: not taken for years
    ("12016 and 20161", []),
])
def test_dates_in_small_texts(text, expected):
    got = [(m.value, m.precision) for m in find_mentions(text) if m.kind == "date"]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("the 2,016 operations", [("2,016 operations", "2016", "operations")]),
    ("from 20 to 5.5 per 100,000 inhabitants",
     [("20", "20", None), ("5.5 per 100,000 inhabitants", "5.5", "per 100,000 inhabitants")]),
    ("more than 4,800 operations", [("4,800 operations", "4800", "operations")]),
    ("30 in 2017", [("30", "30", None)]),
    ("one of the safest, one operation", [("one operation", "1", "operations")]),
    ("twenty-one officers", []),
    ("see [12] and ECU-92 and 8 U.S.C. §1182(a)(9)(B)(iii)(II)", []),
    ("Section I.1(a) of the 144th Assembly", []),
    ("1. Thanks the delegation", []),
])
def test_numbers_in_small_texts(text, expected):
    got = [(m.raw, m.value, m.unit) for m in find_mentions(text) if m.kind == "number"]
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("A month later, he withdrew", [("relative", "A month later", "+P1M")]),
    ("just one hour after the hearing", [("relative", "one hour after", "+PT1H")]),
    ("two years earlier and three days ago", [("relative", "two years earlier", "-P2Y"),
                                              ("relative", "three days ago", "-P3D")]),
    ("compared to the previous decade", [("relative", "the previous decade", "-P10Y")]),
    ("the DEA today honored", [("relative", "today", "+P0D")]),
    ("and shortly afterward an inquiry", [("relative", "shortly afterward", "after")]),
    ("suspended for three months without pay", [("duration", "three months", "P3M")]),
    ("for one hour, then two decades", [("duration", "one hour", "PT1H"), ("duration", "two decades", "P20Y")]),
    ("the 144th IPU Assembly, the 3rd President, the seventh generation",
     [("ordinal", "144th", "144"), ("ordinal", "3rd", "3"), ("ordinal", "seventh", "7")]),
    ("his first post; at first", []),  # 'first' is rarely a place in a numbered series
    ("twenty-one days", []),  # not 'one day'
])
def test_ordinals_durations_and_relative_dates(text, expected):
    got = [(m.kind, m.raw, m.value) for m in find_mentions(text)]
    assert got == expected


def test_empty_text():
    assert find_mentions("") == []
