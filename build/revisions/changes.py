"""One change between two revisions, as a row, and the order rows are listed in.

Every change the alignment reports, of a sentence or of an infobox field, is a
``Change`` with the same fields (so a list of them inserts into one table)::

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
    word_ops      the word-level operations (build/revisions/words.py), a tuple,
                  empty unless the two sides' words differ

A ``Change`` is a named tuple, not the dict it was: two million of them at 10,000 times the
seeds, held from the alignment to the coverage, took 690 bytes each as dicts (with an empty list
each for ``word_ops``) and take about 330 as tuples sharing one empty tuple.  Its fields read as
attributes (``change.from_start``, as fast as a dict's key) and, for the readers that looked
them up as keys, as ``change["from_start"]``.

Order: as a reader of the new revision meets them, with each removed item
placed just after the unchanged or reworded item that preceded it in the old
revision (so, as in a unified diff, what went comes before what replaced
it).  Moved items are listed where they now are.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

KINDS = ("unchanged", "reworded", "added", "removed", "moved")
UNITS = ("sentence", "infobox_field")


class Change(NamedTuple):
    unit: str
    kind: str
    from_index: int | None
    to_index: int | None
    from_start: int | None
    from_end: int | None
    to_start: int | None
    to_end: int | None
    from_section: str | None
    to_section: str | None
    from_block: str | None
    to_block: str | None
    key: str | None
    similarity: float
    word_ops: tuple

    def __getitem__(self, key):
        """``change["kind"]`` as ``change.kind`` (the dict's readers); a number indexes the tuple."""
        return getattr(self, key) if key.__class__ is str else tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key) if key in self._fields else default


def change(unit: str, kind: str, *, from_index: int | None = None, to_index: int | None = None,
           from_span: tuple[int, int] | None = None, to_span: tuple[int, int] | None = None,
           from_section: str | None = None, to_section: str | None = None,
           from_block: str | None = None, to_block: str | None = None, key: str | None = None,
           similarity: float = 0.0, word_ops: list[dict] | None = None) -> Change:
    assert unit in UNITS and kind in KINDS, (unit, kind)
    return Change(
        unit, kind, from_index, to_index,
        from_span[0] if from_span else None, from_span[1] if from_span else None,
        to_span[0] if to_span else None, to_span[1] if to_span else None,
        from_section, to_section, from_block, to_block, key,
        # Rounded so that the output, and anything written from it, is stable text.
        round(similarity, 4), tuple(word_ops) if word_ops else (),
    )


def reversed_change(change: Change) -> Change:
    """The change read from the later revision to the earlier: its two sides swapped."""
    return Change(change.unit, _FLIPPED_KIND.get(change.kind, change.kind), change.to_index, change.from_index,
                  change.to_start, change.to_end, change.from_start, change.from_end,
                  change.to_section, change.from_section, change.to_block, change.from_block, change.key,
                  change.similarity, change.word_ops)


_FLIPPED_KIND = {"added": "removed", "removed": "added"}


def in_document_order(changes: list[Change]) -> list[Change]:
    """``changes`` of one unit, sorted as the module docstring says."""
    anchors = sorted((c.from_index, c.to_index) for c in changes if c.kind in ("unchanged", "reworded"))
    anchor_from = [f for f, _ in anchors]

    def position(c: Change) -> tuple:
        if c.to_index is not None:
            return (c.to_index, 0, -1 if c.from_index is None else c.from_index)
        preceding = bisect.bisect_left(anchor_from, c.from_index) - 1
        return (anchors[preceding][1] if preceding >= 0 else -1, 1, c.from_index)

    return sorted(changes, key=position)
