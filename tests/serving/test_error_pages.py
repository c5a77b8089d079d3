"""Error pages and the methods a read-only site answers (plugins/errors.py, plugins/guards.py).

An error page costs what a page costs and logs one line; no request target is
answered with a 500; OPTIONS says which methods the site takes and HEAD answers
what GET would, without the body.  With `rich` importable (it is in the test
environment, as it was where the site was served), Datasette 0.65's own error
handler printed a traceback with every local variable for each 404 (2.5-3.9 s,
340-3,700 log lines, every other request waiting) and answered a bare 500 where
no exception was being handled.
"""

import socket
import sqlite3
import sys

import httpx
import pytest

from conftest import ROOT, get

sys.path.insert(0, str(ROOT / "benchmarks"))
import server as bench_server  # noqa: E402

NOT_FOUND = [
    "/persons/nobody", "/sources/nope", "/conflicts/nope", "/findings/nope",
    # No route matches these: Datasette's handler ran outside any exception, and rich raised.
    "/revisions/a/b/c", "/-/download/serrano/claims.CSV", "/-/download/serrano/claims.x.csv",
    "/.serving-1/serrano.db", "/serrano/no_such_table", "/no/such/page/at/all",
]


@pytest.fixture(scope="module")
def logged_server(built_db_path):
    """`datasette .` from the serving environment, its log in a file this module reads."""
    with bench_server.serve(ROOT) as running:
        yield running


def log_lines(server) -> list[str]:
    server.log.seek(0)
    lines = server.log.read().decode(errors="replace").splitlines()
    server.log.seek(0, 2)
    return lines


def raw_request(base: str, request: bytes) -> bytes:
    """The status line a request written byte for byte gets (httpx cannot send `GET *`)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


@pytest.mark.parametrize("path", NOT_FOUND)
async def test_a_missing_page_is_a_404_that_prints_nothing(datasette, capfd, path):
    import rich  # noqa: F401  (the condition under which Datasette's own handler prints; this must hold here)

    capfd.readouterr()
    response = await datasette.client.get(path)
    assert response.status_code == 404, response.status_code
    assert "<title>" in response.text  # the site's error page, not a bare status
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


async def test_an_error_answered_as_json_is_json(datasette, capfd):
    capfd.readouterr()
    response = await datasette.client.get("/serrano/no_such_table.json")
    assert response.status_code == 404 and response.json()["ok"] is False and response.json()["status"] == 404
    assert capfd.readouterr() == ("", "")


async def test_an_error_keeps_its_status_its_message_and_no_cors(datasette):
    # Datasette's own 4xx keep their status (only its 500s for a query string become 400s) and their message;
    # the site is not served with --cors, so its error pages carry no CORS header either.
    threads = await datasette.client.get("/-/threads.json")
    assert threads.status_code == 404 and threads.json()["error"] == "This page is not served by this site"
    no_database = await datasette.client.get("/nosuch.db")
    assert no_database.status_code == 404 and "Invalid database" in no_database.text
    for response in (threads, no_database):
        assert "access-control-allow-origin" not in response.headers


async def test_an_error_message_is_escaped_on_the_page(datasette):
    # Datasette's message repeats the visitor's input; the error page shows it as text, never as markup.
    response = await datasette.client.get("/serrano/claims?" + str(httpx.QueryParams({"_sort": "<b>bold</b>"})))
    assert response.status_code == 400
    assert "Cannot sort table by &lt;b&gt;bold&lt;/b&gt;" in response.text and "<b>bold</b>" not in response.text


async def test_a_query_stopped_at_its_time_limit_is_a_400_as_csv_too(datasette):
    # The HTML and JSON views answer the time limit with a 400 themselves; the CSV view let it through as a 500.
    slow = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000000000) select count(*) from n"
    response = await datasette.client.get("/serrano.csv?" + str(httpx.QueryParams({"sql": slow})))
    assert response.status_code == 400 and "SQL query took too long" in response.text


@pytest.mark.parametrize("exception", [
    OSError(2, "No such file or directory", str(ROOT / "secret.db")),
    sqlite3.DatabaseError("database disk image is malformed"),  # SQLite at fault, not the visitor's SQL
])
async def test_a_fault_of_the_site_is_a_500_whose_traceback_goes_to_the_log(datasette, capfd, exception):
    from datasette.plugins import pm
    from datasette.utils import await_me_maybe
    from datasette.utils.asgi import Request

    request = Request.fake("/serrano/claims")
    capfd.readouterr()
    try:  # as Datasette calls the hook: inside the except block
        raise exception
    except Exception:
        responses = [await await_me_maybe(r)
                     for r in pm.hook.handle_exception(datasette=datasette, request=request, exception=exception)]
    response = next(r for r in responses if r is not None)
    assert response.status == 500
    assert "a fault of its own" in response.body and str(exception) not in response.body
    _, err = capfd.readouterr()
    assert "Error answering GET /serrano/claims:" in err and "Traceback" in err
    assert f"{type(exception).__name__}: " in err


def test_each_error_page_logs_one_line(logged_server):
    route = bench_server.database_route(logged_server.base)
    paths = [path.replace("/serrano/", f"/{route}/", 1) for path in NOT_FOUND] + [
        f"/{route}/claim_comparisons/a", "/-/download/_internal/databases.csv", f"/{route}/claims?_sort=nope"]
    for path in paths:
        before = len(log_lines(logged_server))
        response = httpx.get(logged_server.base + path, timeout=10)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        added = log_lines(logged_server)[before:]
        assert len(added) == 1 and path.split("?")[0] in added[0], (path, added[:5])


@pytest.mark.parametrize("request_line, status", [
    (b"GET * HTTP/1.1", b"400"),
    (b"OPTIONS * HTTP/1.1", b"204"),
    (b"GET http://127.0.0.1/ HTTP/1.1", b"400"),  # absolute form: only proxies are sent it
    (b"GET http://example.org/serrano HTTP/1.1", b"400"),
])
def test_a_request_target_that_is_not_a_path_is_answered_without_a_500(logged_server, request_line, status):
    answer = raw_request(logged_server.base, request_line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert answer.split(b" ")[1] == status, answer


READ_PATHS = ["/", "/serrano/claims", "/serrano/claims.json", "/serrano/facts_about", "/sources/ipu-ecu-92",
              "/-/download/serrano/claims.csv", "/-/download/serrano/claims.json", "/serrano.db"]


@pytest.mark.parametrize("path", READ_PATHS)
async def test_options_answers_which_methods_the_site_takes_and_nothing_else(datasette, path):
    # Datasette returned the whole file for a download, and 405 for / (its 405s advertise OPTIONS).
    response = await datasette._ds.client.options(path)
    assert response.status_code == 204
    assert response.headers["allow"] == "GET, HEAD, OPTIONS"
    assert response.content == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE", "CONNECT"])
async def test_write_methods_are_refused_in_process(datasette, method):
    # Every method but GET, HEAD and OPTIONS: 405 with the methods the site takes, before Datasette
    # sees the request (tests/serving/test_serving.py checks the same on a live server, and the file).
    for path in ("/", "/serrano/claims", "/serrano/claims/-/insert", "/-/download/serrano/claims.csv"):
        response = await datasette._ds.client.request(method, path)
        assert response.status_code == 405, (method, path, response.status_code)
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"
        assert response.text == "405: this publication is read-only\n"


@pytest.mark.parametrize("path", READ_PATHS)
def test_head_answers_what_get_would(live_server, path):
    head, whole = httpx.head(live_server + path, follow_redirects=True), get(live_server + path)
    assert head.status_code == whole.status_code == 200
    for header in ("content-type", "content-disposition", "cache-control", "etag"):
        assert head.headers.get(header) == whole.headers.get(header), header
    assert len(whole.content) > 0


async def test_head_on_a_download_reads_no_row(datasette):
    # In-process nothing strips a body for HEAD: an empty one shows that no row was read.
    response = await datasette.client.head("/-/download/serrano/claims.csv")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/csv")
