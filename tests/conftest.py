"""Shared fixtures: the built database, the whole site in-process, a live server."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
DB_PATH = ROOT / "serrano.db"
VENV_BIN = Path(sys.executable).parent  # the test environment (.venv-test under make test)
# What `make serve` runs: the package's dependencies without the test extras (Makefile).  Live
# servers in the tests are started from it, so the tests serve exactly what readers are served.
SERVE_BIN = ROOT / ".venv" / "bin"


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the real build command line, as `make build` does."""
    return subprocess.run(
        [sys.executable, "-m", "build.cli", *args],
        cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="session")
def built_db_path() -> Path:
    """The published database; `make test` builds it first, so build only if absent."""
    if not DB_PATH.exists():
        result = run_build("--quiet")
        assert result.returncode == 0, result.stderr
    return DB_PATH


@pytest.fixture(scope="session")
def db(built_db_path) -> sqlite_utils.Database:
    database = sqlite_utils.Database(built_db_path)
    yield database
    database.close()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


class FollowingClient:
    """Datasette's test client, following redirects as a browser does: the plain /serrano/... URLs
    answer a 302 to the content-hashed ones (plugins/hashed_urls.py)."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        return getattr(self._client, name)

    async def get(self, path, **kwargs):
        kwargs.setdefault("follow_redirects", True)
        return await self._client.get(path, **kwargs)


class Site:
    """The Datasette instance, with a client that follows redirects."""

    def __init__(self, ds):
        self._ds = ds
        self.client = FollowingClient(ds.client)

    def __getattr__(self, name):
        return getattr(self._ds, name)


@pytest.fixture(scope="session")
async def datasette(built_db_path):
    """The whole site in-process, configured exactly as `datasette .` is."""
    from datasette.app import Datasette

    ds = Datasette(config_dir=ROOT)
    await ds.invoke_startup()
    return Site(ds)


def get(url, **kwargs) -> httpx.Response:
    """httpx.get following redirects, as a reader's browser does (see FollowingClient)."""
    kwargs.setdefault("follow_redirects", True)
    return httpx.get(url, **kwargs)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(built_db_path):
    """The real `datasette .` server for the repository on a free loopback port; yields its base URL."""
    with serve_config_dir(ROOT) as base:
        yield base


# --- browser tests: Playwright driving Debian's chromium -----------------------

# A page.wait_for_function test that a chart's canvas has been drawn on (over 500 painted pixels).
CANVAS_DRAWN = """(canvas) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return false;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn++;
    return drawn > 500;
}"""


def wait_for_chart(page, timeout_ms: int = 15000) -> None:
    """Wait until the page's chart canvas exists and has been drawn on (datasette-vega draws late)."""
    canvas = page.wait_for_selector("canvas", timeout=timeout_ms)
    page.wait_for_function(CANVAS_DRAWN, arg=canvas, timeout=timeout_ms)

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium tries to reach Google's
# hosts at start-up; this machine's network refuses them.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # A missing chromium must fail the browser tests loudly, never skip them.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class PageWatch:
    """What a page did that a user would not want: outside requests and JS errors."""

    # Vega logs version warnings as console warnings, not errors; they are ignored by type.
    def __init__(self, page):
        self.outside, self.errors = [], []
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

        def guard(route):
            from urllib.parse import urlsplit
            url = route.request.url
            if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith(("data:", "blob:", "about:")):
                self.outside.append(url)
                return route.abort()
            return route.continue_()

        page.route("**/*", guard)

    def assert_clean(self):
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"


@pytest.fixture
def watched_page(page):
    watch = PageWatch(page)
    yield page, watch
    watch.assert_clean()


def screenshot(page, name: str) -> None:
    """Save what the page looks like for a person to check (test-artifacts/ is not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@contextlib.contextmanager
def serving(process: subprocess.Popen, port: int, what: str):
    """Yield the base URL once ``process`` (a server on ``port``, stderr piped) answers; stop it afterwards."""
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(f"{base}/-/versions.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()  # our own child, by its handle
        process.wait(timeout=10)


@contextlib.contextmanager
def serve_config_dir(folder: Path):
    """Serve a Datasette config folder (like the repository root) on a free loopback port."""
    port = _free_port()
    assert (SERVE_BIN / "datasette").exists(), f"{SERVE_BIN / 'datasette'} is missing: make build creates it"
    process = subprocess.Popen(
        [str(SERVE_BIN / "datasette"), ".", "--host", "127.0.0.1", "--port", str(port)],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    with serving(process, port, "datasette") as base:
        yield base
