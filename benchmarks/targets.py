"""Targets and verdicts, shared by the benchmarks that state targets.

Each benchmark states its targets once, with the README's bounds as defaults; an
environment variable may set another bound (``BENCH_SCALE_MAX_BUILD_S=60 make
bench-scale``), so that a tighter target, or an impossible one, can be checked.
Every target gets a printed verdict.  A target whose figure was not measured (a
part of the run skipped by an option, one size where a growth exponent needs
two) is missed, never dropped: the run is then a partial measurement, and says
so by its exit status.  An *aim* is printed with its verdict but does not decide
the exit status.
"""

import os
from typing import NamedTuple


class Verdict(NamedTuple):
    target: str  # what is promised, with its bound
    met: bool | None  # None: not measured, which counts as missed
    figure: str  # what was measured, or why nothing was
    aim: bool = False  # an aim is reported but never fails the run


def bound(variable: str, default: float) -> float:
    """The bound of a target: ``default`` (the README's), unless the environment variable is set."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SystemExit(f"{variable}={raw!r} is not a number")


def check(target: str, figure: float | None, ok, shown: str, unmeasured: str = "not measured") -> Verdict:
    """A verdict from a figure that may be missing: ``ok(figure)`` decides, ``shown`` describes it."""
    if figure is None:
        return Verdict(target, None, unmeasured)
    return Verdict(target, bool(ok(figure)), shown)


def label(verdict: Verdict) -> str:
    if verdict.aim:
        return "aim met" if verdict.met else "aim missed"
    return "met" if verdict.met else "MISSED"


def report(verdicts: list[Verdict], title: str = "Targets") -> int:
    """Print every verdict; the exit status: 1 when a target (not an aim) is missed or unmeasured."""
    print(f"\n{title}")
    for verdict in verdicts:
        print(f"  [{label(verdict)}] {verdict.target}: {verdict.figure}")
    missed = [v for v in verdicts if not v.aim and not v.met]
    counted = [v for v in verdicts if not v.aim]
    print(f"  {len(counted) - len(missed)} of {len(counted)} targets met"
          + (f"; missed: {'; '.join(v.target for v in missed)}" if missed else ""))
    return 1 if missed else 0


def as_json(verdicts: list[Verdict]) -> list[dict]:
    return [{"target": v.target, "met": v.met, "figure": v.figure, "aim": v.aim} for v in verdicts]
