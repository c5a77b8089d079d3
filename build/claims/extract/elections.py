"""Elections and candidacies of the document's person: their dates, and parties' vote shares.

An election or candidacy is an event of ``data/vocabularies/events.yml``; the
rules find which one the words name, and read nothing when none fits (events
are not made provisional: "an election" alone names no event).

===================  ==================================================================
rule                 reads
===================  ==================================================================
election_elected     "He was elected (as the most voted) member of the National
                     Assembly in 2014": the election that seats that office (an event
                     of kind election with ``seats:`` it), the one whose name holds the
                     year if several do, else the one whose name holds no year
election_won         "In February 2014 he won the elections as the most voted
                     National Assembly member" (likewise)
election_named       "... the lead candidate for the PAIS Alliance in the 2017 Ecuadorian
                     general election": the year in an election's name is its date,
                     when the person is a candidate in the sentence
candidacy            "In 2024, Serrano registered as a pre-candidate for ...": the
                     candidacy the vocabulary names "pre-candidacy" (or "candidacy")
vote_share           "... with 39% by Alianza-Pais party", "CREO with 15%": the
                     figure of the indicator "<party> vote share", for the year of the
                     election the sentence dates (a share with no year reads nothing)
===================  ==================================================================
"""

from __future__ import annotations

import re

from .context import Context
from .patterns import Finding, compile_pattern, span
from .reading import CAP, Reading

_MODIFIERS = r"(?:the )?(?:(?:most voted|youngest|first|second|only) )?"
_ELECTED = compile_pattern(
    rf"{{SUBJ}} {{ADV}}was (?:re-?)?elected (?:as )?{_MODIFIERS}{{OFFICE:office}},? (?:in|on) {{DATE:date}}")
_WON = compile_pattern(
    r"(?:^|, )(?:[Ii]n|[Oo]n) {DATE:date},? {SUBJ} {ADV}won the (?:\w+ )?elections? as "
    r"(?:the )?(?:[\w-]+ ){0,2}{OFFICE:office}")
_NAMED = compile_pattern(
    r"\b(?:candidate|candidacy|ran|running|stood)\b[^.;]*? in the {DATE:date} (?:[A-Z]\w+ )?"
    r"(?P<type>general|presidential|parliamentary|legislative|municipal|local|regional|national) elections?\b")
_CANDIDACY = [compile_pattern(t) for t in (
    r"(?:^|, )(?:[Ii]n|[Oo]n) {DATE:date},? {SUBJ} {ADV}registered as an? (?P<kind>pre-candidate|candidate)\b",
    r"{SUBJ} {ADV}registered as an? (?P<kind>pre-candidate|candidate) [^.;]*? (?:in|on) {DATE:date}$",
)]
_SHARES = [re.compile(p) for p in (
    rf"\bwith (?:the )?(?P<share>\d+(?:\.\d+)?%) (?:of the vote )?by (?P<party>{CAP}(?: {CAP})*) party\b",
    rf"\b(?:party )?(?P<party>{CAP}(?: {CAP})*) with (?:the )?(?P<share>\d+(?:\.\d+)?%)",
)]
_SUBJECT_FIRST = compile_pattern(r"^(?:[^,]{0,60}, |(?:In|On) {DATE} )?{SUBJ} ")


def read_elections(reading: Reading, context: Context, vocabularies) -> list[Finding]:
    if "elect" not in reading.lower and "candida" not in reading.lower:
        return []
    found: list[Finding] = []
    events = vocabularies["events"]
    skeleton = reading.skeleton
    for rule, pattern in (("election_elected", _ELECTED), ("election_won", _WON)):
        for match in pattern.finditer(skeleton):
            office = reading.entity_at(span(match, "office")[0]).entity
            date = span(match, "date")
            event = _election_seating(events, office, reading.flat[date[0]:date[1]])
            if event is not None:
                found.append(Finding(rule, reading, "events", (event, ""), "date", date))
    if _SUBJECT_FIRST.search(skeleton):
        for match in _NAMED.finditer(skeleton):
            date = span(match, "date")
            year = reading.flat[date[0]:date[1]]
            event = events.resolve(f"{year} {match.group('type')} election")
            if event is not None and re.fullmatch(r"\d{4}", year):
                found.append(Finding("election_named", reading, "events", (event, ""), "date", date))
    for pattern in _CANDIDACY:
        for match in pattern.finditer(skeleton):
            kind = match.group("kind")
            event = events.resolve("pre-candidacy" if kind == "pre-candidate" else "candidacy")
            if event is not None:
                found.append(Finding("candidacy", reading, "events", (event, ""), "date", span(match, "date")))
    found += _vote_shares(reading, vocabularies)
    return found


def _election_seating(events, office: str | None, date_words: str) -> str | None:
    """The vocabulary's election that seats ``office``: the one whose name holds the date's year, else the
    only one whose name holds no year; None when that does not decide."""
    if office is None:
        return None
    elections = [e for e in events.having("seats", office) if e.get("kind") == "election"]
    year = re.search(r"\d{4}", date_words)
    named = [e for e in elections if year and year.group() in " ".join([e["name"], *e.get("aliases", [])])]
    if len(named) == 1:
        return named[0]["id"]
    undated = [e for e in elections if not re.search(r"\b\d{4}\b", " ".join([e["name"], *e.get("aliases", [])]))]
    return undated[0]["id"] if len(undated) == 1 else None


def _vote_shares(reading: Reading, vocabularies) -> list[Finding]:
    if "%" not in reading.flat or "elect" not in reading.flat:
        return []
    years = [e for e in reading.entities if e.kind == "date" and re.fullmatch(r"\d{4}", e.text)]
    if len(years) != 1:  # a share is for one election's year; none or several: not read
        return []
    found = []
    for pattern in _SHARES:
        for match in pattern.finditer(reading.flat):
            indicator = vocabularies["indicators"].resolve(f"{match.group('party')} vote share")
            if indicator is not None:
                found.append(Finding("vote_share", reading, "indicators", (indicator, ""), "value",
                                     match.span("share"), entry={"period": years[0].text}))
    return found
