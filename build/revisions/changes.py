"""One change between two revisions, as a row, and the order rows are listed in.

Every change the alignment reports, of a sentence or of an infobox field, is a
dict with the same keys (so a list of them inserts into one table)::

    unit          "sentence" | "infobox_field"
    kind          "unchanged" | "reworded" | "added" | "removed" | "moved"
    from_index    position among the old revision's sentences (or fields); None if added
    to_index      position among the new revision's; None if removed
    from_start, from_end, to_start, to_end
                  the span in each text (0-based, end-exclusive); None on the
                  side where the sentence or field does not exist
    from_section, to_section
                  the section of each side (sentences); None for fields
    from_block, to_block, key
                  the infobox block ("1", "2", ..., "personal") on each side
                  and the field's key (fields); None for sentences
    similarity    0..1, rounded to 4 places: 1.0 unchanged, 0.0 added or removed
    word_ops      the word-level operations (build/revisions/words.py), empty
                  unless the two sides' words differ

Order: as a reader of the new revision meets them, with each removed item
placed just after the unchanged or reworded item that preceded it in the old
revision (so, as in a unified diff, what went comes before what replaced
it).  Moved items are listed where they now are.
"""

from __future__ import annotations

import bisect

KINDS = ("unchanged", "reworded", "added", "removed", "moved")
UNITS = ("sentence", "infobox_field")


def change(unit: str, kind: str, *, from_index: int | None = None, to_index: int | None = None,
           from_span: tuple[int, int] | None = None, to_span: tuple[int, int] | None = None,
           from_section: str | None = None, to_section: str | None = None,
           from_block: str | None = None, to_block: str | None = None, key: str | None = None,
           similarity: float = 0.0, word_ops: list[dict] | None = None) -> dict:
    assert unit in UNITS and kind in KINDS, (unit, kind)
    return {
        "unit": unit, "kind": kind, "from_index": from_index, "to_index": to_index,
        "from_start": from_span[0] if from_span else None, "from_end": from_span[1] if from_span else None,
        "to_start": to_span[0] if to_span else None, "to_end": to_span[1] if to_span else None,
        "from_section": from_section, "to_section": to_section,
        "from_block": from_block, "to_block": to_block, "key": key,
        # Rounded so that the output, and anything written from it, is stable text.
        "similarity": round(similarity, 4), "word_ops": word_ops or [],
    }


def in_document_order(changes: list[dict]) -> list[dict]:
    """``changes`` of one unit, sorted as the module docstring says."""
    anchors = sorted((c["from_index"], c["to_index"]) for c in changes if c["kind"] in ("unchanged", "reworded"))
    anchor_from = [f for f, _ in anchors]

    def position(c: dict) -> tuple:
        if c["to_index"] is not None:
            return (c["to_index"], 0, -1 if c["from_index"] is None else c["from_index"])
        preceding = bisect.bisect_left(anchor_from, c["from_index"]) - 1
        return (anchors[preceding][1] if preceding >= 0 else -1, 1, c["from_index"])

    return sorted(changes, key=position)
