"""Documents in the forms people have them, through the whole build: a page copied from a browser
with every quirk, a Governing Council resolution in the archive's layout, a Committee decision with
bulleted paragraphs, and a decision's PDF read directly (kind ipu_decision_pdf).  José Serrano's
rows are unchanged by them; a PDF with no text to read is refused in one line, nothing published.
Every document is fictional (tests/fixtures/documents/README.md)."""

import hashlib
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from build.sources.pdf import pdf_text
from build_helpers import build_into, snapshot
from conftest import ROOT, run_build
from documents_helper import FIXTURES, add_person, add_source
from pdf_helper import decision_pdf, drawing_only, encrypted

SERRANO = "jose-serrano-salgado"
PDF_SOURCE_TEXT = (FIXTURES / "ipu-decision-for-pdf-ecu-140.txt").read_text(encoding="utf-8")


def rows(db_path: Path, sql: str, *params) -> list[dict]:
    return list(sqlite_utils.Database(db_path).query(sql, params))


def serrano_rows(db_path: Path) -> dict:
    return {
        "persons": rows(db_path, "select * from persons where id = ?", SERRANO),
        "terms": rows(db_path, "select * from terms where person_id = ? order by id", SERRANO),
        "awards": rows(db_path, "select * from awards where person_id = ? order by id", SERRANO),
        "source_conflicts": rows(db_path, "select * from source_conflicts where person_id = ? "
                                          "or person_id is null order by id", SERRANO),
        "consistency_findings": rows(db_path, "select * from consistency_findings order by id"),
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The seeds alone, then the seeds with the new documents; the second build's stderr."""
    folder = tmp_path_factory.mktemp("published")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    base, extended = folder / "base", folder / "extended"
    base.mkdir()
    extended.mkdir()
    assert build_into(base, data) == 0
    add_person(data, "tomas-ibarra", "Tomás Ibarra Cordero", ["Tomás Ibarra"])
    add_source(data, "article-rendered-copy-ibarra.txt", id="wikipedia-ibarra", kind="wikipedia_revision",
               about="tomas-ibarra", document="wikipedia-en-tomas-ibarra")
    add_source(data, "ipu-archive-resolution-ec-09.txt", id="ipu-ec-09", kind="ipu_decision", about="",
               document="ipu-case-ec-09")
    add_source(data, "ipu-decision-bulleted-ecu-131.txt", id="ipu-ecu-131", kind="ipu_decision", about="",
               document="ipu-case-ecu-131")
    pdf = decision_pdf(PDF_SOURCE_TEXT)
    add_source(data, None, id="ipu-ecu-140", kind="ipu_decision_pdf", about="", document="ipu-case-ecu-140", raw=pdf)
    result = run_build("--data", str(data), "--out", str(extended / "serrano.db"), "--quiet")
    assert result.returncode == 0, result.stderr
    return base / "serrano.db", extended / "serrano.db", pdf, result.stderr


def test_serranos_rows_are_unchanged(builds):
    base, extended, _, _ = builds
    assert serrano_rows(base)["terms"]
    assert serrano_rows(extended) == serrano_rows(base)


def test_no_warning_for_documents_that_were_read(builds):
    assert builds[3] == ""


# --- the copied page ----------------------------------------------------------------------------------

def test_the_copied_pages_terms_and_person(builds):
    _, db, _, _ = builds
    terms = rows(db, "select office_id, start_date, end_date, predecessor_id, successor_id, served_under_id "
                     "from terms where person_id = 'tomas-ibarra' order by start_date")
    assert terms == [
        {"office_id": "1st-secretary-of-digital-government", "start_date": "2008-06-02", "end_date": "2011-07-27",
         "predecessor_id": None, "successor_id": "ulises-paz", "served_under_id": "marta-quiroga"},
        {"office_id": "12th-president-of-the-republic-of-esmeralda", "start_date": "2011-07-28",
         "end_date": "2012-11-09", "predecessor_id": "marta-quiroga", "successor_id": "rosa-velez",
         "served_under_id": None},
    ]
    assert rows(db, "select birth_date, birth_place from persons where id = 'tomas-ibarra'") == [
        {"birth_date": "1962-04-04", "birth_place": "Loja, Esmeralda"}]
    # "Position established" is nobody
    assert rows(db, "select id from persons where name like '%established%'") == []
    assert rows(db, "select count(*) as n from claims where value_raw = 'Position established'") == [{"n": 0}]


def test_list_values_are_items_never_a_conflict(builds):
    _, db, _, _ = builds
    children = rows(db, "select value, item from claims where person_id = 'tomas-ibarra' "
                        "and property = 'children' order by char_start")
    assert children == [{"value": "Mateo", "item": "mateo"}, {"value": "Clara", "item": "clara"}]
    parties = rows(db, "select value from claims where person_id = 'tomas-ibarra' "
                       "and property = 'political_party' order by char_start")
    assert [p["value"] for p in parties] == ["Green Coast Movement (Before 2018)", "Civic Renewal (After 2018)"]
    assert rows(db, "select id from source_conflicts where person_id = 'tomas-ibarra'") == []
    assert rows(db, "select claim_id from claim_comparisons where source_id = 'wikipedia-ibarra' "
                    "and verdict = 'conflicts'") == []


def test_the_page_header_is_kept_as_passages_and_not_as_sentences_to_account_for(builds):
    _, db, _, _ = builds
    header = rows(db, "select text from passages where source_id = 'wikipedia-ibarra' and section = 'page header' "
                      "and kind = 'paragraph' order by char_start")
    assert [p["text"] for p in header][:2] == ["From Wikipedia, the free encyclopedia", "Jump to navigation"]
    assert rows(db, "select count(*) as n from sentences where source_id = 'wikipedia-ibarra' "
                    "and section = 'page header'") == [{"n": 0}]


# --- the decisions ----------------------------------------------------------------------------------

def test_the_archive_resolution_and_the_bulleted_decision(builds):
    _, db, _, _ = builds
    decisions = rows(db, "select source_id, case_id, session, adopted_on, paragraphs_count from ipu_decisions "
                         "where source_id in ('ipu-ec-09', 'ipu-ecu-131') order by source_id")
    assert decisions == [
        {"source_id": "ipu-ec-09", "case_id": "EC/09", "session": 179, "adopted_on": "2006-10-18",
         "paragraphs_count": 4},
        {"source_id": "ipu-ecu-131", "case_id": "ECU-131", "session": 213, "adopted_on": "2023-10-27",
         "paragraphs_count": 4}]
    paragraphs = rows(db, "select source_id, part, number, operative_verb from decision_paragraphs "
                          "where source_id in ('ipu-ec-09', 'ipu-ecu-131') and part = 'decision' "
                          "and operative_verb is not null order by source_id, char_start")
    assert [(p["source_id"], p["number"], p["operative_verb"]) for p in paragraphs] == [
        ("ipu-ec-09", 1, "Thanks"), ("ipu-ec-09", 2, "Deplores"), ("ipu-ec-09", 3, "Requests"),
        ("ipu-ec-09", 4, "Decides to continue examining"),
        ("ipu-ecu-131", 1, "Thanks"), ("ipu-ecu-131", 2, "Notes"), ("ipu-ecu-131", 3, "Urges"),
        ("ipu-ecu-131", 4, "Decides to continue examining")]


def test_the_pdf_decision_is_stored_as_its_extracted_text(builds):
    _, db, pdf, _ = builds
    source = sqlite_utils.Database(db)["sources"].get("ipu-ecu-140")
    assert (source["kind"], source["file"]) == ("ipu_decision_pdf", "data/sources/ipu-ecu-140.pdf")
    assert source["sha256"] == hashlib.sha256(pdf).hexdigest()  # the raw file is what is pinned
    assert source["text"] == pdf_text(pdf) and source["chars"] == len(source["text"])
    paragraphs = rows(db, "select case_id, part, number, operative_verb, text, char_start, char_end "
                          "from decision_paragraphs where source_id = 'ipu-ecu-140' order by char_start")
    assert {p["case_id"] for p in paragraphs} == {"ECU-140"}
    assert [(p["part"], p["number"]) for p in paragraphs if p["operative_verb"] or p["part"] == "summary"] == [
        ("summary", 1), ("summary", 2), ("summary", 3)] + [("decision", n) for n in range(1, 9)]
    assert [p["operative_verb"] for p in paragraphs if p["operative_verb"]][:3] == ["Thanks", "Notes", "Notes further"]
    for p in paragraphs:  # every span is into the stored, extracted text
        words = source["text"][p["char_start"]:p["char_end"]].split()
        assert " ".join(words[1:] if p["operative_verb"] else words) == p["text"]
        assert "CL/215" not in source["text"][p["char_start"]:p["char_end"]]
    assert rows(db, "select session, adopted_on from ipu_decisions where source_id = 'ipu-ecu-140'") == [
        {"session": 215, "adopted_on": "2024-10-17"}]


def test_a_pdf_and_a_text_decision_on_one_case(tmp_path, data_copy):
    """A second decision on ECU-92, as its PDF: one case, two decisions of two kinds."""
    second = (FIXTURES / "ipu-ecu-92-second-decision.txt").read_text(encoding="utf-8")
    latin = second.replace("\u2013", "-").replace("\uf0fc", "-").replace("\u2019", "'")
    add_source(data_copy, None, id="ipu-ecu-92-2023", kind="ipu_decision_pdf", about=SERRANO,
               document="ipu-case-ecu-92", revision=2, raw=decision_pdf(latin, symbol=""))
    assert build_into(tmp_path, data_copy) == 0
    db = tmp_path / "serrano.db"
    assert rows(db, "select case_id, decisions_count, latest_source_id from ipu_cases") == [
        {"case_id": "ECU-92", "decisions_count": 2, "latest_source_id": "ipu-ecu-92-2023"}]
    assert rows(db, "select operative_verb from decision_paragraphs where source_id = 'ipu-ecu-92-2023' "
                    "and part = 'decision' order by number") == [
        {"operative_verb": "Recalls"}, {"operative_verb": "Notes"}, {"operative_verb": "Decides to close"}]


# --- PDFs with nothing to read ------------------------------------------------------------------------

@pytest.mark.parametrize("make, problem", [
    (lambda: encrypted(decision_pdf(PDF_SOURCE_TEXT)), "is encrypted: it opens only with a password"),
    (drawing_only, "has no text layer (1 page, no text on any)"),
    (lambda: decision_pdf(PDF_SOURCE_TEXT)[:2000], "is not a readable PDF (pypdf: "),
])
def test_a_pdf_with_no_text_fails_in_one_line_and_publishes_nothing(tmp_path, data_copy, make, problem):
    assert build_into(tmp_path, data_copy) == 0
    before = snapshot(tmp_path)
    add_source(data_copy, None, id="ipu-bad", kind="ipu_decision_pdf", about="", document="ipu-case-bad",
               raw=make())
    result = run_build("--data", str(data_copy), "--out", str(tmp_path / "serrano.db"), "--quiet")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # pypdf's own log lines stay quiet
    assert lines[0].startswith("build failed: data/sources.yml: entry 4 (id ipu-bad) at line ")
    assert f": data/sources/ipu-bad.pdf {problem}" in lines[0]
    assert snapshot(tmp_path) == before


def test_the_reader_shows_the_pdfs_extracted_text_and_the_copied_page(builds):
    import asyncio
    from datasette.app import Datasette

    _, db, pdf, _ = builds
    site = db.parent
    for name in ("metadata.yml", "settings.json"):
        shutil.copy(ROOT / name, site / name)
    for folder in ("templates", "plugins"):
        shutil.copytree(ROOT / folder, site / folder, dirs_exist_ok=True)

    async def fetch(*paths):
        ds = Datasette(config_dir=site)
        await ds.invoke_startup()
        return [await ds.client.get(path, follow_redirects=True) for path in paths]

    decision, page = asyncio.run(fetch("/sources/ipu-ecu-140", "/sources/wikipedia-ibarra"))
    assert decision.status_code == 200 and page.status_code == 200
    assert f"sha256 <code>{hashlib.sha256(pdf).hexdigest()[:16]}" in decision.text  # the pin of the raw file
    assert '<span class="kind">ipu decision pdf</span>' in decision.text
    assert "Wishes to receive from the authorities, before its next session" in " ".join(decision.text.split())
    assert "From Wikipedia, the free encyclopedia" in page.text and "Carondelet Palace (Official)" in page.text
