"""Revisions: what changed between them, and claims that follow the text.

The third revision used here is rendering B with one prose date changed
("On 14 May 2017" -> "On 24 May 2017") and one sentence deleted, added to the
manifest as revision 3 with no curated file.
"""

import subprocess
import sys

import pytest
import sqlite_utils

from conftest import ROOT
from documents_helper import add_source
from build_helpers import build_into

ARTICLE = "wikipedia-en-jose-serrano-ecuadorian-politician"
INTERIOR_START = "terms-jose-serrano-salgado-minister-of-the-interior-1-start-date"
ASSEMBLY_START = "terms-jose-serrano-salgado-president-of-the-national-assembly-1-start-date"
REMOVED = ("In November 2013 Serrano temporary took control as Minister of Justice, Human Rights and Religious "
           "Affairs after Minister Lenin Lara resigned.")


# --- the seeds: A -> B ----------------------------------------------------------------------

def test_each_sentence_and_field_of_both_revisions_is_in_one_change(db):
    texts = {row["id"]: row["text"] for row in db["sources"].rows}
    for side, source in (("from", "wikipedia-a"), ("to", "wikipedia-b")):
        spans = [(r[f"{side}_start"], r[f"{side}_end"]) for r in db.query(
            f"select * from revision_changes where from_source_id = 'wikipedia-a' and to_source_id = 'wikipedia-b' "
            f"and {side}_start is not null and unit = 'sentence'")]
        sentences = [(r["char_start"], r["char_end"]) for r in db.query(
            "select char_start, char_end from passages where source_id = ? and kind = 'sentence'", [source])]
        assert sorted(spans) == sorted(sentences), side
        assert all(texts[source][s:e] for s, e in spans)


def test_the_comparison_lists_sentences_each_revision_alone_has(db):
    kinds = dict(db.execute("select kind, count(*) from revision_changes where to_source_id = 'wikipedia-b' "
                            "and unit = 'sentence' group by kind").fetchall())
    assert kinds["added"] > 0 and kinds["removed"] > 0 and kinds["reworded"] > 0 and kinds["unchanged"] > 0
    added = [r["to_text"] for r in db.query("select to_text from revision_changes where kind = 'added'")]
    assert any("Krome Detention Center" in text for text in added)  # only the later revision reaches 2025
    removed = [r["from_text"] for r in db.query("select from_text from revision_changes where kind = 'removed'")]
    assert any("Gran Cruz del Orden y Seguridad" in text for text in removed)


def test_the_lead_sentence_with_the_changed_start_date_is_reworded_and_linked_to_its_conflict(db):
    (change,) = db.query("select * from revision_changes where to_source_id = 'wikipedia-b' and from_text = "
                         "'He was Minister of the Interior from 13 May 2011 to 15 November 2016.'")
    assert change["kind"] == "reworded"
    assert change["to_text"] == "He was Minister of the Interior from 13 May 2012 to 15 November 2016."
    assert '"from_text": "2011", "to_text": "2012"' in change["word_ops"]
    # The claims on either side of the change are the two sides of the Interior start-date conflict.
    touched = {r["conflict_id"] for r in db.query(
        "select cc.conflict_id from claims c join conflict_claims cc on cc.claim_id = c.id "
        "where (c.source_id = 'wikipedia-a' and c.char_start < ? and ? < c.char_end) "
        "or (c.source_id = 'wikipedia-b' and c.char_start < ? and ? < c.char_end)",
        [change["from_end"], change["from_start"], change["to_end"], change["to_start"]])}
    assert touched == {INTERIOR_START}


async def test_the_compare_page_puts_changes_first_and_links_each_to_its_claims(datasette):
    response = await datasette.client.get("/revisions/wikipedia-a/wikipedia-b")
    assert response.status_code == 200
    html = response.text
    first_change = html.index('class="change change-')
    assert html[first_change:first_change + 40].startswith('class="change change-reworded')
    lead = html.index("He was Minister of the Interior from 13 May ")
    section_end = html.index("</section>", lead)
    section = html[html.rindex("<section", 0, lead):section_end]
    assert '<mark class="del">2011</mark>' in section and '<mark class="ins">2012</mark>' in section
    assert f'href="/conflicts/{INTERIOR_START}"' in section
    assert 'href="/sources/wikipedia-b#claim-b-lead-interior-start"' in section
    assert (await datasette.client.get("/revisions/wikipedia-b/wikipedia-a")).status_code == 404


async def test_the_home_page_links_to_what_changed(datasette):
    html = (await datasette.client.get("/")).text
    assert 'id="what-changed" href="/revisions/wikipedia-a/wikipedia-b"' in html


def test_no_claim_is_carried_into_a_revision_that_has_its_own_curated_file(db):
    assert db.execute("select count(*) from claims where method like 'carried%'").fetchone()[0] == 0


# --- a third revision with no curated file ----------------------------------------------------------

def third_revision(data_dir):
    text = (ROOT / "data" / "sources" / "wikipedia-rendering-b.txt").read_text(encoding="utf-8")
    assert "On 14 May 2017 he was elected" in text and REMOVED in text
    changed = text.replace("On 14 May 2017 he was elected", "On 24 May 2017 he was elected").replace(REMOVED + "\n\n", "")
    add_source(data_dir, None, id="wikipedia-c", kind="wikipedia_revision", about="jose-serrano-salgado",
               document=ARTICLE, revision=3, text=changed)


@pytest.fixture(scope="module")
def with_third(tmp_path_factory):
    import shutil

    folder = tmp_path_factory.mktemp("third")
    shutil.copytree(ROOT / "data", folder / "data")
    third_revision(folder / "data")
    assert build_into(folder, folder / "data") == 0
    return sqlite_utils.Database(folder / "serrano.db"), folder


def test_most_curated_claims_of_the_revision_before_are_carried_with_exact_spans(with_third):
    db, _ = with_third
    curated = [r["id"] for r in db.query("select id from claims where source_id = 'wikipedia-b' and method = 'curated'")]
    carried = {r["origin_id"]: r for r in db.query("select * from claims where source_id = 'wikipedia-c' "
                                                     "and method = 'carried'")}
    assert len(carried) >= 0.9 * len(curated), (len(carried), len(curated))
    text = db["sources"].get("wikipedia-c")["text"]
    old = {r["id"]: r for r in db.query("select * from claims where source_id = 'wikipedia-b'")}
    for claim in carried.values():
        assert text[claim["char_start"]:claim["char_end"]] == claim["quote"]
        assert text[claim["value_start"]:claim["value_end"]] == claim["value_raw"]
        origin = old[claim["carried_from"]]
        assert " ".join(claim["quote"].split()) == " ".join(origin["quote"].split())
        assert (claim["subject_id"], claim["property"], claim["value"]) == (
            origin["subject_id"], origin["property"], origin["value"])


def test_the_removed_sentence_is_listed_as_removed(with_third):
    db, _ = with_third
    (removed,) = db.query("select * from revision_changes where to_source_id = 'wikipedia-c' and kind = 'removed'")
    assert removed["from_text"] == REMOVED and removed["from_source_id"] == "wikipedia-b"
    reviews = {r["claim_id"]: r["status"] for r in db.query("select * from claims_to_review "
                                                             "where source_id = 'wikipedia-c'")}
    removed_claims = {r["id"] for r in db.query(
        "select id from claims where source_id = 'wikipedia-b' and char_start >= ? and char_end <= ?",
        [removed["from_start"], removed["from_end"]])}
    assert removed_claims and {reviews[c] for c in removed_claims} == {"removed"}


def test_the_changed_date_becomes_a_conflict(with_third):
    db, _ = with_third
    (new,) = db.query("select * from claims where source_id = 'wikipedia-c' and method = 'carried_reworded'")
    assert (new["value"], new["value_raw"], new["property"]) == ("2017-05-24", "24 May 2017", "start_date")
    assert new["quote"] == "On 24 May 2017 he was elected President of the National Assembly."
    conflict = db["source_conflicts"].get(ASSEMBLY_START)
    sides = {r["claim_id"]: r["side"] for r in db.query("select * from conflict_claims where conflict_id = ?",
                                                         [ASSEMBLY_START])}
    assert new["id"] in sides and sides[new["id"]] != sides["b-career-assembly-president-start"]
    assert "24 May 2017 (the Wikipedia article “José Serrano (Ecuadorian politician)”, revision 3)" in conflict["summary"]
    term = db["terms"].get("jose-serrano-salgado-president-of-the-national-assembly-1")
    # Revisions of one document are one witness: 14 May 2017 still stands, and the row shows what the
    # latest revision says.
    assert term["start_date"] == "2017-05-14"
    assert term["start_date_latest_revision"] == "2017-05-14 or 2017-05-24"
    review = db.execute("select status, new_claim_id from claims_to_review where claim_id = "
                        "'b-career-assembly-president-start'").fetchone()
    assert review == ("value_changed", new["id"])


def test_make_suggest_offers_the_reworded_sentence_as_the_quote(with_third):
    _, folder = with_third
    result = subprocess.run([sys.executable, "-m", "build.coverage.suggest", "wikipedia-c", "--db",
                             str(folder / "serrano.db")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'quote: "On 24 May 2017 he was elected President of the National Assembly."' in result.stdout
    assert "was b-career-assembly-president-start" in result.stdout


def test_revisions_are_counted_as_one_witness(with_third):
    db, _ = with_third
    row = db["facts"].get(ASSEMBLY_START)
    assert (row["sources_count"], row["documents_count"]) == (3, 1)
    summary = db["source_conflicts"].get(INTERIOR_START)["summary"]
    assert "×" not in summary and "José Serrano (Ecuadorian politician)”, revisions 1, 2 and 3" in summary
    assert "the IPU case ECU-92, decision 1" in summary


def test_a_finding_about_a_fact_the_revisions_repeat_is_one_finding_naming_them(tmp_path, data_copy):
    # Rendering A again as revision 2 (rendering B moved to 3): A's curated claims are carried into it,
    # its election date among them, with the same citations.
    manifest = data_copy / "sources.yml"
    text = manifest.read_text(encoding="utf-8")
    b_entry = text.index("file: sources/wikipedia-rendering-b.txt")
    manifest.write_text(text[:b_entry] + text[b_entry:].replace("revision: 2", "revision: 3", 1), encoding="utf-8")
    add_source(data_copy, None, id="wikipedia-a2", kind="wikipedia_revision", about="jose-serrano-salgado",
               document=ARTICLE, revision=2,
               text=(ROOT / "data" / "sources" / "wikipedia-rendering-a.txt").read_text(encoding="utf-8"))
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    rows = list(db.query("select id, summary from consistency_findings where rule = 'citation_date_near_fact'"))
    assert [r["id"] for r in rows] == ["citation-date-near-fact-a-career-election-date"]
    claimed = {r["claim_id"] for r in db.query(
        "select claim_id from finding_claims where finding_id = 'citation-date-near-fact-a-career-election-date' "
        "and role = 'dated fact'")}
    assert len(claimed) == 2 and "a-career-election-date" in claimed  # revision 1's and the carried one
    assert "revisions 1 and 2" in rows[0]["summary"]
