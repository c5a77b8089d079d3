"""What a visitor is told when something goes wrong, and what the site says about its server.

- A request Datasette 0.65 cannot answer because of its query string gets a
  4xx, not a 500.  Its GET views raise ``DatasetteError`` without a status
  (which means 500) only for complaints about the query string: ``_sort``
  and ``_sort_desc`` together, a column that cannot be sorted on, a
  ``_through`` with no matching foreign key; those become 400 with
  Datasette's own message and page.  SQLite errors that Datasette's table
  view does not catch (a value past ``SQLITE_LIMIT_LENGTH``, a read the
  authorizer refuses, both reachable through ``_where``) are the visitor's
  SQL at fault: 400 as well, like the time limit, which the CSV view alone
  lets through as a 500.  guards.py refuses the malformed values that
  would otherwise crash Datasette's parsing before it sees them.
- Any other exception is a fault of the site: the visitor gets a 500 that
  says so and nothing more (Datasette would show the exception's text, which
  can name files on the server); the traceback still goes to the server's log.
- ``/-/databases.json`` names the database file without its folder
  (Datasette gives the path it was opened with, absolute when the site is
  served as ``datasette /srv/site``); ``/-/threads`` is not served: its task
  list shows where Python and the site's code are installed.
"""

import sqlite3
from pathlib import Path

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.handle_exception import handle_exception as datasette_handle_exception
from datasette.utils.asgi import Base400, NotFound
from datasette.views.base import DatasetteError
from datasette.views.special import JsonDataView

INTERNAL_ERROR = "The site could not answer this request because of a fault of its own; it has been logged."


def _visitors_sql_is_at_fault(exception: sqlite3.DatabaseError) -> bool:
    return isinstance(exception, sqlite3.DataError) or getattr(exception, "sqlite_errorcode", None) == sqlite3.SQLITE_AUTH


@hookimpl
def handle_exception(datasette, request, exception):
    if isinstance(exception, Base400):
        return None  # Datasette's own 4xx (400, 403, 404): its default page is right
    if isinstance(exception, DatasetteError):
        if exception.status == 500 and request.method in ("GET", "HEAD"):
            exception.status = 400  # see the module's docstring; Datasette's default then renders it
        return None
    if isinstance(exception, QueryInterrupted):
        # The HTML and JSON views report the time limit as a 400 themselves; the CSV view does not.
        replacement = DatasetteError("SQL query took too long", title="SQL Interrupted", status=400)
    elif isinstance(exception, sqlite3.DatabaseError) and _visitors_sql_is_at_fault(exception):
        replacement = DatasetteError(str(exception), title="Invalid SQL", status=400)
    else:
        # Datasette's default handler, which runs as well (its answer is not used), logs the
        # traceback to the server's stderr; the visitor is shown none of it.
        replacement = DatasetteError(INTERNAL_ERROR, title="Server error", status=500)
    return datasette_handle_exception(datasette=datasette, request=request, exception=replacement)


def _databases_without_folders(datasette):
    return [{**database, "path": database["path"] and Path(database["path"]).name}
            for database in datasette._connected_databases()]


def _not_served():
    raise NotFound("This page is not served by this site")


@hookimpl
def register_routes(datasette):
    # Plugin routes come before Datasette's own, so these replace its pages of the same paths.
    return [
        (r"/-/databases(\.(?P<format>json))?$",
         JsonDataView.as_view(datasette, "databases.json", lambda: _databases_without_folders(datasette))),
        (r"/-/threads(\.(?P<format>json))?$", _not_served),
    ]
