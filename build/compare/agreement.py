"""``document_agreement``: how often each pair of documents agrees, fact by fact.

Documents, not sources: the revisions of one article are one witness, so a
pair of revisions agreeing with each other is not counted as confirmation.
For every fact two documents both state, the pair's verdict is ``conflict``
when any value one gives conflicts with any value the other gives,
``refine`` when none conflicts but some value says more than another ("June
2016" and "6 June 2016"), and ``agree`` otherwise.  A document paired with
itself counts the facts on which it gives more than one value (its revisions,
or its infobox and its prose, differ): how often it contradicts or refines
itself (a document does not confirm itself, so its ``agree`` is empty).  Computed from the distinct values the conflict detection already
compared (``conflicts.detect``), so it costs a few operations per fact.
"""

from __future__ import annotations

from collections import defaultdict

RANK = {"agree": 0, "refine": 1, "conflict": 2}
VERDICT = {"agree": "agree", "refines": "refine", "conflicts": "conflict"}


def agreement_rows(facts: list[tuple], document_of: dict[str, str]) -> list[dict]:
    """``facts``: (key, by_value, verdicts) per fact, as ``conflicts.detect`` returns them."""
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: {"facts_in_common": 0, "agree": 0, "refine": 0,
                                                               "conflict": 0})
    for _key, by_value, verdicts in facts:
        values_of: dict[str, set] = defaultdict(set)
        for value, claims in by_value.items():
            for claim in claims:
                values_of[document_of.get(claim["source_id"], claim["source_id"])].add(value)
        documents = sorted(values_of)
        for i, first in enumerate(documents):
            for second in documents[i:]:
                if first == second and len(values_of[first]) < 2:
                    continue  # one value: nothing for a document to agree or disagree with
                verdict = "agree"
                for a in values_of[first]:
                    for b in values_of[second]:
                        result = verdicts.get((a, b))
                        if a != b and result is not None and RANK[VERDICT[result.verdict]] > RANK[verdict]:
                            verdict = VERDICT[result.verdict]
                if first == second and verdict == "agree":
                    continue  # its values only reword one another: nothing to report of a document against itself
                row = counts[(first, second)]
                row["facts_in_common"] += 1
                row[verdict] += 1
    return [
        {"id": f"{a}--{b}" if a != b else a, "document_a": a, "document_b": b, "within_document": int(a == b),
         **row, "conflict_percent": round(100.0 * row["conflict"] / row["facts_in_common"], 1),
         # A document does not confirm itself: against itself only refining and contradicting count.
         **({"agree": None} if a == b else {})}
        for (a, b), row in sorted(counts.items())
    ]

