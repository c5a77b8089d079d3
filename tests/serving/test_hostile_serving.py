"""Hostile visitors: bounded SQL, a server that stays answerable, 4xx for bad input, no server paths.

Each group answers one finding of the issue "Hostile input and hostile visitors":
a gigabyte value from ``?sql=``, readers stalled by parallel slow queries,
500s for malformed query strings, the database path in pragma_database_list.
The heavy tests run on a server of their own (``hostile_server``) whose address
space is capped, so a regression fails here instead of taking the machine's
memory; quick ones run in-process (``datasette``) or on ``live_server``.
"""

import asyncio
import hashlib
import importlib.util
import json
import os
import sqlite3
import sys
import threading
import time

import httpx
import pytest
import yaml

from conftest import ROOT, get

sys.path.insert(0, str(ROOT / "benchmarks"))
import server as bench_server  # noqa: E402  (starts datasette with a pid and a memory ceiling)


def plugin(name: str):
    """A module of plugins/ (Datasette loads them itself; the tests read their documented limits)."""
    spec = importlib.util.spec_from_file_location(f"plugin_{name}", ROOT / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RECURSIVE = "with recursive n(i) as (select 1 union all select i + 1 from n where i < {n}) "
SLOW_SQL = RECURSIVE.format(n=10**9) + "select count(*) from n"  # runs until the time limit stops it


@pytest.fixture(scope="module")
def hostile_server(built_db_path):
    with bench_server.serve(ROOT) as running:
        yield running


def sql_json(base: str, sql: str, timeout: float = 20, **params) -> httpx.Response:
    return get(f"{base}/serrano.json", params={"sql": sql, **params}, timeout=timeout)


# --- SQLite's own limits on every connection --------------------------------------

async def test_every_connection_carries_the_documented_sqlite_limits(datasette):
    limits = plugin("sqlite_limits").LIMITS
    got = await datasette.get_database("serrano").execute_fn(
        lambda conn: {name: conn.getlimit(getattr(sqlite3, name)) for name in limits})
    assert got == limits
    # The bounds: a value, a statement and an expression are all far below SQLite's defaults.
    assert limits["SQLITE_LIMIT_LENGTH"] <= 1024 * 1024
    assert limits["SQLITE_LIMIT_SQL_LENGTH"] <= 100_000
    assert limits["SQLITE_LIMIT_EXPR_DEPTH"] <= 250


def test_the_limits_leave_room_for_everything_the_publication_holds(db):
    """The margins the README documents: the build may grow, but not past these without a new limit."""
    limits, cap = plugin("sqlite_limits").LIMITS, plugin("sqlite_limits").RESULT_BYTES_CAP
    largest = 0
    for table in db.table_names():
        for column in db[table].columns_dict:
            value = db.execute(f"select max(length(cast([{column}] as blob))) from [{table}]").fetchone()[0]
            largest = max(largest, value or 0)
    widest = max(len(db[name].columns) for name in db.table_names() + db.view_names())
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    longest_sql = max(len(q["sql"]) for q in metadata["databases"]["serrano"]["queries"].values())
    assert largest > 10_000  # the sources hold whole documents
    assert largest * 8 <= limits["SQLITE_LIMIT_LENGTH"], "a value is near SQLITE_LIMIT_LENGTH: raise it"
    assert widest * 2 <= limits["SQLITE_LIMIT_COLUMN"], "a table is near SQLITE_LIMIT_COLUMN: raise it"
    assert longest_sql * 4 <= limits["SQLITE_LIMIT_SQL_LENGTH"], "a canned query is near SQLITE_LIMIT_SQL_LENGTH"
    # A full page of the largest documents fits under the result cap many times over.
    settings = json.loads((ROOT / "settings.json").read_text())
    assert settings["max_returned_rows"] * largest * 4 <= cap


def test_a_gigabyte_value_is_refused_at_once(hostile_server):
    started = time.monotonic()
    response = sql_json(hostile_server.base, "select randomblob(999999999)")
    assert time.monotonic() - started < 3
    assert response.status_code == 400
    assert response.json()["ok"] is False and "too big" in response.json()["error"]


@pytest.mark.parametrize("sql", [
    RECURSIVE.format(n=1000) + "select i, randomblob(200000) from n",  # 200 rows of 200 KB: 40 MB
    "with b(x) as (select randomblob(200000)) select " + ", ".join(f"x as c{i}" for i in range(100)) + " from b",
])
def test_a_result_larger_than_the_cap_is_refused(hostile_server, sql):
    response = sql_json(hostile_server.base, sql)
    assert response.status_code == 400
    assert "larger than" in response.json()["error"]
    assert len(response.content) < 100_000


def test_a_result_under_the_cap_is_answered_whole(hostile_server):
    rows = sql_json(hostile_server.base, RECURSIVE.format(n=20) + "select i, length(randomblob(100000)) as n from n",
                    _shape="array").json()
    assert [row["i"] for row in rows] == list(range(1, 21)) and {row["n"] for row in rows} == {100000}


def test_sql_deeper_or_longer_than_the_limits_is_refused(hostile_server):
    limits = plugin("sqlite_limits").LIMITS
    # A long chain, not nested brackets: those overflow SQLite's parser stack (depth 100) first.
    deep = "select " + " + ".join(["1"] * (limits["SQLITE_LIMIT_EXPR_DEPTH"] + 10))
    response = sql_json(hostile_server.base, deep)
    assert response.status_code == 400 and "too large" in response.json()["error"]
    long = "select 1" + " " * limits["SQLITE_LIMIT_SQL_LENGTH"]
    response = sql_json(hostile_server.base, long)
    assert response.status_code == 400 and "too large" in response.json()["error"]  # Python checks it before SQLite


# --- readers stay answerable while arbitrary SQL runs at its limit ----------------------

def test_readers_stay_answerable_while_thirty_queries_run_at_the_time_limit(hostile_server):
    base = hostile_server.base

    async def scenario():
        async with httpx.AsyncClient(base_url=base, timeout=30, follow_redirects=True,
                                     limits=httpx.Limits(max_connections=40)) as client:
            hostile = [asyncio.create_task(client.get("/serrano.json", params={"sql": SLOW_SQL}))
                       for _ in range(30)]
            await asyncio.sleep(0.3)  # let them take the SQL threads first
            home = []
            for _ in range(12):
                started = time.perf_counter()
                response = await client.get("/")
                home.append((time.perf_counter() - started, response.status_code))
            return home, await asyncio.gather(*hostile)

    home, hostile = asyncio.run(scenario())
    assert all(status == 200 for _, status in home)
    slowest = max(seconds for seconds, _ in home)
    assert slowest < 2, f"the home page took {slowest:.1f} s while slow SQL ran"  # 11 s before
    statuses = sorted(response.status_code for response in hostile)
    assert all(400 <= status < 500 for status in statuses), statuses
    # Some really ran to the time limit (arbitrary SQL still works); the rest were asked to come back.
    timed_out = [r for r in hostile if r.status_code == 400 and "too long" in r.json()["error"]]
    turned_away = [r for r in hostile if r.status_code == 429]
    assert timed_out and turned_away
    assert all(r.headers.get("retry-after") for r in turned_away)


def test_visitors_sql_stops_at_a_shorter_time_limit_than_the_pages(hostile_server):
    limit_ms = plugin("sql_gate").TIME_LIMIT_MS
    pages_ms = json.loads((ROOT / "settings.json").read_text())["sql_time_limit_ms"]
    assert limit_ms < pages_ms
    started = time.monotonic()
    response = sql_json(hostile_server.base, SLOW_SQL)
    assert time.monotonic() - started < pages_ms / 1000
    assert response.status_code == 400 and f"stopped after {limit_ms} ms" in response.json()["error"]
    # A visitor may still ask for less (Datasette's _timelimit), never for more.
    lower = sql_json(hostile_server.base, "select 1", _timelimit=str(limit_ms // 5)).json()
    higher = sql_json(hostile_server.base, "select 1", _timelimit=str(pages_ms * 10)).json()
    assert lower["query"]["params"]["_timelimit"] == str(limit_ms // 5)
    assert higher["query"]["params"]["_timelimit"] == str(limit_ms)


async def test_visitors_sql_runs_on_a_thread_of_its_own_at_the_lowest_priority(datasette):
    """Pages keep Datasette's SQL threads; a visitor's query takes only the CPU they leave."""
    from datasette.plugins import pm

    gate = pm.get_plugin("sql_gate.py")  # the module as Datasette loaded it from plugins/
    database = datasette.get_database("serrano")

    def where(conn):
        return threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    token = gate.VISITORS_SQL.set(True)
    try:
        visitors = await database.execute_fn(where)
    finally:
        gate.VISITORS_SQL.reset(token)
    pages = await database.execute_fn(where)
    assert visitors[0].startswith("visitors-sql") and visitors[1] == 19
    assert not pages[0].startswith("visitors-sql") and pages[1] == os.getpriority(os.PRIO_PROCESS, 0)


def test_memory_stays_bounded_under_parallel_worst_case_sql(hostile_server):
    """Three gigabyte values in parallel reached 6.2 GB; now the server's peak stays under 300 MB."""
    worst = ["select randomblob(999999999)",
             RECURSIVE.format(n=1000) + "select i, randomblob(200000) from n",
             "with b(x) as (select randomblob(200000)) select " + ", ".join(f"x as c{i}" for i in range(100)) + " from b"]

    async def scenario():
        async with httpx.AsyncClient(base_url=hostile_server.base, timeout=30, follow_redirects=True) as client:
            return await asyncio.gather(*[client.get("/serrano.json", params={"sql": sql})
                                          for sql in worst * 3])

    responses = asyncio.run(scenario())
    assert all(400 <= r.status_code < 500 for r in responses), [r.status_code for r in responses]
    peak_kib = hostile_server.memory_kib("VmHWM")
    assert peak_kib is not None and peak_kib < 300 * 1024, f"peak {peak_kib / 1024:.0f} MB"


# --- 4xx, never 500, for malformed query strings ------------------------------------------

MALFORMED = [
    # (path, what the answer must mention)
    ("/serrano/claims?_sort=rowid", "rowid"),
    ("/serrano/terms?_sort=rowid", "rowid"),
    ("/serrano/sources?_sort_desc=rowid", "rowid"),
    ("/serrano/uncovered_mentions?_sort=rowid", "rowid"),
    ("/serrano/claims.JSON?_sort=nope", "nope"),
    ("/serrano/claims.Csv?_sort=nope", "nope"),
    ("/serrano/claims?_sort=id&_sort_desc=id", "_sort_desc"),
    ("/serrano/claims?_through=x", "_through"),
    ("/serrano/claims?_through=%7B%7D", "_through"),
    ('/serrano/claims?_through={"table":"nope","column":"x","value":1}', "_through"),
    ('/serrano/claims?_through={"table":"sources","column":"id","value":"x"}', "_through"),
    ("/serrano/claims?id__in=[1,", "id__in"),
    ("/serrano/claims?id__notin=[1,", "id__notin"),
    ("/serrano/claims?id__in=[{}]", "id__in"),
    ("/serrano/claims?char_start__gt=99999999999999999999999", "char_start__gt"),
    ("/serrano/claims?char_start__lt=%C2%B2", "char_start__lt"),
    ("/serrano/claims?_timelimit=abc", "_timelimit"),
    ("/serrano.json?sql=select+1&_timelimit=x", "_timelimit"),
    ("/serrano/facts_about?_timelimit=x", "_timelimit"),
    ("/serrano/uncovered_mentions?_next=abc", "_next"),
    ("/serrano/claims?_facet=%7B%7D", "_facet"),
    ("/serrano/claims?_facet=%00", "null"),
    ("/serrano/claims?_where=%00", "null"),
]


@pytest.mark.parametrize("path,mention", MALFORMED)
async def test_malformed_query_strings_get_4xx_saying_what_is_wrong(datasette, path, mention):
    response = await datasette.client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert mention in response.text
    assert "Traceback" not in response.text


async def test_a_valid_through_filter_still_works(datasette, db):
    conflict = db.execute("select conflict_id from conflict_claims limit 1").fetchone()[0]
    expected = {row[0] for row in db.execute("select claim_id from conflict_claims where conflict_id = ?", [conflict])}
    through = json.dumps({"table": "conflict_claims", "column": "conflict_id", "value": conflict})
    response = await datasette.client.get("/serrano/claims.json?" + httpx.QueryParams(
        {"_through": through, "_shape": "array", "_col": "id"}).__str__())
    assert response.status_code == 200
    assert {row["id"] for row in response.json()} == expected


# --- no page reveals where the server keeps things -----------------------------------------

SERVER_PATHS = [str(ROOT), sys.prefix, sys.base_prefix, "site-packages", "/root/"]


@pytest.mark.parametrize("path", [
    "/serrano.json?sql=select+*+from+pragma_database_list",
    "/serrano?sql=select+*+from+pragma_database_list",
    "/serrano.json?sql=select+file+from+pragma_database_list",
    "/-/databases.json", "/-/databases", "/-/threads.json", "/-/threads", "/-/versions.json",
    "/-/plugins.json", "/-/settings.json", "/-/metadata.json",
])
async def test_no_page_reveals_a_server_path(datasette, path):
    # The in-process site's config directory is the absolute ROOT, so a path would show here.
    response = await datasette.client.get(path)
    assert response.status_code < 500
    for secret in SERVER_PATHS:
        assert secret not in response.text, (path, secret)


async def test_the_database_path_cannot_be_guessed_through_a_filter(datasette):
    """A _where clause could otherwise test the path character by character."""
    where = f"exists(select 1 from pragma_database_list where file like '{ROOT}%')"
    response = await datasette.client.get("/serrano/claims.json?" + str(httpx.QueryParams({"_where": where})))
    assert 400 <= response.status_code < 500


async def test_an_unexpected_error_shows_no_internals(datasette):
    """The 500 page of a fault nobody foresaw (here: an OSError naming a file) says nothing of the server."""
    from datasette.plugins import pm
    from datasette.utils import await_me_maybe
    from datasette.utils.asgi import Request

    request = Request.fake("/serrano/claims")
    exception = OSError(2, "No such file or directory", str(ROOT / "secret.db"))
    # As Datasette calls the hook, inside the except block (its default handler prints the traceback
    # with rich, when installed, which needs one): the first answer wins, plugins before its own default.
    try:
        raise exception
    except OSError:
        responses = [await await_me_maybe(r)
                     for r in pm.hook.handle_exception(datasette=datasette, request=request, exception=exception)]
    response = next(r for r in responses if r is not None)
    assert response.status == 500
    assert str(ROOT) not in response.body and "secret.db" not in response.body


# --- what readers use keeps working under the limits ----------------------------------------

async def test_whole_documents_and_legitimate_sql_still_answer(datasette, db):
    rows = (await datasette.client.get("/serrano/sources.json?_shape=array&_size=max")).json()
    assert {row["id"]: row["text"] for row in rows} == {row["id"]: row["text"] for row in db["sources"].rows}
    response = await datasette.client.get("/serrano.json?" + str(httpx.QueryParams(
        {"sql": "select id, text from sources order by id", "_shape": "array"})))
    assert [row["text"] for row in response.json()] == [r[0] for r in db.execute("select text from sources order by id")]
    count = (await datasette.client.get("/serrano.json?sql=select+count(*)+as+n+from+claims&_shape=array")).json()
    assert count == [{"n": db["claims"].count}]


def test_the_database_download_is_the_file(live_server, built_db_path):
    response = get(f"{live_server}/serrano.db", timeout=60)
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == hashlib.sha256(built_db_path.read_bytes()).hexdigest()


def test_a_result_stopped_at_the_cap_leaves_no_statement_half_read(built_db_path):
    """The statement is reset before the error leaves the thread that runs it (see capped_rows)."""
    limits = plugin("sqlite_limits")
    connection = sqlite3.connect(f"file:{built_db_path}?immutable=1", uri=True, check_same_thread=False)
    connection.row_factory = limits.capped_rows(sqlite3.Row)
    cursor = connection.execute(RECURSIVE.format(n=1000) + "select randomblob(100000) from n")
    with pytest.raises(limits.ResultTooLarge):
        cursor.fetchall()
    connection.row_factory = None
    busy = connection.execute("select sql from sqlite_stmt where busy and sql not like '%sqlite_stmt%'").fetchall()
    assert busy == []
    connection.close()
