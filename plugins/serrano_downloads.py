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
- A canned query: run with the parameters given (missing ones empty), a
  page of rows at a time as a subquery (each read bounded by
  ``sql_time_limit_ms`` and the result cap), every row returned in the
  query's own order; write queries are refused.

- Only databases a visitor may see: Datasette's own ``_internal`` (its
  catalogue, with the server's absolute path and the process id) is refused
  with 403, as Datasette refuses ``/_internal`` itself.
- HEAD answers the headers a GET would, without reading any row.

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


async def _read(db, sql_for, size: int):
    """(rows, the size that fit): ``sql_for(size)`` gives (sql, args) for a read of ``size`` rows; a
    read past the result cap is retried with a quarter of the rows (3,000 sources of 12 KB each:
    2,000 of them are 24 MB)."""
    while True:
        sql, args = sql_for(size)
        try:
            # A read past the cap is expected here and retried smaller: not an error for the log.
            return (await db.execute(sql, args, truncate=False, log_sql_errors=False)).rows, size
        except Exception as error:
            if not (_too_large(error) and size > 1):
                raise
            size = max(1, size // 4)


async def _offset_chunks(db, select: str, args):
    """Every row of a SELECT (a view, a canned query), CHUNK at a time, in its own order."""
    offset, size = 0, CHUNK
    while True:
        rows, size = await _read(db, lambda n: (f"select * from ({select}) limit {n} offset {offset}", args), size)
        if rows:
            yield rows
        if len(rows) < size:
            return
        offset += len(rows)


async def _table_chunks(db, name: str, filters: list[tuple[str, str]], is_view: bool):
    """Every row of a table in rowid order (a view in its own order), CHUNK at a time."""
    where = " and ".join(f"[{column}] = ?" for column, _ in filters) or "1"
    values = [value for _, value in filters]
    if is_view:
        async for rows in _offset_chunks(db, f"select * from [{name}] where {where}", values):
            yield rows
        return
    last, size = None, CHUNK

    def sql_for(n):
        after = "" if last is None else " and rowid > ?"
        return (f"select rowid as __rowid, * from [{name}] where {where}{after} order by rowid limit {n}",
                values + ([] if last is None else [last]))

    while True:
        rows, size = await _read(db, sql_for, size)
        if not rows:
            return
        last = rows[-1][0]
        yield [tuple(row)[1:] for row in rows]


async def download(datasette, request):
    database, name, form = (request.url_vars[k] for k in ("database", "name", "format"))
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound("No such database")
    if not await datasette.permission_allowed(request.actor, "view-database", database, default=True):
        raise Forbidden("You may not download from this database")
    canned = await datasette.get_canned_query(database, name, request.actor)
    if canned is not None:
        if canned.get("write"):
            raise Forbidden("A writable query has no download")
        if not await datasette.permission_allowed(request.actor, "view-query", (database, name), default=True):
            raise Forbidden("You may not view this query")
        parameters = canned.get("params") or await derive_named_parameters(db, canned["sql"])
        params = {p: request.args.get(p) or "" for p in parameters}
        # Read a page at a time, as a subquery, so a result past the cap is not an error; the
        # canned query's own ORDER BY holds (the outer query adds none).
        select = canned["sql"].strip().rstrip(";")
        columns = [d[0] for d in (await db.execute(f"select * from ({select}) limit 0", params)).description]

        def chunks():
            return _offset_chunks(db, select, params)
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

    headers = {"content-disposition": f'attachment; filename="{name}.csv"'} if form == "csv" else {}
    content_type = "text/csv; charset=utf-8" if form == "csv" else "application/json; charset=utf-8"
    if request.method == "HEAD":
        return Response("", status=200, headers=headers, content_type=content_type)

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

        return AsgiStream(stream, headers=headers, content_type=content_type)

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

    return AsgiStream(stream_json, content_type=content_type)


@hookimpl
def register_routes():
    return [(r"^/-/download/(?P<database>[^/]+)/(?P<name>[^/.]+)\.(?P<format>csv|json)$", download)]
