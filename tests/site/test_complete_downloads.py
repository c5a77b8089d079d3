"""Every CSV and JSON link the site shows returns every row, or says plainly it returns a page.

The test opens the pages a reader meets (the home page, every table and view, the filtered pages the
home page links to, a search, every canned query with its default parameters and with those the home
page uses, a row of each table), follows every link to a CSV or JSON download on them, counts the rows
it returns, and compares the count with the database, counted independently (the table with the link's
filters, or the canned query's SQL run directly).  A link that returns fewer rows must be marked as a
page (``data-download="page"``, its words saying "this page"), with a link to every row on the same page.

It runs on the seeds in ``make test``, and on the synthetic corpus at 1,000 times the seeds (3,000
sources, about 180,000 claims) in ``make test-scale``: generating and building that corpus takes two to
three minutes and the downloads (about 1.5 GB) two to four more, so it is opt-in (marker ``scale``).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import httpx
import pytest
import yaml

from datasette.utils import tilde_encode

from conftest import ROOT

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["serrano"]["queries"]
# The database's pages are under /serrano-<hash>/ (plugins/hashed_urls.py); /serrano/ redirects there.
DATABASE_ROUTE = r"/serrano(?:-[0-9a-f]{7})?"
DOWNLOAD = re.compile(r"^(?:/-/download/serrano/(?P<route>[^/]+)\.(?:csv|json)"
                      rf"|{DATABASE_ROUTE}/(?P<name>[^/]+)\.(?:csv|json)"
                      rf"|{DATABASE_ROUTE}/(?P<table>[^/]+)/(?P<pk>[^/]+)\.json"
                      r"|/static/exports/data/(?P<export>[^/]+)\.csv)$")
PAGE_ARGUMENTS = {"_sort", "_sort_desc", "_size", "_labels", "_nocount", "_nofacet", "_facet", "_stream", "_dl", "_nl",
                  "_shape", "_col", "_nocol", "_next"}


class Anchors(HTMLParser):
    """Every <a href> with its data-download mark and the words of the element it stands in."""

    def __init__(self):
        super().__init__()
        self.anchors, self._open = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            anchor = {"href": attrs["href"], "kind": attrs.get("data-download", ""), "text": ""}
            self.anchors.append(anchor)
            self._open.append(anchor)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for anchor in self._open:
            anchor["text"] += data


def named_parameters(name: str) -> list[str]:
    query = QUERIES[name]
    return query.get("params") or sorted(set(re.findall(r"(?<!:):(\w+)", query["sql"])))


def expected_rows(db: sqlite3.Connection, path: str, args: list[tuple[str, str]]) -> int:
    match = DOWNLOAD.match(path)
    if match["pk"]:
        return 1
    if match["export"]:
        return db.execute(f"select count(*) from [{match['export']}]").fetchone()[0]
    name = match["route"] or match["name"]
    if name in QUERIES:
        given = dict(args)
        return len(db.execute(QUERIES[name]["sql"], {p: given.get(p, "") for p in named_parameters(name)}).fetchall())
    where, values = [], []
    for key, value in args:
        if key in PAGE_ARGUMENTS:
            continue
        if key == "_search":
            where.append(f"rowid in (select rowid from [{name}_fts] where [{name}_fts] match ?)")
        elif key.endswith("__exact") or "__" not in key:
            where.append(f"[{key.removesuffix('__exact')}] = ?")
        else:
            raise AssertionError(f"the test does not know the filter {key} of {path}")
        values.append(value)
    return db.execute(f"select count(*) from [{name}] where {' and '.join(where) or '1'}", values).fetchone()[0]


def count_rows(client: httpx.Client, url: str, folder: Path) -> int:
    """Rows in a download, read as a stream into a file (a 1,000x table is hundreds of megabytes)."""
    target = folder / "download"
    with client.stream("GET", url) as response:
        assert response.status_code == 200, (url, response.status_code)
        kind = response.headers.get("content-type", "")
        with target.open("wb") as handle:
            for chunk in response.iter_bytes():
                handle.write(chunk)
    if url.split("?")[0].endswith(".csv"):
        with target.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert not any(row and str(row[0]).startswith(("ERROR", "CSV contains more than")) for row in rows), url
        assert not rows[-1:] or "CSV contains more than" not in ",".join(rows[-1]), url
        return len(rows) - 1
    if "_nl=on" in url:  # Datasette's newline-delimited JSON: one row a line
        with target.open(encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())
    assert "json" in kind, (url, kind)
    with target.open(encoding="utf-8") as handle:
        first = handle.read(1)
        while first.isspace():
            first = handle.read(1)
        handle.seek(0)
        if first == "[":
            return count_array(handle)
        body = json.load(handle)
    return len(body["rows"]) if "rows" in body else len(body)  # _shape=object: one key a row


def count_array(handle) -> int:
    """The elements of a top-level JSON array, decoded one at a time from a file."""
    decoder, buffer, position, count, started = json.JSONDecoder(), "", 0, 0, False
    whitespace = re.compile(r"[\s,]*")
    while True:
        chunk = handle.read(1 << 20)
        buffer = buffer[position:] + chunk
        position = 0
        while True:
            position = whitespace.match(buffer, position).end()
            if not started:
                if position >= len(buffer):
                    break
                assert buffer[position] == "["
                position, started = position + 1, True
                continue
            if position < len(buffer) and buffer[position] == "]":
                return count
            try:
                _, position_after = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError:
                break
            count, position = count + 1, position_after
        if not chunk:
            raise AssertionError("the JSON array does not end")


def pages_to_open(client: httpx.Client, db: sqlite3.Connection) -> list[str]:
    listing = client.get("/serrano.json").json()
    tables = [t["name"] for t in listing["tables"] if not t["hidden"]] + [v["name"] for v in listing["views"]]
    pages = ["/", "/serrano"] + [f"/serrano/{t}" for t in tables] + [f"/serrano/{q}" for q in sorted(QUERIES)]
    # The filtered tables and parameterised queries the home page links to, and a search.
    home = Anchors()
    home.feed(client.get("/").text)
    for anchor in home.anchors:
        parts = urlsplit(anchor["href"])
        if re.match(DATABASE_ROUTE + "/", parts.path) and parts.query and "." not in parts.path \
                and "#" not in anchor["href"]:
            pages.append(f"{parts.path}?{parts.query}")
    pages += ["/serrano/search?q=Castell%C3%B3n", "/serrano/passages?_search=Castell%C3%B3n"]
    for table in tables:
        pks = [row[1] for row in db.execute(f"pragma table_info([{table}])") if row[5]]
        if len(pks) == 1:
            first = db.execute(f"select [{pks[0]}] from [{table}] order by rowid limit 1").fetchone()
            if first:
                pages.append(f"/serrano/{table}/{tilde_encode(str(first[0]))}")
    return list(dict.fromkeys(pages))


def check_every_download_link(base: str, db_path: Path, folder: Path) -> int:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    checked, problems = {}, []
    with httpx.Client(base_url=base, timeout=600, follow_redirects=True) as client:
        for page in pages_to_open(client, db):
            response = client.get(page)
            assert response.status_code == 200, (page, response.status_code)
            anchors = Anchors()
            anchors.feed(response.text)
            full_for = defaultdict(set)  # name -> the counts of the "every row" links on this page
            pending = []
            for anchor in anchors.anchors:
                parts = urlsplit(urljoin(str(response.url), anchor["href"]))
                path = unquote(parts.path)
                if parts.netloc != urlsplit(base).netloc or not DOWNLOAD.match(path):
                    continue
                args = parse_qsl(parts.query, keep_blank_values=True)
                url = path + (f"?{parts.query}" if parts.query else "")
                expected = expected_rows(db, path, args)
                if url not in checked:
                    checked[url] = count_rows(client, url, folder)
                got = checked[url]
                match = DOWNLOAD.match(path)
                name = match["route"] or match["name"] or match["table"] or match["export"]
                if got == expected:
                    full_for[name].add(got)
                    continue
                if anchor["kind"] != "page" or "this page" not in anchor["text"]:
                    problems.append(f"{page}: {url} returns {got} of {expected} rows without saying it is a page")
                elif got > expected:
                    problems.append(f"{page}: {url} returns {got} rows, more than the {expected} there are")
                else:
                    pending.append((name, url, expected))
            for name, url, expected in pending:
                if expected not in full_for[name]:
                    problems.append(f"{page}: {url} is a page, and no link beside it downloads all {expected} rows")
    db.close()
    assert problems == [], "\n".join(problems[:30])
    return len(checked)


def test_every_download_link_returns_every_row_or_says_it_is_a_page(live_server, built_db_path, tmp_path):
    checked = check_every_download_link(live_server, built_db_path, tmp_path)
    assert checked > 60, "the test really followed the site's download links"


# --- the same at 1,000 times the seeds: make test-scale --------------------------------------------------

@pytest.fixture(scope="module")
def site_at_1000x(site_1000x):
    """The 1,000x site (tests/conftest.py: built once a session, shared with the other scale tests)."""
    return site_1000x


@pytest.mark.scale
def test_every_download_link_at_1000x_returns_every_row_or_says_it_is_a_page(site_at_1000x, tmp_path):
    base, db_path = site_at_1000x
    with sqlite3.connect(db_path) as db:
        assert db.execute("select count(*) from claims").fetchone()[0] > 100_000
    check_every_download_link(base, db_path, tmp_path)


async def test_a_table_larger_than_the_result_cap_downloads_whole(tmp_path, capfd):
    # 100 rows of 200 KB: 2,000 rows a read would be 20 MB, past the 16 MiB result cap of
    # plugins/sqlite_limits.py; the download reads fewer rows at a time instead of stopping.
    from datasette.app import Datasette

    for name in ("settings.json",):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "plugins", tmp_path / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    with sqlite3.connect(tmp_path / "big.db") as db:
        db.execute("create table pages (id integer primary key, text text)")
        db.executemany("insert into pages (text) values (?)", [("x" * 200_000,) for _ in range(100)])
    ds = Datasette(config_dir=tmp_path)
    await ds.invoke_startup()
    capfd.readouterr()
    response = await ds.client.get("/-/download/big/pages.csv")
    assert response.status_code == 200
    # A read past the cap is expected and tried again with fewer rows: nothing for the server's log.
    assert capfd.readouterr() == ("", "")
    csv.field_size_limit(1_000_000)
    rows = list(csv.reader(io.StringIO(response.text)))
    assert not any(row and row[0].startswith("ERROR") for row in rows)
    assert len(rows) - 1 == 100 and all(len(row[1]) == 200_000 for row in rows[1:])
