"""Complete downloads: every row of a table or a canned query, as CSV or JSON.

Datasette 0.65 cuts a page's JSON and CSV at ``max_returned_rows`` (200 here)
without a word: ``claims.csv?_size=max`` gave 200 of 383 claims.  Its own
``_stream=on`` CSV follows the pages to the end, but only for tables, only as
CSV, and stops with a line of error text at ``max_csv_mb`` (100 MB: the
``source_segments`` table of the 1,000x corpus is larger).  This route returns
every row:

    /-/download/<database>/<table or canned query>.csv   (an attachment)
    /-/download/<database>/<table or canned query>.json  (an array of objects)

- A table or view: every row, optionally narrowed by ``column=value``
  equality filters (what a facet adds to a table page's URL); any other
  argument not starting with ``_`` is refused with 400, so a download never
  silently ignores a filter.  Rows are read in rowid order, 2,000 at a time
  (each read bounded by ``sql_time_limit_ms`` and the result cap like any
  other query; fewer rows a read where 2,000 would pass the cap), and
  streamed, so memory stays flat however large the table.
- A canned query: run once with the parameters given (missing ones empty),
  bounded by ``sql_time_limit_ms``, every row returned; write queries are
  refused.

Table, row, query and home pages link here for "every row" (see
``templates/table.html``, ``templates/query.html``, ``templates/index.html``).
"""

from __future__ import annotations

import csv
import io
import json

from datasette import hookimpl
from datasette.utils import derive_named_parameters
from datasette.utils.asgi import AsgiStream, Forbidden, NotFound, Response

CHUNK = 2000
IGNORED = {"_sort", "_sort_desc", "_size", "_labels", "_nocount", "_nofacet", "_facet", "_dl", "_shape", "_stream",
           "_col", "_nocol", "_next"}


def _cell(value):
    if isinstance(value, bytes):
        return {"$base64": True, "encoded": __import__("base64").b64encode(value).decode()}
    return value


def _csv_line(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["" if v is None else v for v in values])
    return buffer.getvalue()


def _too_large(error: Exception) -> bool:
    # plugins/sqlite_limits.py stops a statement past its result cap (16 MiB) with ResultTooLarge;
    # plugins are loaded as separate modules, so the class is known here by its name.
    return type(error).__name__ == "ResultTooLarge"


async def _table_chunks(db, name: str, filters: list[tuple[str, str]], is_view: bool):
    """Every row, CHUNK at a time; fewer at a time where CHUNK rows would pass the result cap
    (3,000 sources of 12 KB each: 2,000 of them are 24 MB)."""
    where = " and ".join(f"[{column}] = ?" for column, _ in filters) or "1"
    values = [value for _, value in filters]
    size, position = CHUNK, None  # position: the offset (a view) or the last rowid read (a table)
    while True:
        if is_view:
            sql, args = f"select * from [{name}] where {where} limit {size} offset {position or 0}", values
        else:
            after = "" if position is None else " and rowid > ?"
            sql = f"select rowid as __rowid, * from [{name}] where {where}{after} order by rowid limit {size}"
            args = values + ([] if position is None else [position])
        try:
            rows = (await db.execute(sql, args, truncate=False)).rows
        except Exception as error:
            if _too_large(error) and size > 1:
                size = max(1, size // 4)
                continue
            raise
        if not rows:
            return
        if is_view:
            position = (position or 0) + len(rows)
            yield rows
        else:
            position = rows[-1][0]
            yield [tuple(row)[1:] for row in rows]


async def download(datasette, request):
    database, name, form = (request.url_vars[k] for k in ("database", "name", "format"))
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound("No such database")
    canned = await datasette.get_canned_query(database, name, request.actor)
    if canned is not None:
        if canned.get("write"):
            raise Forbidden("A writable query has no download")
        if not await datasette.permission_allowed(request.actor, "view-query", (database, name), default=True):
            raise Forbidden("You may not view this query")
        parameters = canned.get("params") or await derive_named_parameters(db, canned["sql"])
        params = {p: request.args.get(p) or "" for p in parameters}
        result = await db.execute(canned["sql"], params, truncate=False)
        columns = [d[0] for d in result.description]

        async def chunks():
            yield result.rows
    else:
        is_view = name in await db.view_names()
        if not (is_view or await db.table_exists(name)):
            raise NotFound(f"No table or canned query named {name}")
        if not await datasette.permission_allowed(request.actor, "view-table", (database, name), default=True):
            raise Forbidden("You may not view this table")
        columns = await db.table_columns(name)
        filters = []
        for key in request.args.keys():
            if key in IGNORED:
                continue
            if key not in columns:
                return Response.text(f"400: {key!r} is not a column of {name}: a download filters only by "
                                     f"column=value\n", status=400)
            filters.append((key, request.args.get(key)))

        def chunks():
            return _table_chunks(db, name, filters, is_view)

    if form == "csv":
        async def stream(writer):
            await writer.write(_csv_line(columns))
            written = 0
            try:
                async for rows in chunks():
                    await writer.write("".join(_csv_line(row) for row in rows))
                    written += len(rows)
            except Exception as error:  # said in the file, never a silently short download
                await writer.write(f"\nERROR: the download stopped after {written} rows: {error}\n")

        return AsgiStream(stream, headers={"content-disposition": f'attachment; filename="{name}.csv"'},
                          content_type="text/csv; charset=utf-8")

    async def stream_json(writer):
        await writer.write("[")
        first = True
        async for rows in chunks():
            parts = []
            for row in rows:
                parts.append(("" if first else ",\n") + json.dumps(
                    {column: _cell(value) for column, value in zip(columns, row)}, ensure_ascii=False, default=str))
                first = False
            await writer.write("".join(parts))
        await writer.write("]\n")

    return AsgiStream(stream_json, content_type="application/json; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/download/(?P<database>[^/]+)/(?P<name>[^/.]+)\.(?P<format>csv|json)$", download)]
