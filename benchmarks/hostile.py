"""Hostile load: readers' pages while visitors send worst-case arbitrary SQL.

    python benchmarks/hostile.py [--url URL --pid PID] [--connections 64] [--seconds 20] [--share 0.3]

Two phases on one server:

1. readers only (``--baseline-seconds``): ``--connections`` x (1 - ``--share``)
   connections (45 of 64) loading the page mix of load.py (home, faceted
   tables, canned queries, source reader, conflict page, timeline, CSV);
2. hostile (``--seconds``): the same reader connections, plus ``--connections``
   x ``--share`` (19 of 64) that send nothing but the HOSTILE requests, each
   retrying as soon as it has an answer: the most expensive things a visitor
   can ask of ``?sql=`` (a gigabyte value, many large rows, one very wide row,
   a recursive count and a cartesian product, both running until the time
   limit stops them, single function calls that would outlast it), and the
   requests of the issue "the fifteen ways one visitor still stalls the site"
   (4,000 query-string keys, a download of Datasette's ``_internal``, row pages
   given half a key, failing queries as CSV, OPTIONS on a download, the 404s and
   request targets that made Datasette print a traceback through ``rich``).
   The readers' load is the same in both phases, so the difference is what the
   attack costs them.

Printed per phase: requests, requests per second, p50/p95 of the reader pages,
the server's peak memory (VmHWM of the datasette process, from /proc; the
second phase's figure is the peak over both), and

* errors: a reader page that did not answer 2xx (timeouts included), or a
  hostile request not answered as it must be: most must be refused with a 4xx
  (one answered 2xx is an error: it ran), OPTIONS gets its 204, and the worst
  calls of the functions the caps bound (``printf``, ``instr``, ``glob``...)
  answer 200, or 429 when the gate is full, or 400 when a busy machine left
  them less CPU than their time limit (no 5xx, no timeout);
* refused: hostile requests answered 4xx as they must be (the time limit, a
  size limit, a full queue, a refusal);
* answered: hostile requests answered 2xx as they must be.

Targets, each with its verdict: 0 errors in either phase, the readers' p95
under attack at most ``P95_RATIO_TARGET`` (2) times their p95 alone, the
server's peak memory under 300 MB.  Exit status 1 when a target is missed.
With no ``--url`` it starts ``datasette .`` on a free loopback port (its
address space capped, see server.py) and stops it.
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
TEXT = "replace(hex(zeroblob({n})), '0', '{c}')"  # a text of 2n characters c
# Each is the worst of its kind a visitor can send today (see the README,
# "Hostile visitors"): memory in one value, memory over many rows, memory in
# one wide row, CPU in a recursive query, CPU in a join, CPU in one call.
HOSTILE_SQL = {
    "gigabyte value": "select randomblob(999999999)",
    "many large rows": RECURSIVE.format(n=1000) + "select i, randomblob(60000), randomblob(60000), "
                                                  "randomblob(60000) from n",
    "one wide row": "with b(x) as (select randomblob(200000)) select "
                    + ", ".join(f"x as c{i}" for i in range(100)) + " from b",
    "recursive count": RECURSIVE.format(n=10**9) + "select count(*) from n",
    "cartesian join": "select count(*) from claims a, claims b, claims c, claims d",
    "json_patch": "select json_patch((select json_group_object('a' || value, 1) from json_each(json_array("
                  + ",".join(["1"] * 50) + "))), '{}')",
}
# The worst single calls plugins/sqlite_limits.py bounds on visitors' connections (their cost
# before: printf 18 s a call, trim 45 s, instr 1.2 s, a GLOB class 45 s): they run (see as_expected).
BOUNDED_SQL = {
    "printf": "select printf('%.*c', 2147483647, 'x'), printf('%.*c', 2147483647, 'x')",
    "trim": f"select trim({TEXT.format(n=30000, c='a')} || 'c', {TEXT.format(n=2500, c='b')} || 'a')",
    "instr": f"select instr({TEXT.format(n=32766, c='a')}, {TEXT.format(n=16382, c='a')} || 'b')",
    "glob class": f"select {TEXT.format(n=32766, c='a')} glob '*[' || {TEXT.format(n=120, c='b')} || ']'",
    "like escape": f"select {TEXT.format(n=32766, c='a')} like '%' || {TEXT.format(n=120, c='a')} || 'b' escape 'x'",
}
# The issue's requests besides SQL (paths under the database's route are filled in by hostile_requests).
KEYS = "&".join(f"k{i}=1" for i in range(1500))  # 12 KB, what uvicorn's parser takes however it arrives
ISSUE_REQUESTS = [
    ("many keys, table", "GET", "/{route}/claims?" + KEYS, "refused"),
    ("many keys, canned query", "GET", "/{route}/facts_about?" + KEYS, "refused"),
    ("_internal download", "GET", "/-/download/_internal/databases.csv", "refused"),
    ("half a key", "GET", "/{route}/conflict_claims/a", "refused"),
    ("failing CSV", "GET", "/{route}.csv?sql=select+*+from+nosuchtable", "refused"),
    ("OPTIONS on a download", "OPTIONS", "/-/download/serrano/claims.csv", 204),
    ("404 person", "GET", "/persons/nobody", "refused"),
    ("404 source", "GET", "/sources/nope", "refused"),
    ("no route", "GET", "/revisions/a/b/c", "refused"),
    ("no route, download", "GET", "/-/download/serrano/claims.CSV", "refused"),
    ("pinned folder", "GET", "/.serving-1/serrano.db", "refused"),
]
TARGET_PEAK_MB = 300
P95_RATIO_TARGET = 2.0  # readers' p95 under attack, at most this many times their p95 alone
REQUEST_TIMEOUT_S = 15  # a reader page slower than this is an error; the old server took 25 s for one gigabyte value
DRAIN_S = 5  # after the window, how long requests in flight may still finish before they are cut off
SEED = 30


def hostile_requests(route: str = DATABASE) -> list[tuple[str, str, object]]:
    """(method, path, what it must get: "refused" for a 4xx, or a status) for each hostile request."""
    requests = [("GET", f"/{route}.json?{httpx.QueryParams({'sql': sql})}", "refused") for sql in HOSTILE_SQL.values()]
    requests += [("GET", f"/{route}.json?{httpx.QueryParams({'sql': sql})}", "bounded") for sql in BOUNDED_SQL.values()]
    requests += [(method, path.format(route=route), expected) for _, method, path, expected in ISSUE_REQUESTS]
    return requests


def as_expected(status, expected) -> bool:
    """Whether a hostile request got an answer it may get: "refused" (a 4xx), "bounded" (200, or the
    gate's 429, or the time limit's 400), or the status given."""
    if not isinstance(status, int):
        return False  # no answer at all
    if expected == "refused":
        return 400 <= status < 500
    if expected == "bounded":
        return status in (200, 400, 429)
    return status == expected


async def run_phase(base: str, readers: list[str], hostile: list[tuple], reader_connections: int,
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
                    method, path, expected = hostile[chooser.randrange(len(hostile))]
                else:
                    (method, path, expected), i = ("GET", readers[i % len(readers)], 200), i + 1
                started = time.perf_counter()
                try:
                    status = (await client.request(method, path)).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - started
                key = f"{'hostile' if is_hostile else 'reader'} {status}"
                statuses[key] = statuses.get(key, 0) + 1
                if not is_hostile:
                    reader_times.append(elapsed)
                    errors += not (isinstance(status, int) and 200 <= status < 300)
                elif not as_expected(status, expected):  # a 5xx, no answer, or ran when it must be refused
                    errors += 1
                elif status < 300:
                    answered += 1
                else:
                    refused += 1

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
        row = asyncio.run(run_phase(running.base, readers, hostile_requests(route), connections - attackers,
                                    hostile_connections, window))
        peak = running.memory_kib("VmHWM")
        rows.append({"phase": phase, **row, "peak_mb": None if peak is None else round(peak / 1024, 1)})
    return rows


def targets(rows: list[dict]) -> dict[str, tuple[bool, str]]:
    """Each target the docstring and the README state: whether it was met, and the figure."""
    alone, attacked = rows[0], rows[-1]
    errors = {row["phase"]: row["errors"] for row in rows}
    ratio = (attacked["reader_p95_ms"] / alone["reader_p95_ms"]
             if alone["reader_p95_ms"] and attacked["reader_p95_ms"] is not None else None)
    peak = attacked["peak_mb"]
    return {
        "0 errors in either phase": (not any(errors.values()),
                                     ", ".join(f"{phase}: {n}" for phase, n in errors.items())),
        f"reader p95 under attack at most {P95_RATIO_TARGET:g}x alone": (
            ratio is not None and ratio <= P95_RATIO_TARGET,
            f"{attacked['reader_p95_ms']} ms / {alone['reader_p95_ms']} ms = "
            + (f"{ratio:.2f}x" if ratio is not None else "?")),
        f"peak memory under {TARGET_PEAK_MB} MB": (peak is not None and peak < TARGET_PEAK_MB, f"{peak} MB"),
    }


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
             f"{args.baseline_seconds:.0f} s (the baseline), then with {attackers} more sending worst-case requests "
             f"({args.share:.0%} of {args.connections}) for {args.seconds:.0f} s: SQL ({', '.join(HOSTILE_SQL)}; "
             f"bounded: {', '.join(BOUNDED_SQL)}) and {', '.join(name for name, *_ in ISSUE_REQUESTS)}")
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
    verdicts = targets(rows)
    for target, (met, figure) in verdicts.items():
        print(f"target {target}: {figure} [{'met' if met else 'MISSED'}]")
    missed = [target for target, (met, _) in verdicts.items() if not met]
    print("targets: " + ("all met" if not missed else f"{len(missed)} missed: " + "; ".join(missed)))
    write_report(args.json, {"hostile_load": rows, "hostile_sql": HOSTILE_SQL, "bounded_sql": BOUNDED_SQL,
                              "issue_requests": [name for name, *_ in ISSUE_REQUESTS],
                              "targets": {k: {"met": met, "figure": figure} for k, (met, figure) in verdicts.items()}},
                 started)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
