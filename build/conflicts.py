"""Compare claims about the same fact and group disagreements into conflicts.

A *fact* is (subject_table, subject_id, property) plus, where claims are not
all about one value, an extra key: the ``item`` of a multi-valued property (a
degree per institution) or the ``period`` of a figure (a rate for 2010 and a
rate for 2016 are two facts).  Claims are compared only within a fact, so the
cost grows with the size of each group, never with the square of the table.

Within a fact every pair of claims gets a verdict (``build.compare``).  A fact
with at least one conflicting pair is a conflict: its claims are split into
*sides*, sets of values that are all compatible with each other, and every
claim on every side is linked to the conflict.  Conflict ids are derived from
the fact's key, so rebuilding gives the same ids.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .compare import compare_group
from .dates import interval

KIND_ORDER = ("date", "number", "unit", "entity", "text")


def fact_key(claim: dict) -> tuple:
    extra = claim.get("item") or claim.get("period") or ""
    return (claim["subject_table"], claim["subject_id"], claim["property"], extra)


def fact_id(key: tuple) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(part for part in key if part).lower()).strip("-")


@dataclass
class Conflict:
    id: str
    key: tuple
    claims: list[dict]
    sides: list[list[dict]]  # claims grouped by compatible values
    kind: str
    neutral: list[dict] = field(default_factory=list)  # compatible with every side
    comparisons: list[dict] = field(default_factory=list)


def group_facts(claims: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        groups[fact_key(claim)].append(claim)
    return dict(sorted(groups.items()))


def detect(claims: list[dict]) -> tuple[list[dict], list[Conflict]]:
    """Return every pairwise comparison row and the conflicts, both in stable order."""
    comparisons, conflicts = [], []
    for key, group in group_facts(claims).items():
        group = sorted(group, key=lambda c: c["id"])
        rows = [
            {"claim_a": group[i]["id"], "claim_b": group[j]["id"], "verdict": result.verdict,
             "rule": result.rule, "kind": result.kind, "fact_id": fact_id(key)}
            for i, j, result in compare_group(group)
        ]
        comparisons.extend(rows)
        conflicting = [row for row in rows if row["verdict"] == "conflicts"]
        if conflicting:
            kinds = [row["kind"] for row in conflicting]
            kind = max(KIND_ORDER, key=lambda k: (kinds.count(k), -KIND_ORDER.index(k)))
            verdicts = {(row["claim_a"], row["claim_b"]): row["verdict"] for row in rows}
            sides, neutral = split_sides(group, verdicts)
            conflicts.append(Conflict(fact_id(key), key, group, sides, kind, neutral, rows))
    return comparisons, conflicts


def split_sides(group: list[dict], verdicts: dict[tuple, str]) -> tuple[list[list[dict]], list[dict]]:
    """Put claims with mutually compatible values on the same side.

    Distinct values are taken best-supported first (most sources, then most
    claims) and each joins the first side whose every value it agrees with or
    refines; otherwise it opens a new side.  Claims are compatible when their
    comparison verdict is not 'conflicts'.  A value compatible with every
    claim of every side ("2016" between "September 2016" and "5 October
    2016") takes no side: it is returned apart, as neutral.
    """
    by_value: dict[tuple, list[dict]] = defaultdict(list)
    for claim in group:
        by_value[value_key(claim)].append(claim)

    def compatible(a: dict, b: dict) -> bool:
        pair = tuple(sorted((a["id"], b["id"])))
        return verdicts.get(pair, "agree") != "conflicts"

    def support(value: tuple):
        claims = by_value[value]
        return (-len({c["source_id"] for c in claims}), -len(claims), value)

    sides: list[list[dict]] = []
    for value in sorted(by_value, key=support):
        representative = by_value[value][0]
        for side in sides:
            if all(compatible(representative, other) for other in side):
                side.extend(by_value[value])
                break
        else:
            sides.append(list(by_value[value]))
    neutral = [claim for side in sides if len(sides) > 1 for claim in side
               if all(compatible(claim, other) for other_side in sides for other in other_side)]
    sides = [[c for c in side if c not in neutral] for side in sides]
    return [side for side in sides if side], neutral


def value_key(claim: dict) -> tuple:
    """What makes two values the same value: 20 percent and 20 per 100,000 are not."""
    return (claim["value"], claim.get("unit") or "")


def precision_rank(claim: dict) -> tuple:
    """Smaller is more precise: a date's interval length, a text's word count reversed."""
    if claim["value_type"] == "date":
        start, end = interval(claim["value"], claim["precision"])
        return ((end - start).days,)
    if claim["value_type"] == "text":
        return (-len(claim["value"].split()),)
    return (0,)


def within_source(conflict: Conflict) -> bool:
    """True when one source holds values on more than one side (neutral claims aside)."""
    sides_by_source = defaultdict(set)
    for number, side in enumerate(conflict.sides):
        for claim in side:
            sides_by_source[claim["source_id"]].add(number)
    return any(len(sides) > 1 for sides in sides_by_source.values())
