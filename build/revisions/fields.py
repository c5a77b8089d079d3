"""The infobox fields of two revisions of an article, aligned field by field.

Input: each revision's text and its infobox fields as
``build.sources.wikipedia`` gives them (dicts with ``block``, ``key``,
``value``, ``char_start``, ``char_end``; extra keys are ignored).  Output:
change rows (``build/revisions/changes.py``) with ``unit = "infobox_field"``.

The rules, in order:

1. Blocks are paired first.  Office blocks are numbered in document order, so
   an office added at the top renumbers every other block; a block number alone
   would compare the wrong offices.  "personal" pairs with "personal"; an
   office block pairs with the other revision's block holding the same office
   name (whitespace-squeezed; the k-th block of a name with the k-th); a block
   still unpaired pairs with the unpaired block of the same number (so an
   office renamed in place is one block whose ``office`` field changed).  The
   fields of a block with no partner are all removed (or added).
2. Inside a block pair, the fields with the same key are compared by value
   (whitespace-squeezed).  A single-valued key: equal values are ``unchanged``,
   different ones ``reworded``.  A multi-valued key (``alma_mater``): the value
   lists are aligned with ``difflib.SequenceMatcher``; equal values are
   unchanged, values left over between the same two matches are paired in
   order as ``reworded``, and the rest are ``added`` or ``removed``.
3. A changed value is kind ``reworded``, not a kind of its own: one vocabulary
   of kinds for the whole ``revision_changes`` table, where ``unit`` says it is
   a field.  Its similarity and ``word_ops`` are computed as for sentences
   ("13 May 2011" -> "13 May 2012" is one replaced token).
4. Fields are never ``moved``: the order of infobox lines carries no meaning
   (rendering B lists President before Term Start, rendering A after).
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from .changes import change, in_document_order
from .words import WordDiff

__all__ = ["align_infobox_fields"]


def _squeezed(value: str) -> str:
    return " ".join(value.split())


def _office_names(fields: list[dict]) -> dict[str, str | None]:
    """Each block, in document order, with its office name (None for "personal")."""
    names: dict[str, str | None] = {}
    for field in fields:
        names.setdefault(field["block"], None)
        if field["key"] == "office":
            names[field["block"]] = _squeezed(field["value"])
    return names


def _pair_blocks(from_fields: list[dict], to_fields: list[dict]) -> dict[str, str]:
    """Rule 1: old block -> new block."""
    old, new = _office_names(from_fields), _office_names(to_fields)
    pairs: dict[str, str] = {}
    if "personal" in old and "personal" in new:
        pairs["personal"] = "personal"
    by_name = defaultdict(list)
    for block, name in new.items():
        if name is not None:
            by_name[name].append(block)
    for block, name in old.items():
        if name is not None and by_name[name]:
            pairs[block] = by_name[name].pop(0)
    taken = set(pairs.values())
    for block in old:
        if block not in pairs and block in new and block not in taken:
            pairs[block] = block
            taken.add(block)
    return pairs


def align_infobox_fields(from_text: str, from_fields: list[dict], to_text: str, to_fields: list[dict]) -> list[dict]:
    """Every field of both revisions in exactly one change row, in document order."""
    blocks = _pair_blocks(from_fields, to_fields)
    old_groups, new_groups = defaultdict(list), defaultdict(list)
    for index, field in enumerate(from_fields):
        old_groups[field["block"], field["key"]].append(index)
    for index, field in enumerate(to_fields):
        new_groups[field["block"], field["key"]].append(index)

    def row(kind, i=None, j=None):
        old = from_fields[i] if i is not None else None
        new = to_fields[j] if j is not None else None
        from_span = (old["char_start"], old["char_end"]) if old else None
        to_span = (new["char_start"], new["char_end"]) if new else None
        similarity, ops = {"unchanged": (1.0, []), "added": (0.0, []), "removed": (0.0, [])}.get(kind, (None, None))
        if kind == "reworded":
            diff = WordDiff(from_text, from_span, to_text, to_span)
            similarity, ops = diff.similarity, diff.operations()
        return change("infobox_field", kind, from_index=i, to_index=j, from_span=from_span, to_span=to_span,
                      from_block=old and old["block"], to_block=new and new["block"],
                      key=(old or new)["key"], similarity=similarity, word_ops=ops)

    changes, used_new_groups = [], set()
    for (block, key), old_indexes in old_groups.items():
        new_group = (blocks.get(block), key)
        new_indexes = new_groups.get(new_group, []) if block in blocks else []
        used_new_groups.add(new_group)
        changes += _pair_values(row, from_fields, old_indexes, to_fields, new_indexes)
    for group, new_indexes in new_groups.items():
        if group not in used_new_groups:
            changes += [row("added", j=j) for j in new_indexes]
    return in_document_order(changes)


def _pair_values(row, from_fields, old_indexes, to_fields, new_indexes) -> list[dict]:
    """Rule 2 for one key of one block pair."""
    old_values = [_squeezed(from_fields[i]["value"]) for i in old_indexes]
    new_values = [_squeezed(to_fields[j]["value"]) for j in new_indexes]
    rows = []
    opcodes = difflib.SequenceMatcher(None, old_values, new_values, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        olds, news = old_indexes[i1:i2], new_indexes[j1:j2]
        if tag == "equal":
            rows += [row("unchanged", i, j) for i, j in zip(olds, news)]
            continue
        paired = min(len(olds), len(news))
        rows += [row("reworded", i, j) for i, j in zip(olds, news)]
        rows += [row("removed", i=i) for i in olds[paired:]]
        rows += [row("added", j=j) for j in news[paired:]]
    return rows
