"""Many people, many documents: adding a source never corrupts the record.

The documents added here are fictional test documents (tests/fixtures/documents/):
another politician's article in rendering A's layout whose predecessor is José
Serrano, a second decision on case ECU-92, a collective IPU case and a decision
whose side box lands inside the summary.
"""

import asyncio
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from build.sources.ipu import parse_ipu_decision
from build.sources.wikipedia import parse_wikipedia
from conftest import ROOT
from documents_helper import FIXTURES, add_person, add_source, keep_only
from build_helpers import build_into

SERRANO = "jose-serrano-salgado"


def fixture_text(name: str) -> str:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def fields(doc) -> list[tuple]:
    return [(f["block"], f["key"], f["value"]) for f in doc.infobox_fields]


# --- the layouts, parsed ---------------------------------------------------------------

def test_rendered_infobox_of_a_real_page_layout():
    text = fixture_text("article-rendered-almeida.txt")
    doc = parse_wikipedia("almeida", text)
    for f in doc.infobox_fields:
        assert text[f["char_start"]:f["char_end"]] == f["value"]
    got = fields(doc)
    assert got[:2] == [("caption", "name", "Lucía Almeida"), ("caption", "caption", "Almeida in 2019")]
    # three offices, dates separated by a hyphen and by "to"
    assert [v for b, k, v in got if k == "office"] == [
        "President of the National Assembly", "Member of the National Assembly", "Minister of Tourism"]
    assert ("1", "term_start", "9 March 2018") in got and ("1", "term_end", "14 May 2019") in got
    assert ("3", "term_start", "2 June 2014") in got and ("3", "term_end", "1 March 2016") in got
    # "Incumbent", then "Assumed office" whose date is on the next row
    assert ("2", "ongoing", "Incumbent") in got and ("2", "term_start", "14 May 2017") in got
    assert not any(b == "2" and k == "term_end" for b, k, v in got)
    assert ("1", "predecessor", "José Serrano") in got and ("3", "served_under", "Rafael Correa") in got
    # "Born" with its value on the following lines: name, date (without the age) and place
    assert [(k, v) for b, k, v in got if k and k.startswith("birth")] == [
        ("birth_name", "Lucía Almeida Ordóñez"), ("birth_date", "3 February 1979"), ("birth_place", "Ibarra, Ecuador")]
    for key, value in [("political_party", "PAIS Alliance"), ("spouse", "Andrés Vaca"), ("children", "2"),
                       ("residence", "Quito"), ("website", "Official website")]:
        assert ("personal", key, value) in got
    # the signature row has no text value: kept with its label, no key
    assert ("personal", None, "Signature") in got
    # the article still starts where the infobox ends
    assert [p["section"] for p in doc.passages if p["kind"] == "section"] == [
        "lead", "Early life", "Political career", "References"]
    assert len(doc.references) == 2


def test_second_decision_on_a_case_wrapped_differently():
    text = fixture_text("ipu-ecu-92-second-decision.txt")
    d = parse_ipu_decision("second", text)
    assert (d.case_id, d.person, d.collective) == ("ECU-92", "José Serrano Salgado", False)
    assert d.adoption["session"] == 170 and d.adoption["date"] == "2023-01-16"
    assert d.adoption["by"] == "Committee on the Human Rights of Parliamentarians"
    assert [v["value"] for v in d.violations] == ["Threats, acts of intimidation"]
    assert [(p["part"], p["number"], p["attributed_to"]) for p in d.paragraphs] == [
        ("summary", 1, "summary"), ("summary", 2, "authorities"),
        ("decision", 1, "committee"), ("decision", 2, "committee"), ("decision", 3, "committee")]
    # paragraph 2 continues after a blank line
    assert d.paragraphs[3]["text"] == ("Notes that the complainant has again not provided updated information, "
                                       "despite repeated requests;")


def test_collective_case_lists_its_parliamentarians():
    text = fixture_text("ipu-collective.txt")
    d = parse_ipu_decision("coll", text)
    assert d.case_id == "ECU-COLL-02" and d.collective
    assert [p["name"] for p in d.persons] == ["Ana Pérez Lara", "Luis Mora", "Eva Ruiz Salas", "Jorge Tapia",
                                              "Rosa Vélez"]
    for p in d.persons:
        assert text[p["char_start"]:p["char_end"]] == p["name"]
    assert [v["value"] for v in d.violations] == ["Arbitrary arrest and detention",
                                                  "Violation of freedom of expression"]
    assert d.adoption["how"] == "unanimously" and d.adoption["session"] == 212
    assert d.decision_preamble == "The Governing Council of the Inter-Parliamentary Union"
    assert [p["operative_verb"] for p in d.paragraphs if p["part"] == "decision"] == ["Expresses", "Urges",
                                                                                       "Requests"]


def test_side_box_is_case_metadata_not_summary():
    text = fixture_text("ipu-side-box.txt")
    d = parse_ipu_decision("box", text)
    box = {f["key"]: f["value"] for f in d.side_box}
    assert box["case"] == "ECU-110"
    assert box["victim"] == "Opposition member of parliament (female)"
    assert box["qualified_complainant"] == "Section I.1(a) of the Complaints Procedure (Annex I)"
    assert box["submission_of_complaint"] == "June 2022"
    assert box["recent_committee_hearing"] == ("Hearing with the delegation of Ecuador at the 146th IPU Assembly "
                                               "(March 2023)")
    assert box["communication_from_authorities"] == "Letter from the Speaker (February 2023)"
    for f in d.side_box:
        assert " ".join(text[f["char_start"]:f["char_end"]].split()) == f["value"]
    summary = [p["text"] for p in d.paragraphs if p["part"] == "summary"]
    assert len(summary) == 2 and summary[0].startswith("Ms. Quiroga") and summary[1].startswith("According to")
    assert not any("Victim" in p or "Case ECU-110" in p for p in summary)


def test_older_case_number_and_no_part_headings():
    text = ("PHI/08 – Mr. Juan Cruz\n\nThe Governing Council of the Inter-Parliamentary Union,\n\n"
            "Considering that Mr. Cruz was arrested in 2007,\n\n"
            "1. Thanks the authorities for their cooperation;\n\n2. Requests the Secretary General to convey it.\n")
    d = parse_ipu_decision("old", text)
    assert (d.case_id, [p["name"] for p in d.persons]) == ("PHI/08", ["Juan Cruz"])
    assert d.decision_preamble == "The Governing Council of the Inter-Parliamentary Union,"
    assert [(p["part"], p["number"]) for p in d.paragraphs] == [("summary", 1), ("decision", 1), ("decision", 2)]


# --- adding documents to the record --------------------------------------------------------

def rows(db_path: Path, sql: str) -> list[dict]:
    return list(sqlite_utils.Database(db_path).query(sql))


def serrano_rows(db_path: Path) -> dict:
    return {
        "persons": rows(db_path, f"select * from persons where id = '{SERRANO}'"),
        "terms": rows(db_path, f"select * from terms where person_id = '{SERRANO}' order by id"),
        "awards": rows(db_path, f"select * from awards where person_id = '{SERRANO}' order by id"),
        "source_conflicts": rows(db_path, f"select * from source_conflicts where person_id = '{SERRANO}' "
                                          "or person_id is null order by id"),
    }


def add_his_second_decision(data_dir: Path) -> None:
    add_source(data_dir, "ipu-ecu-92-second-decision.txt", id="ipu-ecu-92-2023", kind="ipu_decision",
               about=SERRANO, document="ipu-case-ecu-92", revision=2)


def add_another_persons_article(data_dir: Path) -> None:
    add_person(data_dir, "lucia-almeida", "Lucía Almeida", ["Almeida"])
    add_source(data_dir, "article-rendered-almeida.txt", id="wikipedia-almeida", kind="wikipedia_revision",
               about="lucia-almeida", document="wikipedia-en-lucia-almeida")


@pytest.fixture(scope="module")
def baseline_and_extended(tmp_path_factory):
    """The seeds with his second decision (which, about him, adds what its prose states of him), then with
    another person's article as well."""
    folder = tmp_path_factory.mktemp("people")
    base, extended = folder / "base", folder / "extended"
    base.mkdir()
    extended.mkdir()
    shutil.copytree(ROOT / "data", folder / "data")
    add_his_second_decision(folder / "data")
    assert build_into(base, folder / "data") == 0
    add_another_persons_article(folder / "data")
    assert build_into(extended, folder / "data") == 0
    return base / "serrano.db", extended / "serrano.db"


def test_serranos_rows_are_untouched_by_another_persons_article(baseline_and_extended):
    base, extended = baseline_and_extended
    assert serrano_rows(base)["terms"], "the baseline has his terms"
    assert serrano_rows(extended) == serrano_rows(base)


def test_his_second_decision_states_his_mandate_read_by_the_rules(baseline_and_extended):
    base, _ = baseline_and_extended
    assert rows(base, "select property, value from claims where source_id = 'ipu-ecu-92-2023' and method = "
                      "'extracted' and person_id = 'jose-serrano-salgado' order by property") == [
        {"property": "end_date", "value": "2021"}, {"property": "start_date", "value": "2017"}]


def test_the_new_persons_terms_are_hers(baseline_and_extended):
    _, extended = baseline_and_extended
    hers = rows(extended, "select * from terms where person_id = 'lucia-almeida' order by start_date")
    assert [(t["office_id"], t["start_date"], t["end_date"], t["ongoing"]) for t in hers] == [
        ("minister-of-tourism", "2014-06-02", "2016-03-01", 0),
        ("member-of-the-national-assembly", "2017-05-14", None, 1),
        ("president-of-the-national-assembly", "2018-03-09", "2019-05-14", 0),
    ]
    presidency = hers[2]
    assert (presidency["predecessor_id"], presidency["successor_id"]) == (SERRANO, "tomas-vaca")
    assert rows(extended, "select birth_date from persons where id = 'lucia-almeida'") == [
        {"birth_date": "1979-02-03"}]
    # Every infobox claim of her article is about her.
    # (The dates its References print are claims about those references, whose person is no one.)
    assert {r["person_id"] for r in rows(extended, "select person_id from claims "
                                                    "where source_id = 'wikipedia-almeida' and method = 'infobox'")} \
        == {"lucia-almeida"}


def test_no_conflict_compares_claims_about_two_people(baseline_and_extended):
    _, extended = baseline_and_extended
    mixed = rows(extended, "select cc.conflict_id, count(distinct coalesce(c.person_id, '')) as people "
                           "from conflict_claims cc join claims c on c.id = cc.claim_id "
                           "group by cc.conflict_id having people > 1")
    assert mixed == []
    crossed = rows(extended, "select * from claim_comparisons cmp join claims a on a.id = cmp.claim_id "
                             "join facts f on f.id = cmp.fact_id where f.person_id is not a.person_id")
    assert crossed == []


def test_unknown_names_become_provisional_entities(baseline_and_extended):
    _, extended = baseline_and_extended
    provisional = {(r["vocabulary"], r["id"]): r for r in rows(extended, "select * from provisional_entities")}
    assert provisional[("persons", "tomas-vaca")]["first_source_id"] == "wikipedia-almeida"
    assert provisional[("offices", "minister-of-tourism")]["name"] == "Minister of Tourism"
    assert rows(extended, "select provisional from persons where id = 'tomas-vaca'") == [{"provisional": 1}]
    assert rows(extended, f"select provisional from persons where id = '{SERRANO}'") == [{"provisional": 0}]


def test_an_alias_merges_a_provisional_entity(tmp_path, data_copy):
    add_his_second_decision(data_copy)
    add_another_persons_article(data_copy)
    offices = data_copy / "vocabularies" / "offices.yml"
    offices.write_text(offices.read_text().replace(
        "    aliases: [Minister of Labour, Labour Minister]",
        "    aliases: [Minister of Labour, Labour Minister, Minister of Tourism]"))
    assert build_into(tmp_path, data_copy) == 0
    db = tmp_path / "serrano.db"
    assert rows(db, "select * from provisional_entities where vocabulary = 'offices'") == []
    assert rows(db, "select office_id from terms where id = 'lucia-almeida-minister-of-labour-1'") == [
        {"office_id": "minister-of-labour"}]


def test_two_decisions_on_one_case_are_two_rows_linked_by_the_case(baseline_and_extended):
    _, extended = baseline_and_extended
    assert rows(extended, "select case_id, decisions_count, latest_source_id from ipu_cases") == [
        {"case_id": "ECU-92", "decisions_count": 2, "latest_source_id": "ipu-ecu-92-2023"}]
    decisions = rows(extended, "select source_id, case_id, session, adopted_on from ipu_decisions order by source_id")
    assert decisions == [
        {"source_id": "ipu-ecu-92", "case_id": "ECU-92", "session": None, "adopted_on": None},
        {"source_id": "ipu-ecu-92-2023", "case_id": "ECU-92", "session": 170, "adopted_on": "2023-01-16"}]
    assert rows(extended, "select revisions_count from documents where id = 'ipu-case-ecu-92'") == [
        {"revisions_count": 2}]


def test_collective_and_side_box_decisions_build(tmp_path, data_copy):
    add_source(data_copy, "ipu-collective.txt", id="ipu-ecu-coll-02", kind="ipu_decision", about="",
               document="ipu-case-ecu-coll-02")
    add_source(data_copy, "ipu-side-box.txt", id="ipu-ecu-110", kind="ipu_decision", about="",
               document="ipu-case-ecu-110")
    assert build_into(tmp_path, data_copy) == 0
    db = tmp_path / "serrano.db"
    assert rows(db, "select collective, persons_count from ipu_cases where case_id = 'ECU-COLL-02'") == [
        {"collective": 1, "persons_count": 5}]
    named = rows(db, "select p.person_id, persons.provisional from ipu_case_persons p "
                     "join persons on persons.id = p.person_id where p.case_id = 'ECU-COLL-02' order by p.id")
    assert [r["person_id"] for r in named] == ["ana-perez-lara", "luis-mora", "eva-ruiz-salas", "jorge-tapia",
                                              "rosa-velez"]
    assert {r["provisional"] for r in named} == {1}
    assert {r["key"] for r in rows(db, "select key from ipu_side_box where source_id = 'ipu-ecu-110'")} >= {
        "case", "victim", "qualified_complainant", "submission_of_complaint"}
    summary = rows(db, "select text from decision_paragraphs where source_id = 'ipu-ecu-110' and part = 'summary'")
    assert len(summary) == 2


@pytest.mark.parametrize("kept", [{"ipu-ecu-92"}, {"wikipedia-a"}, {"wikipedia-b"}])
def test_a_manifest_with_a_single_source_builds(tmp_path, data_copy, kept):
    keep_only(data_copy, kept)
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    assert [r["id"] for r in db["sources"].rows] == sorted(kept)
    # Every table exists with its columns, even those a single source leaves empty.
    for table in ("claim_comparisons", "source_conflicts", "terms", "infobox_fields", "decision_paragraphs"):
        assert table in db.table_names()
    assert "conflict_id" in db["claim_comparisons"].columns_dict


OPEN_ENDED = """Rosa Vélez
Rosa Vélez | |
---|---|
Member of the National Assembly | |
Incumbent | |
Assumed office 14 May 2021 | |
Rosa Vélez (born 1980) is an Ecuadorian politician who has been a member of the National Assembly since 2021.
"""


def test_the_timeline_of_a_person_with_one_open_ended_term_renders(tmp_path, data_copy):
    keep_only(data_copy, {"ipu-ecu-92"})
    add_person(data_copy, "rosa-velez", "Rosa Vélez")
    add_source(data_copy, None, id="wikipedia-velez", kind="wikipedia_revision", about="rosa-velez",
               document="wikipedia-en-rosa-velez", text=OPEN_ENDED)
    site = tmp_path / "site"
    site.mkdir()
    assert build_into(site, data_copy) == 0
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("templates", "plugins"):
        shutil.copytree(ROOT / folder, site / folder)

    async def fetch(path):
        from datasette.app import Datasette

        ds = Datasette(config_dir=site)
        await ds.invoke_startup()
        return await ds.client.get(path)

    response = asyncio.run(fetch("/timeline?person=rosa-velez"))
    assert response.status_code == 200
    html = response.text
    assert 'data-term="rosa-velez-member-of-the-national-assembly-1"' in html
    assert 'data-ongoing="1"' in html and 'class="term-ongoing"' in html
    assert "nan" not in html.lower().replace("nantes", "")
    assert "Member of the National Assembly (since 2021)" in html
    person_page = asyncio.run(fetch("/persons/rosa-velez"))
    assert person_page.status_code == 200 and "ongoing" in person_page.text


def test_one_office_in_two_infobox_blocks_is_two_holdings_in_date_order():
    from build.claims.infobox import choose_holdings
    from build.common.dates import interval
    # No curated holdings: numbered by start date, whatever the blocks' order on the page.
    assert choose_holdings({}, ["10 January 2018", "2 March 2015"]) == [2, 1]
    assert choose_holdings({}, ["2 March 2015", None, "10 January 2018"]) == [1, 3, 2]
    # Curated holdings known: each block takes the nearest one no other block took.
    known = {1: [interval("2010-04-05", "day")], 2: [interval("2013-11-14", "day")]}
    assert choose_holdings(known, ["14 November 2013", "5 April 2010"]) == [2, 1]
    assert choose_holdings(known, ["2010", "2011", "2020"]) == [1, 2, 3]
    # One block keeps the nearest-start rule.
    assert choose_holdings(known, ["14 November 2013"]) == [2]


def test_an_article_listing_one_office_twice_gives_two_terms_and_no_conflict(tmp_path, data_copy):
    text = (FIXTURES / "article-rendered-almeida.txt").read_text(encoding="utf-8").replace(
        "Personal details | |",
        "Minister of Tourism | |\nIn office 10 January 2018 – 4 March 2018 | |\nPersonal details | |", 1)
    add_person(data_copy, "lucia-almeida", "Lucía Almeida", ["Almeida"])
    add_source(data_copy, None, id="wikipedia-almeida", kind="wikipedia_revision", about="lucia-almeida",
               document="wikipedia-en-lucia-almeida", text=text)
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    terms = [(r["id"], r["start_date"], r["end_date"], r["conflicts_count"]) for r in db.query(
        "select * from terms where person_id = 'lucia-almeida' and id like '%tourism%' order by id")]
    assert terms == [("lucia-almeida-minister-of-tourism-1", "2014-06-02", "2016-03-01", 0),
                     ("lucia-almeida-minister-of-tourism-2", "2018-01-10", "2018-03-04", 0)]


def test_an_assembly_seat_named_with_its_constituency_is_the_assembly_membership():
    from build.claims.vocabularies import load_vocabularies
    offices = load_vocabularies(ROOT / "data")["offices"]
    for written in ("Member of the National Assembly for Pichincha", "2nd Member of the National Assembly for Azuay"):
        assert offices.resolve(written) == offices.resolve("Member of the National Assembly") is not None
    assert offices.resolve("Minister for Foreign Affairs") is None  # only a seat in an assembly is cut so
