"""Figures of a measure the vocabulary knows, with their period and unit (claims about an indicator:
``subject_table = 'indicators'``, property ``value``).

==============  ======================================================================
rule            reads
==============  ======================================================================
figure_trend    "the homicide rate in Ecuador fell significantly, from 17.57 cases in
                2010 to 6.41 cases in 2015 and closed 2016 with 5 cases per 100,000
                inhabitants", "a drastic reduction of the homicide rate in Ecuador, from
                20 per 100,000 inhabitants in 2010 to just 5 per 100,000 by the end of
                2016", "security arrangements have been reduced over time, going from 75
                police officers in 2016, when ..., to 30 in 2017, ..., and seven towards
                the end of his parliamentary mandate"; with no year in the sentence,
                "Under his leadership" / "During this period" / "During his tenure"
                take the span of dates a sentence before in the paragraph stated
figure_count    "Between 2010 and 2016, Ecuador seized 332 metric tons of narcotics
                ..., dismantled 305 drug-trafficking organizations, and carried out
                41,551 anti-narcotics operations", "By mid-2016, the National Police
                had carried out more than 4,800 operations, seizing over 47 metric tons
                of drugs", "The country had seized 332 metric tons of narcotics since
                2010": the measure is "<what> <done>" or "<what>" in the vocabulary
                ("narcotics seized", "anti-narcotics operations")
==============  ======================================================================

The measure must be a name or alias of ``data/vocabularies/indicators.yml``: a
figure of something the vocabulary does not name is not read (a figure is only
comparable with figures of the same measure, so a guessed measure would set
unlike figures against each other).  A figure keeps its qualifier ("just",
"over", "approximately", "more than"); a figure written without the unit that the
last one of its series has ("from 20 to 5.5 per 100,000 inhabitants", "17.57
cases ... 5 cases per 100,000 inhabitants") takes that unit, and the row says
it was inferred.
"""

from __future__ import annotations

import re

from ...common.dates import DateError, parse_date
from ...common.numbers import QUALIFIERS, NumberError, normalize_unit, parse_number
from .context import Context
from .patterns import Finding
from .reading import FILL, SIGILS, Reading

_Q = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_NUMBER = r"\$?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\$?\d+(?:\.\d+)?|(?:two|three|four|five|six|seven|eight|nine|ten)"
_UNIT = (r"%|(?: cases| homicides)? per 100,000(?: inhabitants| people| residents)?"
         r"| (?:[a-z][\w-]* ){0,2}(?:cases|metric tons|police officers|operations|organizations|followers)")


def _figure(name: str) -> str:
    return (rf"(?:(?P<{name}_q>{_Q}) )?(?P<{name}>(?:{_NUMBER})(?: (?:million|billion|thousand))?(?:{_UNIT})?)"
            rf"(?![\w,]\d)")


_DATE = f"{SIGILS['date']}{FILL}*"
_ASIDE = r"(?:, [^,;]{1,80},)?"
_TREND = re.compile(
    rf"\bfrom {_figure('a')}(?: in (?P<pa>{_DATE}))?{_ASIDE} to {_figure('b')}"
    rf"(?: (?:in|by)(?: the end of)? (?P<pb>{_DATE}))?{_ASIDE}"
    rf"(?:,? and (?:closed|ended) (?P<pc>{_DATE}) with {_figure('c')}"
    rf"|,? and {_figure('c2')} (?:towards|at|by) the (?P<pcw>end of [^,.;\x00]+))?")
_TREND_WORDS = re.compile(r"\b(?:fell|fall|falling|dropped|drop|dropping|declined|decline|decreased|decrease|rose|"
                          r"rise|rising|increased|increase|grew|reduced|reduction|went|going)\b")
_LOOK_BACK = re.compile(
    rf"^(?:Under (?:his|her|{SIGILS['self']}{FILL}*'s) leadership|During (?:this|that) (?:period|time)"
    rf"|During (?:his|her) (?:tenure|term))\b")
# A word of what was counted: never a word that joins or ends a phrase ("narcotics since 2010",
# "drugs and dismantling").
_WORD = r"(?!(?:and|or|an?|the|since|in|to|by|from|over|during|with|compared)\b)[a-z][\w-]*"
_COUNT = re.compile(
    rf"\b(?P<verb>seized|seizing|dismantled|dismantling|carried out|carrying out|captured|capturing|arrested|"
    rf"arresting|conducted|conducting) {_figure('n')}(?: of (?P<thing>{_WORD}(?: {_WORD}){{0,2}}))?")
_DONE = {"seized": "seized", "seizing": "seized", "dismantled": "dismantled", "dismantling": "dismantled",
         "captured": "captured", "capturing": "captured", "arrested": "arrested", "arresting": "arrested",
         "carried out": "", "carrying out": "", "conducted": "", "conducting": ""}
_COUNT_PERIOD = [
    re.compile(rf"^Between (?P<a>{_DATE}) and (?P<b>{_DATE}), "),
    re.compile(rf"^By (?P<by>{_DATE}), "),
    re.compile(rf"\bsince (?P<since>{_DATE})"),
]
_RANGES = re.compile(rf"\b(?:[Ff]rom (?P<a>{_DATE}) (?:to|until) (?P<b>{_DATE})|[Bb]etween (?P<c>{_DATE}) and "
                     rf"(?P<d>{_DATE})|\((?P<e>{_DATE}) ?[–-] ?(?P<f>{_DATE})\))")


def read_figures(reading: Reading, context: Context, vocabularies) -> list[Finding]:
    found: list[Finding] = []
    skeleton = reading.skeleton
    if re.search(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten)\b", skeleton):
        measures = reading.mentions("indicators")
        found += _trends(reading, context, measures)
        found += _counts(reading, vocabularies)
    _remember_range(reading, context)
    return found


def _year(reading: Reading, where: tuple[int, int] | None) -> str | None:
    if where is None or where[0] < 0:
        return None
    try:
        return parse_date(reading.flat[where[0]:where[1]]).value
    except DateError:
        return None


def _trends(reading: Reading, context: Context, measures) -> list[Finding]:
    found = []
    skeleton = reading.skeleton
    for match in _TREND.finditer(skeleton):
        before = [m for m in measures if m[1] <= match.start()]
        if not before:
            continue
        start, end, indicator = before[-1]
        between = skeleton[end:match.start()]
        if len(between) > 80 or re.search(r"\d|[\ue000-\ue003]", between):
            continue
        if not (_TREND_WORDS.search(between) or _TREND_WORDS.search(skeleton[max(0, start - 30):start])):
            continue
        names = [n for n in ("a", "b", "c", "c2") if match.group(n)]
        periods = {"a": _year(reading, match.span("pa")), "b": _year(reading, match.span("pb")),
                   "c": _year(reading, match.span("pc")), "c2": match.group("pcw")}
        if periods["a"] is None and periods["b"] is None and len(names) == 2:
            if context.last_range is None or not _LOOK_BACK.match(skeleton):
                continue
            periods["a"], periods["b"] = context.last_range
        if any(periods[n] is None for n in names):
            continue
        # A figure written without the unit the others of its series give takes it ("from 20 to 5.5 per
        # 100,000 inhabitants"; "75 police officers ..., to 30 ..., and seven"); "cases" is what a rate counts.
        units = {_unit(match.group(n)) for n in names} - {None, "cases"}
        shared = units.pop() if len(units) == 1 else None
        for name in names:
            value = match.span(name)
            entry = {"period": periods[name]}
            qualifier = match.group(f"{name}_q")
            if qualifier:
                entry["qualifier"] = qualifier.lower()
            unit = _unit(match.group(name))
            if shared is not None and unit in (None, "cases"):
                number = re.match(rf"{_NUMBER}", match.group(name))
                value = (value[0], value[0] + number.end())
                entry["unit"] = shared
            found.append(Finding("figure_trend", reading, "indicators", (indicator, ""), "value", value, entry=entry))
    return found


def _unit(words: str) -> str | None:
    try:
        return parse_number(words).unit
    except NumberError:
        return None


def _counts(reading: Reading, vocabularies) -> list[Finding]:
    skeleton = reading.skeleton
    period = None
    for pattern in _COUNT_PERIOD:
        match = pattern.search(skeleton)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("a"):
            period = f"{_year(reading, match.span('a'))}–{_year(reading, match.span('b'))}"
        elif groups.get("by"):
            period = f"to {reading.flat[match.start('by'):match.end('by')]}"
        else:
            period = f"since {_year(reading, match.span('since'))}"
        break
    if period is None or "None" in period:
        return []
    indicators = vocabularies["indicators"]
    found = []
    for match in _COUNT.finditer(skeleton):
        figure = match.group("n")
        words = re.sub(rf"^(?:{_NUMBER})(?: (?:million|billion|thousand))? ?", "", figure)
        done = _DONE[match.group("verb")]
        indicator = None
        for thing in _shorter(match.group("thing")) + _shorter(words, from_left=True):
            if re.fullmatch(r"%|metric tons?", thing):
                continue
            indicator = indicators.resolve(f"{thing} {done}".strip()) or indicators.resolve(thing)
            if indicator is not None:
                break
        if indicator is None:
            continue
        try:
            normalize_unit(words or None)
        except NumberError:
            continue
        entry = {"period": period}
        if match.group("n_q"):
            entry["qualifier"] = match.group("n_q").lower()
        found.append(Finding("figure_count", reading, "indicators", (indicator, ""), "value", match.span("n"),
                             entry=entry))
    return found


def _shorter(words: str | None, from_left: bool = False) -> list[str]:
    """'criminal drug organizations' -> itself, 'drug organizations', 'organizations' (describers dropped from the
    left: the head noun stays); 'narcotics' -> itself.  Longest first."""
    if not words:
        return []
    parts = words.split()
    if from_left:
        return [" ".join(parts[i:]) for i in range(len(parts))]
    return [" ".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _remember_range(reading: Reading, context: Context) -> None:
    """The last span of dates the sentence states, for a later "During this period" (as years)."""
    for match in _RANGES.finditer(reading.skeleton):
        pair = [g for g in ("a", "b", "c", "d", "e", "f") if match.group(g)]
        first, last = (_year(reading, match.span(g)) for g in pair)
        if first and last:
            context.last_range = (first, last)
