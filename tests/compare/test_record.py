"""The built record: every claim's quote is its exact span, the resolved rows are
backed by claims, and the conflicts are what the sources say."""

import itertools
import json

import pytest

from build.common.dates import interval
from conftest import run_build


def test_every_quote_is_the_exact_slice_of_its_source(db):
    # The SQL form of the contract (substr is 1-based and counts code points).
    mismatched = list(db.query(
        "select c.id from claims c join sources s on s.id = c.source_id "
        "where substr(s.text, c.char_start + 1, c.char_end - c.char_start) != c.quote"))
    assert mismatched == []
    assert db["claims"].count > 100
    texts = {row["id"]: row["text"] for row in db["sources"].rows}
    for claim in db["claims"].rows:
        text = texts[claim["source_id"]]
        assert 0 <= claim["char_start"] < claim["char_end"] <= len(text)
        assert text[claim["char_start"]:claim["char_end"]] == claim["quote"]
        assert claim["char_start"] <= claim["value_start"] < claim["value_end"] <= claim["char_end"]
        assert text[claim["value_start"]:claim["value_end"]] == claim["value_raw"]


def test_each_source_contributes_claims_by_both_methods(db):
    by_source = {row["source_id"]: row["n"] for row in db.query("select source_id, count(*) n from claims group by 1")}
    assert set(by_source) == {row["id"] for row in db["sources"].rows}
    methods = {(r["source_id"], r["method"]) for r in db.query("select distinct source_id, method from claims")}
    assert ("wikipedia-a", "infobox") in methods and ("wikipedia-b", "curated") in methods
    assert ("ipu-ecu-92", "curated") in methods


@pytest.mark.parametrize("table", ["persons", "offices", "terms", "awards", "events", "indicators", "organizations"])
def test_every_resolved_row_is_backed_by_claims(db, table):
    rows = list(db[table].rows)
    assert rows
    if table == "persons":
        # A person's claims_count counts their own facts; a person may instead be named by a claim
        # (a predecessor), be what a document is about, or be named by an IPU case.
        evidence = {r["id"] for r in db.query(
            "select value_person_id as id from claims union select about from sources "
            "union select person_id from ipu_case_persons")}
        assert [row["id"] for row in rows if not row["claims_count"] and row["id"] not in evidence] == []
    elif table == "organizations":
        # An organization no claim names may be the body an office of the record belongs to.
        bodies = {r["body_id"] for r in db.query("select body_id from offices where body_id is not null")}
        assert [row["id"] for row in rows if not row["claims_count"] and row["id"] not in bodies] == []
    else:
        assert [row["id"] for row in rows if not row["claims_count"]] == []
    for row in rows:
        # Disputed: a fact in a conflict, or in an error finding (facts that cannot all be true).
        assert row["disputed"] == (1 if row["conflicts_count"] or row["findings_count"] else 0)


def test_the_offices_the_sources_name_are_all_there(db):
    offices = {row["id"] for row in db["offices"].rows}
    assert {"minister-of-labour", "minister-of-finance", "subsecretary-of-mines", "secretary-of-transparent-management",
            "minister-of-justice", "minister-of-the-interior", "member-of-the-national-assembly",
            "president-of-the-national-assembly", "alternate-president-of-parlatino"} <= offices
    # The brief return to the Justice ministry in November 2013 is its own term.
    justice = {row["id"]: row for row in db["terms"].rows_where("office_id = 'minister-of-justice'")}
    assert justice["jose-serrano-salgado-minister-of-justice-2"]["start_date"] == "2013-11"


def test_the_interior_term_is_disputed_on_its_start_date(db):
    term = db["terms"].get("jose-serrano-salgado-minister-of-the-interior-1")
    assert term["disputed"] == 1 and "start_date" in term["disputed_properties"]
    # 2011 is stated by two documents (the article and the IPU case), 2012 only by the article.
    assert (term["start_date"], term["start_date_rule"]) == ("2011-05-13", "most_documents")


def test_the_interior_start_is_one_conflict_linking_every_start_claim(db):
    starts = {row["id"]: row for row in db["claims"].rows_where(
        "subject_id = 'jose-serrano-salgado-minister-of-the-interior-1' and property = 'start_date'")}
    (conflict,) = [row for row in db["source_conflicts"].rows_where(
        "subject_id = 'jose-serrano-salgado-minister-of-the-interior-1' and property = 'start_date'")]
    linked = {row["claim_id"]: row for row in db["conflict_claims"].rows_where("conflict_id = ?", [conflict["id"]])}
    assert set(linked) == set(starts)
    years = {side: {starts[c]["value"][:4] for c, row in linked.items() if row["side"] == side}
             for side in {row["side"] for row in linked.values()}}
    assert sorted(map(sorted, years.values())) == [["2011"], ["2012"]]
    assert conflict["within_source"] == 1 and conflict["kind"] == "date"
    # Both renderings, and each of them alone, hold both years.
    for source in ("wikipedia-a", "wikipedia-b"):
        assert {starts[c]["value"][:4] for c in linked if starts[c]["source_id"] == source} == {"2011", "2012"}


def test_the_castellon_medal_date_is_one_conflict(db):
    (conflict,) = list(db["source_conflicts"].rows_where(
        "subject_id = 'jose-serrano-salgado-castellon-police-gold-medal' and property = 'date'"))
    values = {row["value"] for row in db["conflict_claims"].rows_where("conflict_id = ?", [conflict["id"]])}
    assert {"2016-09", "2016-10-05"} <= values
    assert "September 2016" in conflict["summary"] and "5 October 2016" in conflict["summary"]


def test_no_conflict_opposes_overlapping_dates_or_equal_numbers(db):
    """Over the whole built table: claims on different sides of a conflict really disagree."""
    rows = list(db.query(
        "select cc.conflict_id, cc.side, c.* from conflict_claims cc join claims c on c.id = cc.claim_id where cc.side > 0"))
    assert rows
    by_conflict = {}
    for row in rows:
        by_conflict.setdefault(row["conflict_id"], []).append(row)
    opposed = 0
    for conflict_id, claims in by_conflict.items():
        for a, b in itertools.combinations(claims, 2):
            if a["side"] == b["side"]:
                continue
            opposed += 1
            if a["value_type"] == "date":
                (s1, e1), (s2, e2) = interval(a["value"], a["precision"]), interval(b["value"], b["precision"])
                assert e1 < s2 or e2 < s1, (conflict_id, a["id"], b["id"])
            elif a["value_type"] == "number" and a["unit"] == b["unit"]:
                assert float(a["value"]) != float(b["value"]), (conflict_id, a["id"], b["id"])
    assert opposed >= len(by_conflict), "every conflict opposes at least two claims"
    # And the comparison table agrees: every 'conflicts' verdict is a real disagreement, and every
    # compared value is one that another claim of the same fact gives.
    compared = 0
    for row in db.query("select a.value_type, a.value va, a.precision pa, a.unit ua, x.other_value_key, b.value vb, "
                        "b.precision pb, b.unit ub from claim_comparisons x join claims a on a.id = x.claim_id "
                        "join claims b on b.id in (select value from json_each('[\"' || replace("
                        "(select claim_ids from facts where id = x.fact_id), ' ', '\",\"') || '\"]')) "
                        "and trim(coalesce(b.qualifier || ' ', '') || b.value || coalesce(' ' || b.unit, '')) "
                        "= x.other_value_key "
                        "where x.verdict = 'conflicts'"):
        compared += 1
        if row["value_type"] == "date":
            (s1, e1), (s2, e2) = interval(row["va"], row["pa"]), interval(row["vb"], row["pb"])
            assert e1 < s2 or e2 < s1
        elif row["value_type"] == "number" and row["ua"] == row["ub"]:
            assert float(row["va"]) != float(row["vb"])
    conflicting = db.execute("select count(*) from claim_comparisons where verdict = 'conflicts'").fetchone()[0]
    assert conflicting > 0 and compared >= conflicting, (compared, conflicting)


def test_comparisons_stay_within_a_fact(db):
    """Each compared value is given by a claim of the same fact (subject, property, item or period)."""
    stray = list(db.query(
        "select x.claim_id, x.other_value_key from claim_comparisons x join claims a on a.id = x.claim_id "
        "where not exists (select 1 from claims b where b.subject_table = a.subject_table "
        "and b.subject_id = a.subject_id and b.property = a.property "
        "and coalesce(b.item, b.period, '') = coalesce(a.item, a.period, '') "
        "and trim(coalesce(b.qualifier || ' ', '') || b.value || coalesce(' ' || b.unit, '')) = x.other_value_key)"))
    assert stray == []


def test_rebuilding_gives_the_same_conflict_ids_and_rows(tmp_path, db):
    result = run_build("--out", str(tmp_path / "serrano.db"), "--quiet")
    assert result.returncode == 0, result.stderr
    import sqlite_utils
    again = sqlite_utils.Database(tmp_path / "serrano.db")
    for table in ("source_conflicts", "conflict_claims", "claim_comparisons", "claims"):
        assert list(again[table].rows) == list(db[table].rows), table


def test_facts_are_the_claims_grouped_by_fact(db):
    """Every facts row equals a group by over claims, computed here independently."""
    groups = {}
    for claim in db.query("select * from claims order by rowid"):
        key = (claim["subject_table"], claim["subject_id"], claim["property"], claim["item"] or claim["period"])
        groups.setdefault(key, []).append(claim)
    conflicted = {(row["subject_table"], row["subject_id"], row["property"], row["qualifier"]): row["id"]
                  for row in db["source_conflicts"].rows}
    facts = list(db["facts"].rows)
    assert len(facts) == len(groups) and sum(f["claims_count"] for f in facts) == db["claims"].count
    for fact in facts:
        group = groups[(fact["subject_table"], fact["subject_id"], fact["property"], fact["item_or_period"])]
        sources = sorted({c["source_id"] for c in group})
        assert (fact["claims_count"], fact["sources_count"], fact["sources"]) == (len(group), len(sources), ", ".join(sources))
        assert fact["claim_ids"].split() == [c["id"] for c in group]
        assert set(fact["values_given"].split(", ")) >= {c["value_label"] or c["value"] for c in group if ", " not in (c["value_label"] or c["value"])}
        key = (fact["subject_table"], fact["subject_id"], fact["property"], fact["item_or_period"])
        # Disputed: a conflict, or an error finding naming one of its claims (issue 27).
        named = {r["finding_id"] for r in db.query(
            "select fc.finding_id from finding_claims fc join consistency_findings f on f.id = fc.finding_id "
            "where f.severity = 'error' and fc.claim_id in (select value from json_each(?))",
            [json.dumps(fact["claim_ids"].split())])}
        assert fact["conflict_id"] == conflicted.get(key)
        assert fact["disputed"] == int(key in conflicted or bool(named))
        assert set((fact["finding_ids"] or "").split()) == named
    assert sum(1 for f in facts if f["conflict_id"]) == db["source_conflicts"].count
