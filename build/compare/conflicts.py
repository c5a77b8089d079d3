"""Compare claims about the same fact and group disagreements into conflicts.

A *fact* is (subject_table, subject_id, property) plus, where claims are not
all about one value, an extra key: the ``item`` of a multi-valued property (a
degree per institution) or the ``period`` of a figure (a rate for 2010 and a
rate for 2016 are two facts).  Subject ids include the person (build.claims.subjects),
so claims about two people are never compared.

Within a fact, claims are compared by *distinct value*, not pair by pair: the
fact's values (a date at its precision, a number with its unit) are compared
with each other (``build.compare.verdicts``), and every claim then takes the verdicts of
its value.  The cost grows with the number of claims plus the square of the
number of distinct values, which stay few however many revisions repeat them
(1,000 revisions stating "14 May 2017" are one value).  ``claim_comparisons``
keeps what a reader needs: each claim against each competing value of its
fact, with the verdict and the rule, at most ``MAX_OTHER_VALUES`` per claim.

A fact with at least one conflicting pair of values is a conflict: its values
are split into *sides*, sets that are all compatible with each other, and
every claim on every side is linked to the conflict.  Conflict ids are derived
from the fact's key, so rebuilding gives the same ids.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .verdicts import Comparison, compare
from ..common.dates import interval

KIND_ORDER = ("date", "number", "unit", "entity", "text")
# Who may speak in a source besides the source itself: when the sides of a conflict are
# each held by different parties (the complainant against the authorities, in an IPU
# decision), the conflict is between parties, not between documents.
PARTIES = ("complainant", "authorities", "committee", "serrano", "press")
# A claim is listed against at most this many other values of its fact (the
# best-supported first); the conflict keeps every claim whatever the count.
MAX_OTHER_VALUES = 20


def fact_key(claim: dict) -> tuple:
    extra = claim.get("item") or claim.get("period") or ""
    return (claim["subject_table"], claim["subject_id"], claim["property"], extra)


def fact_id(key: tuple) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(part for part in key if part).lower()).strip("-")


def value_key(claim: dict) -> tuple:
    """What makes two values the same value: 20 percent and 20 per 100,000 are not, nor 47 and over 47."""
    return (claim["value"], claim.get("unit") or "", claim.get("qualifier") or "")


def value_label(key: tuple) -> str:
    value, unit, qualifier = key
    return " ".join(part for part in (qualifier, value, unit) if part)


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class Conflict:
    id: str
    key: tuple
    claims: list[dict]
    sides: list[list[dict]]  # claims grouped by compatible values
    kind: str
    neutral: list[dict] = field(default_factory=list)  # compatible with every side


def group_facts(claims: list[dict]) -> dict[tuple, list[dict]]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for claim in claims:
        groups[fact_key(claim)].append(claim)
    return dict(sorted(groups.items()))


def compare_values(by_value: dict[tuple, list[dict]]) -> dict[tuple, Comparison]:
    """Every pair of distinct values of one fact -> its comparison (both orders); None pairs left out."""
    verdicts: dict[tuple, Comparison] = {}
    for a, b in itertools.combinations(sorted(by_value), 2):
        result = compare(by_value[a][0], by_value[b][0])
        if result is not None:
            verdicts[(a, b)] = verdicts[(b, a)] = result
    return verdicts


class ComparisonRows:
    """The ``claim_comparisons`` rows, in stable order, made from each fact's values and verdicts as they
    are read, not held: a row per claim and other value of its fact, they were about 0.65 GB of the
    comparison stage at 10,000 times the seeds, and the database is their only reader."""

    def __init__(self):
        self._facts: list[tuple] = []  # (fact id, its claims by value, their verdicts, whether disputed)

    def add(self, identifier: str, by_value: dict, verdicts: dict, disputed: bool) -> None:
        self._facts.append((identifier, by_value, verdicts, disputed))

    def __iter__(self):
        for identifier, by_value, verdicts, disputed in self._facts:
            yield from _comparison_rows(identifier, by_value, verdicts, disputed)

    def __len__(self) -> int:
        return sum(1 for _row in self)


def detect(claims: list[dict], groups: dict[tuple, list[dict]] | None = None,
           ) -> tuple[ComparisonRows, list[Conflict], list[tuple]]:
    """The claim-against-value comparison rows, the conflicts (both in stable order), and per
    fact its key, its claims by value and the values' verdicts (for build.compare.agreement).
    ``groups``: ``group_facts(claims)``, when the caller has it already."""
    comparisons, conflicts, facts = ComparisonRows(), [], []
    for key, group in (group_facts(claims) if groups is None else groups).items():
        group = sorted(group, key=lambda c: c["id"])
        by_value: dict[tuple, list[dict]] = defaultdict(list)
        for claim in group:
            by_value[value_key(claim)].append(claim)
        verdicts = compare_values(by_value)
        facts.append((key, by_value, verdicts))
        identifier = fact_id(key)
        conflicting = [(a, b) for (a, b), result in verdicts.items() if a < b and result.verdict == "conflicts"]
        comparisons.add(identifier, by_value, verdicts, bool(conflicting))
        if conflicting:
            kinds = [verdicts[pair].kind for pair in conflicting]
            kind = max(KIND_ORDER, key=lambda k: (kinds.count(k), -KIND_ORDER.index(k)))
            sides, neutral = split_sides(by_value, verdicts)
            if between_parties(sides):
                kind = "parties"
            conflicts.append(Conflict(identifier, key, group, sides, kind, neutral))
    return comparisons, conflicts, facts


def _comparison_rows(identifier: str, by_value: dict, verdicts: dict, disputed: bool):
    ranked = sorted(by_value, key=lambda v: support(by_value, v))
    for value in sorted(by_value):
        others = [other for other in ranked if other != value and (value, other) in verdicts][:MAX_OTHER_VALUES]
        for other in others:
            result = verdicts[(value, other)]
            other_sources = sorted({c["source_id"] for c in by_value[other]})
            for claim in by_value[value]:
                yield {
                    "claim_id": claim["id"], "fact_id": identifier, "source_id": claim["source_id"],
                    "value": value_label(value), "other_value_key": value_label(other), "verdict": result.verdict,
                    "rule": result.rule, "kind": result.kind, "other_claims_count": len(by_value[other]),
                    "other_sources_count": len(other_sources),
                    "other_sources": ", ".join(other_sources[:10]) + (", …" if len(other_sources) > 10 else ""),
                    "conflict_id": identifier if disputed and result.verdict == "conflicts" else None,
                }


def support(by_value: dict[tuple, list[dict]], value: tuple) -> tuple:
    """Best-supported first: most sources, then most claims, then the value itself."""
    claims = by_value[value]
    return (-len({c["source_id"] for c in claims}), -len(claims), value)


def split_sides(by_value: dict[tuple, list[dict]], verdicts: dict[tuple, Comparison]) -> tuple[list[list[dict]], list[dict]]:
    """Put claims with mutually compatible values on the same side.

    Distinct values are taken best-supported first and each joins the first
    side whose every value it agrees with or refines; otherwise it opens a new
    side.  A value compatible with every value of every side ("2016" between
    "September 2016" and "5 October 2016") takes no side: it is returned
    apart, as neutral.
    """
    def compatible(a: tuple, b: tuple) -> bool:
        result = verdicts.get((a, b))
        return result is None or result.verdict != "conflicts"

    sides: list[list[tuple]] = []
    for value in sorted(by_value, key=lambda v: support(by_value, v)):
        for side in sides:
            if all(compatible(value, other) for other in side):
                side.append(value)
                break
        else:
            sides.append([value])
    neutral_values = {value for side in sides if len(sides) > 1 for value in side
                      if all(compatible(value, other) for other_side in sides for other in other_side)}
    claim_sides = [[c for value in side if value not in neutral_values for c in by_value[value]] for side in sides]
    neutral = [c for side in sides for value in side if value in neutral_values for c in by_value[value]]
    return [side for side in claim_sides if side], neutral


def between_parties(sides: list[list[dict]]) -> bool:
    """True when each side is held by its own parties (the complainant's word against the
    authorities'), all of them parties a source reports, none of them the source's own voice."""
    held = [{c.get("attributed_to") for c in side} for side in sides]
    if len(held) < 2 or not all(parties and parties <= set(PARTIES) for parties in held):
        return False
    return all(a.isdisjoint(b) for i, a in enumerate(held) for b in held[i + 1:])


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
