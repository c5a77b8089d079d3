"""Where a build's time goes, step by step, without editing build/.

    python benchmarks/build_stages.py benchmarks/corpus/100x [benchmarks/corpus/1000x ...]

Wraps the pipeline's steps (and a few functions inside them that the 100x
profile points at) with timers, runs the real ``build_database`` into a
temporary database and prints seconds per step.  Comparing two corpus sizes
shows which step grows faster than the input (a per-step growth exponent).
Timers add well under 1% here; cProfile would add ~150% and blur the picture.
"""

import functools
import gc
import math
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import build.sources.anchor  # noqa: E402
import build.claims.collect  # noqa: E402
import build.claims.curated  # noqa: E402
import build.publish.exports  # noqa: E402
import build.sources.manifest  # noqa: E402
import build.pipeline  # noqa: E402
import build.publish.files  # noqa: E402
import build.claims.vocabularies  # noqa: E402

import sqlite_utils  # noqa: E402

# Every step build_database calls: each function build.pipeline imports from
# build/ (found at run time, so a new step is timed without editing this file),
# then a few functions inside them that profiles point at.
STEPS = [(build.pipeline, name, name) for name, value in sorted(vars(build.pipeline).items())
         if callable(value) and getattr(value, "__module__", "").startswith("build.")
         and not isinstance(value, type) and name != "build_database"]
INSIDE = [
    (build.claims.curated, "load_yaml", "  collect_claims: YAML parsing (yamlio.load_yaml)"),
    (build.claims.vocabularies, "load_yaml", "  load_vocabularies: YAML parsing (yamlio.load_yaml)"),
    (build.sources.anchor, "find_all", "  collect_claims: quote/value anchoring (anchor.find_all)"),
]


def instrument(totals: dict) -> None:
    for owner, name, label in STEPS + INSIDE:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args, _original=original, _label=label, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                totals[_label] += time.perf_counter() - started

        setattr(owner, name, timed)


def run(data: Path, totals: dict) -> dict:
    """Build ``data`` once, as build/cli.py does; ``totals`` is the dict the timers were installed with."""
    with tempfile.TemporaryDirectory(prefix="bench-stages-") as folder:
        started = time.perf_counter()
        with build.publish.files.staged_database(Path(folder) / "serrano.db") as (db, staged):
            figures = build.pipeline.build_database(db, data, report=lambda *a: None)
            db.close()
            step = time.perf_counter()
            build.publish.exports.write_exports(staged, build.publish.files.staged_exports(staged))
            totals["exports (exports.write_exports)"] = time.perf_counter() - step
            step = time.perf_counter()
            build.publish.files.inspect_data(staged, "serrano.db")
            totals["inspect (publish_files.inspect_data)"] = time.perf_counter() - step
        totals["TOTAL"] = time.perf_counter() - started
    totals["claims"] = figures["claims"]
    return totals


def main(argv=None) -> int:
    # As the build command runs (build/cli.py turns the cyclic garbage collector off for a build): with
    # it on, steps that make many objects (the vocabularies' YAML) looked to grow faster than the corpus
    # here (0.13 to 2.8 s from 100x to 1,000x; 0.14 to 1.1 s with it off), which the real build never saw.
    gc.disable()
    corpora = [Path(p) for p in (argv or sys.argv[1:])]
    totals: dict = defaultdict(float)
    instrument(totals)
    results = []
    for corpus in corpora:
        totals.clear()
        results.append((corpus.name, dict(run(corpus, totals))))
    labels = [label for _, _, label in STEPS + INSIDE] + ["exports (exports.write_exports)", "inspect (publish_files.inspect_data)", "TOTAL"]
    print(f"{'step':58}" + "".join(f"{name:>12}" for name, _ in results) + ("   k" if len(results) > 1 else ""))
    for label in labels:
        values = [r.get(label, 0.0) for _, r in results]
        line = f"{label:58}" + "".join(f"{v:11.3f}s" for v in values)
        if len(results) > 1 and values[0] > 0.05 and values[-1] > 0:
            claims = [r["claims"] for _, r in results]
            line += f"  {math.log(values[-1] / values[0]) / math.log(claims[-1] / claims[0]):5.2f}"
        print(line)
    print("k: growth exponent of the step's time against the number of claims, first to last corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
