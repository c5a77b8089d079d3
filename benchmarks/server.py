"""Start and stop a Datasette server on a free loopback port, for the benchmarks.

The server is started exactly as the publication is served (``datasette .`` run
inside the configuration directory), so timings include everything a reader's
request goes through: plugins, template overrides, metadata facets.
"""

import contextlib
import resource
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
# The environment `make serve` runs (the package without its test extras, see the Makefile);
# a benchmark or test run from another environment still serves the site from this one.
SERVING_PYTHON = REPO / ".venv" / "bin" / "python"
START_TIMEOUT_S = 30  # Datasette starts in ~2 s here; a stuck start fails the run instead of hanging it


def free_port() -> int:
    # Ask the kernel for a free port on loopback; the tiny race before Datasette binds it is acceptable here.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The most address space a benchmarked server may take.  Hostile benchmarks ask
# for results of gigabytes; without a ceiling a regression would take the
# machine's memory (and everyone's work on it) instead of failing the run.
ADDRESS_SPACE_LIMIT = 4 * 2**30


@dataclass
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int  # the datasette process itself (not a shell), for /proc/<pid>/status
    log: object = None  # the server's output so far (a file), when started here

    def tracebacks(self) -> list[str]:
        """The Python tracebacks the server has logged, for reporting a 5xx."""
        if self.log is None:
            return []
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        self.log.seek(0, 2)
        return ["Traceback" + block.split("\nINFO:")[0] for block in text.split("Traceback")[1:]]

    def memory_kib(self, field: str = "VmHWM") -> int | None:
        """A memory figure of the server from /proc (VmHWM: its peak resident set so far)."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        return next((int(line.split()[1]) for line in status.splitlines() if line.startswith(field + ":")), None)


@contextlib.contextmanager
def datasette(config_dir: Path = REPO, extra_args=()):
    """Yield the base URL of ``datasette .`` served from ``config_dir``; stop it (only it) afterwards."""
    with serve(config_dir, extra_args) as running:
        yield running.base


def _cap_address_space():  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


@contextlib.contextmanager
def serve(config_dir: Path = REPO, extra_args=()):
    """Like datasette(), but yield a Server (base URL and pid); the server's address space is capped."""
    port = free_port()
    python = SERVING_PYTHON if SERVING_PYTHON.exists() else Path(sys.executable)
    command = [str(python), "-m", "datasette", ".", "--host", "127.0.0.1", "--port", str(port), *extra_args]
    # Logs go to an unnamed temporary file, not a pipe: an unread pipe fills up
    # with access-log lines and would stall the server in the middle of a run.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=config_dir, stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=_cap_address_space)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(process, base, log)
            yield Server(base, process.pid, log)
        finally:
            process.terminate()  # our own child, by its handle: never a broad kill
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _wait_until_ready(process: subprocess.Popen, base: str, log) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:  # bounded: at most START_TIMEOUT_S
        if process.poll() is not None:
            log.seek(0)
            detail = log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"datasette exited with {process.returncode} before serving: {detail}")
        try:
            if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"datasette did not answer on {base} within {START_TIMEOUT_S} s")


def database_route(base: str, database: str = "serrano") -> str:
    """The route the server answers ``database`` under now (``serrano-<hash>``), from its redirect.

    plugins/hashed_urls.py redirects the plain URL to the content-hashed one;
    benchmarks time the hashed URLs a reader's links point at, not the redirect.
    """
    response = httpx.get(f"{base}/{database}", follow_redirects=False, timeout=10)
    location = response.headers.get("location", "")
    if response.status_code in (301, 302) and location.startswith("/"):
        return location.strip("/").split("/")[0].split("?")[0]
    return database  # served without hashed routes: the plain URL is the real one
