"""Request guards for a read-only publication, run before Datasette sees a request.

- Any method but GET, HEAD or OPTIONS gets 405.  Datasette 0.65 answers a POST
  to a table page with a 500 ("You may only POST to a canned query"); this
  publication has no writable canned queries and no logins.
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


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http":
                if scope["method"] not in READ_METHODS:
                    return await _reply(send, 405, "this publication is read-only", [(b"allow", b"GET, HEAD, OPTIONS")])
                problem = await malformed(datasette, scope)
                if problem:
                    return await _reply(send, 400, problem)
            await app(scope, receive, send)

        return guarded

    return wrap
