"""What the pages show a reader, in-process on the real built database: the columns a table opens on (all of them
one click away and in every download), dates and flags in words while the data keep ISO dates and integers,
search snippets as prose, the comparison of two revisions in pages that together hold the whole document, and
titles from metadata.yml.  Expected values are read from the database and metadata.yml; dates in words are made
here with the standard library's strftime, apart from the plugin that writes them.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
import yaml

from conftest import ROOT

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
TABLES = METADATA["databases"]["serrano"]["tables"]
QUERIES = METADATA["databases"]["serrano"]["queries"]  # a canned query's page shadows a table of its name
WITH_DEFAULTS = sorted(name for name, config in TABLES.items() if config.get("default_columns") and name not in QUERIES)
QUERIES_WITH_DEFAULTS = sorted(name for name, config in QUERIES.items() if config.get("default_columns"))


def plugin(name: str):
    spec = importlib.util.spec_from_file_location(f"plugin_{name}", ROOT / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Cells(HTMLParser):
    """The header and the cells of the page's table.rows-and-columns, and every link's href."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self.links, self.title = [], [], [], ""
        self._in_table = self._in_title = False
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "rows-and-columns" in (attrs.get("class") or ""):
            self._in_table = True
        elif self._in_table and tag == "th":
            self.headers.append(attrs.get("data-column") or (attrs.get("class") or "")[len("col-"):])
        elif self._in_table and tag == "tr":
            self.rows.append({})
        elif self._in_table and tag == "td":
            self._cell = attrs.get("data-column") or (attrs.get("class") or "").split()[0][len("col-"):]
            self.rows[-1][self._cell] = ""
        elif tag == "title":
            self._in_title = True
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag == "td":
            self._cell = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._cell and self.rows:
            self.rows[-1][self._cell] += data
        if self._in_title:
            self.title += data


async def page(datasette, path: str) -> Cells:
    response = await datasette.client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    cells = Cells()
    cells.feed(response.text)
    cells.rows = [row for row in cells.rows if row]
    return cells


# --- the columns a table opens on -------------------------------------------------------------------------

async def test_claims_open_on_what_a_reader_needs(datasette):
    shown = (await page(datasette, "/serrano/claims")).headers
    assert shown[:6] == ["id", "subject_name", "property", "value_raw", "quote", "source_id"]
    assert "method" in shown, "a claim read automatically says so wherever it is shown"


@pytest.mark.parametrize("table", WITH_DEFAULTS)
async def test_a_table_opens_on_its_default_columns_and_every_column_is_one_click_and_every_download_away(
        datasette, db, table):
    if not db[table].exists():
        pytest.skip(f"{table} is built only when the manifest holds a MediaWiki export (the seeds hold none)")
    columns = [c.name for c in db[table].columns]
    defaults = TABLES[table]["default_columns"]
    assert set(defaults) <= set(columns), f"{table}: default_columns names columns the table does not have"
    opened = await page(datasette, f"/serrano/{table}")
    if not opened.rows:
        pytest.skip(f"{table} is empty in this build")
    pks = db[table].pks if db[table].use_rowid is False else []
    lead = [pks[0]] if len(pks) == 1 else ["Link"]
    assert opened.headers == lead + [c for c in defaults if c not in lead]
    assert all(set(row) == set(opened.headers) for row in opened.rows)
    every = await page(datasette, f"/serrano/{table}?_columns=all")
    assert set(every.headers) - {"Link", "rowid"} == set(columns)
    assert f"/serrano/{table}?_columns=all" in opened.links or any("_columns=all" in h for h in opened.links)
    # The data: the page's JSON and the complete download hold every column.
    body = (await datasette.client.get(f"/serrano/{table}.json?_shape=objects&_size=2")).json()
    assert set(body["rows"][0]) >= set(columns)
    download = await datasette.client.get(f"/-/download/serrano/{table}.csv")
    assert next(csv.reader(io.StringIO(download.text))) == columns


async def test_datasettes_own_column_choice_still_rules(datasette):
    chosen = await page(datasette, "/serrano/claims?_col=quote&_col=method")
    assert chosen.headers == ["id", "quote", "method"]
    without = await page(datasette, "/serrano/claims?_nocol=quote")
    assert "quote" not in without.headers and len(without.headers) > 40


@pytest.mark.parametrize("name", QUERIES_WITH_DEFAULTS)
async def test_a_canned_query_opens_on_its_default_columns(datasette, name):
    defaults = QUERIES[name]["default_columns"]
    body = (await datasette.client.get(f"/serrano/{name}.json?_shape=objects")).json()
    opened = await page(datasette, f"/serrano/{name}")
    if not body["rows"]:
        pytest.skip(f"{name} returns no rows with its default parameters")
    assert set(defaults) <= set(body["rows"][0]), f"{name}: default_columns names columns the query does not return"
    assert opened.headers == defaults
    assert (await page(datasette, f"/serrano/{name}?_columns=all")).headers == list(body["rows"][0])


# --- values as a reader writes them, in the HTML only -------------------------------------------------------

def in_words(value: str, precision: str) -> str:
    parts = [int(p) for p in value.split("-")]
    day = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    if precision == "year":
        return day.strftime("%Y")
    return day.strftime("%B %Y") if precision == "month" else f"{day.day} {day.strftime('%B %Y')}"


async def test_dates_read_as_a_reader_writes_them_and_the_data_keep_iso(datasette, db):
    checked = set()
    for precision in ("year", "month", "day"):
        found = db.execute("select id, start_date from terms where start_date_precision = ? order by id limit 1",
                           [precision]).fetchone()
        if not found:
            continue
        term, value = found
        row = (await page(datasette, f"/serrano/terms?id={term}")).rows[0]
        assert row["start_date"].strip() == in_words(value, precision), (term, value)
        data = (await datasette.client.get(f"/serrano/terms.json?id={term}&_shape=objects")).json()["rows"][0]
        assert data["start_date"] == value
        download = (await datasette.client.get(f"/-/download/serrano/terms.csv?id={term}")).text
        assert list(csv.DictReader(io.StringIO(download)))[0]["start_date"] == value
        checked.add(precision)
    assert {"month", "day"} <= checked, "the seeds date terms to the month and to the day"


async def test_flags_read_as_words_and_the_data_keep_integers(datasette, db):
    for disputed, word in ((1, "disputed"), (0, "not disputed")):
        term = db.execute("select id from terms where disputed = ? order by id limit 1", [disputed]).fetchone()[0]
        row = (await page(datasette, f"/serrano/terms?id={term}")).rows[0]
        assert row["disputed"].strip() == word
        data = (await datasette.client.get(f"/serrano/terms.json?id={term}&_shape=objects")).json()["rows"][0]
        assert data["disputed"] == disputed
    # A facet over a flag counts words too.
    html = (await datasette.client.get("/serrano/terms")).text
    facet = html[html.index('id="facet-disputed"'):]
    assert ">disputed</a>" in facet[:2000] and ">not disputed</a>" in facet[:2000]


def test_reader_dates_at_every_precision_and_shape():
    reader_date = plugin("reader_values").reader_date
    assert reader_date("2011-05-13") == "13 May 2011"
    assert reader_date("2012-05") == "May 2012"
    assert reader_date("2016") == "2016"
    assert reader_date("2016-10-05", "month") == "October 2016"
    assert reader_date("2011/2016") == "2011–2016"
    assert reader_date("2011-05-13/2016") == "13 May 2011 – 2016"
    assert reader_date("2012-05-13 or 2012") == "13 May 2012 or 2012"
    for not_a_date in ("", "about 2016", "2016-13", "13 May 2011", "20161005"):
        assert reader_date(not_a_date) is None, not_a_date


# --- search snippets as prose -----------------------------------------------------------------------------

async def test_search_snippets_read_as_prose(datasette, db):
    # A word whose search returns a snippet that spans one of the IPU PDF's hard line breaks in the data.
    def snippets(word):
        return [row[0] for row in db.execute(QUERIES["search"]["sql"], {"q": word}).fetchall()]

    words = (w for (quote,) in db.execute("select quote from claims where quote like '%' || char(10) || '%' order by id")
             for w in sorted(set(re.findall(r"[A-Za-z]{6,}", quote))))
    word = next((w for w in words if any("\n" in s for s in snippets(w))), None)
    assert word, "the test needs a snippet that spans a line break"
    shown = (await page(datasette, f"/serrano/search?{urlencode({'q': word})}")).rows
    assert len(shown) == len(snippets(word))
    for row in shown:
        assert "\n" not in row["snippet"] and "  " not in row["snippet"], row["snippet"]


# --- the comparison of two revisions, in pages ----------------------------------------------------------------

async def test_the_pages_of_a_comparison_together_hold_every_sentence_and_field(datasette, db):
    pair = db.execute("select from_source_id, to_source_id from revision_changes group by 1, 2 "
                      "order by count(*) desc limit 1").fetchone()
    ordinals = {r[0] for r in db.execute("select ordinal from revision_changes where from_source_id = ? and "
                                         "to_source_id = ?", pair)}
    changes = [r[0] for r in db.execute("select ordinal from revision_changes where from_source_id = ? and "
                                        "to_source_id = ? and kind != 'unchanged' order by ordinal", pair)]
    seen, shown_changes, number = set(), [], 1
    while True:
        html = (await datasette.client.get(f"/revisions/{pair[0]}/{pair[1]}?page={number}")).text
        on_page = [int(n) for n in re.findall(r'<section class="change [^"]*" id="change-(\d+)"', html)]
        assert 0 < len(on_page) <= 20
        shown_changes += on_page
        seen |= {int(n) for n in re.findall(r'id="change-(\d+)"', html)}
        if 'rel="next"' not in html:
            break
        number += 1
    assert shown_changes == changes, "every change once, in document order"
    assert seen == ordinals, "the pages together hold every sentence and field, changed or not"
    # A link to one change (?at=) opens the page that holds it.
    last = changes[-1]
    html = (await datasette.client.get(f"/revisions/{pair[0]}/{pair[1]}?at={last}")).text
    assert f'id="change-{last}"' in html


# --- titles -------------------------------------------------------------------------------------------------

def test_every_shown_table_has_a_title_even_those_the_seeds_do_not_build():
    untitled = [t for t, config in TABLES.items() if not config.get("hidden") and not str(config.get("title") or "").strip()]
    assert untitled == []


async def test_every_table_and_canned_query_is_titled_from_metadata(datasette, db):
    site = METADATA["title"]
    for table, config in TABLES.items():
        if config.get("hidden") or table in QUERIES or not db[table].exists():
            continue
        title = (await page(datasette, f"/serrano/{table}")).title
        assert title.startswith(f"{config['title']}: ") and title.endswith(site), (table, title)
    for name, config in QUERIES.items():
        title = (await page(datasette, f"/serrano/{name}")).title
        assert title == f"{config['title']} · {site}", (name, title)
        assert "select" not in title.lower()
