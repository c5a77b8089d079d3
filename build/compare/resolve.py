"""Choose the value a resolved row shows for one fact, and say by which rule.

The competing values stay visible through the claims and conflicts; this is a
derived view, never a replacement for the evidence.  Revisions of one
document are one witness: support is counted in documents (one Wikipedia
article, one IPU case), not in sources, so two revisions of an article never
outvote a document they copy from.  Rules, in order:

- ``agreed``: every claim gives the same value.
- ``most_precise``: the claims agree or refine each other; the most precise
  value is shown ("13 May 2011" rather than "2011").
- ``most_documents``: the claims conflict; the side (set of compatible
  values) stated by more distinct documents wins, and its most precise value
  is shown.
- ``most_claims``: sides tie on documents; the side with more claims in the
  latest revision of each document wins (earlier revisions are superseded
  versions of the same witness, so they are not counted again).
- ``tie_most_precise``: sides tie on both; the side holding the most precise
  value wins (a day is preferred to a month).  The row is disputed either way.
"""

from typing import NamedTuple

from .conflicts import Conflict, precision_rank


class Resolved(NamedTuple):
    claim: dict  # the claim whose value is shown
    rule: str
    claims: list[dict]


def _most_precise(claims: list[dict]) -> dict:
    return min(claims, key=lambda c: (precision_rank(c), c["value"], c["id"]))


def resolve_fact(claims: list[dict], conflict: Conflict | None, revision_of: dict[str, tuple] | None = None) -> Resolved:
    """``revision_of``: source id -> (document, revision); a source is its own document by default."""
    revision_of = revision_of or {}
    if conflict is None:
        rule = "agreed" if len({c["value"] for c in claims}) == 1 else "most_precise"
        return Resolved(_most_precise(claims), rule, claims)

    def witness(claim) -> tuple:
        return revision_of.get(claim["source_id"], (claim["source_id"], 1))

    latest = {}  # document -> the latest revision stating this fact
    for claim in claims:
        document, revision = witness(claim)
        latest[document] = max(latest.get(document, revision), revision)

    def score(side):
        documents = {witness(c)[0] for c in side}
        current = sum(1 for c in side if witness(c)[1] == latest[witness(c)[0]])
        return (len(documents), current, [-x for x in precision_rank(_most_precise(side))])

    ranked = sorted(conflict.sides, key=score, reverse=True)
    first, second = score(ranked[0]), score(ranked[1])
    if first[0] != second[0]:
        rule = "most_documents"
    elif first[1] != second[1]:
        rule = "most_claims"
    else:
        rule = "tie_most_precise"
    return Resolved(_most_precise(ranked[0]), rule, claims)


def latest_revision_value(conflict: Conflict | None, revision_of: dict[str, tuple]) -> str | None:
    """Where revisions of one document disagree on a fact, the value its latest revision gives.

    None when no document's revisions disagree (the resolved value says it all).  With several
    such documents, the one whose latest revision is newest, then the first by id.  When the
    latest revision itself gives values on two sides, both, joined by " or ".
    """
    if conflict is None:
        return None
    side_of = {claim["id"]: n for n, side in enumerate(conflict.sides) for claim in side}
    by_document: dict[str, list[dict]] = {}
    for claim in conflict.claims:
        if claim["id"] in side_of:
            by_document.setdefault(revision_of.get(claim["source_id"], (claim["source_id"], 1))[0], []).append(claim)
    split = []
    for document, claims in sorted(by_document.items()):
        revisions = {revision_of.get(c["source_id"], (document, 1))[1] for c in claims}
        if len(revisions) > 1 and len({side_of[c["id"]] for c in claims}) > 1:
            latest = max(revisions)
            split.append((latest, document, [c for c in claims
                                             if revision_of.get(c["source_id"], (document, 1))[1] == latest]))
    if not split:
        return None
    _, _, claims = max(split, key=lambda item: (item[0], item[1]))
    # One value per side the latest revision takes: two when it contradicts itself too.
    by_side: dict[int, list[dict]] = {}
    for claim in claims:
        by_side.setdefault(side_of[claim["id"]], []).append(claim)
    return " or ".join(_most_precise(side)["value"] for _, side in sorted(by_side.items()))
