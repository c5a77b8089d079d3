"""The parsed structure as published: every span slices to its row's text."""

import hashlib

import pytest

from build.sources.ipu import raw_without_number
from build.sources.sentences import strip_marks
from build_helpers import build_into


def reflow(raw: str) -> str:
    return " ".join(raw.split())


@pytest.fixture(scope="module")
def texts(db):
    return {row["id"]: row["text"] for row in db["sources"].rows}


def test_decision_paragraph_spans_reflow_to_their_text(db, texts):
    rows = list(db["decision_paragraphs"].rows)
    assert rows
    for row in rows:
        text = texts[row["source_id"]]
        assert 0 <= row["char_start"] < row["char_end"] <= len(text)
        # Decision paragraphs store their text without the printed number "7.".
        assert reflow(raw_without_number(text, row)) == row["text"]
        if row["part"] == "decision":
            assert reflow(text[row["char_start"]:row["char_end"]]) == f"{row['number']}. {row['text']}"


def test_ecu_92_paragraphs_and_verbs(db):
    rows = list(db["decision_paragraphs"].rows_where("case_id = 'ECU-92'", order_by="part desc, number"))
    summary = [r for r in rows if r["part"] == "summary"]
    decision = [r for r in rows if r["part"] == "decision"]
    assert [r["number"] for r in summary] == [1, 2, 3, 4, 5]
    # Paragraphs 1 and 5 open with no speaker: the summary's own account, not the Committee's.
    assert [r["attributed_to"] for r in summary] == ["summary", "complainant", "complainant", "authorities", "summary"]
    assert [r["number"] for r in decision] == list(range(1, 9))
    assert [r["operative_verb"] for r in decision] == [
        "Thanks", "Notes", "Notes", "Notes further", "Notes also", "Notes further", "Concludes", "Requests"]
    assert {r["attributed_to"] for r in decision} == {"committee"}


def test_passages_and_infobox_and_references_spans(db, texts):
    passages = list(db["passages"].rows)
    assert passages
    for row in passages:
        raw = texts[row["source_id"]][row["char_start"]:row["char_end"]]
        # Sentences drop citation marks and [edit] from their text but keep them in the span.
        expected = reflow(strip_marks(raw)) if row["kind"] == "sentence" else reflow(raw)
        assert expected == row["text"], row["id"]
    for table in ("infobox_fields", "references"):
        rows = list(db[table].rows)
        assert rows, table
        for row in rows:
            text = texts[row["source_id"]]
            assert 0 <= row["char_start"] < row["char_end"] <= len(text)
            assert text[row["char_start"]:row["char_end"]] == row["value" if table == "infobox_fields" else "text"]


def test_both_renderings_have_the_same_office_blocks(db):
    blocks = {}
    for row in db["infobox_fields"].rows_where("block not in ('personal', 'caption')"):
        blocks.setdefault(row["source_id"], {}).setdefault(row["block"], set()).add(row["key"])
    assert blocks["wikipedia-a"] == blocks["wikipedia-b"]
    assert sorted(blocks["wikipedia-a"]) == ["1", "2", "3"]


def test_citations_link_to_references(db):
    rows = list(db["citations"].rows_where("source_id = 'wikipedia-a'"))
    assert {r["number"] for r in rows} == set(range(1, 9))
    assert all(r["reference_id"] and r["sentence_id"] for r in rows)


async def test_full_text_search_finds_castellon_in_both_renderings(datasette):
    response = await datasette.client.get("/serrano/passages.json?_search=Castellón&kind=sentence&_shape=array")
    rows = response.json()
    assert {row["source_id"] for row in rows} == {"wikipedia-a", "wikipedia-b"}
    assert all("Castellón" in row["text"] for row in rows)
    # Every sentence that mentions it is found, not just some.
    response = await datasette.client.get("/serrano/passages.json?kind=sentence&text__contains=Castellón&_shape=array")
    assert {row["id"] for row in rows} == {row["id"] for row in response.json()}


def _replace_source(data_dir, file_name, new_text):
    path = data_dir / "sources" / file_name
    old_pin = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_text(new_text, encoding="utf-8")
    manifest = data_dir / "sources.yml"
    manifest.write_text(manifest.read_text().replace(old_pin, hashlib.sha256(path.read_bytes()).hexdigest()))


# Only a document with no recognisable structure fails; a missing part heading or
# infobox does not (tests/pipeline/test_people_and_documents.py builds those).
@pytest.mark.parametrize("file_name, change, source_id, expected", [
    ("ipu-ecu-92-decision.txt", lambda t: t.replace("ECU-92 –", "Case of"), "ipu-ecu-92", "case header"),
    ("ipu-ecu-92-decision.txt", lambda t: t[:t.index("B. Decision")] + "B. Decision \n\nThe case was discussed. \n",
     "ipu-ecu-92", "decision paragraph 1"),
    ("wikipedia-rendering-b.txt", lambda t: "\n".join(l for l in t.splitlines()[:2]), "wikipedia-b",
     "expected article text"),
])
def test_unrecognised_layout_fails_the_build_in_one_line(tmp_path, data_copy, capsys, file_name, change, source_id, expected):
    text = (data_copy / "sources" / file_name).read_text(encoding="utf-8")
    _replace_source(data_copy, file_name, change(text))
    assert build_into(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"source {source_id}:" in err and expected in err, err
    assert "Traceback" not in err
