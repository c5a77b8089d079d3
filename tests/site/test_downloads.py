"""Downloads: Datasette's own CSV and JSON for tables and canned queries, and the whole database."""

import csv
import io


from conftest import get


def test_claims_csv_parses_into_every_row(live_server, db):
    response = get(f"{live_server}/serrano/claims.csv", params={"_size": "max", "_stream": "on"}, timeout=60)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == db["claims"].count
    by_id = {row["id"]: row for row in rows}
    # Quotes with commas, quotes and line breaks survive the round trip.
    for claim in db["claims"].rows:
        assert by_id[claim["id"]]["quote"] == claim["quote"]


def test_terms_json_array_matches_the_table(live_server, db):
    rows = get(f"{live_server}/serrano/terms.json", params={"_shape": "array", "_size": "max"}).json()
    assert sorted(rows, key=lambda r: r["id"]) == sorted(db["terms"].rows, key=lambda r: r["id"])


def test_a_canned_query_downloads_as_csv_and_json(live_server, db):
    as_json = get(f"{live_server}/serrano/career.json", params={"_shape": "array"}).json()
    as_csv = list(csv.DictReader(io.StringIO(get(f"{live_server}/serrano/career.csv").text)))
    assert len(as_json) == len(as_csv) == db["terms"].count
