"""A query that fails, downloaded as CSV, answers 400 with SQLite's error, never an empty 200.

Datasette 0.65's query view (``?sql=`` on a database, and canned queries) keeps
a failed statement's error in the page it renders: the HTML page shows it, the
JSON answers 400.  Its CSV path ignores that status and writes the empty result:
``/serrano.csv?sql=select * from nosuchtable`` (or a syntax error, or
``randomblob(1e9)``) answered an empty 200, which hashed_urls.py then marks
cacheable for a year.

A query that ran always has at least one column, so its CSV starts with a header
row naming them; the row Datasette writes for a failed query is empty.  For a CSV
request of a query this wrapper holds back the answer's start until its first
line: an empty line means the query failed.  ``_header=off`` is taken out of the
request Datasette sees and the header row is dropped here instead, so the first
line is always the header (``_trace``, which would put an HTML page around the
CSV, is ignored: tracing is off on this site).  On failure the same request is answered as JSON by
the site behind this wrapper (the query runs again, under the same limits: the
failures Datasette keeps in the page are the ones SQLite reports while preparing
or at the first row, a refused read, a value too big, and the result cap; a query
stopped at its time limit is an exception, already a 400), and its error is the
message of the 400.

This wrapper is the innermost (``tryfirst``): the gate of sql_gate.py is held, and
its time limit set, for both runs.
"""

import json
import re
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode

DATABASE_CSV = re.compile(r"^/(?P<database>[^/.]+)\.csv$")  # Datasette 0.65: /<database>.csv?sql=
TABLE_CSV = re.compile(r"^/(?P<database>[^/.]+)/(?P<name>[^/.]+)\.csv$")  # /<database>/<canned query>.csv
FAILED_HEADER = b"\r\n"  # csv.writer's line for a row of no values
GENERIC = "the query failed; the same address without .csv shows why"


def _pairs(scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


async def is_query_csv(datasette, scope) -> bool:
    path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
    if DATABASE_CSV.match(path):
        return any(key == "sql" and value.strip() for key, value in _pairs(scope))
    route = TABLE_CSV.match(path)
    if not route:
        return False
    try:
        database = datasette.get_database(route=tilde_decode(route["database"]))
    except KeyError:
        return False
    return await datasette.get_canned_query(database.name, tilde_decode(route["name"]), None) is not None


def _with(scope, path_suffix: str, pairs) -> dict:
    raw = scope.get("raw_path") or scope["path"].encode()
    return {**scope, "path": scope["path"][:-len(".csv")] + path_suffix,
            "raw_path": raw[:-len(b".csv")] + path_suffix.encode(),
            "query_string": urlencode(pairs).encode("latin-1", "replace")}


async def _error_of(app, scope, receive) -> str:
    """The error the site gives for this request as JSON, or a generic message."""
    pairs = [(k, v) for k, v in _pairs(scope) if k not in ("_dl", "_stream", "_header", "_trace")]
    status, body = None, []

    async def collect(event):
        nonlocal status
        if event["type"] == "http.response.start":
            status = event["status"]
        elif event["type"] == "http.response.body":
            body.append(event.get("body", b""))

    await app(_with(scope, ".json", pairs), receive, collect)
    try:
        error = json.loads(b"".join(body)).get("error")
    except (ValueError, AttributeError):
        error = None
    return error if status and status >= 400 and isinstance(error, str) and error else GENERIC


async def _refuse(send, message: str):
    body = f"400: {' '.join(message.split())}\n".encode()
    await send({"type": "http.response.start", "status": 400, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def answer_query_csv(app, scope, receive, send):
    pairs = _pairs(scope)
    header_off = any(key == "_header" and value == "off" for key, value in pairs)
    kept = [(key, value) for key, value in pairs if key not in ("_header", "_trace")]
    passed_on = {**scope, "query_string": urlencode(kept).encode("latin-1", "replace")} if kept != pairs else scope
    held, state = None, "first line"  # then "passing" or "failed"

    async def watch(event):
        nonlocal held, state
        if state == "passing":
            return await send(event)
        if state == "failed":
            return None  # the rest of the empty answer
        if event["type"] == "http.response.start":
            held = event
            return None
        first = event.get("body", b"")
        if held is not None and held["status"] == 200 and first == FAILED_HEADER:
            state = "failed"
            return None
        state = "passing"
        await send(held)
        if header_off and held["status"] == 200:
            # The header row alone was this event (one write per row); keep the rest.
            event = {**event, "body": b""}
        await send(event)

    await app(passed_on, receive, watch)
    if state == "failed":
        await _refuse(send, await _error_of(app, scope, receive))
    elif state == "first line" and held is not None:  # an answer without a body: pass it on as it was
        await send(held)
        await send({"type": "http.response.body", "body": b""})


@hookimpl(tryfirst=True)  # the innermost wrapper (see the module's docstring)
def asgi_wrapper(datasette):
    def wrap(app):
        async def csv_of_queries(scope, receive, send):
            if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and await is_query_csv(datasette, scope):
                return await answer_query_csv(app, scope, receive, send)
            return await app(scope, receive, send)

        return csv_of_queries

    return wrap
