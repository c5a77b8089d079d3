"""Consecutive revisions of each document: what changed, and the claims that follow the text.

A document's sources, ordered by ``revision``, form pairs of consecutive
revisions.  For each pair the sentences and infobox fields are aligned
(``build.revision_align``); the rows become ``revision_changes``.

Claims follow the text (``build.revision_carry``).  A revision with a curated
file of its own is read from that file alone: its curator has read it.  A
revision without one inherits the curated (and carried) claims of the
revision before it, in revision order, so a chain of new revisions carries
them all the way:

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

Only revisions of a Wikipedia article carry claims.  Two decisions on one IPU
case are aligned too (what the later one says differently), but a later
decision is a new text adopted at another session, not an edit of the first:
what it states is curated from it, never inherited.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from .claim_values import normalize_value
from .documents import ParsedSource
from .parse_ipu import IpuDecision
from .properties import PROPERTIES
from .revision_align import Sentence, align_revisions, reading_text, sentences_of
from .revision_carry import carry_claim
from .sentences import split_sentences

CARRIED_METHODS = ("curated", "carried", "carried_reworded")
CARRYING_KINDS = ("wikipedia_revision",)


# eq=False, repr=False: nothing compares or prints these dataclasses, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class RevisionPair:
    document: str
    old: ParsedSource
    new: ParsedSource
    changes: list[dict] = field(default_factory=list)


def sentences(item: ParsedSource) -> list[Sentence]:
    """An article's sentences; an IPU decision's paragraphs cut into sentences."""
    document = item.document
    if isinstance(document, IpuDecision):
        text = item.source.text
        return [Sentence(s, e, f"{p['part']} {p['number']}") for p in document.paragraphs
                for s, e in split_sentences(text, p["char_start"], p["char_end"])]
    return sentences_of(document.passages)


def infobox(item: ParsedSource) -> list[dict]:
    return list(getattr(item.document, "infobox_fields", []))


def consecutive_pairs(parsed: list[ParsedSource]) -> list[RevisionPair]:
    """Every (revision n, revision n+1) of every document, documents in id order."""
    documents: dict[str, list[ParsedSource]] = defaultdict(list)
    for item in parsed:
        documents[item.source.document].append(item)
    pairs = []
    for document in sorted(documents):
        revisions = sorted(documents[document], key=lambda item: item.source.revision)
        pairs += [RevisionPair(document, old, new) for old, new in zip(revisions, revisions[1:])]
    return pairs


def align_all(pairs: list[RevisionPair]) -> None:
    for pair in pairs:
        pair.changes = align_revisions(pair.old.source.text, sentences(pair.old), pair.new.source.text,
                                       sentences(pair.new), infobox(pair.old), infobox(pair.new))


# --- claims that follow the text ------------------------------------------------------------

@dataclass(eq=False, repr=False)
class Carried:
    claims: list[dict] = field(default_factory=list)  # new claims (carried, carried_reworded)
    reviews: list[dict] = field(default_factory=list)  # rows of claims_to_review


def carry_all(pairs: list[RevisionPair], curated: list[dict], curated_sources: set[str], vocabularies) -> Carried:
    by_source: dict[str, list[dict]] = defaultdict(list)
    for claim in curated:
        by_source[claim["source_id"]].append(claim)
    out = Carried()
    for pair in pairs:  # in revision order within each document
        target = pair.new.source.id
        if target in curated_sources or pair.new.source.kind not in CARRYING_KINDS:
            continue
        for claim in by_source.get(pair.old.source.id, []):
            if claim["method"] not in CARRIED_METHODS:
                continue
            new_claim, review = carry_one(pair, claim, vocabularies)
            if new_claim is not None:
                by_source[target].append(new_claim)
                out.claims.append(new_claim)
            if review is not None:
                out.reviews.append(review)
    return out


def origin(claim: dict) -> str:
    """The curated claim a chain of carried claims started from."""
    return claim.get("origin_id") or claim["id"]


def carry_one(pair: RevisionPair, claim: dict, vocabularies) -> tuple[dict | None, dict | None]:
    old_text, new_text = pair.old.source.text, pair.new.source.text
    result = carry_claim(old_text, new_text, claim["char_start"], claim["char_end"],
                         value_start=claim["value_start"], value_end=claim["value_end"], changes=pair.changes)
    base = {**claim, "source_id": pair.new.source.id, "id": f"{pair.new.source.id}-{origin(claim)}",
            "origin_id": origin(claim), "carried_from": claim["id"]}
    if result["status"] == "carried" and result["value_status"] == "same":
        start, end = result["char_start"], result["char_end"]
        return {**base, "char_start": start, "char_end": end, "quote": new_text[start:end],
                "value_start": result["value_start"], "value_end": result["value_end"],
                "value_raw": result["value_raw"], "section": pair.new.section_at(start, end),
                "method": "carried"}, None
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
    return {**base, **value, "char_start": start, "char_end": end, "quote": text[start:end],
            "value_start": result["value_start"], "value_end": result["value_end"],
            "value_raw": result["value_raw"], "section": pair.new.section_at(start, end),
            "method": "carried_reworded",
            "note": (f"Read again from a reworded sentence (was {claim['value_raw']!r} in "
                     f"{pair.old.source.id}); the quote is the whole new sentence. Review it.")}


# --- the tables ----------------------------------------------------------------------------------

def change_rows(pairs: list[RevisionPair]) -> list[dict]:
    rows = []
    for pair in pairs:
        old, new = pair.old.source, pair.new.source
        for n, change in enumerate(pair.changes, 1):
            rows.append({
                "id": f"{old.id}--{new.id}-{n}", "document": pair.document, "from_source_id": old.id,
                "to_source_id": new.id, "ordinal": n, **{k: v for k, v in change.items() if k != "word_ops"},
                "from_text": _side_text(old.text, change["from_start"], change["from_end"], change["unit"]),
                "to_text": _side_text(new.text, change["to_start"], change["to_end"], change["unit"]),
                "word_ops": json.dumps(change["word_ops"], ensure_ascii=False) if change["word_ops"] else None,
                "from_pieces": _pieces(old.text, change["from_start"], change["from_end"], change, "from"),
                "to_pieces": _pieces(new.text, change["to_start"], change["to_end"], change, "to"),
            })
    return rows


def _pieces(text: str, start: int | None, end: int | None, change: dict, side: str) -> str | None:
    """A side's raw text cut at its word operations, as JSON [[text, op], ...] for the compare page.

    op is "same" for words both sides share, else the operation ("replace", "delete" on the old
    side, "insert" on the new side) that the highlighting shows.
    """
    if start is None or change["kind"] in ("unchanged", "added", "removed"):
        return None
    cuts = sorted((op[f"{side}_start"], op[f"{side}_end"], op["op"]) for op in change["word_ops"]
                  if op[f"{side}_start"] < op[f"{side}_end"])
    pieces, position = [], start
    for op_start, op_end, op in cuts:
        op_start, op_end = max(op_start, position), min(op_end, end)
        if op_start >= op_end:
            continue
        if op_start > position:
            pieces.append([text[position:op_start], "same"])
        pieces.append([text[op_start:op_end], op])
        position = op_end
    if position < end:
        pieces.append([text[position:end], "same"])
    return json.dumps(pieces, ensure_ascii=False)


def _side_text(text: str, start: int | None, end: int | None, unit: str) -> str | None:
    if start is None:
        return None
    return reading_text(text, start, end) if unit == "sentence" else text[start:end]
