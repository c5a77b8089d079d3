"""Words of a passage with their spans, how alike two passages are, and what changed.

Shared by the revision alignment (``build/revisions/align.py``,
``build/revisions/fields.py``) and the claims that follow the text
(``build/revisions/carry.py``).  Pure functions; nothing here reads files.

Tokens.  A token is a run of word characters (``\\w+``: letters, digits) or
one other non-space character (``,`` ``.`` ``(`` ``’``), with its (start, end)
in the raw text.  "17.57" is three tokens and "2011" one, so a changed year is
a one-token change.  The page's inline marks (``[1]``, ``[a]``, ``[citation
needed]``, ``[edit]``) are not tokens: they are skipped as
``build.sources.sentences.strip_marks`` removes them, so a sentence that only gained a
citation or a maintenance tag has the same words.

Similarity.  ``difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()``
over the two token lists: 2·M / (len(a) + len(b)), M the tokens in matching
blocks.  ``autojunk`` is off because its "popular element" heuristic (for
sequences of 200+ items) would treat "the" and "," as junk in long sentences.

Word operations.  The matcher's opcodes other than ``equal``, each as a dict::

    {"op": "replace" | "delete" | "insert",
     "from_start": int, "from_end": int, "to_start": int, "to_end": int,
     "from_text": str, "to_text": str}

with ``from_text == from_text_of_revision[from_start:from_end]`` (the raw
slice, so it may hold a citation mark between two changed words).  A
``delete`` has ``to_start == to_end`` (where the words were, in the new text)
and an ``insert`` has ``from_start == from_end``.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import NamedTuple

from ..common.text import INLINE_MARK

# The marks build.sources.sentences.strip_marks removes; matched here to skip them
# while keeping every other token's position in the raw text.
_MARK = re.compile(INLINE_MARK)
_TOKEN = re.compile(r"\w+|[^\w\s]")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def _unmarked(text: str, start: int, end: int | None):
    """The (start, end) stretches of ``text[start:end]`` between citation marks: tokenized one by
    one, a mark is never a token and never splits or joins the words around it."""
    end = len(text) if end is None else end
    cursor = start
    for mark in _MARK.finditer(text, start, end):
        yield cursor, mark.start()
        cursor = mark.end()
    yield cursor, end


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, their spans indexing ``text`` itself."""
    return [Token(m.group(), m.start(), m.end())
            for stretch in _unmarked(text, start, end) for m in _TOKEN.finditer(text, *stretch)]


def words(tokens: list[Token]) -> list[str]:
    return [token.text for token in tokens]


def token_words(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """``words(tokenize(text, start, end))``, without making the tokens (a quarter of the time)."""
    return [word for stretch in _unmarked(text, start, end) for word in _TOKEN.findall(text, *stretch)]


def matcher(a: list[str] = (), b: list[str] = ()) -> difflib.SequenceMatcher:
    """The one way this project compares token lists (see the module docstring)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False)


class WordDiff:
    """The word-level comparison of one passage of an old text with one of a new text."""

    def __init__(self, from_text: str, from_span: tuple[int, int], to_text: str, to_span: tuple[int, int]):
        self.from_text, self.to_text = from_text, to_text
        self.from_span, self.to_span = from_span, to_span
        self.from_tokens = tokenize(from_text, *from_span)
        self.to_tokens = tokenize(to_text, *to_span)
        diff = matcher(words(self.from_tokens), words(self.to_tokens))
        self.similarity = diff.ratio()
        self.opcodes = diff.get_opcodes()

    # Where a gap between tokens lies: before token i, or after the last one.
    def _from_point(self, i: int) -> int:
        tokens = self.from_tokens
        return tokens[i].start if i < len(tokens) else (tokens[-1].end if tokens else self.from_span[1])

    def _to_point(self, j: int) -> int:
        tokens = self.to_tokens
        return tokens[j].start if j < len(tokens) else (tokens[-1].end if tokens else self.to_span[1])

    def operations(self) -> list[dict]:
        """The changes, for highlighting (see the module docstring for the shape)."""
        ops = []
        for tag, i1, i2, j1, j2 in self.opcodes:
            if tag == "equal":
                continue
            fs = self._from_point(i1)
            fe = self.from_tokens[i2 - 1].end if i2 > i1 else fs
            ts = self._to_point(j1)
            te = self.to_tokens[j2 - 1].end if j2 > j1 else ts
            ops.append({"op": tag, "from_start": fs, "from_end": fe, "to_start": ts, "to_end": te,
                        "from_text": self.from_text[fs:fe], "to_text": self.to_text[ts:te]})
        return ops

    def same_words(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of the tokens in [start, end) if the diff left them all equal, with
        nothing inserted among them; else None.  (Only whitespace or citation marks differ.)"""
        inside = [i for i, t in enumerate(self.from_tokens) if t.start < end and t.end > start]
        if not inside:
            return None
        first, last = inside[0], inside[-1] + 1
        for tag, i1, i2, _, _ in self.opcodes:
            touches = (i1 < last and first < i2) if i2 > i1 else first < i1 < last
            if tag != "equal" and touches:
                return None
        return self.map_span(start, end)

    def map_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the new text whose tokens the diff aligns to the old tokens in [start, end).

        Equal tokens map one to one.  A replaced run maps to the whole new run
        when [start, end) covers all of it, otherwise proportionally (the
        k-th of n old tokens to the k-th n-th of the new run), so a value that
        is only part of a longer rewrite takes its share rather than the whole.
        Words inserted between two mapped tokens are included; deleted tokens
        map to nothing.  None when nothing maps (the words were deleted).
        """
        inside = [i for i, t in enumerate(self.from_tokens) if t.start < end and t.end > start]
        if not inside:
            return None
        first, last = inside[0], inside[-1] + 1  # old token range [first, last)
        mapped: list[int] = []
        for tag, i1, i2, j1, j2 in self.opcodes:
            lo, hi = max(i1, first), min(i2, last)
            if tag == "equal" and lo < hi:
                mapped += range(j1 + lo - i1, j1 + hi - i1)
            elif tag == "replace" and lo < hi:
                if lo == i1 and hi == i2:
                    mapped += range(j1, j2)
                else:
                    share = (j2 - j1) / (i2 - i1)
                    a = j1 + math.floor((lo - i1) * share)
                    b = j1 + math.ceil((hi - i1) * share)
                    mapped += range(a, min(j2, max(b, a + 1)))
            elif tag == "insert" and first < i1 < last:
                mapped += range(j1, j2)
        if not mapped:
            return None
        return self.to_tokens[min(mapped)].start, self.to_tokens[max(mapped)].end
