"""Counted facets (plugins/counted_facets.py, build/tables/facet_counts.py): what a table page counts.

Every default facet is counted once at build time and read back on the unfiltered page; a
filtered page counts its own rows.  Both must show exactly what a count of the rows gives: here
the expected counts are made in Python from the rows themselves (collections.Counter), not by
the facet's SQL.  A mechanism test then proves the unfiltered page reads the stored counts (a
count changed in facet_counts shows on the page) and a filtered one does not."""

import shutil
import sqlite3
import subprocess
from collections import Counter

import httpx
import pytest
import yaml

from build.tables.schema import EXPORT_TABLES
from conftest import DB_PATH, ROOT, SERVE_BIN, serve_config_dir

DATABASE = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"]["serrano"]
TABLES = DATABASE["tables"]
SETTINGS = yaml.safe_load((ROOT / "settings.json").read_text(encoding="utf-8"))
COUNTED = sorted((table, facet["counted"]) for table, meta in TABLES.items() for facet in (meta or {}).get("facets") or []
                 if isinstance(facet, dict) and "counted" in facet)


def test_every_default_facet_is_counted_at_build_time():
    assert len(COUNTED) >= 60, COUNTED  # every table's default facets (claims alone has four)
    plain = [(t, f) for t, meta in TABLES.items() for f in (meta or {}).get("facets") or [] if isinstance(f, str)]
    assert not plain, f"facets counted live on every visit: {plain}"


def expected(db, table: str, column: str, where: str = "", params=()) -> list[tuple]:
    """(value, count) in the facet's order: most rows first, ties by value; nulls left out."""
    counts = Counter(row[0] for row in db.execute(f"select [{column}] from [{table}] {where}", params)
                     if row[0] is not None)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def facet_size(table: str) -> int:
    return (TABLES[table] or {}).get("facet_size") or SETTINGS.get("default_facet_size", 30)


async def facets(datasette, path: str) -> dict:
    response = await datasette.client.get(path, follow_redirects=True)
    assert response.status_code == 200, (path, response.status_code)
    data = response.json()
    assert not data.get("facets_timed_out"), data["facets_timed_out"]
    return data["facet_results"]


# On the seeds' site: a canned query of the same name answers a table's URL (claims_to_review: its page
# has no facets), and the MediaWiki export tables exist only when the manifest holds an export.
ON_SEEDS = [(t, c) for t, c in COUNTED if t not in DATABASE["queries"] and t not in EXPORT_TABLES]


@pytest.mark.parametrize("table,column", ON_SEEDS)
async def test_the_whole_tables_counts_are_the_rows_counts(db, datasette, table, column):
    shown = (await facets(datasette, f"/serrano/{table}.json?_size=1"))[column]
    assert shown["type"] == "counted"
    rows = expected(db, table, column)
    size = facet_size(table)
    assert [(v["value"], v["count"]) for v in shown["results"]] == rows[:size]
    assert shown["truncated"] == (len(rows) > size)
    for value in shown["results"]:  # a click narrows the rows to the value
        assert f"{column}=" in value["toggle_url"] and not value["selected"]


async def test_the_whole_tables_counts_are_not_all_trivial(db, datasette):
    """The parametrized test above must meet counts of more than one value and a list that is cut."""
    cut = [(t, c) for t, c in ON_SEEDS if len(expected(db, t, c)) > facet_size(t)]
    several = [(t, c) for t, c in ON_SEEDS if len(expected(db, t, c)) > 1]
    assert cut and len(several) >= 20, (cut, several)


@pytest.mark.parametrize("table", sorted({table for table, _ in COUNTED if table in ("claims", "source_segments",
                                                                                     "sentences", "mentions")}))
async def test_a_filtered_page_counts_its_own_rows(db, datasette, table):
    columns = [c for t, c in COUNTED if t == table]
    first = columns[0]
    value, _ = expected(db, table, first)[0]
    shown = await facets(datasette, f"/serrano/{table}.json?_size=1&{first}={value}")
    for column in columns:
        rows = expected(db, table, column, f"where [{first}] = ?", [value])
        assert [(v["value"], v["count"]) for v in shown[column]["results"]] == rows[:facet_size(table)], column
    assert [v["selected"] for v in shown[first]["results"]] == [True]


def test_the_unfiltered_page_reads_the_stored_counts_and_a_filtered_one_does_not(tmp_path):
    """Mechanism: a count changed in facet_counts (a copy of the database) shows on the whole table's
    page, and not on a filtered page, which counts its rows."""
    folder = tmp_path / "site"
    folder.mkdir()
    shutil.copyfile(DB_PATH, folder / "serrano.db")
    with sqlite3.connect(folder / "serrano.db") as copy:
        value, count = copy.execute("select value, count from facet_counts where table_name = 'claims' "
                                    "and column_name = 'method' and rank = 1").fetchone()
        copy.execute("update facet_counts set count = 999999 where table_name = 'claims' "
                     "and column_name = 'method' and rank = 1")
    for name in ("metadata.yml", "settings.json"):
        shutil.copyfile(ROOT / name, folder / name)
    for name in ("plugins", "templates", "static"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "exports"))
    subprocess.run([str(SERVE_BIN / "datasette"), "inspect", "serrano.db", "--inspect-file", "inspect-data.json"],
                   cwd=folder, check=True, capture_output=True)
    with serve_config_dir(folder) as base:
        whole = httpx.get(f"{base}/serrano/claims.json?_size=1", follow_redirects=True).json()
        narrowed = httpx.get(f"{base}/serrano/claims.json?_size=1&method={value}", follow_redirects=True).json()
    assert whole["facet_results"]["method"]["results"][0] == {**whole["facet_results"]["method"]["results"][0],
                                                               "value": value, "count": 999999}
    assert narrowed["facet_results"]["method"]["results"][0]["count"] == count


@pytest.mark.parametrize("query", ["_facet_counted=no_such_column", "source_id=ipu-ecu-92&_facet_counted=no_such_column"])
async def test_a_counted_facet_on_a_column_the_table_lacks_is_a_400_as_datasettes_own_facet_is(datasette, query):
    own = await datasette.client.get("/serrano/claims?_facet=no_such_column", follow_redirects=True)
    counted = await datasette.client.get(f"/serrano/claims?{query}", follow_redirects=True)
    assert own.status_code == counted.status_code == 400


async def test_a_counted_facet_asked_for_as_a_json_config_counts_its_column(db, datasette):
    shown = await facets(datasette, '/serrano/claims.json?_size=0&_facet_counted={"column":"subject_table"}')
    assert [(v["value"], v["count"]) for v in shown["subject_table"]["results"]] == \
        expected(db, "claims", "subject_table")[:facet_size("claims")]
