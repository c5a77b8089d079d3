"""Marks: a curator's word that a sentence holds nothing for the record to claim, and why.

Every sentence of every source is accounted for (``build.coverage.accounting``): some
claim reads a value from its words, or a mark in the source's curated file
says why none should.  Marks sit beside the claims, in
``data/claims/<source-id>.yml``::

    marks:
      - quote: Despite this, Serrano remains a resilient figure in Ecuadorian politics
        reason: promotional
      - quote: He previously held other cabinet posts.
        reason: restates
        note: Sums up the cabinet posts the Political career section lists one by one.

``quote`` is found like a claim's (whitespace-insensitively, ``section`` or
``occurrence`` when it occurs more than once) and must lie inside one
sentence: a mark names one sentence, and a quote may be the sentence's
opening words.  ``reason`` is one of ``REASONS``; ``restates`` and
``not-checkable`` need a ``note`` saying which sentence, or why.

The build refuses, in one line naming the file and the entry's line: an
unknown key or reason, a quote not found or found twice, a quote across two
sentences or outside every sentence (an infobox row, a heading, a
reference's citation), two marks on one sentence, and a mark on a sentence
that a claim already reads: a mark says there is nothing to claim, so it
cannot stand beside a claim.

Marks follow the text like claims: a revision without a curated file of its
own inherits the marks of the revision before it, re-anchored with
``build.revisions.carry.carry_claim`` (``method = 'carried'``); a mark whose
words changed is dropped, and its sentence shows as unaccounted until a
curator reads it.
"""

# No ``from __future__ import annotations``: see build.common.inputs.

import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, StrictInt, StrictStr, model_validator

from ..sources import anchor
from ..claims.carried import in_carrying_order
from ..claims.curated import curated_files
from ..common.errors import BuildError
from ..common.inputs import MAX_TEXT, Strict, validate
from ..revisions.carry import carry_claim
from ..revisions.pairs import CARRYING_KINDS
from ..common.yamlio import _LineLoader, entry_label, read_yaml_text  # the loader that keeps each entry's line

# The documented list: reason -> what it means.  Short on purpose: a sentence that
# states an act, a date, a place, a figure or a named party is claimed, never marked.
REASONS = {
    "opinion": "Opinion or evaluation: the article's judgment of him or his work (what it led to, what it "
               "shows), not a fact the record could hold.",
    "promotional": "Promotional wording: praise or a portrait with no checkable content.",
    "restates": "Restates another sentence of the same source, which is claimed; the note says which.",
    "navigation": "Heading or navigation: apparatus of the page (a footnote pointer), not a statement.",
    "not-checkable": "Not checkable: names no act, date, place, figure or party that could be verified; "
                     "the note says why.",
}
NEEDS_NOTE = ("restates", "not-checkable")

Words = Annotated[StrictStr, Field(min_length=1, max_length=MAX_TEXT)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=300)]


class CuratedMark(Strict):
    quote: Words
    reason: Literal[tuple(REASONS)]  # type: ignore[valid-type]
    note: Words | None = None
    section: Name | None = None
    occurrence: Annotated[StrictInt, Field(ge=1, le=10_000)] | None = None

    @model_validator(mode="after")
    def _note_when_needed(self):
        if self.reason in NEEDS_NOTE and self.note is None:
            raise ValueError(f"a {self.reason!r} mark needs a 'note' saying "
                             + ("which sentence it restates" if self.reason == "restates" else "why"))
        return self


def load_marks(data_dir: Path, parsed: dict, units: dict[str, list], claimed: dict[str, set[int]]) -> \
        tuple[list[dict], set[str]]:
    """The curated marks, each on the index of its sentence in ``units[source]``; and the sources
    with a curated file (they inherit no marks).  ``claimed[source]``: indexes of claimed sentences."""
    marks, sources = [], set()
    taken: dict[tuple[str, int], str] = {}  # (source, sentence) -> the mark holding it, as errors name it
    for path in curated_files(data_dir):
        display = f"{data_dir.name}/claims/{path.name}"
        text = read_yaml_text(path, display)  # checked and bounded as when the claims were read
        source_id = _source_of(text)
        sources.add(source_id)
        raw_marks = _marks_block(text)
        if not raw_marks:
            continue
        if not isinstance(raw_marks, list):
            raise BuildError(display, "'marks' must be a list of entries with a quote and a reason")
        for index, raw in enumerate(raw_marks):
            label = entry_label(raw, index)
            mark = _anchor(display, label, raw, parsed[source_id], units[source_id])
            if mark["unit"] in claimed.get(source_id, set()):
                raise BuildError(display, f"a claim already reads this sentence ({mark['sentence']!r}); "
                                          "a mark is only for a sentence no claim reads: remove the mark", label)
            key = (source_id, mark["unit"])
            if key in taken:
                raise BuildError(display, f"this sentence is already marked ({taken[key]})", label)
            taken[key] = f"{display} {label}"
            marks.append(mark)
    return marks, sources


_TOP_KEY = re.compile(r"(?m)^(?P<key>[A-Za-z_][\w-]*):")


def _marks_block(text: str):
    """The file's ``marks:`` list, parsed alone: the file as a whole was parsed and checked with its
    claims already (``build.claims.curated``), so only this top-level block is read again, its
    entries keeping their lines in the file."""
    keys = list(_TOP_KEY.finditer(text))
    found = next((i for i, m in enumerate(keys) if m["key"] == "marks"), None)
    if found is None:
        return None
    start = keys[found].start()
    end = keys[found + 1].start() if found + 1 < len(keys) else len(text)
    block = "\n" * text.count("\n", 0, start) + text[start:end]  # blank lines keep the line numbers
    loaded = yaml.load(block, Loader=_LineLoader)
    return loaded.get("marks") if isinstance(loaded, dict) else None


def _source_of(text: str) -> str | None:
    match = re.search(r"(?m)^source:[ \t]*(.+?)[ \t]*$", text)
    return match.group(1).strip("'\"") if match else None


def _anchor(display: str, label: str, raw, item, units: list) -> dict:
    if not isinstance(raw, dict):
        raise BuildError(display, "expected a mapping with a quote and a reason", label)
    entry = validate(CuratedMark, raw, display, label)
    text = item.source.text
    matches = anchor.find_all(text, entry.quote)
    if entry.section is not None:
        matches = [m for m in matches if (item.section_at(*m) or "").startswith(entry.section)]
    if not matches:
        where = f" in section {entry.section!r}" if entry.section else ""
        raise BuildError(display, f"quote not found{where} in source {item.source.id}: {entry.quote!r}; "
                                  f"closest passage: {anchor.closest_passage(text, entry.quote)!r}", label)
    if entry.occurrence is not None:
        if entry.occurrence > len(matches):
            raise BuildError(display, f"occurrence {entry.occurrence} out of range: the quote occurs "
                                      f"{len(matches)} times", label)
        matches = [matches[entry.occurrence - 1]]
    if len(matches) > 1:
        raise BuildError(display, f"quote {entry.quote!r} occurs {len(matches)} times; add 'section' or "
                                  "'occurrence' to say which", label)
    start, end = matches[0]
    inside = [n for n, unit in enumerate(units) if unit.start <= start and end <= unit.end]
    if not inside:
        touched = [n for n, unit in enumerate(units) if unit.start < end and start < unit.end]
        if len(touched) > 1:
            problem = f"the quote runs over {len(touched)} sentences; a mark names one sentence: split it"
        elif touched:
            problem = "the quote runs beyond its sentence (into a heading or a line that is no sentence)"
        else:
            problem = ("the quote lies in no sentence (an infobox row, a heading or a reference's citation are "
                       "not sentences)")
        raise BuildError(display, problem, label)
    unit = units[inside[0]]
    return {"source_id": item.source.id, "unit": inside[0], "char_start": start, "char_end": end,
            "sentence": " ".join(text[unit.start:unit.end].split()), "reason": entry.reason, "note": entry.note,
            "method": "curated", "marked_in": f"{display}:{getattr(raw, 'line', 0)}"}


def carry_marks(pairs, marks: list[dict], curated_sources: set[str], units: dict[str, list],
                claimed: dict[str, set[int]]) -> list[dict]:
    """Marks inherited by other revisions without a curated file (see the module docstring): by later ones,
    and, as claims are (build.claims.carried), by an earlier one that no revision before it gave marks."""
    by_source: dict[str, list[dict]] = {}
    for mark in marks:
        by_source.setdefault(mark["source_id"], []).append(mark)
    carried: list[dict] = []
    for pair in in_carrying_order(pairs, curated_sources, by_source):
        _carry_marks_of_pair(pair, by_source, curated_sources, units, claimed, carried)
    return carried


def _carry_marks_of_pair(pair, by_source: dict[str, list[dict]], curated_sources: set[str],
                         units: dict[str, list], claimed: dict[str, set[int]], carried: list[dict]) -> None:
    """The marks of ``pair.old`` carried into ``pair.new`` (unless ``pair.new`` has a curated file)."""
    target = pair.new.source.id
    if target in curated_sources or pair.new.source.kind not in CARRYING_KINDS:
        return
    taken = {mark["unit"] for mark in by_source.get(target, [])}
    for mark in by_source.get(pair.old.source.id, []):
        result = carry_claim(pair.old.source.text, pair.new.source.text, mark["char_start"], mark["char_end"],
                             changes=pair.changes)
        if result["status"] != "carried":
            continue
        start, end = result["char_start"], result["char_end"]
        inside = [n for n, unit in enumerate(units[target]) if unit.start <= start and end <= unit.end]
        if not inside or inside[0] in taken or inside[0] in claimed.get(target, set()):
            continue  # a claim now reads the sentence, or another mark holds it
        taken.add(inside[0])
        new = {**mark, "source_id": target, "unit": inside[0], "char_start": start, "char_end": end,
               "method": "carried", "marked_in": f"{mark['marked_in']} (carried from {pair.old.source.id})"}
        by_source.setdefault(target, []).append(new)
        carried.append(new)
