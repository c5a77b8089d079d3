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
