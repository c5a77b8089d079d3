"""Each pattern family of build/claims/extract/ on sentences of our own, about a fictional person,
with the near misses that must read nothing: a date in a clause about someone else, "under
President X" (never an appointment), a figure of a measure the vocabulary does not know, another
person's birth or degree."""

import textwrap

import pytest

from build.claims.extract import FAMILIES
from build.claims.extract.context import Context
from build.claims.extract.reading import Reading
from build.claims.vocabularies import load_vocabularies

VOCABULARIES = {
    "persons": """
        persons:
          - {id: ana-perez, name: Ana Pérez Vela, aliases: [Ana Pérez, Pérez]}
          - {id: juan-ortega, name: Juan Ortega, aliases: [President Juan Ortega, President Ortega]}
    """,
    "offices": """
        offices:
          - {id: minister-of-health, name: Minister of Health, aliases: [Health Minister]}
          - {id: member-of-congress, name: Member of the National Congress, aliases: [congresswoman]}
          - {id: president-of-congress, name: President of the National Congress}
    """,
    "organizations": """
        organizations:
          - {id: government-of-peru, name: Government of Peru, aliases: [the Government of Peru]}
          - {id: red-cross, name: Red Cross of Ecuador}
    """,
    "awards": """
        awards:
          - {id: order-of-the-sun, name: Order of the Sun, conferred_by: government-of-peru}
          - {id: red-cross-medal, name: Red Cross Medal, conferred_by: red-cross}
    """,
    "indicators": """
        indicators:
          - {id: maternal-mortality, name: Maternal mortality rate, aliases: [maternal mortality rate]}
          - {id: drugs-seized, name: Drugs seized, aliases: [drugs seized]}
          - {id: vitamins-share, name: Vitamin Party vote share, aliases: [Vitamin Party vote share]}
    """,
    "events": """
        events:
          - {id: congress-election, name: Elected to the National Congress, kind: election, seats: member-of-congress}
          - {id: pre-candidacy, name: Pre-candidacy for the presidency, aliases: [pre-candidacy]}
    """,
}


@pytest.fixture(scope="module")
def vocabularies(tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    (data / "vocabularies").mkdir()
    for table, body in VOCABULARIES.items():
        (data / "vocabularies" / f"{table}.yml").write_text(textwrap.dedent(body))
    return load_vocabularies(data)


@pytest.fixture
def read(vocabularies):
    def read(*sentences, about="ana-perez"):
        """(rule, property, value as written, subject words) of every finding in a paragraph of sentences."""
        context, out = Context(), []
        for sentence in sentences:
            reading = Reading(sentence, vocabularies, about)
            for family in FAMILIES:
                for finding in family(reading, context, vocabularies):
                    subject = finding.subject[1] or finding.subject[0] if finding.subject else None
                    out.append((finding.rule, finding.property, reading.raw(*finding.value), subject))
        return out
    return read


def values(found, prop):
    return [value for _, p, value, _ in found if p == prop]


# --- offices -------------------------------------------------------------------------------------------

def test_a_term_from_to_gives_start_and_end(read):
    found = read("She was Minister of Health from 3 March 2009 to 12 June 2012.")
    assert values(found, "start_date") == ["3 March 2009"] and values(found, "end_date") == ["12 June 2012"]
    assert {rule for rule, *_ in found} == {"term_from_to"}


def test_an_unknown_office_is_read_by_its_shape(read):
    found = read("From 2001 to 2005, she served as Governor of Loja.")
    assert [(p, v, s) for _, p, v, s in found] == [("start_date", "2001", "Governor of Loja"),
                                                   ("end_date", "2005", "Governor of Loja")]


def test_appointed_by_and_start(read):
    found = read("In May 2013, Pérez was appointed Minister of Health by President Juan Ortega.")
    assert values(found, "start_date") == ["May 2013"]
    assert values(found, "appointed_by") == ["President Juan Ortega"]


def test_under_president_is_served_under_never_an_appointment(read):
    found = read("She was appointed Minister of Health under President Juan Ortega.")
    assert values(found, "served_under") == ["President Juan Ortega"]
    assert values(found, "appointed_by") == []


def test_a_date_in_a_clause_about_someone_else_is_not_hers(read):
    assert read("She became Minister of Health after Luis Mora, who had been appointed Minister of Health in "
                "2004, resigned.") == []
    assert read("Her brother was Minister of Health from 1990 to 1994.") == []
    assert read("Under President Juan Ortega, the Minister of Health resigned in 2014.") == []


def test_the_position_refers_to_the_office_of_the_sentence_before(read):
    found = read("In June 2005 she was made Minister of Health.", "She held the position until August 2006.")
    assert [(p, v, s) for _, p, v, s in found] == [("start_date", "June 2005", "Minister of Health"),
                                                   ("end_date", "August 2006", "Minister of Health")]
    assert read("She held the position until August 2006.") == []  # nothing to refer to


def test_successor_and_the_verb_succeeded_in(read):
    found = read("In 2014 Pérez resigned as Minister of Health.", "She was succeeded by Carla Ruiz Mena.")
    assert values(found, "end_date") == ["2014"] and values(found, "successor") == ["Carla Ruiz Mena"]
    assert read("She succeeded in passing a reform of the health code.") == []


def test_resuming_an_office_is_another_holding(read, vocabularies):
    reading = Reading("In 2016 she resumed her position as Minister of Health.", vocabularies, "ana-perez")
    [finding] = [f for family in FAMILIES for f in family(reading, Context(), vocabularies)]
    assert finding.property == "start_date" and finding.new_holding


def test_a_presiding_officer_elected_by_the_body_starts_a_term(read):
    assert values(read("On 2 May 2019 she was elected President of the National Congress."), "start_date") == [
        "2 May 2019"]


# --- life ----------------------------------------------------------------------------------------------

def test_born_in_the_lead_and_in_the_body(read):
    assert values(read("Ana Pérez Vela (born 4 July 1961) is an Ecuadorian physician."), "birth_date") == [
        "4 July 1961"]
    found = read("Pérez was born on 4 July 1961 in Loja, Ecuador.")
    assert values(found, "birth_date") == ["4 July 1961"] and values(found, "birth_place") == ["Loja, Ecuador"]
    found = read("She died on 2 February 2020 in Quito.")
    assert values(found, "death_date") == ["2 February 2020"] and values(found, "death_place") == ["Quito"]


def test_someone_elses_birth_is_not_hers(read):
    assert read("Her mother, born in 1935 in Cuenca, was a teacher.") == []
    assert read("Juan Ortega (born 1 May 1950) is a politician.") == []


# --- elections ------------------------------------------------------------------------------------------

def test_an_election_and_a_candidacy(read):
    found = read("She was elected member of the National Congress in 2013.")
    assert [(r, p, v, s) for r, p, v, s in found] == [("election_elected", "date", "2013", "congress-election")]
    found = read("In 2016, Pérez registered as a pre-candidate for the presidency.")
    assert [(r, v, s) for r, _, v, s in found] == [("candidacy", "2016", "pre-candidacy")]


def test_a_vote_share_needs_the_election_year(read):
    assert values(read("She was elected in the 2013 legislative election with 12% by Vitamin Party party."),
                  "value") == ["12%"]
    assert read("She was elected with 12% by Vitamin Party party.") == []
    assert read("Her party won the 2013 election.") == []


# --- awards ---------------------------------------------------------------------------------------------

def test_an_award_with_its_date_and_grantor(read):
    found = read("On 5 May 2015, Pérez was awarded the Order of the Sun by the Government of Peru.")
    assert values(found, "date") == ["5 May 2015"] and values(found, "name") == ["Order of the Sun"]
    assert values(found, "conferred_by") == ["Government of Peru"]


def test_honoured_by_a_body_is_the_award_it_confers(read):
    found = read("In March 2018, the Red Cross of Ecuador honored Health Minister Ana Pérez.")
    assert [(p, v, s) for _, p, v, s in found] == [("date", "March 2018", "Red Cross Medal"),
                                                   ("conferred_by", "Red Cross of Ecuador", "Red Cross Medal")]


def test_an_award_to_someone_else_is_not_hers(read):
    assert read("The Order of the Sun was presented to her colleague Luis Mora in 2015.") == []


# --- education -------------------------------------------------------------------------------------------

def test_degrees_of_a_list(read):
    found = read("She holds a PhD in Epidemiology from the University of Chile, and a Master's degree in Public "
                 "Health from the Central University of Ecuador.")
    assert values(found, "degree") == ["PhD", "Master's degree"]
    assert values(found, "degree_subject") == ["Epidemiology", "Public Health"]
    assert values(found, "alma_mater") == ["University of Chile", "Central University of Ecuador"]


def test_another_persons_degree_is_not_hers(read):
    assert read("Her husband holds a degree in Law from the University of Chile.") == []


# --- figures ---------------------------------------------------------------------------------------------

def test_a_trend_with_periods_and_a_shared_unit(read, vocabularies):
    reading = Reading("During her tenure the maternal mortality rate fell from 14 in 2010 to just 9 per 100,000 "
                      "inhabitants in 2015.", vocabularies, "ana-perez")
    found = [f for family in FAMILIES for f in family(reading, Context(), vocabularies)]
    assert [(reading.raw(*f.value), f.entry) for f in found] == [
        ("14", {"period": "2010", "unit": "per 100,000 inhabitants"}),
        ("9 per 100,000 inhabitants", {"period": "2015", "qualifier": "just"})]


def test_a_trend_with_no_period_takes_the_span_a_sentence_before_stated(read):
    found = read("She was Minister of Health from 2010 to 2015.",
                 "During this period, the maternal mortality rate fell from 14 to 9 per 100,000 inhabitants.")
    assert values(found, "value") == ["14", "9 per 100,000 inhabitants"]
    assert read("The maternal mortality rate fell from 14 to 9 per 100,000 inhabitants.") == []


def test_a_figure_for_another_measure_is_not_read(read):
    assert read("The unemployment rate fell from 8% in 2010 to 6% in 2015.") == []
    assert read("Between 2012 and 2014, the clinics administered 45,000 flu tests.") == []


def test_a_count_of_a_known_measure(vocabularies):
    reading = Reading("Between 2012 and 2014, the police seized over 45 metric tons of drugs and 30 tons of timber.",
                      vocabularies, "ana-perez")
    found = [f for family in FAMILIES for f in family(reading, Context(), vocabularies)]
    assert [(reading.raw(*f.value), f.entry, f.subject[0]) for f in found] == [
        ("45 metric tons", {"period": "2012–2014", "qualifier": "over"}, "drugs-seized")]
    reading = Reading("The police seized 45 metric tons of drugs.", vocabularies, "ana-perez")
    assert [f for family in FAMILIES for f in family(reading, Context(), vocabularies)] == []  # for when?


# --- the reading -----------------------------------------------------------------------------------------

def test_a_value_maps_back_to_the_exact_characters_across_marks_and_line_breaks(vocabularies):
    sentence = "Pérez was born on 4 July\n 1961 in Loja,[3] Ecuador."
    reading = Reading(sentence, vocabularies, "ana-perez")
    found = [f for family in FAMILIES for f in family(reading, Context(), vocabularies)]
    spans = {f.property: reading.to_sentence(*f.value) for f in found}
    assert sentence[slice(*spans["birth_date"])] == "4 July\n 1961"
    assert sentence[slice(*spans["birth_place"])] == "Loja"  # the citation mark ends the place


def test_a_linked_name_resolves_by_the_linked_page(vocabularies):
    from types import SimpleNamespace

    from build.claims.extract import _entity_value
    from build.claims.extract.patterns import Finding

    sentence = "She was appointed Minister of Health under President Ortiz."
    reading = Reading(sentence, vocabularies, "ana-perez")
    [finding] = [f for family in FAMILIES for f in family(reading, Context(), vocabularies)
                 if f.property == "served_under"]
    start = sentence.index("President Ortiz")
    linked = SimpleNamespace(document=SimpleNamespace(links=[
        {"char_start": start, "char_end": start + len("President Ortiz"), "target": "Juan Ortega"}]),
        source=SimpleNamespace(id="test"))
    assert isinstance(finding, Finding)
    assert _entity_value(linked, finding, vocabularies)["value"] == "juan-ortega"
