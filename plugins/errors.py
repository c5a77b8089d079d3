"""What a visitor is told when something goes wrong, and what the site says about its server.

- Every error page is answered here, at the cost of a normal page, and the
  server's log gets the request's one access-log line and nothing else (a
  fault of the site also gets its traceback).  Datasette 0.65's own handler
  (``datasette/handle_exception.py``) prints a traceback with every local
  variable through ``rich`` whenever ``rich`` is importable, on the event
  loop that serves every request: a 404 took 2.5-15 s and 340-3,700 log
  lines, and where no exception was being handled (a 404 for a path no route
  matches) ``rich`` raised, so the visitor got a bare 500.  `make serve` runs
  an environment without ``rich`` (Makefile); this holds wherever the site
  is served.  How: a hook wrapper around Datasette's ``handle_exception``
  hook (pluggy's public ``hookwrapper``) lets every plugin's hook run (they
  may reword the exception, as sql_gate.py does), then answers with the page
  built here, so Datasette's default handler is never awaited.
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
  can name files on the server); the traceback goes to the server's log.
- ``/-/databases.json`` names the database file without its folder
  (Datasette gives the path it was opened with, absolute when the site is
  served as ``datasette /srv/site``); ``/-/threads`` is not served: its task
  list shows where Python and the site's code are installed.
"""

import sqlite3
import sys
import traceback
from pathlib import Path

from markupsafe import Markup

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, NotFound, Response
from datasette.views.base import DatasetteError
from datasette.views.special import JsonDataView

INTERNAL_ERROR = "The site could not answer this request because of a fault of its own; it has been logged."


def _visitors_sql_is_at_fault(exception: sqlite3.DatabaseError) -> bool:
    return isinstance(exception, sqlite3.DataError) or getattr(exception, "sqlite_errorcode", None) == sqlite3.SQLITE_AUTH


def classify(exception, request) -> DatasetteError | Base400:
    """The error the visitor is shown for ``exception``: its status, title and message."""
    if isinstance(exception, Base400):
        return exception  # Datasette's own 4xx (400, 403, 404), with its message
    if isinstance(exception, DatasetteError):
        if exception.status == 500 and request.method in ("GET", "HEAD"):
            exception.status = 400  # see the module's docstring
        return exception
    if isinstance(exception, QueryInterrupted):
        # The HTML and JSON views report the time limit as a 400 themselves; the CSV view does not.
        return DatasetteError("SQL query took too long", title="SQL Interrupted", status=400)
    if isinstance(exception, sqlite3.DatabaseError) and _visitors_sql_is_at_fault(exception):
        return DatasetteError(str(exception), title="Invalid SQL", status=400)
    return DatasetteError(INTERNAL_ERROR, title="Server error", status=500)


def error_page(datasette, request, error):
    """An awaitable answering ``error`` as JSON (for a .json path) or as the site's HTML error page."""
    if isinstance(error, DatasetteError):
        status, title, message = error.status, error.title, error.message
        info = dict(error.error_dict or {})
        if error.message_is_html:
            message = Markup(message)
    else:
        status, title, message, info = error.status, None, error.args[0] if error.args else "", {}
    info.update({"ok": False, "error": message, "status": status, "title": title})
    headers = {}
    if datasette.cors:
        add_cors_headers(headers)

    async def answer():
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(info, status=status, headers=headers)
        try:
            html = await datasette.render_template([f"{status}.html", "error.html"], info, request=request)
        except Exception:  # never a bare 500 because the error page itself failed
            traceback.print_exc()
            return Response.text(f"{status}: {message}\n", status=status, headers=headers)
        return Response.html(html, status=status, headers=headers)

    return answer


@hookimpl(hookwrapper=True)
def handle_exception(datasette, request, exception):
    outcome = yield  # every plugin's handle_exception hook, and Datasette's default, have now been called
    error = classify(exception, request)
    if error.status >= 500:
        # A fault of the site: its traceback, plain, for whoever runs the server.
        print(f"Error answering {request.method} {request.path}:", file=sys.stderr)
        traceback.print_exception(exception, file=sys.stderr)
    # Only this answer is used: Datasette's default (which would print the traceback with rich) is
    # dropped before Datasette awaits it.
    outcome.force_result([error_page(datasette, request, error)])


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
