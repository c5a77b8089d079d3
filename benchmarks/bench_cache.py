"""The page mix through the caching proxy and straight to Datasette, at 64 and 256 connections.

    python benchmarks/bench_cache.py [--levels 64,256] [--seconds 15] [--json benchmarks/results/bench_cache.json]

One `datasette .` (as `make serve` runs it) on a free loopback port, and nginx's
proxy_cache in front of it (deploy/nginx.conf, started by deploy/proxy.py).
The load client is Debian's ``wrk`` (``apt-get install wrk``), not Python: on
this 2-core machine load.py's httpx client got about 110 req/s through the
primed cache at 64 connections (p95 1.6 s), its own limit, not the proxy's.  wrk
requests the mix load.py uses (pages.py finds the pages: home, faceted tables,
canned queries, source reader, conflict page, timeline, claims CSV, with load.py's
weights), each wrk thread cycling through it from its own starting point.

The cache is first primed with one request per page (as a deploy would warm
it; the time it took is printed), so the runs measure the steady state: with
Datasette's max-age=300, each page is refreshed once per 5 minutes in the
background while readers get the copy (proxy_cache_background_update).  Runs
through the cache come first, then direct, so that the backlog a saturated
direct run leaves in Datasette cannot slow the priming.  Each run lasts
``--seconds``; wrk waits up to 30 s for a reply, and requests still in flight
when a run ends are not counted.  Prints one row per run
(requests, req/s, p50/p95/p99, errors as wrk counts them: connect, read, write,
timeout and status >= 400; the cache's hit ratio from nginx's log) and the targets'
verdicts (benchmarks/targets.py), at 64 connections through the cache: at least
``BENCH_CACHE_MIN_SPEEDUP`` (20) times the direct throughput, p95 under
``BENCH_CACHE_MAX_P95_MS`` (100 ms), and no errors through the cache at any level.
Exit status 1 when one is missed; a run without 64 connections among ``--levels``
measures none of the first two, which are then missed.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
import server  # noqa: E402
from bench import RESULTS, write_report  # noqa: E402
from load import request_mix  # noqa: E402
from targets import Verdict, as_json, bound, check, report  # noqa: E402
import proxy as proxy_module  # noqa: E402

WRK_TIMEOUT = "30s"
THREADS = 2
TARGET_LEVEL = 64  # connections at which the targets hold (README, Deploy)
TARGET_SPEEDUP = bound("BENCH_CACHE_MIN_SPEEDUP", 20)
TARGET_P95_MS = bound("BENCH_CACHE_MAX_P95_MS", 100)

# wrk's Lua hooks: each thread cycles through the mix from its own offset; done()
# prints the summary as one JSON line for this script to read.
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", (threads - 1) * math.floor(#paths / %(threads)d))
end
local prepared, i = {}, 0
function init(args)
  for k, path in ipairs(paths) do prepared[k] = wrk.format("GET", path) end
  i = offset or 0
end
function request()
  i = i + 1
  return prepared[(i %% #prepared) + 1]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, "write": %%d, '
    .. '"status": %%d, "timeout": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    return found


def run_wrk(base: str, script: Path, connections: int, seconds: float) -> dict:
    command = [wrk_binary(), "-t", str(min(THREADS, connections)), "-c", str(connections), "-d", f"{seconds:g}s",
               "--timeout", WRK_TIMEOUT, "-s", str(script), base]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    line = next((l for l in result.stdout.splitlines() if l.startswith("BENCH ")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({result.returncode}): {result.stderr.strip() or result.stdout[-500:]}")
    raw = json.loads(line[len("BENCH "):])
    seconds_run = raw["duration_us"] / 1e6
    errors = sum(raw[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"connections": connections, "requests": raw["requests"], "seconds": round(seconds_run, 1),
            "rps": round(raw["requests"] / seconds_run, 1),
            "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
            "p99_ms": round(raw["p99_us"] / 1000, 1), "errors": errors,
            "error_kinds": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]}}


def prime(base: str, mix: list[str]) -> dict:
    """One request per page through the proxy, as a deploy warms its cache; the runs then measure the steady state."""
    started = time.monotonic()
    urls = sorted(set(mix))
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in urls:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"priming: {path} answered {response.status_code}")
    return {"urls": len(urls), "seconds": round(time.monotonic() - started, 1)}


def print_rows(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = (f"{'connections':>11} {'via':>7} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'errors':>7} {'cache hits':>11} {'speed-up':>9}")
    print(header)
    print("-" * len(header))
    for r in rows:
        hits = f"{r['hit_ratio']:.1%}" if r.get("hit_ratio") is not None else "-"
        speedup = f"{r['speedup']:.0f}x" if r.get("speedup") else ""
        print(f"{r['connections']:>11} {r['via']:>7} {r['requests']:>9} {r['rps']:>9.1f} {r['p50_ms']:>8.1f} "
              f"{r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7} {hits:>11} {speedup:>9}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="64,256", help="concurrent connections per run")
    parser.add_argument("--seconds", type=float, default=15, help="length of each run")
    parser.add_argument("--json", type=Path, default=RESULTS / "bench_cache.json")
    args = parser.parse_args(argv)
    if not (server.REPO / "serrano.db").exists():
        print("serrano.db is missing: run make build first", file=sys.stderr)
        return 1
    levels = [int(n) for n in args.levels.split(",")]
    started = time.time()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        script = Path(work) / "mix.lua"
        with server.datasette(server.REPO) as direct, proxy_module.caching_proxy([direct]) as proxy:
            mix = request_mix(server.REPO, server.database_route(direct))
            script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in mix), "threads": THREADS})
            primed = prime(proxy.base, mix)
            print(f"cache primed: {primed['urls']} pages, one request each, in {primed['seconds']} s")
            for connections in levels:
                since = proxy.log_size()
                row = run_wrk(proxy.base, script, connections, args.seconds)
                verdicts = proxy.verdicts(since)
                served_from_cache = sum(verdicts[v] for v in ("HIT", "STALE", "UPDATING", "REVALIDATED"))
                rows.append({**row, "via": "cache", "cache_verdicts": dict(verdicts),
                             "hit_ratio": served_from_cache / max(1, sum(verdicts.values()))})
            for connections in levels:
                rows.append({**run_wrk(direct, script, connections, args.seconds), "via": "direct"})
    by_level = {(r["via"], r["connections"]): r for r in rows}
    for r in rows:
        if r["via"] == "cache" and ("direct", r["connections"]) in by_level:
            r["speedup"] = r["rps"] / max(0.1, by_level[("direct", r["connections"])]["rps"])
    rows.sort(key=lambda r: (r["connections"], r["via"] != "direct"))
    print_rows(rows, f"Mix of {len(mix)} page loads, {args.seconds:g} s per run, wrk ({THREADS} threads) on loopback; "
                     "one datasette; nginx proxy_cache primed")
    for r in rows:
        if r["error_kinds"]:
            print(f"  errors {r['via']} at {r['connections']}: {r['error_kinds']}")
    checks = verdicts(by_level)
    status = report(checks, f"Targets at {TARGET_LEVEL} connections through the cache")
    write_report(args.json, {"load_client": "wrk", "mix": mix, "primed": primed, "runs": rows,
                             "targets": as_json(checks)}, started)
    return status


def verdicts(by_level: dict) -> list[Verdict]:
    """The targets at TARGET_LEVEL connections; a level not run is not measured, hence missed."""
    cached, plain = by_level.get(("cache", TARGET_LEVEL)), by_level.get(("direct", TARGET_LEVEL))
    unmeasured = f"not measured: no run at {TARGET_LEVEL} connections (--levels)"
    speedup = cached["rps"] / max(0.1, plain["rps"]) if cached and plain else None
    cache_runs = [r for (via, _), r in by_level.items() if via == "cache"]
    errors = sum(r["errors"] for r in cache_runs)
    return [
        check(f">= {TARGET_SPEEDUP:g}x the direct throughput", speedup, lambda x: x >= TARGET_SPEEDUP,
              f"{speedup:.0f}x ({cached['rps']:,.0f} against {plain['rps']:,.1f} req/s)" if speedup else "",
              unmeasured),
        check(f"p95 under {TARGET_P95_MS:g} ms", cached and cached["p95_ms"], lambda ms: ms < TARGET_P95_MS,
              f"{cached['p95_ms']:.1f} ms" if cached else "", unmeasured),
        check("no errors through the cache", errors if cache_runs else None, lambda n: n == 0,
              f"{errors} in {len(cache_runs)} runs", "not measured: no run through the cache"),
    ]


if __name__ == "__main__":
    sys.exit(main())
