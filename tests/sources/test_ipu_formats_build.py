"""Crafted IPU decisions through the whole build: a collective case's victims in
ipu_case_persons, and a decision paragraph cut by a page break."""

import sqlite_utils

from documents_helper import add_source
from build_helpers import build_into
from test_parse_ipu_formats import COLLECTIVE_BOX, PAGE_BREAKS


def test_collective_victims_and_page_break_pieces_build(tmp_path, data_copy):
    add_source(data_copy, None, id="ipu-per-coll-05", kind="ipu_decision", about="",
               document="ipu-case-per-coll-05", text=COLLECTIVE_BOX)
    add_source(data_copy, None, id="ipu-pe-13", kind="ipu_decision", about="",
               document="ipu-case-pe-13", text=PAGE_BREAKS)
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    assert list(db.query("select collective, persons_count from ipu_cases where case_id = 'PER-COLL-05'")) == [
        {"collective": 1, "persons_count": 4}]
    persons = list(db.query("select name, char_start, char_end from ipu_case_persons "
                            "where case_id = 'PER-COLL-05' order by id"))
    assert [p["name"] for p in persons] == ["Rosa Quispe", "Tomás de la Cruz", "Inés Ccori Mamani", "Ulises Paz"]
    text = db["sources"].get("ipu-per-coll-05")["text"]
    assert [" ".join(text[p["char_start"]:p["char_end"]].split()) for p in persons] == [p["name"] for p in persons]

    rows = list(db.query("select id, number, operative_verb, text from decision_paragraphs "
                         "where source_id = 'ipu-pe-13' and part = 'decision' order by char_start"))
    assert [(r["id"], r["number"], r["operative_verb"]) for r in rows] == [
        ("ipu-pe-13-decision-1", 1, "Takes note"), ("ipu-pe-13-decision-2", 2, "Considers"),
        ("ipu-pe-13-decision-3", 3, "Urges"), ("ipu-pe-13-decision-3-2", 3, None),
        ("ipu-pe-13-decision-4", 4, "Requests")]
    assert rows[3]["text"] == "and to drop the charges;"
    assert db["ipu_decisions"].get("ipu-pe-13")["paragraphs_count"] == 4
