"""Claims that follow the text into other revisions of an article (``build.revisions.carry``).

A revision with a curated file of its own is read from that file alone: its
curator has read it.  A revision without one inherits the curated (and
carried) claims of the revision before it, in revision order, so a chain of
new revisions carries them all the way.  Both ways: a revision with no
curated revision before it (an older copy found later, added as revision 1)
inherits those of the revision after it, back down the chain:

* a quote that still stands is carried with no YAML: ``method = 'carried'``,
  ``carried_from`` the claim it came from, its own exact span;
* a quote whose sentence was reworded is listed in ``claims_to_review`` with
  the new sentence offered as its quote.  When the claim's value is a date
  or a number and the aligned sentence still holds one at that place, the
  value is read again there and made a claim of the same fact
  (``method = 'carried_reworded'``, the new sentence as its quote), so a
  changed date ("14 May 2017" -> "24 May 2017") meets the old one in a
  conflict like any other disagreement;
* a quote whose sentence was removed is listed in ``claims_to_review``.

Only revisions of a Wikipedia article carry claims (``CARRYING_KINDS``).
What no curated or carried claim reads is left to the rules (``build.claims.extract``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..sources.sentences import reading_text
from ..revisions.carry import carry_claim
from ..revisions.changes import reversed_change
from ..revisions.pairs import CARRYING_KINDS, RevisionPair
from .claim import Claim
from .properties import PROPERTIES
from .values import normalize_value

CARRIED_METHODS = ("curated", "carried", "carried_reworded")


@dataclass(eq=False, repr=False)
class Carried:
    claims: list[dict] = field(default_factory=list)  # new claims (carried, carried_reworded)
    reviews: list[dict] = field(default_factory=list)  # rows of claims_to_review


def carry_all(pairs: list[RevisionPair], curated: list[dict], curated_sources: set[str], vocabularies) -> Carried:
    by_source: dict[str, list[dict]] = defaultdict(list)
    for claim in curated:
        by_source[claim["source_id"]].append(claim)
    out = Carried()
    for pair in in_carrying_order(pairs, curated_sources, by_source):
        _carry_pair(pair, by_source, curated_sources, vocabularies, out)
    return out


def in_carrying_order(pairs: list[RevisionPair], curated_sources: set[str], by_source: dict[str, list]):
    """The pairs claims and marks are carried along: each in revision order within its document, then
    back down, reversed, into a revision with no curated file that nothing before it gave any
    (``by_source``: what each source holds so far, the caller's, read when the pair is reached).  A pair
    is reversed only then, and dropped after: reversing them all first held a second copy of every
    alignment's changes (about 0.9 GB at 10,000 times the seeds, the build's peak)."""
    yield from pairs
    for pair in reversed(pairs):
        target = pair.old.source
        if target.kind in CARRYING_KINDS and target.id not in curated_sources and not by_source.get(target.id):
            yield reversed_pair(pair)


def _carry_pair(pair: RevisionPair, by_source, curated_sources, vocabularies, out: Carried) -> None:
    """The claims of ``pair.old`` carried into ``pair.new`` (unless ``pair.new`` has a curated file)."""
    target = pair.new.source.id
    if target in curated_sources or pair.new.source.kind not in CARRYING_KINDS:
        return
    for claim in list(by_source.get(pair.old.source.id, [])):
        if claim["method"] not in CARRIED_METHODS:
            continue
        new_claim, review = carry_one(pair, claim, vocabularies)
        if new_claim is not None:
            by_source[target].append(new_claim)
            out.claims.append(new_claim)
        if review is not None:
            out.reviews.append(review)



def reversed_pair(pair: RevisionPair) -> RevisionPair:
    """The pair read from the later revision to the earlier: each change with its two sides swapped."""
    return RevisionPair(pair.document, pair.new, pair.old, [reversed_change(change) for change in pair.changes])


def origin(claim: dict) -> str:
    """The curated claim a chain of carried claims started from."""
    return claim.get("origin_id") or claim["id"]


def carry_one(pair: RevisionPair, claim: dict, vocabularies) -> tuple[dict | None, dict | None]:
    old_text, new_text = pair.old.source.text, pair.new.source.text
    result = carry_claim(old_text, new_text, claim["char_start"], claim["char_end"],
                         value_start=claim["value_start"], value_end=claim["value_end"], changes=pair.changes)
    base = {**claim, "source_id": pair.new.source.id, "id": f"{pair.new.source.id}-{origin(claim)}",
            "origin_id": origin(claim), "carried_from": claim["id"],
            # The span of the sentence a period was read from is the earlier revision's; its words stay in
            # ``inferred``.
            "inferred_from_start": None, "inferred_from_end": None}
    if result["status"] == "carried" and result["value_status"] == "same":
        start, end = result["char_start"], result["char_end"]
        return Claim({**base, "char_start": start, "char_end": end, "quote": new_text[start:end],
                      "value_start": result["value_start"], "value_end": result["value_end"],
                      "value_raw": result["value_raw"], "section": pair.new.section_at(start, end),
                      "method": "carried"}), None
    status = result["status"] if result["status"] != "carried" else "value_gone"  # the words stand, the value not
    review = {"id": f"{pair.new.source.id}-review-{origin(claim)}", "claim_id": claim["id"],
              "from_source_id": pair.old.source.id, "source_id": pair.new.source.id,
              "status": status, "value_status": result["value_status"],
              "similarity": result["similarity"], "sentence_start": result["sentence_start"],
              "sentence_end": result["sentence_end"],
              "sentence": (reading_text(new_text, result["sentence_start"], result["sentence_end"])
                           if result["sentence_start"] is not None else None),
              "new_claim_id": None}
    changed = reread_value(pair, claim, result, base, vocabularies)
    if changed is not None:
        review["new_claim_id"] = changed["id"]
        review["status"] = "value_changed" if result["value_status"] == "changed" else "reworded"
    return changed, review


def reread_value(pair: RevisionPair, claim: dict, result: dict, base: dict, vocabularies) -> dict | None:
    """A date or number read again in its reworded sentence: a claim of the same fact, for review."""
    if result["status"] != "reworded" or result["value_status"] not in ("same", "changed"):
        return None
    prop = PROPERTIES[claim["subject_table"]][claim["property"]]
    if prop.value_type not in ("date", "number"):
        return None
    text = pair.new.source.text
    start, end = result["sentence_start"], result["sentence_end"]
    if not (start <= result["value_start"] and result["value_end"] <= end):
        return None
    entry = {"unit": claim["unit"]} if prop.value_type == "number" and claim.get("unit") else {}
    try:
        value = normalize_value(prop, result["value_raw"], entry, vocabularies)
    except ValueError:
        try:  # the unit written next to the new figure, if any, decides
            value = normalize_value(prop, result["value_raw"], {}, vocabularies)
        except ValueError:
            return None
    return Claim({**base, **value, "char_start": start, "char_end": end, "quote": text[start:end],
                  "value_start": result["value_start"], "value_end": result["value_end"],
                  "value_raw": result["value_raw"], "section": pair.new.section_at(start, end),
                  "method": "carried_reworded",
                  "note": (f"Read again from a reworded sentence (was {claim['value_raw']!r} in "
                           f"{pair.old.source.id}); the quote is the whole new sentence. Review it.")})
