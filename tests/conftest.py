"""Shared fixtures: the built database, the whole site in-process, a live server."""

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
VENV_BIN = Path(sys.executable).parent


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


@pytest.fixture(scope="session")
async def datasette(built_db_path):
    """The whole site in-process, configured exactly as `datasette .` is."""
    from datasette.app import Datasette

    ds = Datasette(config_dir=ROOT)
    await ds.invoke_startup()
    return ds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(built_db_path):
    """The real `datasette .` server on a free loopback port; yields its base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "datasette"), ".", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/-/versions.json", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"datasette did not start: {process.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)
