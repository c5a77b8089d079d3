"""Request guards for a read-only publication, run before Datasette sees a request.

- Any method but GET, HEAD or OPTIONS gets 405.  Datasette 0.65 answers a POST
  to a table page with a 500 ("You may only POST to a canned query"); this
  publication has no writable canned queries and no logins.
- ``_sort`` / ``_sort_desc`` naming a column the table does not have gets 400.
  Datasette 0.65 raises an error without a status for it, which becomes a 500.

Loaded by Datasette from the config directory's plugins/ folder.
"""

from urllib.parse import parse_qs

from datasette import hookimpl

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
FORMATS = (".json", ".csv")


async def _reply(send, status: int, message: str, extra_headers=()):
    body = f"{status}: {message}\n".encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        *extra_headers]})
    await send({"type": "http.response.body", "body": body})


async def _unknown_sort_column(datasette, scope) -> str | None:
    """The message for a sort on a missing column of a table page, else None."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    wanted = [column for key in ("_sort", "_sort_desc") for column in query.get(key, [])]
    parts = scope["path"].strip("/").split("/")
    if not wanted or len(parts) != 2 or parts[0] not in datasette.databases:
        return None
    table = parts[1]
    for suffix in FORMATS:
        if table.endswith(suffix):
            table = table[: -len(suffix)]
    database = datasette.get_database(parts[0])
    if not await database.table_exists(table) and table not in await database.view_names():
        return None  # Datasette's own 404 handles it
    columns = set(await database.table_columns(table)) | {"rowid"}
    for column in wanted:
        if column not in columns:
            return f"cannot sort {table} by {column!r}: it has no such column"
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http":
                if scope["method"] not in READ_METHODS:
                    return await _reply(send, 405, "this publication is read-only", [(b"allow", b"GET, HEAD, OPTIONS")])
                problem = await _unknown_sort_column(datasette, scope)
                if problem:
                    return await _reply(send, 400, problem)
            await app(scope, receive, send)

        return guarded

    return wrap
