"""Claims read from the prose, through the real build: an uncurated revision's changed date meets the other
sources in a conflict; curated claims stay the authority (what they read is not published twice, a
rejection is kept and counted, an unknown rejection is refused in one line, make suggest's stubs accept);
curated claims follow the text back into an older revision; every extracted claim keeps the guarantees of
a curated one."""

import io
import sqlite3


from build.coverage.suggest import print_extracted
from build_helpers import build_into
from conftest import ROOT
from documents_helper import add_source

DOCUMENT = "wikipedia-en-jose-serrano-ecuadorian-politician"
MINES = "Subsecretary of Mines in the Ministry of Mines and Petroleum from September 2007 to August 2009."


def rows(db_path, sql, *params):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def build(tmp_path, data, *extra, name="out"):
    out = tmp_path / name
    out.mkdir()
    assert build_into(out, data, *extra) == 0
    return out / "serrano.db"


def test_an_uncurated_revision_with_a_term_redated_in_a_prose_sentence_conflicts_on_that_term(tmp_path, data_copy):
    text = (ROOT / "data" / "sources" / "wikipedia-rendering-a.txt").read_text(encoding="utf-8")
    assert text.count(MINES) == 1
    changed = text.replace(MINES, MINES.replace("September 2007", "September 2006"))
    add_source(data_copy, None, id="wikipedia-c", kind="wikipedia_revision", about="jose-serrano-salgado",
               document=DOCUMENT, revision=3, text=changed)
    assert not (data_copy / "claims" / "wikipedia-c.yml").exists()
    db = build(tmp_path, data_copy)
    claim = rows(db, "select id, rule, value, reviewed from claims where source_id = 'wikipedia-c' and method = "
                     "'extracted' and property = 'start_date' and entity_id = 'subsecretary-of-mines'")
    assert [(rule, value, reviewed) for _, rule, value, reviewed in claim] == [("term_from_to", "2006-09", 0)]
    conflicts = rows(db, "select c.id, group_concat(cc.claim_id, ' ') from source_conflicts c join conflict_claims "
                         "cc on cc.conflict_id = c.id where c.property = 'start_date' and c.subject_id = "
                         "'jose-serrano-salgado-subsecretary-of-mines-1' group by c.id")
    assert len(conflicts) == 1 and claim[0][0] in conflicts[0][1].split()
    assert "a-career-mines-start" in conflicts[0][1].split()  # the curated reading of revision 1
    baseline = build(tmp_path, ROOT / "data", name="baseline")
    assert not rows(baseline, "select id from source_conflicts where subject_id = "
                              "'jose-serrano-salgado-subsecretary-of-mines-1'")


def test_an_older_revision_added_later_inherits_the_curated_claims_of_the_one_after(tmp_path, data_copy):
    (data_copy / "claims" / "wikipedia-a.yml").unlink()  # rendering A, revision 1, as if nobody had curated it
    db = build(tmp_path, data_copy)
    carried = dict(rows(db, "select origin_id, method from claims where source_id = 'wikipedia-a' "
                            "and method like 'carried%'"))
    assert carried["b-lead-birth-date"] == "carried"  # the same words in both revisions
    assert carried["b-lead-interior-start"] == "carried_reworded"  # 13 May 2012 in B, 13 May 2011 in A
    # what no carried claim reads is left to the rules: A's own Political career sentence, for one
    assert rows(db, "select value from claims where source_id = 'wikipedia-a' and method = 'extracted' and "
                    "entity_id = 'subsecretary-of-mines' and property = 'start_date'") == [("2007-09",)]
    # and no extracted claim reads words another claim reads for the same property
    assert not rows(db, "select a.id from claims a join claims b on a.source_id = b.source_id and a.property = "
                        "b.property and a.id != b.id and a.value_start < b.value_end and b.value_start < a.value_end "
                        "where a.method = 'extracted'")


def test_curated_claims_stay_the_authority(tmp_path, built_db_path):
    db = built_db_path
    # nothing extracted reads the words a curated claim reads for the same property
    assert not rows(db, "select x.id from claims x join claims c on c.source_id = x.source_id and c.property = "
                        "x.property and c.method = 'curated' where x.method = 'extracted' and x.value_start < "
                        "c.value_end and c.value_start < x.value_end")
    superseded = rows(db, "select count(*), sum(same_value) from extraction_reviews where status = 'superseded'")[0]
    assert superseded[0] > 100 and superseded[1] >= superseded[0] - 5
    assert rows(db, "select count(*) from claims where method = 'curated' and reviewed = 1") == \
        rows(db, "select count(*) from claims where method = 'curated'")


def test_no_new_conflict_or_finding_on_the_seeds(tmp_path):
    with_rules = build(tmp_path, ROOT / "data", name="with")
    without = build(tmp_path, ROOT / "data", "--no-extraction", name="without")
    for sql in ("select id, summary from source_conflicts order by id",
                "select rule, summary from consistency_findings order by id"):
        assert rows(with_rules, sql) == rows(without, sql)
    assert rows(without, "select count(*) from claims where method = 'extracted'") == [(0,)]


def test_every_extracted_claim_has_the_guarantees_of_a_curated_one(tmp_path, data_copy):
    for path in (data_copy / "claims").glob("*.yml"):
        path.unlink()
    db = build(tmp_path, data_copy)
    claims = rows(db, "select c.id, c.quote, c.char_start, c.char_end, c.value_raw, c.value_start, c.value_end, "
                      "s.text, c.rule, c.value from claims c join sources s on s.id = c.source_id "
                      "where c.method = 'extracted'")
    assert len(claims) > 100
    for claim_id, quote, start, end, value_raw, value_start, value_end, text, rule, value in claims:
        assert text[start:end] == quote, claim_id
        assert text[value_start:value_end] == value_raw and start <= value_start < value_end <= end, claim_id
        assert rule and value, claim_id


def test_a_rejection_is_kept_and_counted_and_an_unknown_one_is_refused_in_one_line(tmp_path, data_copy, capsys):
    curated = data_copy / "claims" / "wikipedia-a.yml"
    db = build(tmp_path, data_copy, name="first")
    [(claim_id,)] = rows(db, "select id from claims where source_id = 'wikipedia-a' and method = 'extracted' "
                             "and property = 'name'")
    curated.write_text(curated.read_text(encoding="utf-8") + f"rejections:\n  - id: {claim_id}\n"
                       "    reason: The award is named by its date and grantor claims.\n", encoding="utf-8")
    db = build(tmp_path, data_copy, name="second")
    assert not rows(db, "select id from claims where id = ?", claim_id)
    assert rows(db, "select status, reason from extraction_reviews where id = ?", claim_id) == [
        ("rejected", "The award is named by its date and grantor claims.")]
    curated.write_text(curated.read_text(encoding="utf-8").replace(claim_id, "wikipedia-a-x-name-1"), encoding="utf-8")
    out = tmp_path / "third"
    out.mkdir()
    capsys.readouterr()
    assert build_into(out, data_copy) == 1
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "wikipedia-a.yml" in error and "wikipedia-a-x-name-1" in error
    assert "make suggest SOURCE=wikipedia-a" in error


def test_make_suggest_stubs_accept_what_the_rules_read(tmp_path, data_copy):
    (data_copy / "claims" / "wikipedia-a.yml").unlink()
    db = build(tmp_path, data_copy, name="uncurated")
    out = io.StringIO()
    print_extracted(sqlite3.connect(db), "wikipedia-a", out)
    stubs = [line for line in out.getvalue().splitlines() if not line.startswith("#")]
    extracted = rows(db, "select id from claims where source_id = 'wikipedia-a' and method = 'extracted'")
    assert len([s for s in stubs if s.startswith("  - id: ")]) == len(extracted) > 20
    assert "TODO" not in out.getvalue()
    (data_copy / "claims" / "wikipedia-a.yml").write_text("source: wikipedia-a\nclaims:\n" + "\n".join(stubs) + "\n",
                                                         encoding="utf-8")
    db = build(tmp_path, data_copy, name="accepted")
    accepted = {row[0] for row in rows(db, "select id from claims where source_id = 'wikipedia-a' "
                                           "and method = 'curated'")}
    assert accepted == {claim_id.replace("-x-", "-") for (claim_id,) in extracted}
    assert not {claim_id for (claim_id,) in extracted} & {row[0] for row in rows(db, "select id from claims")}
