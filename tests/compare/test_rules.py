"""Consistency rules on small crafted records: each fires on a case built to violate it and
stays silent on near misses."""


from build.compare.consistency import run_rules
from build.common.dates import parse_date
from build.sources.manifest import Source
from build.compare.record import Record
from build.compare.rules import RULES
from build.compare.rule_facts import Facts, reference_date
from build.claims.subjects import Subject, person_subject
from build.claims.vocabularies import Vocabulary
from build.compare.witnesses import Witnesses

RULE = {rule.name: rule for rule in RULES}


def vocabularies(events=()):
    def vocab(table, entries):
        v = Vocabulary(table, f"{table}.yml")
        for entry in entries:
            v.entries[entry["id"]] = {"aliases": [], **entry}
        return v

    return {
        "persons": vocab("persons", [{"id": "ana", "name": "Ana Ruiz", "aliases": ["Ruiz"]},
                                     {"id": "luis", "name": "Luis Mora", "aliases": ["Mora"]},
                                     {"id": "eva", "name": "Eva Paz"}]),
        "offices": vocab("offices", [{"id": "interior", "name": "Minister of the Interior",
                                      "aliases": ["Interior Minister"]},
                                     {"id": "assembly", "name": "Member of the National Assembly"}]),
        "awards": vocab("awards", [{"id": "medal", "name": "Gold Medal"}]),
        "events": vocab("events", [{"id": "election", "name": "Elected to the Assembly", "kind": "election",
                                    "seats": "assembly"},
                                   {"id": "candidacy", "name": "Candidate for the Assembly", "kind": "candidacy",
                                    "election": "election"}, *events]),
        "organizations": vocab("organizations", []),
        "indicators": vocab("indicators", [{"id": "crime-rate", "name": "Crime rate"},
                                           {"id": "homicide-rate", "name": "Homicide rate"}]),
    }


COUNTER = iter(range(10**6))


def claim(subject: Subject, prop, raw, source="s1", quote=None, value_type="date", value=None):
    n = next(COUNTER)
    row = {"id": f"c{n}", "source_id": source, **subject.columns(), "property": prop, "value_type": value_type,
           "value": value or raw, "value_label": raw, "value_raw": raw, "precision": None, "date_start": None,
           "date_end": None, "unit": None, "period": None, "item": None, "qualifier": None,
           "quote": quote or raw, "char_start": 0, "char_end": len(quote or raw), "value_start": 0,
           "value_end": len(raw), "method": "curated", "attributed_to": "article", "inferred": None}
    if value_type == "date":
        date = parse_date(raw)
        row.update(value=date.value, precision=date.precision, date_start=date.start.isoformat(),
                   date_end=date.end.isoformat())
    return row


def term(person, office, holding=1):
    return Subject("terms", office, person, holding)


def findings(claims, rule, events=()):
    sources = [Source(id=s, file="", sha256="", kind="wikipedia_revision", title=s, publisher="", language="en",
                      license=None, notes="", about=None, document=s, revision=1, revision_date=None,
                      revision_inferred=False, description=None, url=None, retrieved=None, text="")
               for s in sorted({c["source_id"] for c in claims})]
    witnesses = Witnesses(sources)
    record = Record(claims, [], vocabularies(events), witnesses)
    return run_rules(Facts(record, (), witnesses), [RULE[rule]])


# --- a term's start is not after its end --------------------------------------------------

def test_a_term_that_ends_before_it_starts():
    t = term("ana", "interior")
    found = findings([claim(t, "start_date", "13 May 2012"), claim(t, "end_date", "15 November 2011")],
                     "start_before_end")
    assert len(found) == 1 and found[0].severity == "error"
    assert {role for _, role in found[0].claims} == {"start", "end"}
    assert "cannot start on 13 May 2012" in found[0].summary


def test_a_month_that_may_hold_both_ends_is_a_near_miss():
    t = term("ana", "interior")
    assert findings([claim(t, "start_date", "May 2012"), claim(t, "end_date", "1 May 2012")],
                    "start_before_end") == []


# --- holdings of one office do not overlap ---------------------------------------------------

def test_a_second_holding_that_starts_before_the_first_ends():
    first, second = term("ana", "interior", 1), term("ana", "interior", 2)
    found = findings([claim(first, "start_date", "2010"), claim(first, "end_date", "2014"),
                      claim(second, "start_date", "2012"), claim(second, "end_date", "2016")],
                     "holdings_do_not_overlap")
    assert len(found) == 1 and "second holding starts" in found[0].summary


def test_a_second_holding_in_the_year_the_first_ends_is_a_near_miss():
    first, second = term("ana", "interior", 1), term("ana", "interior", 2)
    assert findings([claim(first, "end_date", "2014"), claim(second, "start_date", "November 2014")],
                    "holdings_do_not_overlap") == []


# --- succession -------------------------------------------------------------------------------------

def succession_case(predecessor_end):
    mine, theirs = term("ana", "interior"), term("luis", "interior")
    return [claim(mine, "start_date", "14 May 2017"),
            claim(mine, "predecessor", "Luis Mora", value_type="entity", value="luis"),
            claim(theirs, "end_date", predecessor_end),
            claim(theirs, "successor", "Ana Ruiz", value_type="entity", value="ana")]


def test_a_predecessor_whose_term_ends_a_year_before():
    found = findings(succession_case("13 May 2016"), "succession")
    assert len(found) == 1 and "366 days" in found[0].summary
    assert found[0].severity == "warning"


def test_a_predecessor_ending_the_day_before_is_a_near_miss():
    assert findings(succession_case("13 May 2017"), "succession") == []


def test_a_predecessor_known_only_to_the_month_is_a_near_miss():
    assert findings(succession_case("April 2017"), "succession") == []


def test_terms_that_name_someone_else():
    claims = succession_case("13 May 2017")
    claims[3] = claim(term("luis", "interior"), "successor", "Eva Paz", value_type="entity", value="eva")
    found = findings(claims, "succession")
    assert len(found) == 1 and "names Eva Paz as successor" in found[0].summary


def test_no_finding_when_the_predecessors_terms_are_not_in_the_record():
    mine = term("ana", "interior")
    assert findings([claim(mine, "start_date", "14 May 2017"),
                     claim(mine, "predecessor", "Luis Mora", value_type="entity", value="luis")],
                    "succession") == []


# --- elections and candidacies -------------------------------------------------------------------------

def election_case(election_date, candidacy_date="2016"):
    seat = term("ana", "assembly")
    election, candidacy = Subject("events", "election", "ana"), Subject("events", "candidacy", "ana")
    return [claim(seat, "start_date", "14 May 2017"), claim(election, "date", election_date),
            claim(candidacy, "date", candidacy_date)]


def test_an_election_years_before_the_term_it_seats():
    found = findings(election_case("February 2014"), "election_precedes_term")
    assert len(found) == 1 and "months after it" in found[0].summary


def test_an_election_after_the_term_it_seats():
    found = findings(election_case("2018"), "election_precedes_term")
    assert len(found) == 1 and "before the election" in found[0].summary


def test_one_value_stated_by_many_sources_is_one_finding_naming_them_all():
    # Revisions repeat a date: the finding is about the value, and names every claim that states it.
    seat, election = term("ana", "assembly"), Subject("events", "election", "ana")
    claims = [claim(seat, "start_date", "14 May 2017")]
    claims += [claim(election, "date", "2014", source=f"s{n}") for n in range(1, 6)]
    claims += [claim(election, "date", "2018", source="s9")]
    found = findings(claims, "election_precedes_term")
    assert len(found) == 2
    by_value = {f.claims[0][0]["value"]: f for f in found}
    assert sorted(c["source_id"] for c, role in by_value["2014"].claims if role == "election date") == \
        ["s1", "s2", "s3", "s4", "s5"]
    assert all(name in by_value["2014"].summary for name in ("s1", "s5"))
    ends = [claim(term("ana", "interior"), "end_date", "2011", source=f"s{n}") for n in range(1, 4)]
    starts = [claim(term("ana", "interior"), "start_date", "2012", source=f"s{n}") for n in range(1, 4)]
    (bad,) = findings(ends + starts, "start_before_end")
    assert len(bad.claims) == 6


def test_an_election_three_months_before_is_a_near_miss():
    assert findings(election_case("19 February 2017"), "election_precedes_term") == []


def test_a_candidacy_after_its_election():
    found = findings(election_case("February 2014", candidacy_date="2016"), "candidacy_precedes_election")
    assert len(found) == 1 and "after the election it is for" in found[0].summary


def test_a_candidacy_in_the_year_of_its_election_is_a_near_miss():
    assert findings(election_case("February 2017", candidacy_date="2017"), "candidacy_precedes_election") == []


# --- titles on dates ---------------------------------------------------------------------------------

def title_case(date, sentence):
    interior = term("ana", "interior")
    award = Subject("awards", "medal", "ana")
    return [claim(interior, "start_date", "13 May 2011"), claim(interior, "end_date", "15 November 2016"),
            claim(award, "date", date, quote=sentence)]


def test_a_minister_after_the_term_ended():
    found = findings(title_case("June 6, 2018", "On June 6, 2018, Ana Ruiz, the Interior Minister, was honored"),
                     "title_matches_term")
    assert len(found) == 1 and "was no longer in office" in found[0].summary


def test_a_former_minister_while_still_in_office():
    found = findings(title_case("June 6, 2015", "On June 6, 2015, Ana Ruiz, the former Minister of the Interior, "
                                                "was honored"), "title_matches_term")
    assert len(found) == 1 and "was still in office" in found[0].summary


def test_titles_that_fit_the_terms_are_near_misses():
    assert findings(title_case("June 6, 2016", "On June 6, 2016, Ana Ruiz, the Interior Minister, was honored"),
                    "title_matches_term") == []
    # "former" three days after the end; and a month that may still fall inside the term.
    assert findings(title_case("November 18, 2016", "On November 18, 2016, Ana Ruiz, former Minister of the "
                                                    "Interior, was honored"), "title_matches_term") == []
    assert findings(title_case("November 2016", "In November 2016 the Interior Minister Ana Ruiz was honored"),
                    "title_matches_term") == []


def test_an_office_named_far_from_the_person_is_not_a_title():
    sentence = "In 2021 Ana Ruiz applied for asylum, citing threats from groups she fought during her tenure as Minister of the Interior"
    assert findings(title_case("2021", sentence), "title_matches_term") == []


# --- citations ---------------------------------------------------------------------------------------

def test_reference_dates_are_read_from_the_reference_not_its_archive_date():
    published, start, end = reference_date('"El nuevo titular de la Asamblea". 16 May 2017.')
    text = '"El nuevo titular de la Asamblea". 16 May 2017.'
    assert (published.value, text[start:end]) == ("2017-05-16", "16 May 2017")
    assert reference_date('(in Spanish) "Curriculum Vitae" Archived 2016-03-27 at the Wayback Machine') is None
    second, _, _ = reference_date('"Serrano, Celi y Reyes". 23 February 2017.. However, his tenure')
    assert second.value == "2017-02-23"


# The citation rule runs on real sources (it reads their references): the seeds flag the 2014 election
# sentence, which cites articles of February 2017 and March 2018 (tests/compare/test_findings.py).


# --- lifetimes --------------------------------------------------------------------------------------------

def test_a_term_before_the_age_of_eighteen():
    person, interior = person_subject("ana"), term("ana", "interior")
    found = findings([claim(person, "birth_date", "19 November 1995"), claim(interior, "start_date", "2010")],
                     "plausible_lifetime")
    assert len(found) == 1 and "before the age of 18" in found[0].summary


def test_a_term_in_the_year_of_the_eighteenth_birthday_is_a_near_miss():
    person, interior = person_subject("ana"), term("ana", "interior")
    assert findings([claim(person, "birth_date", "19 November 1992"), claim(interior, "start_date", "2010")],
                    "plausible_lifetime") == []


def test_an_award_after_death():
    person, award = person_subject("ana"), Subject("awards", "medal", "ana")
    found = findings([claim(person, "death_date", "3 March 2020"), claim(award, "date", "2021")],
                     "plausible_lifetime")
    assert len(found) == 1 and "dated later" in found[0].summary
    assert findings([claim(person, "death_date", "3 March 2020"), claim(award, "date", "2020")],
                    "plausible_lifetime") == []


def test_every_rule_is_declared_with_a_description_and_a_severity():
    assert len(RULES) >= 8
    for rule in RULES:
        assert rule.description.endswith(".") and rule.severity in ("error", "warning", "review") and rule.reads


# --- an office named by a body that no longer existed (issue 27) -------------------------------------

def existence_vocabularies():
    v = vocabularies()
    v["organizations"].entries.update({
        "congress": {"id": "congress", "name": "National Congress", "aliases": [], "dissolution": "2008",
                     "existence_note": "replaced by the Assembly in 2008"},
        "assembly-body": {"id": "assembly-body", "name": "National Assembly", "aliases": [], "inception": "2008",
                          "existence_note": "created in 2008"}})
    v["offices"].entries.update({
        "congress-president": {"id": "congress-president", "name": "President of the National Congress",
                               "aliases": [], "body": "congress"},
        "assembly-president": {"id": "assembly-president", "name": "President of the National Assembly",
                               "aliases": [], "body": "assembly-body"}})
    return v


def existence_findings(claims):
    witnesses = Witnesses([Source(id=s, file="", sha256="", kind="wikipedia_revision", title=s, publisher="",
                                  language="en", license=None, notes="", about=None, document=s, revision=1,
                                  revision_date=None, revision_inferred=False, description=None, url=None,
                                  retrieved=None, text="") for s in sorted({c["source_id"] for c in claims})])
    record = Record(claims, [], existence_vocabularies(), witnesses)
    return run_rules(Facts(record, (), witnesses), [RULE["office_when_body_existed"]])


def test_an_office_of_a_body_dissolved_before_the_term_cannot_be_the_one_held():
    t = term("ana", "assembly-president")
    title = claim(t, "office", "President of the National Congress", value_type="entity", value="congress-president")
    start = claim(t, "start_date", "May 2017")
    (found,) = existence_findings([title, start])
    assert found.severity == "error" and "no longer existed after 2008" in found.summary
    assert {(c["id"], role) for c, role in found.claims} == {(title["id"], "title as written"),
                                                           (start["id"], "term date")}


def test_an_office_held_while_its_body_existed_is_a_near_miss():
    t = term("ana", "assembly-president")
    assert existence_findings([claim(t, "office", "President of the National Congress", value_type="entity",
                                     value="congress-president"), claim(t, "start_date", "May 2005")]) == []
    # The body created in 2008 holds a term of 2017; a term ending in 2008 may have begun that year.
    u = term("luis", "assembly-president")
    assert existence_findings([claim(u, "office", "President of the National Assembly", value_type="entity",
                                     value="assembly-president"), claim(u, "end_date", "2008")]) == []


def test_an_office_whose_body_did_not_exist_yet():
    t = term("ana", "assembly-president")
    (found,) = existence_findings([claim(t, "office", "President of the National Assembly", value_type="entity",
                                         value="assembly-president"), claim(t, "end_date", "2004")])
    assert "did not exist before 2008" in found.summary


# --- figures credited to a term, dated before it (issue 27) ------------------------------------------

def figure(indicator, raw, period, unit=None, source="s1", quote=None, credited=None):
    row = claim(Subject("indicators", indicator), "value", raw, source=source, quote=quote, value_type="number",
                value=raw)
    row.update(period=period, unit=unit, subject_table="indicators", credited_term_id=credited)
    return row


def test_a_figure_credited_to_a_term_for_a_year_before_it():
    t = term("ana", "interior")
    start = claim(t, "start_date", "13 May 2011")
    before = figure("homicide-rate", "17.57", "2010", "per 100,000 inhabitants", credited=t.id)
    within = figure("homicide-rate", "6.41", "2015", "per 100,000 inhabitants", credited=t.id)
    (found,) = findings([start, before, within], "credited_within_term")
    assert found.severity == "warning"
    assert {c["id"] for c, role in found.claims if role == "credited figure"} == {before["id"]}
    assert {c["id"] for c, role in found.claims if role == "term start"} == {start["id"]}


def test_a_figure_of_the_term_s_first_year_or_credited_to_no_one_is_a_near_miss():
    t = term("ana", "interior")
    assert findings([claim(t, "start_date", "13 May 2011"),
                     figure("homicide-rate", "20", "2011", credited=t.id),  # the year it began: may be within
                     figure("homicide-rate", "17.57", "2010")], "credited_within_term") == []  # credited to no one


# --- the same figures in two units (issue 27) ---------------------------------------------------------

def test_one_fall_told_in_two_units():
    quote_a, quote_b = "from approximately 20% to 5.5%", "from 20 to 5.5 per 100,000 inhabitants"
    a = [figure("crime-rate", "20", "2011", "percent", "s1", quote_a), figure("crime-rate", "5.5", "2016", "percent", "s1", quote_a)]
    b = [figure("homicide-rate", "20", "2010", "per 100,000 inhabitants", "s2", quote_b),
         figure("homicide-rate", "5.5", "2016", "per 100,000 inhabitants", "s2", quote_b)]
    (found,) = findings(a + b, "same_figures_other_unit")
    assert found.severity == "warning" and "two units" in found.summary
    assert {c["id"] for c, _ in found.claims} == {c["id"] for c in a + b}


def test_other_figures_or_the_same_unit_are_near_misses():
    quote_a, quote_b = "from 20% to 5.5%", "from 20 to 5 per 100,000 inhabitants"
    assert findings([figure("crime-rate", "20", "2011", "percent", "s1", quote_a),
                     figure("crime-rate", "5.5", "2016", "percent", "s1", quote_a),
                     figure("homicide-rate", "20", "2010", "per 100,000 inhabitants", "s2", quote_b),
                     figure("homicide-rate", "5", "2016", "per 100,000 inhabitants", "s2", quote_b)],
                    "same_figures_other_unit") == []  # 5 is not 5.5
    quote_c = "from 20 to 5.5 per 100,000"
    assert findings([figure("homicide-rate", "20", "2010", "per 100,000 inhabitants", "s1", quote_c),
                     figure("homicide-rate", "5.5", "2016", "per 100,000 inhabitants", "s1", quote_c),
                     figure("homicide-rate", "20", "2010", "per 100,000 inhabitants", "s2", quote_c),
                     figure("homicide-rate", "5.5", "2016", "per 100,000 inhabitants", "s2", quote_c)],
                    "same_figures_other_unit") == []  # one unit: the same telling twice, not two units


# --- a candidacy after its election names every value on both sides (issue 27) ------------------------

def test_a_candidacy_after_its_election_names_every_contradicting_value():
    election, candidacy = Subject("events", "election", "ana"), Subject("events", "candidacy", "ana")
    claims = [claim(candidacy, "date", "2016", "s1"), claim(candidacy, "date", "15 November 2016", "s2"),
              claim(election, "date", "2014", "s1"), claim(election, "date", "February 2014", "s2")]
    (found,) = findings(claims, "candidacy_precedes_election")
    assert {c["id"] for c, _ in found.claims} == {c["id"] for c in claims}
    assert "15 November 2016" in found.summary and "February 2014" in found.summary
