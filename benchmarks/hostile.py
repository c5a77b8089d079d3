"""Hostile load: readers' pages while visitors send worst-case arbitrary SQL.

    python benchmarks/hostile.py [--url URL --pid PID] [--connections 64] [--seconds 20] [--share 0.3]

Two phases on one server:

1. readers only (``--baseline-seconds``): ``--connections`` x (1 - ``--share``)
   connections (45 of 64) loading the page mix of load.py (home, faceted
   tables, canned queries, source reader, conflict page, timeline, CSV);
2. hostile (``--seconds``): the same reader connections, plus ``--connections``
   x ``--share`` (19 of 64) that send nothing but HOSTILE_SQL, each retrying
   as soon as it has an answer: the most expensive things a visitor can ask of
   ``?sql=`` (a gigabyte value, many large rows, one very wide row, a recursive
   count and a cartesian product, both running until the time limit stops
   them).  The readers' load is the same in both phases, so the difference is
   what the attack costs them.

Printed per phase: requests, requests per second, p50/p95 of the reader pages,
the server's peak memory (VmHWM of the datasette process, from /proc; the
second phase's figure is the peak over both), and

* errors: a reader page that did not answer 2xx (timeouts included), or any 5xx;
* refused: hostile SQL answered 4xx (the time limit, a size limit or a full
  queue): expected, counted separately;
* answered: hostile SQL answered 2xx (none of HOSTILE_SQL should be).

Targets: 0 errors and a peak under 300 MB.  Exit status 1 when a target is
missed.  With no ``--url`` it starts ``datasette .`` on a free loopback port
(its address space capped, see server.py) and stops it.
"""

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server  # noqa: E402
from bench import percentile, write_report  # noqa: E402
from load import request_mix  # noqa: E402

RESULTS = server.REPO / "benchmarks" / "results"
DATABASE = "serrano"
RECURSIVE = "with recursive n(i) as (select 1 union all select i + 1 from n where i < {n}) "
# Each is the worst of its kind a visitor can send today (see the README,
# "Hostile visitors"): memory in one value, memory over many rows, memory in
# one wide row, CPU in a recursive query, CPU in a join.
HOSTILE_SQL = {
    "gigabyte value": "select randomblob(999999999)",
    "many large rows": RECURSIVE.format(n=1000) + "select i, randomblob(200000) from n",
    "one wide row": "with b(x) as (select randomblob(200000)) select "
                    + ", ".join(f"x as c{i}" for i in range(100)) + " from b",
    "recursive count": RECURSIVE.format(n=10**9) + "select count(*) from n",
    "cartesian join": "select count(*) from claims a, claims b, claims c, claims d",
}
TARGET_PEAK_MB = 300
REQUEST_TIMEOUT_S = 15  # a reader page slower than this is an error; the old server took 25 s for one gigabyte value
DRAIN_S = 5  # after the window, how long requests in flight may still finish before they are cut off
SEED = 30


def hostile_paths(route: str = DATABASE) -> list[str]:
    return [f"/{route}.json?{httpx.QueryParams({'sql': sql})}" for sql in HOSTILE_SQL.values()]


async def run_phase(base: str, readers: list[str], hostile: list[str], reader_connections: int,
                    hostile_connections: int, window_s: float) -> dict:
    reader_times, errors, refused, answered, cut = [], 0, 0, 0, 0
    statuses: dict[str, int] = {}
    stop_at = time.monotonic() + window_s
    connections = reader_connections + hostile_connections
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=REQUEST_TIMEOUT_S) as client:

        async def worker(n: int, is_hostile: bool):
            nonlocal errors, refused, answered
            chooser = random.Random(SEED + n)  # deterministic per worker, so runs are comparable
            i = n * (len(readers) // max(1, reader_connections) + 1)  # readers start at different pages
            while time.monotonic() < stop_at:
                if is_hostile:
                    path = hostile[chooser.randrange(len(hostile))]
                else:
                    path, i = readers[i % len(readers)], i + 1
                started = time.perf_counter()
                try:
                    status = (await client.get(path)).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - started
                key = f"{'hostile' if is_hostile else 'reader'} {status}"
                statuses[key] = statuses.get(key, 0) + 1
                if not is_hostile:
                    reader_times.append(elapsed)
                    errors += not (isinstance(status, int) and 200 <= status < 300)
                elif isinstance(status, int) and 400 <= status < 500:
                    refused += 1
                elif isinstance(status, int) and status < 400:
                    answered += 1
                else:  # a 5xx, or no answer at all
                    errors += 1

        started = time.monotonic()
        tasks = [asyncio.create_task(worker(n, False)) for n in range(reader_connections)]
        tasks += [asyncio.create_task(worker(n, True)) for n in range(hostile_connections)]
        _, pending = await asyncio.wait(tasks, timeout=window_s + DRAIN_S)
        for task in pending:  # still waiting on a reply after the drain: stop it, report it
            task.cancel()
            cut += 1
        await asyncio.gather(*pending, return_exceptions=True)
        elapsed = time.monotonic() - started
    done = sum(statuses.values())
    return {"reader_connections": reader_connections, "hostile_connections": hostile_connections,
            "seconds": round(elapsed, 1), "requests": done, "rps": round(done / elapsed, 1) if elapsed else 0.0,
            "readers": len(reader_times), "reader_rps": round(len(reader_times) / elapsed, 1) if elapsed else 0.0,
            "reader_p50_ms": ms(percentile(reader_times, 50)),
            "reader_p95_ms": ms(percentile(reader_times, 95)), "errors": errors + cut, "refused": refused,
            "answered": answered, "cut_off": cut, "statuses": dict(sorted(statuses.items()))}


def ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def print_phases(rows: list[dict], title: str) -> None:
    print(f"\n{title}")
    header = (f"{'phase':<13} {'requests':>8} {'req/s':>7} {'reader req/s':>12} {'reader p50':>10} {'reader p95':>10} "
              f"{'peak MB':>8} {'errors':>6} {'refused':>7} {'answered':>8}")
    print(header)
    print("-" * len(header))
    for r in rows:
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") is not None else "?"
        print(f"{r['phase']:<13} {r['requests']:>8} {r['rps']:>7.1f} {r['reader_rps']:>12.1f} {r['reader_p50_ms'] or 0:>8.0f}ms "
              f"{r['reader_p95_ms'] or 0:>8.0f}ms {peak:>8} {r['errors']:>6} {r['refused']:>7} {r['answered']:>8}")
    for r in rows:
        print(f"  {r['phase']}: " + ", ".join(f"{k}: {v}" for k, v in r["statuses"].items())
              + (f"; {r['cut_off']} cut off at the end" if r["cut_off"] else ""))


def run(running: server.Server, connections: int, seconds: float, baseline_s: float, share: float) -> list[dict]:
    route = server.database_route(running.base)
    readers = request_mix(server.REPO, route)
    attackers = round(connections * share)
    rows = []
    for phase, hostile_connections, window in (("readers only", 0, baseline_s), ("hostile", attackers, seconds)):
        row = asyncio.run(run_phase(running.base, readers, hostile_paths(route), connections - attackers,
                                    hostile_connections, window))
        peak = running.memory_kib("VmHWM")
        rows.append({"phase": phase, **row, "peak_mb": None if peak is None else round(peak / 1024, 1)})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one on a free loopback port)")
    parser.add_argument("--pid", type=int, help="with --url: the server's process id, for its memory")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20, help="the hostile phase")
    parser.add_argument("--baseline-seconds", type=float, default=8, help="the readers-only phase before it")
    parser.add_argument("--share", type=float, default=0.3, help="share of the connections sending hostile SQL")
    parser.add_argument("--json", type=Path, default=RESULTS / "hostile.json")
    args = parser.parse_args(argv)
    started = time.time()
    attackers = round(args.connections * args.share)
    title = (f"Hostile load, loopback: {args.connections - attackers} reader connections alone for "
             f"{args.baseline_seconds:.0f} s (the baseline), then with {attackers} more sending worst-case arbitrary SQL "
             f"({args.share:.0%} of {args.connections}) for {args.seconds:.0f} s: {', '.join(HOSTILE_SQL)}")
    if args.url:
        rows = run(server.Server(args.url.rstrip("/"), args.pid or 0), args.connections, args.seconds,
                   args.baseline_seconds, args.share)
    else:
        with server.serve(server.REPO) as running:
            rows = run(running, args.connections, args.seconds, args.baseline_seconds, args.share)
            if any(row["errors"] for row in rows):
                for traceback in running.tracebacks()[-3:]:  # what the server said about its errors
                    print(traceback, file=sys.stderr)
    print_phases(rows, title)
    hostile = rows[-1]
    missed = [f"{hostile['errors']} errors"] if hostile["errors"] else []
    if hostile["peak_mb"] is None or hostile["peak_mb"] >= TARGET_PEAK_MB:
        missed.append(f"peak memory {hostile['peak_mb']} MB (target under {TARGET_PEAK_MB} MB)")
    print("targets (0 errors, peak under 300 MB): " + ("met" if not missed else "missed: " + "; ".join(missed)))
    write_report(args.json, {"hostile_load": rows, "hostile_sql": HOSTILE_SQL}, started)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
