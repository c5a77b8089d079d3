"""Run nginx's proxy_cache (deploy/nginx.conf) on loopback in front of Datasette replicas.

    python deploy/proxy.py [--port 8080] [--replicas 1] [--ttl 300]

Starts ``--replicas`` copies of ``datasette .`` (each as `make serve` does, on a
free loopback port), then nginx from Debian (``apt-get install nginx``) with
deploy/nginx.conf filled in, its cache and logs in a temporary folder.  Ctrl-C
stops them all and removes the folder.  ``caching_proxy()`` does the same for
benchmarks/bench_cache.py and the tests.
"""

import argparse
import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
import server  # noqa: E402  (benchmarks/server.py: start and stop `datasette .`)

TEMPLATE = REPO / "deploy" / "nginx.conf"
START_TIMEOUT_S = 10
DEFAULT_TTL_S = 300  # Datasette's default_cache_ttl
LOG_FLUSH_S = 1  # deploy/nginx.conf: access_log ... flush=1s
LOG_TIMEOUT_S = 10  # waiting for the cache log to show what was asked for


class ProxyError(Exception):
    pass


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
    if not found:
        raise ProxyError("nginx is not installed: apt-get install nginx (Debian's; `make proxy` installs it as root)")
    return found


def render(run_dir: Path, listen: str, backends: list[str], ttl: int = DEFAULT_TTL_S, workers: int | str = "auto") -> str:
    values = {
        "run_dir": str(run_dir),
        "listen": listen,
        "servers": "\n        ".join(f"server {b.removeprefix('http://').rstrip('/')};" for b in backends),
        "ttl": str(ttl),
        "workers": str(workers),
    }
    text = TEMPLATE.read_text()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    unfilled = re.findall(r"\{\{\w+\}\}", text)
    if unfilled:
        raise ProxyError(f"{TEMPLATE} has values proxy.py does not fill: {unfilled}")
    return text


@dataclass
class Proxy:
    base: str
    run_dir: Path

    @property
    def log(self) -> Path:
        return self.run_dir / "cache.log"

    def log_size(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def _read_verdicts(self, since: int) -> Counter:
        if not self.log.exists():
            return Counter()
        with self.log.open("rb") as handle:
            handle.seek(since)
            # Whole lines only: nginx may be writing the last one.
            return Counter(line.split(b" ", 1)[0].decode() for line in handle if line.endswith(b"\n"))

    def verdicts(self, since: int = 0, until=None) -> Counter:
        """The cache's verdict for each request logged after byte ``since``.

        nginx writes its log in batches (at most ``LOG_FLUSH_S`` late).  With ``until``,
        a test of the counts (``lambda v: v["HIT"] >= 6``), the log is read again
        until it holds or ``LOG_TIMEOUT_S`` passes; without it (a load run that does
        not know how many requests nginx answered), until one flush interval has
        passed with no new line.
        """
        deadline = time.monotonic() + LOG_TIMEOUT_S
        counts, last_change, size = self._read_verdicts(since), time.monotonic(), self.log_size()
        while time.monotonic() < deadline:
            if until is not None and until(counts):
                return counts
            if until is None and time.monotonic() - last_change > LOG_FLUSH_S:
                return counts
            time.sleep(0.05)  # polling the log file: nginx offers no notice of a flush
            if self.log_size() != size:
                counts, last_change, size = self._read_verdicts(since), time.monotonic(), self.log_size()
        return counts


@contextlib.contextmanager
def caching_proxy(backends: list[str], port: int | None = None, ttl: int = DEFAULT_TTL_S, workers="auto"):
    """Yield a Proxy on a loopback port in front of ``backends`` (base URLs); stop nginx and remove its files after."""
    binary = nginx_binary()
    port = port or server.free_port()
    run_dir = Path(tempfile.mkdtemp(prefix="serrano-proxy-"))
    try:
        os.chmod(run_dir, 0o755)  # nginx's workers run as nobody when the master is root
        config = run_dir / "nginx.conf"
        config.write_text(render(run_dir, f"127.0.0.1:{port}", backends, ttl, workers))
        command = [binary, "-p", str(run_dir), "-c", str(config), "-e", str(run_dir / "error.log")]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise ProxyError(f"nginx -t refused {config}: {checked.stderr.strip()}")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=_stop_with_parent)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(process, base, run_dir)
            yield Proxy(base, run_dir)
        finally:
            process.terminate()  # our own nginx master, by its handle; it stops its workers
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _stop_with_parent() -> None:
    """In the nginx child before exec: get SIGTERM if this Python process dies without stopping it (Linux)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_until_ready(process, base: str, run_dir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (run_dir / "error.log").read_text() if (run_dir / "error.log").exists() else ""
            raise ProxyError(f"nginx exited with {process.returncode}: {process.stderr.read().decode()}{log}"[-2000:])
        try:
            if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise ProxyError(f"nginx did not answer on {base} within {START_TIMEOUT_S} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="the proxy's loopback port")
    parser.add_argument("--replicas", type=int, default=1, help="how many `datasette .` to start behind it")
    parser.add_argument("--ttl", type=int, default=DEFAULT_TTL_S, help="seconds to keep a page without Cache-Control")
    args = parser.parse_args(argv)
    if not (REPO / "serrano.db").exists():
        print("serrano.db is missing: run make build first", file=sys.stderr)
        return 1
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    try:
        with contextlib.ExitStack() as stack:
            backends = [stack.enter_context(server.datasette(REPO)) for _ in range(args.replicas)]
            proxy = stack.enter_context(caching_proxy(backends, args.port, args.ttl))
            print(f"caching proxy on {proxy.base} in front of {', '.join(backends)}")
            print(f"cache and logs in {proxy.run_dir} (removed on exit); Ctrl-C stops everything")
            while not stop:
                time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    except ProxyError as error:
        print(f"proxy: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
