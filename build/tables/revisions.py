"""``revision_changes`` (what changed between consecutive revisions) and
``claims_to_review`` (claims a later revision did not simply carry)."""

import json

from ..claims.carried import Carried
from ..sources.sentences import reading_text
from ..revisions.changes import Change
from ..revisions.pairs import RevisionPair
from .bulk import insert_rows


def add_revision_tables(db, pairs: list[RevisionPair], carried: Carried) -> None:
    insert_rows(db, "revision_changes", change_rows(pairs))
    insert_rows(db, "claims_to_review", carried.reviews)


def change_rows(pairs: list[RevisionPair]):
    """A generator: a row per change, each with both sides' texts, is never held whole (two million
    rows at 10,000 times the seeds)."""
    for pair in pairs:
        old, new = pair.old.source, pair.new.source
        for n, change in enumerate(pair.changes, 1):
            yield {
                "id": f"{old.id}--{new.id}-{n}", "document": pair.document, "from_source_id": old.id,
                "to_source_id": new.id, "ordinal": n, **change._asdict(),
                "from_text": _side_text(old.text, change.from_start, change.from_end, change.unit),
                "to_text": _side_text(new.text, change.to_start, change.to_end, change.unit),
                "word_ops": json.dumps(change.word_ops, ensure_ascii=False) if change.word_ops else None,
                "from_pieces": _pieces(old.text, change.from_start, change.from_end, change, "from"),
                "to_pieces": _pieces(new.text, change.to_start, change.to_end, change, "to"),
            }


def _pieces(text: str, start: int | None, end: int | None, change: Change, side: str) -> str | None:
    """A side's raw text cut at its word operations, as JSON [[text, op], ...] for the compare page.

    op is "same" for words both sides share, else the operation ("replace", "delete" on the old
    side, "insert" on the new side) that the highlighting shows.
    """
    if start is None or change.kind in ("unchanged", "added", "removed"):
        return None
    cuts = sorted((op[f"{side}_start"], op[f"{side}_end"], op["op"]) for op in change.word_ops
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
