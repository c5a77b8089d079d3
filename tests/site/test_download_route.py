"""The complete-download route, /-/download/<database>/<name>.csv|json (plugins/serrano_downloads.py), in-process.

Its promises (the plugin's docstring): every row of a table, a view or a canned query, in rowid order (a view
and a query in their own order), across as many reads of CHUNK rows as it takes; ``column=value`` filters
narrow a table, any other argument not starting with ``_`` is refused; a writable query has no download;
HEAD reads no row.  The seeds' tables are smaller than one read, so a site of its own holds tables and a
view several reads long; the claims (quotes with commas, quotes and line breaks) come from the built site.
"""

import base64
import csv
import io
import json
import shutil
import sqlite3

import pytest

from conftest import ROOT

ROWS = 4_500  # more than two reads of CHUNK (2,000) rows


@pytest.fixture(scope="module")
async def site(tmp_path_factory):
    """(Datasette, path of its database): the site's plugins and settings over a database made here."""
    from datasette.app import Datasette

    folder = tmp_path_factory.mktemp("download-site")
    shutil.copy(ROOT / "settings.json", folder / "settings.json")
    shutil.copytree(ROOT / "plugins", folder / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "metadata.json").write_text(json.dumps({"databases": {"shop": {"queries": {
        "by_label": {"sql": "select id, n, label from items where label = :label order by n desc"},
        "forget": {"sql": "delete from items where id = :id", "write": True},
    }}}}))
    path = folder / "shop.db"
    with sqlite3.connect(path) as db:
        db.execute("create table items (id integer primary key, n integer, label text)")
        # Labels with the characters CSV must quote; ids with gaps, so rowid order is not a count.
        db.executemany("insert into items values (?, ?, ?)",
                       [(i * 3, (i * 7919) % ROWS, ["even", "odd, \"quoted\"", "line\nbreak"][i % 3])
                        for i in range(1, ROWS + 1)])
        db.execute("create view odd_items as select id, n from items where n % 2 = 1 order by n")
        # A view whose third row fails to compute (json_extract of text that is no JSON).
        db.execute("create view failing_view as select id, case when id > 6 then json_extract('nope', '$') else id end"
                   " as v from items order by id")
        # A table whose first column is not its rowid (no integer primary key), rows inserted out of label order.
        db.execute("create table notes (label text, n integer)")
        db.executemany("insert into notes values (?, ?)", [(f"note {(i * 7) % ROWS:05d}", i) for i in range(ROWS)])
        db.execute("create table files (id integer primary key, body blob)")
        db.execute("insert into files values (1, ?)", [b"\x00\xffbytes"])
    ds = Datasette(config_dir=folder)
    await ds.invoke_startup()
    return ds, path


def rows_of(path, sql, args=()):
    with sqlite3.connect(path) as db:
        return [list(row) for row in db.execute(sql, args)]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def as_text(rows):
    return [["" if value is None else str(value) for value in row] for row in rows]


async def test_a_table_downloads_every_row_in_rowid_order(site):
    ds, path = site
    expected = rows_of(path, "select id, n, label from items order by rowid")
    assert len(expected) == ROWS
    as_csv = await ds.client.get("/-/download/shop/items.csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.headers["content-disposition"] == 'attachment; filename="items.csv"'
    assert csv_rows(as_csv.text) == [["id", "n", "label"], *as_text(expected)]
    as_json = await ds.client.get("/-/download/shop/items.json")
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json; charset=utf-8"
    assert "content-disposition" not in as_json.headers
    assert as_json.json() == [dict(zip(("id", "n", "label"), row)) for row in expected]


async def test_a_table_without_an_integer_key_downloads_every_row_in_rowid_order(site):
    # The reads go on from the last rowid read, not from the first column's value.
    ds, path = site
    expected = rows_of(path, "select label, n from notes order by rowid")
    assert len(expected) == ROWS
    assert csv_rows((await ds.client.get("/-/download/shop/notes.csv")).text) == [["label", "n"], *as_text(expected)]


async def test_a_view_downloads_every_row_in_its_own_order(site):
    ds, path = site
    expected = rows_of(path, "select id, n from odd_items")
    assert len(expected) > 2_000  # more than one read
    assert csv_rows((await ds.client.get("/-/download/shop/odd_items.csv")).text) == [["id", "n"], *as_text(expected)]
    assert (await ds.client.get("/-/download/shop/odd_items.json")).json() == \
        [{"id": i, "n": n} for i, n in expected]


async def test_filters_narrow_a_download_and_page_arguments_are_ignored(site):
    ds, path = site
    for label in ("even", "odd, \"quoted\""):
        expected = rows_of(path, "select id, n, label from items where label = ? order by rowid", [label])
        # Page arguments before and after the filter: each is passed over, none ends the reading of the rest.
        response = await ds.client.get("/-/download/shop/items.json", params=[
            ("_sort", "n"), ("_size", "5"), ("label", label), ("_facet", "label")])
        assert response.json() == [dict(zip(("id", "n", "label"), row)) for row in expected]
    both = await ds.client.get("/-/download/shop/items.json", params={"label": "even", "n": "7919"})
    assert both.json() == [dict(zip(("id", "n", "label"), row)) for row in rows_of(
        path, "select id, n, label from items where label = 'even' and n = 7919")]
    view = await ds.client.get("/-/download/shop/odd_items.csv", params={"n": "1"})
    assert csv_rows(view.text) == [["id", "n"], *as_text(rows_of(path, "select id, n from odd_items where n = 1"))]


async def test_an_argument_that_is_no_column_is_refused(site):
    ds, _ = site
    response = await ds.client.get("/-/download/shop/items.csv", params={"colour": "red"})
    assert response.status_code == 400
    assert response.text == "400: 'colour' is not a column of items: a download filters only by column=value\n"


async def test_a_canned_query_downloads_every_row_in_its_own_order(site):
    ds, path = site
    expected = rows_of(path, "select id, n, label from items where label = 'even' order by n desc")
    assert len(expected) == ROWS // 3
    as_csv = await ds.client.get("/-/download/shop/by_label.csv", params={"label": "even"})
    assert csv_rows(as_csv.text) == [["id", "n", "label"], *as_text(expected)]
    as_json = await ds.client.get("/-/download/shop/by_label.json", params={"label": "even"})
    assert as_json.json() == [dict(zip(("id", "n", "label"), row)) for row in expected]
    # A parameter left out is empty, as on the query's page: no rows, not an error.
    empty = await ds.client.get("/-/download/shop/by_label.csv")
    assert empty.status_code == 200 and csv_rows(empty.text) == [["id", "n", "label"]]


async def test_a_writable_query_an_unknown_name_and_an_unknown_database_have_no_download(site):
    ds, path = site
    refused = await ds.client.get("/-/download/shop/forget.csv", params={"id": "3"})
    assert refused.status_code == 403
    assert rows_of(path, "select count(*) from items where id = 3") == [[1]]
    assert (await ds.client.get("/-/download/shop/nothing.csv")).status_code == 404
    assert (await ds.client.get("/-/download/nowhere/items.csv")).status_code == 404


async def test_bytes_are_base64_in_json(site):
    ds, _ = site
    rows = (await ds.client.get("/-/download/shop/files.json")).json()
    assert rows == [{"id": 1, "body": {"$base64": True, "encoded": base64.b64encode(b"\x00\xffbytes").decode()}}]


async def test_head_answers_the_headers_of_a_get_without_rows(site):
    ds, _ = site
    for name, content_type, disposition in (("items.csv", "text/csv; charset=utf-8", 'attachment; filename="items.csv"'),
                                            ("items.json", "application/json; charset=utf-8", None)):
        response = await ds.client.head(f"/-/download/shop/{name}")
        assert response.status_code == 200 and response.content == b""
        assert response.headers["content-type"] == content_type
        assert response.headers.get("content-disposition") == disposition


async def test_the_claims_download_round_trips_every_quote(datasette, db):
    rows = csv_rows((await datasette.client.get("/-/download/serrano/claims.csv")).text)
    columns, body = rows[0], rows[1:]
    assert columns == [column.name for column in db["claims"].columns]
    assert len(body) == db["claims"].count
    quotes = {row[columns.index("id")]: row[columns.index("quote")] for row in body}
    assert quotes == {claim["id"]: claim["quote"] for claim in db["claims"].rows}
    # The JSON download is UTF-8 text, as its content type says: names are written as they are, not escaped.
    as_json = (await datasette.client.get("/-/download/serrano/claims.json")).text
    assert "José Serrano Salgado" in as_json and "\\u00e9" not in as_json


async def test_a_read_failing_for_another_reason_than_the_cap_stops_the_download_at_once(site):
    # Only a read past the result cap is tried again with fewer rows; any other error ends the download there.
    ds, _ = site
    response = await ds.client.get("/-/download/shop/failing_view.csv")
    assert response.text.splitlines() == ["id,v", "", "ERROR: the download stopped after 0 rows: malformed JSON"]


async def test_a_download_that_cannot_go_on_says_so_in_the_file(tmp_path):
    # A row past the result cap (16 MiB) even read alone: the CSV so far, then a line saying where and why it stopped,
    # never a silently short file.
    from datasette.app import Datasette

    shutil.copy(ROOT / "settings.json", tmp_path / "settings.json")
    shutil.copytree(ROOT / "plugins", tmp_path / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    columns = [f"c{i}" for i in range(100)]
    with sqlite3.connect(tmp_path / "wide.db") as db:
        db.execute(f"create table wide (id integer primary key, {', '.join(columns)})")
        db.executemany("insert into wide (id, c0) values (?, ?)", [(1, "a"), (2, "b"), (3, "c")])
        db.execute(f"insert into wide values (4, {', '.join(['?'] * 100)})", ["x" * 200_000] * 100)  # 20 MB
    ds = Datasette(config_dir=tmp_path)
    await ds.invoke_startup()
    response = await ds.client.get("/-/download/wide/wide.csv")
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert [line.split(",")[:2] for line in lines[1:4]] == [["1", "a"], ["2", "b"], ["3", "c"]]
    assert lines[4:] == ["", "ERROR: the download stopped after 3 rows: the result is larger than 16 MB, the most this "
                             "site returns for one query: ask for fewer rows or smaller values"]
