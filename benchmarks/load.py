"""A bounded load run over loopback: a realistic mix of pages at 1, 8 and 32 connections.

    python benchmarks/load.py [--url http://127.0.0.1:8001] [--levels 1,8,32] [--budget 55]

The mix is what readers do: the home page, tables with their default facets,
canned queries with their default parameters, the source reader, a conflict
page, the timeline and the claims CSV download (pages.py finds them from
metadata.yml and templates/ at run time).  Each level runs for an equal share
of ``--budget`` seconds, then waits a short, bounded time for requests in
flight; with server start-up the whole run stops by itself within 60 s.  With
no ``--url`` it starts ``datasette .`` on a free loopback port and stops it.

Prints one row per level: requests, requests per second, p50/p95/p99 latency
and errors (non-2xx responses and exceptions, timeouts included), then its one
target's verdict, no errors at any level (benchmarks/targets.py); exit status 1
when it is missed.  The README states no throughput target for this run: its
figures are for comparison between runs.
"""

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages as pages_module  # noqa: E402
import server  # noqa: E402
from bench import percentile  # noqa: E402
from targets import check, report  # noqa: E402

# How often each kind of page comes up, per page of that kind: readers land on
# the home page, the source reader and conflict pages far more than on any one
# of the ~20 tables or ~10 canned queries.
WEIGHTS = {"home": 6, "custom": 4, "csv": 3, "table": 1, "query": 1}
DRAIN_S = 3  # after a level's window, how long requests already in flight may still finish
REQUEST_TIMEOUT_S = 10
MAX_REQUESTS_PER_LEVEL = 50_000  # a second bound besides time, in case a page is unexpectedly instant
SEED = 8


def request_mix(config_dir: Path, route: str = pages_module.DATABASE) -> list[str]:
    """The weighted, shuffled page mix; database URLs under ``route`` (the server's hashed route)."""
    found = pages_module.discover(config_dir)
    # Tables are loaded as a reader meets them: only those showing facets (the heavy ones).
    chosen = [page for page in found if page.kind != "table" or "facet" in page.sql_note]
    mix = [pages_module.localize(page.path, route) for page in chosen for _ in range(WEIGHTS[page.kind])]
    random.Random(SEED).shuffle(mix)  # deterministic order, so runs are comparable
    return mix


async def run_level(base: str, mix: list[str], connections: int, window_s: float) -> dict:
    latencies, errors, cut = [], 0, 0
    stop_at = time.monotonic() + window_s
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S) as client:

        async def worker(offset: int):
            nonlocal errors
            i = offset * (len(mix) // connections + 1)  # workers start at different places in the mix
            while time.monotonic() < stop_at and len(latencies) + errors < MAX_REQUESTS_PER_LEVEL:
                path = mix[i % len(mix)]
                i += 1
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = 200 <= response.status_code < 300
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append(time.perf_counter() - started)
                else:
                    errors += 1

        started = time.monotonic()
        tasks = [asyncio.create_task(worker(n)) for n in range(connections)]
        _, pending = await asyncio.wait(tasks, timeout=window_s + DRAIN_S)
        for task in pending:  # still waiting on a reply after the drain: stop it, report it
            task.cancel()
            cut += 1
        await asyncio.gather(*pending, return_exceptions=True)
        elapsed = time.monotonic() - started
    done = len(latencies) + errors
    return {"connections": connections, "requests": done, "rps": done / elapsed if elapsed else 0.0,
            "p50_ms": ms(percentile(latencies, 50)), "p95_ms": ms(percentile(latencies, 95)),
            "p99_ms": ms(percentile(latencies, 99)), "errors": errors, "cut_off": cut,
            "seconds": round(elapsed, 1)}


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def print_levels(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = f"{'connections':>11} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    for r in rows:
        cut = f"  ({r['cut_off']} requests still in flight at the end, not counted)" if r["cut_off"] else ""
        print(f"{r['connections']:>11} {r['requests']:>9} {r['rps']:>8.1f} {r['p50_ms'] or 0:>8.1f} "
              f"{r['p95_ms'] or 0:>8.1f} {r['p99_ms'] or 0:>8.1f} {r['errors']:>7}{cut}")


def run(base: str, config_dir: Path, levels: list[int], budget_s: float) -> list[dict]:
    mix = request_mix(config_dir, server.database_route(base))
    window = max(1.0, budget_s / len(levels) - DRAIN_S)
    return [asyncio.run(run_level(base, mix, n, window)) for n in levels]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--levels", default="1,8,32", help="concurrent connections per level")
    parser.add_argument("--budget", type=float, default=50,
                        help="seconds for all levels together, drains included (server start-up is extra)")
    args = parser.parse_args(argv)
    levels = [int(n) for n in args.levels.split(",")]
    mix_size = len(request_mix(server.REPO))
    title = (f"Load: mix of {mix_size} page loads (home, faceted tables, canned queries, source reader, "
             f"conflict page, timeline, CSV), {args.budget / len(levels):.0f} s per level, loopback")
    if args.url:
        rows = run(args.url.rstrip("/"), server.REPO, levels, args.budget)
    else:
        with server.datasette(server.REPO) as base:
            rows = run(base, server.REPO, levels, args.budget)
    print_levels(rows, title)
    errors = sum(r["errors"] for r in rows)
    return report([check("no errors at any level", errors if rows else None, lambda n: n == 0,
                         f"{errors} in {sum(r['requests'] for r in rows)} requests")])


if __name__ == "__main__":
    sys.exit(main())
