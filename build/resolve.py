"""Choose the value a resolved row shows for one fact, and say by which rule.

The competing values stay visible through the claims and conflicts; this is a
derived view, never a replacement for the evidence.  Rules, in order:

- ``agreed``: every claim gives the same value.
- ``most_precise``: the claims agree or refine each other; the most precise
  value is shown ("13 May 2011" rather than "2011").
- ``most_sources``: the claims conflict; the side (set of compatible values)
  stated by more distinct sources wins, and its most precise value is shown.
- ``most_claims``: sides tie on sources; the side with more claims wins.
- ``tie_most_precise``: sides tie on both; the side holding the most precise
  value wins (a day is preferred to a month).  The row is disputed either way.
"""

from dataclasses import dataclass

from .conflicts import Conflict, precision_rank


@dataclass(frozen=True)
class Resolved:
    claim: dict  # the claim whose value is shown
    rule: str
    claims: list[dict]


def _most_precise(claims: list[dict]) -> dict:
    return min(claims, key=lambda c: (precision_rank(c), c["value"], c["id"]))


def resolve_fact(claims: list[dict], conflict: Conflict | None) -> Resolved:
    if conflict is None:
        rule = "agreed" if len({c["value"] for c in claims}) == 1 else "most_precise"
        return Resolved(_most_precise(claims), rule, claims)

    def score(side):
        return (len({c["source_id"] for c in side}), len(side), [-x for x in precision_rank(_most_precise(side))])

    ranked = sorted(conflict.sides, key=score, reverse=True)
    first, second = score(ranked[0]), score(ranked[1])
    if first[0] != second[0]:
        rule = "most_sources"
    elif first[1] != second[1]:
        rule = "most_claims"
    else:
        rule = "tie_most_precise"
    return Resolved(_most_precise(ranked[0]), rule, claims)
