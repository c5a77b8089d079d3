"""The awards_timeline table: every award a claim names, in date order, as a reader gets it.

It is built once (build/tables/awards_timeline.py) from the claims and conflicts; the expected
values here are derived from the claims with independent SQL and Python, never written out."""

from collections import defaultdict

import pytest


async def timeline_rows(datasette) -> list[dict]:
    """Every row, page after page, in the order the table page opens on (its default sort)."""
    rows, path = [], "/serrano/awards_timeline.json?_shape=objects&_size=3"  # small pages: pagination is used
    while path:
        response = await datasette.client.get(path, follow_redirects=True)
        assert response.status_code == 200, response.text[:300]
        body = response.json()
        rows += body["rows"]
        path = body.get("next_url") and body["next_url"].split("://", 1)[-1].split("/", 1)[-1]
        path = "/" + path if path else None
    return rows


@pytest.fixture(scope="module")
def award_claims(db) -> dict[str, list[dict]]:
    by_award = defaultdict(list)
    for row in db.query("select * from claims where award_id is not null"):
        by_award[row["award_id"]].append(row)
    assert by_award, "the seeds have claims about awards"
    return by_award


async def test_every_award_a_claim_names_is_one_row_in_date_order_undated_last(datasette, award_claims):
    rows = await timeline_rows(datasette)
    assert len(rows) > 3, "more rows than one page of 3: the table pages"
    assert sorted(row["award_id"] for row in rows) == sorted(award_claims)
    assert [row["timeline_order"] for row in rows] == list(range(1, len(rows) + 1))
    dated = [row["date"] for row in rows if row["date"]]
    assert dated == sorted(dated)
    seen_undated = False
    for row in rows:
        seen_undated |= row["date"] is None
        assert not (seen_undated and row["date"]), "an undated award comes before a dated one"


async def test_each_row_reads_its_claims(datasette, db, award_claims):
    rows = await timeline_rows(datasette)
    for row in rows:
        claims = award_claims[row["award_id"]]
        dates = [c for c in claims if c["property"] == "date"]
        assert row["claims"] == len(claims)
        assert set(row["sources"].split(",")) == {c["source_id"] for c in claims}
        given = row["dates_given"].split("; ") if row["dates_given"] else []
        assert sorted(given) == sorted(f"{c['value']} ({c['source_id']})" for c in dates)
        if dates:  # the narrowest date: fewest days spanned, then the earliest value
            def days(c):
                return db.execute("select julianday(?) - julianday(?)", [c["date_end"], c["date_start"]]).fetchone()[0]
            narrowest = min(dates, key=lambda c: (days(c), c["value"]))
            assert row["date"] == narrowest["value"] and row["year"] == narrowest["value"][:4]
        else:
            assert row["date"] is None and row["year"] is None
        disputed = db.execute("select count(*) from source_conflicts where award_id = ?",
                              [row["award_id"]]).fetchone()[0] > 0
        assert (row["disputed"], row["status"]) == (int(disputed), "disputed" if disputed else "undisputed")
        assert row["awards"] == 1


async def test_the_seeds_have_both_a_disputed_and_an_undated_award(datasette):
    """So that the order and status checks above meet both cases (a fixture that lost them would pass on less)."""
    rows = await timeline_rows(datasette)
    assert any(row["disputed"] for row in rows) and any(not row["disputed"] for row in rows)
    assert any(row["date"] is None for row in rows) and any(row["date"] for row in rows)


def test_the_timeline_is_one_pass_not_a_scan_of_the_conflicts_per_award(tmp_path):
    """The table is built before the build's other indexes exist (build/tables/indexes.py), so the
    conflicts have no index on award_id then: a correlated subquery per award would read every
    conflict once per award (awards x conflicts, quadratic with the corpus)."""
    import sqlite_utils

    from build.tables.awards_timeline import TIMELINE_SQL
    from build.tables.schema import create_tables

    staged = sqlite_utils.Database(tmp_path / "staged.db")
    create_tables(staged)  # as add_awards_timeline finds the tables: created, not yet indexed
    select = "with" + TIMELINE_SQL.split(")\nwith", 1)[1]
    plan = [row[3] for row in staged.execute("explain query plan " + select)]
    assert not [step for step in plan if "CORRELATED" in step], plan
    assert plan.count("SCAN source_conflicts") <= 1, plan
