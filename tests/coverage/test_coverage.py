"""Every sentence accounted for (claimed or marked), and coverage that counts values, not quotes."""

import shutil
import subprocess
import sys

import pytest
import sqlite_utils

from build.claims.periods import period_span
from build.coverage.accounting import claimed_units, source_units
from build.sources.documents import parse_sources
from build.sources.manifest import load_manifest
from build.coverage.marks import REASONS
from conftest import ROOT
from documents_helper import add_source
from build_helpers import build_into

CABINET = "He previously held other cabinet posts."


def unaccounted(db) -> list[tuple[str, str]]:
    """The coverage test's question: which sentences does no claim read and no mark explain?"""
    return [(r["source_id"], r["text"]) for r in db.query(
        "select source_id, text from sentences where status = 'unaccounted' order by source_id, char_start")]


# --- the seeds ---------------------------------------------------------------------------------------

def test_every_sentence_of_every_seed_is_claimed_or_marked(db):
    assert unaccounted(db) == []
    counts = dict(db.execute("select source_id, count(*) from sentences group by source_id").fetchall())
    assert set(counts) == {"ipu-ecu-92", "wikipedia-a", "wikipedia-b"} and min(counts.values()) >= 18
    assert list(db.query("select * from unaccounted_sentences")) == []


def test_a_claimed_sentence_holds_the_value_of_each_claim_linked_to_it(db):
    rows = list(db.query(
        "select s.id, s.char_start as s0, s.char_end as s1, c.value_start as v0, c.value_end as v1, s.status "
        "from sentence_claims sc join sentences s on s.id = sc.sentence_id join claims c on c.id = sc.claim_id"))
    assert len(rows) > 200
    for row in rows:
        assert row["status"] == "claimed" and row["v0"] < row["s1"] and row["v1"] > row["s0"], row
    sentences = list(db.query("select status, claims_count, claim_ids, mark_reason from sentences"))
    assert len(sentences) > len(rows) // 10
    for row in sentences:
        assert (row["status"] == "claimed") == (row["claims_count"] > 0) == (row["claim_ids"] is not None)
        assert (row["status"] == "marked") == (row["mark_reason"] is not None)


def test_marks_are_few_defensible_and_from_the_documented_list(db):
    reasons = dict(db.execute("select id, sentences_count from mark_reasons").fetchall())
    assert set(reasons) == set(REASONS) == {"opinion", "promotional", "restates", "navigation", "not-checkable"}
    marked = list(db.query("select * from sentences where status = 'marked'"))
    assert sum(reasons.values()) == len(marked) and 0 < len(marked) <= 15
    by_text = {row["text"]: row for row in marked}
    assert by_text[CABINET]["mark_reason"] == "restates" and "Political career" in by_text[CABINET]["mark_note"]
    assert by_text["(footnote 125, IACHR ruling on Sarayaku)."]["mark_reason"] == "navigation"
    for row in marked:
        assert row["marked_in"].startswith("data/claims/") and row["mark_method"] == "curated"
        if row["mark_reason"] in ("restates", "not-checkable"):
            assert row["mark_note"]
        # A marked sentence states no date or figure a claim should read.
        assert not any(m["kind"] in ("date", "number") for m in db.query(
            "select kind from mentions where source_id = ? and char_start >= ? and char_end <= ?",
            [row["source_id"], row["char_start"], row["char_end"]])), row["text"]


def test_what_counts_as_a_sentence(db):
    ipu = [r["text"] for r in db.query("select text from sentences where source_id = 'ipu-ecu-92' order by char_start")]
    assert ipu[0] == "Threats, acts of intimidation"  # the alleged violation, a list item
    assert not any(text.rstrip(".").isdigit() for text in ipu)  # paragraph numbers are not sentences
    assert ipu[-1] == ("Requests the Secretary General to convey this decision to the relevant authorities and the "
                       "complainant.")
    references = [r["text"] for r in db.query("select text from sentences where source_id = 'wikipedia-a' "
                                              "and section = 'References' order by char_start")]
    # Only the article text glued after note 5's citation: the citations themselves are references.
    assert references == [
        "However, his tenure as president of the National Assembly ended amid controversy in March 2018.",
        "Serrano was dismissed without adherence to formal legal procedures, and many lawyers characterized the "
        "events as part of a politically motivated plot against him orchestrated by opposing factions"]
    assert db.execute("select count(*) from sentences where section = 'infobox'").fetchone()[0] == 0


def test_a_quote_that_only_runs_into_a_sentence_does_not_claim_it():
    (ipu,) = [p for p in parse_sources(load_manifest(ROOT / "data")) if p.source.id == "ipu-ecu-92"]
    units = source_units(ipu)
    text = ipu.source.text
    first = next(n for n, u in enumerate(units) if text[u.start:u.end].startswith("The Ecuadorian delegation"))
    second = units[first + 1]
    assert text[second.start:second.end].startswith("Furthermore, because of his post")
    value_start = text.index("provided with a")
    context = {"id": "context", "char_start": units[first].start, "char_end": second.end,
               "value_start": value_start, "value_end": value_start + 15}
    assert claimed_units(units, [context]) == {first: ["context"]}  # the quote runs on; the value does not
    inside = {**context, "id": "escort", "value_start": second.start + 10, "value_end": second.start + 20}
    assert claimed_units(units, [context, inside]) == {first: ["context"], first + 1: ["escort"]}


def test_the_build_prints_the_coverage_lines(tmp_path):
    result = subprocess.run([sys.executable, "-m", "build.cli", "--out", str(tmp_path / "serrano.db")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = {line.split(":")[0]: line for line in result.stdout.splitlines()}
    assert "0 unaccounted" in lines["sentences"]
    for source in ("ipu-ecu-92", "wikipedia-a", "wikipedia-b"):
        assert f"{source} " in lines["sentences"]
    share = float(lines["value-mentions"].split("(")[1].split("%")[0])
    assert share >= 95.0, lines["value-mentions"]


# --- value coverage ------------------------------------------------------------------------------------

def test_a_mention_is_covered_by_a_claims_value_not_by_a_longer_quote(db):
    covered = {(r["source_id"], r["raw"]): r for r in db.query("select * from mentions")}
    # The two the issue named: recorded nowhere before, each now some claim's value.
    fifteen = covered[("wikipedia-b", "15%")]
    assert (fifteen["covered"], fifteen["claim_id"]) == (1, "b-personal-creo-vote-share")
    since = db.execute("select claim_id from mentions where source_id = 'wikipedia-b' and raw = '2012' "
                       "and section = 'Decorations'").fetchone()
    assert since == ("b-decorations-ohiggins-reason",)
    for row in db.query("select m.*, c.value_start, c.value_end from mentions m join claims c on c.id = m.claim_id "
                        "where m.covered_by = 'value'"):
        inside = row["value_start"] <= row["char_start"] and row["char_end"] <= row["value_end"]
        holds = row["char_start"] <= row["value_start"] and row["value_end"] <= row["char_end"]
        assert inside or holds, row
    share = db.execute("select avg(covered) from mentions").fetchone()[0]
    assert share >= 0.95
    # The looser reading (inside some quote) is kept, and is looser.
    assert db.execute("select count(*) from mentions where in_quote = 1 and covered = 0").fetchone()[0] >= 1


def test_new_kinds_of_mention_are_read_by_claims(db):
    rows = {(r["source_id"], r["kind"], r["raw"]): r["claim_id"] for r in db.query("select * from mentions")}
    assert rows[("ipu-ecu-92", "ordinal", "144th")] in ("ipu-summary-hearing-place", "ipu-decision-hearing-meeting",
                                                       "ipu-decision-hearing-place")
    assert rows[("wikipedia-b", "relative", "A month later")] in ("b-career-withdrawal-date",
                                                                 "b-career-withdrawal-timing")
    assert rows[("wikipedia-b", "date", "10 September")] == "b-career-appeal-rejected-date"
    assert rows[("wikipedia-b", "duration", "three months")] == "b-career-judge-suspended-terms"
    assert rows[("wikipedia-a", "ordinal", "480th")] == "a-decorations-cordovez-occasion"
    assert rows[("wikipedia-b", "ordinal", "125th")] == "b-decorations-estrella-occasion"


def test_a_figures_period_counts_only_when_every_year_of_it_is_in_the_quote():
    text = "seized 332 tons between 2010 and 2016 (239% more than between 2000 and 2010)."
    claim = {"period": "2010–2016", "char_start": 0, "char_end": len(text)}
    assert period_span(text, claim) is None  # 2010 is written twice: which one is the period's is unknown
    claim["char_end"] = text.index(" (")
    assert text[slice(*period_span(text, claim))] == "2010 and 2016"
    assert period_span("more than between 2000 and 2010", {"period": "2010–2016", "char_start": 0,
                                                            "char_end": 31}) is None


# --- a gap, bad marks, marks that follow the text ---------------------------------------------------------

def _without_mark(data_dir, source: str, quote: str) -> None:
    path = data_dir / "claims" / f"{source}.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - quote: {quote}")
    end = text.find("\n  - quote:", start + 1)
    path.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")


def test_a_sentence_neither_claimed_nor_marked_fails_the_coverage_test(tmp_path, data_copy):
    _without_mark(data_copy, "wikipedia-a", CABINET)
    assert build_into(tmp_path, data_copy) == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    assert unaccounted(db) == [("wikipedia-a", CABINET)]  # what the seed test above asserts is empty
    (row,) = db.query("select * from unaccounted_sentences")
    assert row["section"] == "lead"
    # The source reader's segments box it as a gap.
    statuses = {r["sentence_status"] for r in db.query(
        "select sentence_status from source_segments where sentence_id = ?", [row["id"]])}
    assert statuses == {"unaccounted"}
    # make suggest offers a claim stub and a mark stub for it.
    out = subprocess.run([sys.executable, "-m", "build.coverage.suggest", "wikipedia-a", "--db", str(tmp_path / "serrano.db")],
                         cwd=ROOT, capture_output=True, text=True).stdout
    assert f'quote: "{CABINET}"' in out and "reason: opinion | promotional | restates" in out


BAD_MARKS = {
    "on a claimed sentence": ("quote: He was Minister of the Interior from 13 May 2011\n    reason: opinion",
                              "a claim already reads this sentence"),
    "over two sentences": ("quote: admired for his courage. Education\n    reason: opinion", None),
    "into a heading": ("quote: He previously held other cabinet posts. Personal life\n    reason: opinion",
                       "runs beyond its sentence"),
    "two sentences": ("quote: 'He was President of the National Assembly between 14 May 2017 and 9 March 2018. "
                      "He was Minister'\n    reason: opinion", "runs over 2 sentences"),
    "outside every sentence": ("quote: Alfredo Vera Arrata\n    reason: navigation", "lies in no sentence"),
    "unknown reason": ("quote: Despite this, Serrano remains\n    reason: flattering", "reason"),
    "restates without a note": ("quote: Despite this, Serrano remains\n    reason: restates", "needs a 'note'"),
    "a second mark": (f"quote: {CABINET}\n    reason: opinion", "already marked"),
}


@pytest.mark.parametrize("case", sorted(BAD_MARKS))
def test_a_bad_mark_fails_in_one_line_naming_file_and_line(tmp_path, data_copy, capsys, case):
    body, expected = BAD_MARKS[case]
    path = data_copy / "claims" / "wikipedia-a.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"  - {body}\n", encoding="utf-8")
    line = text.count("\n") + 1
    assert build_into(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "data/claims/wikipedia-a.yml" in err and f"at line {line}" in err, err
    if expected:
        assert expected in err, err
    assert not (tmp_path / "serrano.db").exists()


def test_marks_follow_the_text_into_a_revision_without_a_curated_file(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    text = (ROOT / "data" / "sources" / "wikipedia-rendering-b.txt").read_text(encoding="utf-8")
    add_source(tmp_path / "data", None, id="wikipedia-c", kind="wikipedia_revision", about="jose-serrano-salgado",
               document="wikipedia-en-jose-serrano-ecuadorian-politician", revision=3,
               text=text.replace("Despite this, Serrano remains a resilient figure", "Still, Serrano is a figure"))
    assert build_into(tmp_path, tmp_path / "data") == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    carried = {r["text"]: r for r in db.query("select * from sentences where source_id = 'wikipedia-c' "
                                              "and status = 'marked'")}
    assert set(carried) == {CABINET}  # the reworded sentence lost its mark: a curator reads it again
    assert carried[CABINET]["mark_method"] == "carried" and "carried from wikipedia-b" in carried[CABINET]["marked_in"]
    gaps = [r["text"] for r in db.query("select text from unaccounted_sentences where source_id = 'wikipedia-c'")]
    assert "Still, Serrano is a figure in Ecuadorian politics." in gaps


def test_marks_are_carried_back_into_an_earlier_revision_without_a_curated_file(tmp_path):
    """The way back down (``carry_marks`` reverses a pair only when its earlier revision can take marks):
    with wikipedia-a's curated file gone, the sentences wikipedia-b's marks hold are marked in
    wikipedia-a too, each saying where it came from."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "claims" / "wikipedia-a.yml").unlink()
    assert build_into(tmp_path, tmp_path / "data") == 0
    db = sqlite_utils.Database(tmp_path / "serrano.db")
    marked_b = {r["text"] for r in db.query("select text from sentences where source_id = 'wikipedia-b' "
                                            "and status = 'marked'")}
    carried = {r["text"]: r for r in db.query("select * from sentences where source_id = 'wikipedia-a' "
                                              "and status = 'marked'")}
    assert CABINET in carried and set(carried) <= marked_b
    assert all(r["mark_method"] == "carried" and r["marked_in"].endswith("(carried from wikipedia-b)")
               for r in carried.values())


async def test_the_source_reader_shows_marked_sentences_and_counts(datasette):
    html = (await datasette.client.get("/sources/wikipedia-a")).text
    assert 'class="s-marked"' in html and 'title="marked: restates"' in html
    assert 'class="s-unaccounted"' not in html.split('id="source-text"', 1)[1].split("</div>", 1)[0]
    assert "9 marked</a>" in html and "0 unaccounted</a>" in html
    assert 'id="unread-sentences"' in html and "(footnote 125, IACHR ruling on Sarayaku)." in html


RESOLVED = """\
source: wikipedia-b
claims:
  - id: zz-withdrawal
    event: withdrawal
    property: {property}
    value: A month later
    {extra}
    quote: A month later, he withdrew his candidacy
"""


@pytest.mark.parametrize("property, extra, expected", [
    ("date", "resolved: 2024-08", "needs a 'note'"),
    ("date", "resolved: August 2024\n    note: n", "must be an ISO 8601 date"),
    ("detail\n    item: timing", "resolved: 2024-08\n    note: n", "applies only to a date"),
])
def test_a_bad_resolved_date_fails_in_one_line(tmp_path, data_copy, capsys, property, extra, expected):
    (data_copy / "claims" / "zz-test.yml").write_text(RESOLVED.format(property=property, extra=extra))
    assert build_into(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "data/claims/zz-test.yml" in err and expected in err, err


def test_see_also_and_external_links_are_links_not_sentences():
    from build.sources.documents import ParsedSource
    from build.sources.wikipedia import parse_wikipedia
    (wiki,) = [p for p in parse_sources(load_manifest(ROOT / "data")) if p.source.id == "wikipedia-a"]
    text = wiki.source.text.replace(
        "References\n[edit]",
        "See also\n[edit]- List of ministers of the interior of Ecuador\n- Politics of Ecuador\nReferences\n[edit]")
    text = text.rstrip("\n") + ("\nExternal links\n[edit]- Official website\n- José Serrano on the National Assembly website\n"
             "Preceded by\nAlfredo Vera Arrata\tMinister of the Interior\n2011–2016\tSucceeded by\nDiego Fuentes\n")
    item = ParsedSource(wiki.source._replace(text=text), parse_wikipedia("variant", text))
    sections = {p["section"] for p in item.document.passages}
    assert {"See also", "External links"} <= sections  # still sections of the page, shown by the reader
    units = source_units(item)
    assert not [text[u.start:u.end] for u in units if u.section in ("See also", "External links")]
    assert len(units) == len(source_units(wiki))  # the article's own sentences are all still there
