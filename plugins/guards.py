"""Request guards for a read-only publication, run before Datasette sees a request.

- Any method but GET, HEAD or OPTIONS gets 405.  Datasette 0.65 answers a POST
  to a table page with a 500 ("You may only POST to a canned query"); this
  publication has no writable canned queries and no logins.
- OPTIONS, on any path (and ``OPTIONS *``), is answered here: 204 with
  ``Allow: GET, HEAD, OPTIONS`` and no body.  Datasette answered it with the
  whole file on a download, 200 with a body on pages, 405 on the home page
  (while its 405s advertise OPTIONS).
- A request target that is not a path (``GET *``, or the absolute form
  ``GET http://host/path`` that only proxies receive) gets 400: Datasette
  would route ``http://host/`` as a path, and redirect to the host it names.
- More than ``MAX_PARAMETERS`` query-string parameters get 400.  Datasette
  0.65 parses the whole query string again each time it reads one parameter
  (``Request.args``), once per parameter on table, view and canned-query
  pages: 2,000 parameters took 6.3 s, 4,000 (a 32 KB URL) 26.8 s, with every
  other page waiting.  The widest table has 42 columns, so ``_col`` for each
  of them with a few filters and facets stays far below the cap.
- A row page whose URL gives another number of key values than the table's
  primary key has (``/serrano/conflict_claims/a`` for a key of two columns)
  gets 404 saying how the row is named; Datasette answered 500 (it binds
  the values it has and SQLite complains of the one missing).
- Query-string values that Datasette 0.65 parses without checking, and so
  answers with a 500, get a 400 naming the parameter:

  a NUL character anywhere (SQLite refuses it in ``_where`` and facet SQL);
  ``_timelimit`` that is not an integer; on a view, ``_next`` that is not an
  integer (it is an offset there); ``_through`` that is not a JSON object
  naming a table with a foreign key to this one and a column of it;
  ``col__in`` / ``col__notin`` written as a JSON list that does not parse or
  holds lists or objects; ``col__gt`` (``gte``, ``lt``, ``lte``) with digits
  that are no 64-bit integer; ``_facet`` given as a JSON object without a
  column.

  Sorting is left to Datasette: its complaints (a column that cannot be
  sorted on, ``_sort`` with ``_sort_desc``) become 400s in errors.py.

Loaded by Datasette from the config directory's plugins/ folder.
"""

import json
import re
from urllib.parse import parse_qsl

from datasette import hookimpl
from datasette.utils import tilde_decode

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
ALLOW = (b"allow", b"GET, HEAD, OPTIONS")
MAX_PARAMETERS = 100
# Datasette 0.65's route for a row: /<database>/<table>/<key values, comma-separated>[.<format>]
ROW_ROUTE = re.compile(r"^/(?P<database>[^/.]+)/(?P<table>[^/]+?)/(?P<pks>[^/]+?)(\.(?P<format>\w+))?$")
# Datasette 0.65's route for a table, a view or a canned query: /<database>/<table>[.<format>]
TABLE_ROUTE = re.compile(r"^/(?P<database>[^/.]+)/(?P<table>[^/.]+)(\.(?P<format>\w+))?$")
NUMERIC_LOOKUPS = {"gt", "gte", "lt", "lte"}  # Datasette turns their digits into an int
LIST_LOOKUPS = {"in", "notin"}
INT64 = range(-(2**63), 2**63)
SCALARS = (str, int, float, bool, type(None))


async def _reply(send, status: int, message: str, extra_headers=()):
    body = f"{status}: {message}\n".encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *extra_headers]})
    await send({"type": "http.response.body", "body": body})


async def _allowed_methods(send):
    """The answer to OPTIONS: which methods this site takes (a 204 has no body, and no length)."""
    await send({"type": "http.response.start", "status": 204, "headers": [ALLOW]})
    await send({"type": "http.response.body", "body": b""})


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


def _bad_json_list(value: str) -> str | None:
    try:
        items = json.loads(value)
    except ValueError:
        return "is not a JSON list"
    if not isinstance(items, list) or not all(isinstance(item, SCALARS) for item in items):
        return "must list strings or numbers"
    if any(isinstance(item, int) and item not in INT64 for item in items):
        return "holds a number too large for SQLite"
    return None


async def _bad_through(datasette, database, table: str, value: str) -> str | None:
    try:
        through = json.loads(value)
    except ValueError:
        through = None
    if not (isinstance(through, dict) and isinstance(through.get("table"), str)
            and isinstance(through.get("column"), str) and isinstance(through.get("value"), SCALARS)):
        return 'must be a JSON object {"table": ..., "column": ..., "value": ...}'
    if not await database.table_exists(through["table"]):
        return f"names no table: {through['table']!r}"
    if through["column"] not in await database.table_columns(through["table"]):
        return f"names no column of {through['table']}: {through['column']!r}"
    if not any(fk["other_table"] == table for fk in await database.foreign_keys_for_table(through["table"])):
        return f"{through['table']} has no foreign key to {table}"
    return None


async def malformed(datasette, scope) -> str | None:
    """What is wrong with the request's query string, or None when Datasette can take it."""
    pairs = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if len(pairs) > MAX_PARAMETERS:
        return f"{len(pairs)} query-string parameters: this site takes at most {MAX_PARAMETERS}"
    for key, value in pairs:
        if "\x00" in key or "\x00" in value:
            return f"{key.strip(chr(0))!r} holds a null character"
        if key == "_timelimit" and not _is_int(value):
            return f"_timelimit must be a whole number of milliseconds, not {value[:40]!r}"
    # The checks below need to know the table, which costs queries: only when a parameter asks for them.
    if not any(key in ("_next", "_through") or key.startswith("_facet") or (not key.startswith("_") and "__" in key)
               for key, _ in pairs):
        return None
    raw_path = scope.get("raw_path") or scope["path"].encode()
    route = TABLE_ROUTE.match(raw_path.decode("latin-1"))
    if not route:
        return None
    try:
        database = datasette.get_database(route=tilde_decode(route["database"]))
    except KeyError:
        return None  # Datasette's own 404
    table = tilde_decode(route["table"])
    is_view = table in await database.view_names()
    if not is_view and not await database.table_exists(table):
        return None  # a canned query, or Datasette's own 404
    for key, value in pairs:
        if key == "_next" and is_view and not (_is_int(value) and int(value) in INT64):
            return f"_next must be a row number on a view, not {value[:40]!r}"
        elif key == "_through":
            problem = await _bad_through(datasette, database, table, value)
            if problem:
                return f"_through {problem}"
        elif key.startswith("_facet") and value.startswith("{"):
            try:
                config = json.loads(value)
            except ValueError:
                config = None
            if not (isinstance(config, dict) and isinstance(config.get("column") or config.get("simple"), str)):
                return f'{key} must be a column name or a JSON object {{"column": ...}}'
        elif not key.startswith("_") and "__" in key:
            lookup = key.rsplit("__", 1)[1]
            if lookup in NUMERIC_LOOKUPS and value.isdigit() and not (_is_int(value) and int(value) in INT64):
                return f"{key} must be a number SQLite can store, not {value[:40]!r}"
            if lookup in LIST_LOOKUPS and value.startswith("["):
                problem = _bad_json_list(value)
                if problem:
                    return f"{key} {problem}: {value[:40]!r}"
    return None


async def row_not_named(datasette, scope) -> str | None:
    """Why a row URL cannot name a row of its table (the wrong number of key values), or None."""
    route = ROW_ROUTE.match((scope.get("raw_path") or scope["path"].encode()).decode("latin-1"))
    if not route:
        return None
    try:
        database = datasette.get_database(route=tilde_decode(route["database"]))
    except KeyError:
        return None  # not a database: a custom page such as /revisions/<from>/<to>, or Datasette's 404
    table = tilde_decode(route["table"])
    if not await database.table_exists(table):
        return None
    keys = await database.primary_keys(table) or ["rowid"]
    given = route["pks"].count(",") + 1  # Datasette splits the key values on commas (urlsafe_components)
    if given == len(keys):
        return None
    return (f"a row of {table} is named by {len(keys)} key value{'s' if len(keys) > 1 else ''} "
            f"({', '.join(keys)}){', separated by commas' if len(keys) > 1 else ''}; this URL gives {given}")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http":
                if scope["method"] not in READ_METHODS:
                    return await _reply(send, 405, "this publication is read-only", [ALLOW])
                if scope["method"] == "OPTIONS":
                    return await _allowed_methods(send)
                if not scope["path"].startswith("/"):
                    return await _reply(send, 400, "the request target must be a path, such as /serrano")
                problem = await malformed(datasette, scope)
                if problem:
                    return await _reply(send, 400, problem)
                problem = await row_not_named(datasette, scope)
                if problem:
                    return await _reply(send, 404, problem)
            await app(scope, receive, send)

        return guarded

    return wrap
