"""The consistency rules (``build.compare.consistency`` says what a rule and a finding are).

Each check reads ``build.compare.rule_facts.Facts`` and returns findings; the table at
the bottom declares each rule once, with its description and severity, and is
what the README and the about page list.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

from .consistency import Finding, Rule, certainly_after, distinct_spans, span
from ..common.dates import human, interval
from .rule_facts import Facts
from ..claims.values import display_value
from ..claims.vocabularies import fold

SUCCESSION_DAYS = 31
ELECTION_MONTHS = 12
CITATION_YEARS = 1
ADULT_YEARS = 18


def _shown(claim: dict) -> str:
    return human(claim["value"])


def _on(claim: dict) -> str:
    """'on 13 May 2011', 'in May 2012', 'in 2017': a date as a sentence gives it."""
    return f"{'on' if claim['precision'] == 'day' else 'in'} {human(claim['value'])}"


def _years_after(date: datetime.date, years: int) -> datetime.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


# --- terms -------------------------------------------------------------------------------------------

def start_before_end(facts: Facts) -> list[Finding]:
    """A term's start is not after its end: every start value against every end value."""
    found = []
    for term in facts.terms:
        bad = certainly_after(term.dates("start_date"), term.dates("end_date"))
        if not bad:
            continue
        start_claims = sorted({id(c): c for s, _ in bad for c in s}.values(), key=lambda c: c["id"])
        end_claims = sorted({id(c): c for _, e in bad for c in e}.values(), key=lambda c: c["id"])
        first_starts, first_ends = bad[0]
        found.append(Finding(
            "start_before_end", term.id, person_id=term.person,
            summary=(f"{facts.person_name(term.person)}'s term as {term.name} cannot start on "
                     f"{_shown(first_starts[0])} ({facts.where(first_starts)}) and end on {_shown(first_ends[0])} "
                     f"({facts.where(first_ends)}): it would end before it began."),
            claims=[(c, "start") for c in start_claims] + [(c, "end") for c in end_claims]))
    return found


def holdings_do_not_overlap(facts: Facts) -> list[Finding]:
    """One person's holdings of one office do not overlap: the Nth must end before the (N+1)th starts."""
    found = []
    for (person, office), terms in sorted(facts.terms_of.items()):
        ordered = sorted(terms, key=lambda t: t.holding)
        for earlier, later in zip(ordered, ordered[1:]):
            # They certainly overlap when the later one certainly starts before the earlier certainly ended.
            bad = certainly_after(earlier.dates("end_date"), later.dates("start_date"))
            if bad:
                e, s = bad[0]
                found.append(Finding(
                    "holdings_do_not_overlap", later.id, person_id=person,
                    summary=(f"{facts.person_name(person)} cannot hold {earlier.name} twice at once: the "
                             f"{_ordinal(later.holding)} holding starts on {_shown(s[0])} ({facts.where(s)}), "
                             f"before the {_ordinal(earlier.holding)} ends on {_shown(e[0])} ({facts.where(e)})."),
                    claims=[(c, "end of the earlier holding") for c in e]
                    + [(c, "start of the later holding") for c in s]))
    return found


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(n, f"{n}th")


def succession(facts: Facts) -> list[Finding]:
    """Predecessor and successor terms in an office meet within 31 days, and name each other."""
    found, gaps_seen = [], set()
    for term in facts.terms:
        for link, their_link, mine, theirs in (("predecessor", "successor", "start_date", "end_date"),
                                               ("successor", "predecessor", "end_date", "start_date")):
            for link_claim in term.claims.get(link, []):
                other = link_claim["value"]
                candidates = facts.terms_of.get((other, term.office), [])
                if not candidates:
                    continue  # the record holds none of their terms in this office: nothing to check
                for finding in _gap_findings(facts, term, link_claim, candidates, mine, theirs):
                    # A gap between two terms is seen from both ends (her predecessor, his successor): once.
                    pair = tuple(sorted((term.id, finding.other_term)))
                    if pair not in gaps_seen:
                        gaps_seen.add(pair)
                        found.append(finding)
                found += _link_findings(facts, term, link_claim, candidates, their_link)
    return found


def _gap_findings(facts, term, link_claim, candidates, mine, theirs) -> list[Finding]:
    """The closest of the other person's terms must meet this one within SUCCESSION_DAYS."""
    own = distinct_spans(term.dates(mine))
    other_dates = [(t, span_, claims) for t in candidates for span_, claims in distinct_spans(t.dates(theirs)).items()]
    if not own or not other_dates:
        return []

    def distance(a, b) -> int:
        (a0, a1), (b0, b1) = a, b
        return max((b0 - a1).days, (a0 - b1).days, 0)  # 0 when the intervals touch or overlap

    best = min(((distance(a, b), t, own[a][0], claims[0]) for a in own for t, b, claims in other_dates),
               key=lambda x: (x[0], x[2]["id"], x[3]["id"]))
    gap, other_term, mine_claim, theirs_claim = best
    if gap <= SUCCESSION_DAYS:
        return []
    who = facts.person_name(link_claim["value"])
    if mine == "start_date":
        summary = (f"{facts.person_name(term.person)}'s term as {term.name} starts on {_shown(mine_claim)} "
                   f"({facts.where([mine_claim])}), {gap} days from the end of the term of {who}, named as "
                   f"predecessor, on {_shown(theirs_claim)} ({facts.where([theirs_claim])}); a successor takes "
                   f"over within {SUCCESSION_DAYS} days.")
    else:
        summary = (f"{facts.person_name(term.person)}'s term as {term.name} ends on {_shown(mine_claim)} "
                   f"({facts.where([mine_claim])}), {gap} days from the start of the term of {who}, named as "
                   f"successor, on {_shown(theirs_claim)} ({facts.where([theirs_claim])}); a successor takes "
                   f"over within {SUCCESSION_DAYS} days.")
    finding = Finding("succession", f"{term.id}-{link_claim['property']}", person_id=term.person, summary=summary,
                      claims=[(link_claim, link_claim["property"]), (mine_claim, mine.replace("_", " ")),
                              (theirs_claim, f"{link_claim['property']}'s {theirs.replace('_', ' ')}")])
    finding.other_term = other_term.id
    return [finding]


def _link_findings(facts, term, link_claim, candidates, their_link) -> list[Finding]:
    """If A's term names B as predecessor, B's term in the office must not name someone else as successor."""
    found = []
    for other in candidates:
        for back in other.claims.get(their_link, []):
            if back["value"] != term.person and _near(term, other):
                found.append(Finding(
                    "succession", f"{term.id}-{link_claim['property']}-names", person_id=term.person,
                    summary=(f"{facts.person_name(term.person)}'s term as {term.name} names "
                             f"{facts.person_name(link_claim['value'])} as {link_claim['property']} "
                             f"({facts.where([link_claim])}), but that person's term names "
                             f"{facts.person_name(back['value'])} as {their_link} ({facts.where([back])})."),
                    claims=[(link_claim, link_claim["property"]), (back, f"the other term's {their_link}")]))
    return found


def _near(term, other) -> bool:
    """Whether two terms of one office can be consecutive (they are within a year of each other)."""
    a = distinct_spans(term.dates("start_date") + term.dates("end_date"))
    b = distinct_spans(other.dates("start_date") + other.dates("end_date"))
    return any(abs((x[0] - y[0]).days) <= 366 * 2 for x in a for y in b) if a and b else True


# --- elections and candidacies --------------------------------------------------------------------

def election_precedes_term(facts: Facts) -> list[Finding]:
    """An election that seats a person precedes the term it leads to by at most 12 months."""
    found = []
    for event in facts.events:
        office = event.entry.get("seats")
        if event.entry.get("kind") != "election" or not office:
            continue
        terms = facts.terms_of.get((event.person, office), [])
        starts = [(t, days, claims) for t in terms for days, claims in distinct_spans(t.dates("start_date")).items()]
        dates = distinct_spans(event.dates())
        if not starts or not dates:
            continue
        for (e0, e1), elections in dates.items():
            # The term it leads to: the holding whose start can come closest after the election.
            term, (s0, s1), start_claims = min(starts, key=lambda g: (abs((g[1][0] - e1).days), g[2][0]["id"]))
            latest_start = _years_after(e1, ELECTION_MONTHS // 12)
            if s1 < e0:
                why = "before the election"
            elif s0 > latest_start:
                why = f"at least {(s0 - e1).days // 30} months after it, where at most {ELECTION_MONTHS} are usual"
            else:
                continue
            found.append(Finding(
                "election_precedes_term", f"{event.id}-{elections[0]['id']}", person_id=event.person,
                summary=(f"{facts.person_name(event.person)} was elected ({event.name}) {_on(elections[0])} "
                         f"({facts.where(elections)}), but the term it seats, {term.name}, starts "
                         f"{_on(start_claims[0])} ({facts.where(start_claims)}): {why}."),
                claims=[(c, "election date") for c in elections] + [(c, "term start") for c in start_claims]))
    return found


def candidacy_precedes_election(facts: Facts) -> list[Finding]:
    """A candidacy precedes the election it is for."""
    found = []
    elections = {(e.person, e.entity): e for e in facts.events if e.entry.get("kind") == "election"}
    for event in facts.events:
        target = event.entry.get("election")
        if event.entry.get("kind") != "candidacy" or not target or (event.person, target) not in elections:
            continue
        election = elections[(event.person, target)]
        bad = certainly_after(event.dates(), election.dates())
        if bad:
            # Every value on each side that some value of the other contradicts, each with its witnesses.
            candidacies = _distinct_groups(c for c, _ in bad)
            votes = _distinct_groups(e for _, e in bad)
            found.append(Finding(
                "candidacy_precedes_election", event.id, person_id=event.person,
                summary=(f"{facts.person_name(event.person)}'s candidacy ({event.name}) is dated "
                         f"{_values_where(facts, candidacies)}, after the election it is for ({election.name}, "
                         f"dated {_values_where(facts, votes)})."),
                claims=[(x, "candidacy date") for group in candidacies for x in group]
                + [(x, "election date") for group in votes for x in group]))
    return found


def _distinct_groups(groups) -> list[list[dict]]:
    """Groups of claims (one value each), each once, in the order first seen."""
    seen, out = set(), []
    for group in groups:
        if id(group) not in seen:
            seen.add(id(group))
            out.append(group)
    return out


def _values_where(facts: Facts, groups: list[list[dict]]) -> str:
    """'2016 (revision 1) and 15 November 2016 (revision 2)': each value with who states it."""
    parts = [f"{_shown(group[0])} ({facts.where(group)})" for group in groups]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"


# --- titles on dates ------------------------------------------------------------------------------------

def title_matches_term(facts: Facts) -> list[Finding]:
    """A dated sentence calling the person by an office's title ("the Minister of the Interior",
    "former Minister of the Interior") agrees with the person's terms of that office on that date."""
    offices = facts.vocabularies["offices"]
    titles = TitleIndex(sorted(((fold(name), office) for office, entry in offices.entries.items()
                                for name in [entry["name"], *entry.get("aliases", [])] if len(fold(name)) > 8),
                               key=lambda item: -len(item[0])))
    found = []
    for person, claims in sorted(facts.dated.items()):
        names = _names(facts, person)
        titled: dict[str, tuple | None] = {}  # sentence -> (office, former), or None: revisions repeat sentences
        groups: dict[tuple, list[dict]] = {}  # (office, former, days) -> the claims dated so
        for claim in sorted(claims, key=lambda c: c["id"]):
            sentence = facts.sentence_of(claim)
            if sentence not in titled:
                folded = fold(sentence)
                titled[sentence] = _title_in(folded, titles.candidates(folded), names)
            if titled[sentence]:
                office, former = titled[sentence]
                groups.setdefault((office, former, claim["date_start"], claim["date_end"]), []).append(claim)
        for (office, former, _, _), dated in groups.items():
            finding = _title_finding(facts, person, dated, office, former)
            if finding:
                found.append(finding)
    return found


class TitleIndex:
    """The offices' titles, longest first, and which of them a sentence may contain, found without
    searching the sentence for each one: a vocabulary of a thousand people has thousands of titles.

    A title occurs in a sentence only where each run of GRAM characters of it does.  Each title is
    filed under its rarest run among all the titles; a sentence looks up each of its own runs and
    gets the titles filed there, in the titles' order: every title it contains and a few more, so
    that searching those alone finds what searching all of them finds.
    """

    GRAM = 8  # titles are longer than 8 characters (title_matches_term), so each has a run

    def __init__(self, titles: list[tuple[str, str]]):
        self.titles = titles
        runs = [{title[i:i + self.GRAM] for i in range(len(title) - self.GRAM + 1)} for title, _ in titles]
        counts = Counter(run for title_runs in runs for run in title_runs)
        self.filed: dict[str, list[int]] = {}
        for rank, title_runs in enumerate(runs):
            self.filed.setdefault(min(title_runs, key=lambda run: (counts[run], run)), []).append(rank)

    def candidates(self, sentence: str) -> list[tuple[str, str]]:
        """The titles the sentence may contain (every one it does), longest first as in the index."""
        ranks = set()
        for i in range(len(sentence) - self.GRAM + 1):
            ranks.update(self.filed.get(sentence[i:i + self.GRAM], ()))
        return [self.titles[rank] for rank in sorted(ranks)]


def _title_in(sentence: str, titles, names) -> tuple[str, bool] | None:
    """(office, whether "former" precedes it) for the longest title next to the person's name, or None."""
    for title, office in titles:
        at = sentence.find(title)
        # A title, not a description: it stands next to the person's name
        # ("Ecuador's Interior Minister, José Serrano"; "José Serrano, the former Minister of ...").
        if at == -1 or not _next_to_a_name(sentence, at, at + len(title), names):
            continue
        return office, sentence[max(0, at - 12):at].rstrip().endswith(("former", "ex-", "then-former"))
    return None


# Between a name and a title only commas, spaces and words that introduce a title may stand:
# "José Serrano, Ecuador's former Minister of the Interior", "the Interior Minister José Serrano".
_TITLE_GAP = re.compile(r"^[,\s]*(?:(?:the|ecuador's|ecuador’s|former|then|ex-|interior|its)[,\s]+)*$")


def _names(facts: Facts, person: str) -> list[str]:
    entry = facts.vocabularies["persons"].entries[person]
    return sorted({fold(n) for n in [entry["name"], *entry.get("aliases", [])] if len(fold(n)) > 3}, key=len)


def _next_to_a_name(sentence: str, start: int, end: int, names: list[str]) -> bool:
    """A title, not a description: the person's name stands right before it (with only a comma, "the",
    "Ecuador's" or "former" between) or right after it ("Interior Minister José Serrano")."""
    for name in names:
        at = sentence.rfind(name, 0, start)
        if at != -1 and _TITLE_GAP.match(sentence[at + len(name):start]):
            return True
        at = sentence.find(name, end)
        if at != -1 and _TITLE_GAP.match(sentence[end:at]):
            return True
    return False


def _title_finding(facts, person, claims, office, former) -> Finding | None:
    """``claims``: the dated sentences' claims of one date that call the person by the office's title."""
    terms = facts.terms_of.get((person, office), [])
    if not terms:
        return None
    claim = claims[0]
    d0, d1 = span(claim)
    name = facts.vocabularies["offices"].name(office)
    possible_in, possible_after, evidence = False, False, []
    for term in terms:
        starts, ends = term.dates("start_date"), term.dates("end_date")
        evidence += starts + ends
        first_start = min((day for day, _ in distinct_spans(starts)), default=None)
        last_end = max((day for _, day in distinct_spans(ends)), default=None)
        earliest_end = min((day for day, _ in distinct_spans(ends)), default=None)
        if (first_start is None or first_start <= d1) and (last_end is None or d0 <= last_end):
            possible_in = True
        if earliest_end is not None and d1 >= earliest_end:
            possible_after = True
    if (possible_after if former else possible_in) or not evidence:
        return None
    said = f"former {name}" if former else name
    state = "had not yet held the office" if not possible_in and not possible_after else (
        "was still in office" if former else "was no longer in office")
    return Finding(
        "title_matches_term", f"{claim['id']}-{office}", person_id=person,
        summary=(f"A sentence dated {_shown(claim)} ({facts.where(claims)}) calls {facts.person_name(person)} "
                 f"the {said}, but on that date, by the dates of the terms, the person {state}."),
        claims=[(c, "dated sentence") for c in claims]
        + [(c, "term date") for c in sorted(evidence, key=lambda c: c["id"])])


# --- citations --------------------------------------------------------------------------------------------------

def citation_date_near_fact(facts: Facts) -> list[Finding]:
    """A fact dated more than a year away from the publication date of the reference cited for it
    is flagged for review: the cited article may not support it."""
    far: dict[str, list] = {}
    for cited in facts.cited:
        c0, c1 = span(cited.claim)
        p0, p1 = cited.published.start, cited.published.end
        gap = max((p0 - c1).days, (c0 - p1).days, 0)
        if gap > 366 * CITATION_YEARS:
            far.setdefault(cited.claim["id"], []).append((cited, gap))
    # The same dated fact citing the same publication dates in several revisions of one document is one
    # finding, as revisions of one document count as one witness everywhere else.
    same: dict[tuple, list] = {}
    for claim_id, items in sorted(far.items()):
        claim = items[0][0].claim
        key = (facts.witnesses.document(claim["source_id"]), claim["subject_id"], claim["property"], claim["value"],
               tuple(sorted({c.published.value for c, _ in items})))
        same.setdefault(key, []).append(items)
    found = []
    for groups in same.values():
        items = groups[0]  # the first claim's citations (ids sort the earliest-named claim first)
        claims = [group[0][0].claim for group in groups]
        claim = claims[0]
        references = "; ".join(f"[{c.reference_number}] “{c.reference_title}”, published "
                               f"{human(c.published.value)}" for c, _ in items)
        # The references' own date claims are the evidence: the finding names them, with their words.
        cited = [facts.claim_by_id[f"{c.reference_id}-published"] for c, _ in items
                 if f"{c.reference_id}-published" in facts.claim_by_id]
        found.append(Finding(
            "citation_date_near_fact", claim["id"], person_id=claim.get("person_id"),
            summary=(f"{facts.subject_label(claim)}, {claim['property'].replace('_', ' ')}: the sentence dates it "
                     f"{_shown(claim)} ({facts.where(claims)}) and cites {references}, more than "
                     f"{CITATION_YEARS} year away: check that the reference supports the date."),
            claims=[(c, "dated fact") for c in claims] + [(c, "cited reference's date") for c in cited]))
    return found


# --- lives ----------------------------------------------------------------------------------------------------

def plausible_lifetime(facts: Facts) -> list[Finding]:
    """No term before the age of 18; nothing dated after death."""
    found = []
    terms_of_person: dict[str, list] = {}
    for term in facts.terms:
        terms_of_person.setdefault(term.person, []).append(term)
    for person, life in sorted(facts.life.items()):
        births = distinct_spans(life.get("birth_date", []))
        deaths = distinct_spans(life.get("death_date", []))
        terms = terms_of_person.get(person, [])
        for term in terms:
            for (s0, s1), starts in distinct_spans(term.dates("start_date")).items():
                young = [b for b in births if s1 < _years_after(b[0], ADULT_YEARS)]
                if young:
                    b = births[young[0]]
                    found.append(Finding(
                        "plausible_lifetime", f"{term.id}-age", person_id=person,
                        summary=(f"{facts.person_name(person)}, born {_shown(b[0])} ({facts.where(b)}), would have "
                                 f"started the term as {term.name} on {_shown(starts[0])} ({facts.where(starts)}), "
                                 f"before the age of {ADULT_YEARS}."),
                        claims=[(c, "birth date") for c in b] + [(c, "term start") for c in starts]))
                    break
        dated = distinct_spans([c for t in terms for c in t.dates("start_date")] + facts.dated.get(person, []))
        for (_, death_end), death in deaths.items():
            after = [c for (d0, _), claims in dated.items() if d0 > death_end for c in claims]
            if after:
                found.append(Finding(
                    "plausible_lifetime", f"{person}-after-death", person_id=person,
                    summary=(f"{facts.person_name(person)} died on {_shown(death[0])} ({facts.where(death)}), "
                             f"but {len(after)} fact(s) are dated later, the first {_shown(after[0])} "
                             f"({facts.where([after[0]])})."),
                    claims=[(c, "death date") for c in death] + [(c, "dated after death") for c in after]))
    return found


# --- bodies and offices that existed -------------------------------------------------------------------

def office_when_body_existed(facts: Facts) -> list[Finding]:
    """A source that names a term's office by the title of a body (or an office) that no longer existed, or
    did not exist yet, on the term's dates: the vocabulary's inception and dissolution (reference
    knowledge, with its note) against the dates the same source gives the term."""
    found = []
    for term in facts.terms:
        for claim in sorted(term.claims.get("office", []), key=lambda c: c["id"]):
            existed = _existence(facts, claim["value"])
            if claim["value_type"] != "entity" or existed is None:
                continue
            first, last, what, note = existed
            same_source = lambda claims: [c for c in claims if c["source_id"] == claim["source_id"]] or claims
            after = [c for c in same_source(term.dates("start_date")) if last and span(c)[0] > last]
            before = [c for c in same_source(term.dates("end_date")) if first and span(c)[1] < first]
            if not after and not before:
                continue
            dated = sorted({c["id"]: c for c in after + before}.values(), key=lambda c: c["id"])
            when = (f"no longer existed after {human(what['dissolution'])}" if after
                    else f"did not exist before {human(what['inception'])}")
            found.append(Finding(
                "office_when_body_existed", claim["id"], person_id=term.person,
                summary=(f"{facts.where([claim])} calls {facts.person_name(term.person)}'s term "
                         f"{'from ' + _shown(after[0]) if after else 'until ' + _shown(before[0])} "
                         f"“{claim['value_raw']}”, but the {what['name']} {when}: {note} (the vocabulary's "
                         "reference knowledge, not a source's words)."),
                claims=[(claim, "title as written")] + [(c, "term date") for c in dated]))
    return found


def _existence(facts: Facts, office: str):
    """(first day, last day, the entry that bounds it, its note) for an office, from its own inception and
    dissolution or else its body's; None when the vocabulary gives neither."""
    offices, bodies = facts.vocabularies["offices"].entries, facts.vocabularies["organizations"].entries
    entry = offices.get(office) or {}
    for bounded in (entry, bodies.get(entry.get("body")) or {}):
        if bounded.get("inception") or bounded.get("dissolution"):
            first = interval(bounded["inception"])[0] if bounded.get("inception") else None
            last = interval(bounded["dissolution"])[1] if bounded.get("dissolution") else None
            return first, last, bounded, bounded["existence_note"]
    return None


# --- figures ------------------------------------------------------------------------------------------

def credited_within_term(facts: Facts) -> list[Finding]:
    """A figure a source credits to someone's term ("during his tenure as Minister of the Interior") is for
    a period within that term: a period that begins before the term's first possible day (by the dates the
    same source gives the term) credits the term with what came before it."""
    groups: dict[tuple, list[dict]] = {}
    for claims in facts.figures.values():
        for claim in claims:
            term = facts.term_by_id.get(claim.get("credited_term_id"))
            year = _first_year(claim["period"])
            if term is None or year is None:
                continue
            starts = [c for c in term.dates("start_date") if c["source_id"] == claim["source_id"]] \
                or term.dates("start_date")
            earliest = min((span(c)[0] for c in starts), default=None)
            if earliest is not None and datetime.date(year, 12, 31) < earliest:
                groups.setdefault((term.id, claim["source_id"]), []).append(claim)
    found = []
    for (term_id, source_id), figures in sorted(groups.items()):
        term = facts.term_by_id[term_id]
        starts = sorted([c for c in term.dates("start_date") if c["source_id"] == source_id]
                        or term.dates("start_date"), key=lambda c: c["id"])
        figures.sort(key=lambda c: (c["period"], c["id"]))
        shown = "; ".join(f"{display_value(c)} for {c['period']}"
                          for c in figures[:4]) + (f"; and {len(figures) - 4} more" if len(figures) > 4 else "")
        found.append(Finding(
            "credited_within_term", f"{term_id}-{source_id}", person_id=term.person,
            summary=(f"{facts.where(figures[:1])} credits figures to {facts.person_name(term.person)}'s term as "
                     f"{term.name} ({shown}), whose periods begin before the term, which it dates from "
                     f"{' or '.join(sorted({_shown(c) for c in starts}))}."),
            claims=[(c, "credited figure") for c in figures] + [(c, "term start") for c in starts]))
    return found


def _first_year(period) -> int | None:
    match = re.search(r"\b(1[89]|20)\d\d\b", str(period or ""))
    return int(match.group(0)) if match else None


def same_figures_other_unit(facts: Facts) -> list[Finding]:
    """Two series of figures with the same numbers in different units ("from approximately 20% to 5.5%" and
    "from 20 to 5.5 per 100,000 inhabitants") are one change told twice: at most one unit is right."""
    # A telling: the figures one passage gives for one measure (claims of one indicator sharing a quote).
    series: dict[tuple, list[dict]] = {}
    for indicator, claims in facts.figures.items():
        for claim in claims:
            series.setdefault((indicator, claim["source_id"], claim["char_start"], claim["char_end"]), []).append(claim)
    by_numbers: dict[frozenset, list[tuple]] = {}
    for key, claims in sorted(series.items()):
        numbers = frozenset(c["value"] for c in claims)
        if len(numbers) >= 2:
            by_numbers.setdefault(numbers, []).append(key)
    found = []
    for numbers, keys in by_numbers.items():
        for i, first in enumerate(keys):
            for second in keys[i + 1:]:
                a, b = series[first], series[second]
                if {c["unit"] for c in a} & {c["unit"] for c in b}:
                    continue  # a unit in common: the same measure, compared as a conflict if they differ
                told = " and ".join(
                    f"{facts.vocabularies['indicators'].name(key[0])} from "
                    f"{' to '.join(display_value(c) for c in sorted(series[key], key=lambda c: c['period'] or ''))}"
                    f" ({facts.where(series[key])})" for key in (first, second))
                person = facts.about.get(a[0]["source_id"]) or facts.about.get(b[0]["source_id"])
                found.append(Finding(
                    "same_figures_other_unit", f"{first[0]}-{second[0]}-{a[0]['id']}-{b[0]['id']}", person_id=person,
                    summary=f"The same figures in two units: {told}. One change told twice; at most one unit is right.",
                    claims=[(c, "figure") for c in a + b]))
    return found


RULES = [
    Rule("start_before_end", "A term of office does not end before it starts.", "error",
         "terms: start_date, end_date", start_before_end),
    Rule("holdings_do_not_overlap", "One person's holdings of one office do not overlap: a second holding "
         "starts after the first has ended.", "error", "terms: start_date, end_date", holdings_do_not_overlap),
    Rule("succession", f"Where both terms are in the record, a predecessor's term in the office ends within "
         f"{SUCCESSION_DAYS} days of this term's start, a successor's starts within {SUCCESSION_DAYS} days of its "
         "end (at the precision the dates have), and the two terms name each other.", "warning",
         "terms: predecessor, successor, start_date, end_date", succession),
    Rule("election_precedes_term", f"An election that seats a person (an event of kind election, with the office "
         f"it seats) comes before the term it leads to, by at most {ELECTION_MONTHS} months.", "error",
         "events: date; terms: start_date", election_precedes_term),
    Rule("candidacy_precedes_election", "A candidacy comes before the election it is for.", "error",
         "events: date", candidacy_precedes_election),
    Rule("title_matches_term", "A dated sentence that calls the person by an office's title (\"the Minister of "
         "the Interior\", \"former Minister of the Interior\") agrees with the person's terms of that office on "
         "that date.", "error", "awards and events: date, the sentence's words; terms: start_date, end_date",
         title_matches_term),
    Rule("citation_date_near_fact", f"A dated fact whose sentence cites a reference with a publication date is "
         f"within {CITATION_YEARS} year of that date; otherwise the reference may not support it.", "review",
         "any date claim in a sentence with a citation mark; the reference's date", citation_date_near_fact),
    Rule("office_when_body_existed", "A term's office, as a source names it, existed on the dates the source "
         "gives the term: an office of a body dissolved before them, or created after them, cannot be the one "
         "held (the bodies' inception and dissolution are the vocabulary's, with a note saying where they are "
         "known from).", "error", "terms: office, start_date, end_date; offices and organizations: inception, "
         "dissolution", office_when_body_existed),
    Rule("credited_within_term", "A figure a source credits to a term (\"during his tenure as Minister of the "
         "Interior\") is for a period within the term, as the same source dates it: a period that begins before "
         "the term credits it with what came before.", "warning", "indicators: value, period, credited_term_id; "
         "terms: start_date", credited_within_term),
    Rule("same_figures_other_unit", "Two series of figures with the same numbers in different units are one "
         "change told twice, and at most one unit is right.", "warning", "indicators: value, unit",
         same_figures_other_unit),
    Rule("plausible_lifetime", f"No term starts before the holder is {ADULT_YEARS}, and nothing about a person is "
         "dated after their death.", "warning", "persons: birth_date, death_date; terms; awards; events",
         plausible_lifetime),
]
