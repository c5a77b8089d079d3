"""Visitors' own SQL runs apart from the pages readers use, one query at a time, on spare CPU.

Datasette runs every statement on one pool of ``num_sql_threads`` threads (3)
shared by all pages, and stops a statement only at ``sql_time_limit_ms``.
Thirty arbitrary queries in parallel, each stopped at the limit, queued every
page behind ten seconds of work.  SQL written by the visitor is ``?sql=`` on a
database and ``?_where=`` on a table or view (whose count and facets run it
again).  A request carrying it:

- waits for the gate: at most ``AT_ONCE`` such requests run at any moment.
  One that cannot pass within ``WAIT_S`` gets 429 with ``Retry-After``: a
  queue that long means the site is being flooded, and a waiting request
  costs nothing but its socket.  This also bounds the memory visitors' SQL
  can hold at once (sqlite_limits.py bounds each query).
- runs its statements on a thread of its own (``visitors-sql``) whose CPU
  priority is the lowest (nice 19), not on Datasette's pool: the pages keep
  all of Datasette's threads, and on two cores a query running at its limit
  takes only the CPU the pages leave.
- runs under a time limit of ``TIME_LIMIT_MS`` (Datasette's documented
  ``_timelimit`` parameter, set here; a visitor may still ask for less)
  instead of ``sql_time_limit_ms``, which the pages keep.  The heaviest query
  of any page takes under 100 ms even on a record 1,000 times larger (README,
  "Performance"); a visitor's ad-hoc query of that kind fits in 250 ms.  The
  limit is wall-clock: when the site is busy, the low priority leaves such a
  query less CPU, and it fails sooner.

Each of the three was measured with benchmarks/hostile.py (``make bench``):
README, "Hostile visitors".  The connections of the ``visitors-sql`` thread also
carry tighter limits and bounded functions (sqlite_limits.py finds them by the
thread's name): the time limit cannot stop a single function call.
"""

import asyncio
import concurrent.futures
import contextvars
import json
import os
import re
import threading
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.views.base import DatasetteError

AT_ONCE = 1
WAIT_S = 2.0
RETRY_AFTER_S = 2
TIME_LIMIT_MS = 250
DATABASE_ROUTE = re.compile(r"^/[^/.]+(\.\w+)?$")  # Datasette 0.65: /<database>[.<format>]
TABLE_ROUTE = re.compile(r"^/[^/.]+/[^/.]+(\.\w+)?$")  # /<database>/<table>[.<format>]

# Set while Datasette answers a request carrying visitors' SQL.  run_in_executor submits
# from the request's own task, so SqlThreads.submit sees it.
VISITORS_SQL = contextvars.ContextVar("visitors_sql", default=False)


def _lowest_cpu_priority():
    try:  # on Linux a thread is a task of its own: this renices this thread only
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):
        pass  # elsewhere the gate and the time limit still hold


class SqlThreads(concurrent.futures.Executor):
    """Datasette's pool for the pages' statements, one low-priority thread for visitors' SQL."""

    def __init__(self, pages: concurrent.futures.Executor):
        self.pages = pages
        self.visitors = concurrent.futures.ThreadPoolExecutor(
            max_workers=AT_ONCE, thread_name_prefix="visitors-sql", initializer=_lowest_cpu_priority)

    def submit(self, fn, /, *args, **kwargs):
        return (self.visitors if VISITORS_SQL.get() else self.pages).submit(fn, *args, **kwargs)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self.pages.shutdown(wait, cancel_futures=cancel_futures)
        self.visitors.shutdown(wait, cancel_futures=cancel_futures)


@hookimpl
def startup(datasette):
    # Datasette reads datasette.executor on every statement (Database.execute_fn); None means
    # it runs without threads (num_sql_threads 0), where there is nothing to separate.
    if datasette.executor is not None and not isinstance(datasette.executor, SqlThreads):
        datasette.executor = SqlThreads(datasette.executor)


def _pairs(scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def carries_visitors_sql(scope) -> bool:
    path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
    keys = {key for key, value in _pairs(scope) if value.strip()}
    return ("sql" in keys and bool(DATABASE_ROUTE.match(path))) or ("_where" in keys and bool(TABLE_ROUTE.match(path)))


def with_time_limit(scope) -> dict:
    """The scope with _timelimit set to TIME_LIMIT_MS, or to the visitor's own if it is lower."""
    pairs = _pairs(scope)
    asked = [int(value) for key, value in pairs if key == "_timelimit" and re.fullmatch(r"\s*-?\d+\s*", value)]
    limit = min([TIME_LIMIT_MS, *asked])
    pairs = [(key, value) for key, value in pairs if key != "_timelimit"] + [("_timelimit", str(limit))]
    return {**scope, "query_string": urlencode(pairs).encode("latin-1", "replace")}


async def _too_many(scope, send):
    message = "too many SQL queries are running; try again in a few seconds"
    if scope["path"].endswith(".json"):
        body = json.dumps({"ok": False, "error": message, "status": 429}).encode()
        content_type = b"application/json; charset=utf-8"
    else:
        body, content_type = f"429: {message}\n".encode(), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", content_type), (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_S).encode())]})
    await send({"type": "http.response.body", "body": body})


@hookimpl
def handle_exception(datasette, exception):
    # Datasette's page for a query stopped at its time limit names sql_time_limit_ms, which is
    # not the limit that stopped a visitor's SQL.  Reworded here; Datasette's default renders it.
    if VISITORS_SQL.get() and isinstance(exception, DatasetteError) and exception.title == "SQL Interrupted":
        exception.message = (f"SQL query took too long: SQL written by visitors is stopped after {TIME_LIMIT_MS} ms "
                             f"(or the _timelimit asked for, if lower), while the site's own pages get "
                             f"{datasette.setting('sql_time_limit_ms')} ms. Ask for less, or a simpler query.")
        exception.message_is_html = False
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        gate = asyncio.Semaphore(AT_ONCE)  # one per site: the in-process tests run several

        async def gated(scope, receive, send):
            if scope["type"] != "http" or not carries_visitors_sql(scope):
                return await app(scope, receive, send)
            try:
                async with asyncio.timeout(WAIT_S):
                    await gate.acquire()
            except TimeoutError:
                return await _too_many(scope, send)
            token = VISITORS_SQL.set(True)
            try:
                await app(with_time_limit(scope), receive, send)
            finally:
                VISITORS_SQL.reset(token)
                gate.release()

        return gated

    return wrap
