"""Split a paragraph of encyclopedic prose into sentences, by span.

``split_sentences(text, start, end)`` returns ``(s, e)`` spans into ``text``
(0-based, end-exclusive, like every span in the build) covering
``text[start:end]``.  A sentence span starts at its first and ends after its
last non-whitespace character, so the whitespace between sentences belongs to
no sentence.

The rule, in order:

1. A *candidate break* is one or more of ``. ! ?`` followed by any closing
   quotes or brackets and citation marks (``."``, ``.)``, ``.[2]``,
   ``.[5][6]``), then whitespace, then more text.  A full stop that is not
   followed by whitespace never breaks ("17.57", "5.5%", "U.S.C.").
2. ``!`` and ``?`` always break.  A full stop breaks, *whatever* follows it
   (the sources have "until November 2016. a period during which ...", two
   sentences as written), unless the word that ends in it is

   * an initialism: single letters each followed by a dot ("A.", "U.S.",
     "U.S.C.", "e.g.", "i.e.").  So a sentence really ending in "the U.S."
     is joined to the next one: the lesser evil, since initials inside a
     sentence are far more common in these sources;
   * a title or reference abbreviation in ``_NEVER_FINAL`` ("Mr.", "Dr.");
   * an abbreviation in ``_FINAL_BEFORE_CAPITAL`` ("etc.", "No.") that is
     followed by a lowercase letter or a digit ("etc. and", "No. 5").
     Before a capital such a word may well end the sentence, so it breaks.

3. A fragment with no letter or digit once citation marks are removed (the
   stray ".[8]" in "globally. .[8]", a "[7]" after a space) is not a sentence:
   it is attached to the sentence before it (or, if first, to the one after).

Nothing else breaks: "Ecuador[1] He is" has no full stop, so it stays one
sentence rather than guessing where the writer forgot one.

``strip_marks`` gives a sentence's reading text: the citation marks ("[1]"),
notes ("[a]"), maintenance tags ("[citation needed]") and section edit
markers ("[edit]") that the raw span keeps are removed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..common.text import INLINE_MARK


class Sentence(NamedTuple):
    """A sentence of a parsed document: its span, and the section (an IPU paragraph: 'summary 1') it is in."""
    start: int
    end: int
    section: str | None = None

_MARK = re.compile(INLINE_MARK)

# Rule 1: terminal punctuation, closers (quotes, brackets, marks), then the
# whitespace that separates it from the next sentence.
_CANDIDATE = re.compile(rf"[.!?]+(?:[\"'\u201d\u2019)\]]|{INLINE_MARK})*(?=\s+\S)")

# Single letters each followed by a dot: "A.", "U.S.", "U.S.C.", "e.g.".
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+")

# Words that precede what they qualify (a name, a number, a source), so a
# full stop after them never ends a sentence.  Spanish titles are included
# because the sources are about Ecuador.
_NEVER_FINAL = frozenset(
    "mr mrs ms dr prof st sr sra srta gen gov sen rep col lt capt sgt hon rev "
    "pres ing lic abg cf vs".split()
)

# Words that often end a sentence too: they only join the next word when it
# is lowercase or a number ("etc. and", "No. 5", "approx. 20").
_FINAL_BEFORE_CAPITAL = frozenset(
    "etc no nos nr art vol fig pp approx ca al jr inc ltd co corp dept".split()
)

# Opening punctuation to drop when reading the word before a full stop:
# "(8 U.S.C." must be read as "U.S.C.".
_OPENERS = "([{\"'\u201c\u2018\u00ab"


def strip_marks(raw: str) -> str:
    """Remove the inline marks (``INLINE_MARK``: "[1]", "[a]", "[citation needed]", "[edit]") from ``raw``.

    Nothing else changes, so for every sentence ``p`` of a parsed document::

        " ".join(strip_marks(text[p["char_start"]:p["char_end"]]).split()) == p["text"]
    """
    return _MARK.sub("", raw)


def reading_text(text: str, start: int, end: int) -> str:
    """A sentence as read: citation marks removed, whitespace squeezed.  A sentence passage's text,
    a ``sentences`` row's text, and a sentence as two revisions' alignment compares it."""
    return " ".join(strip_marks(text[start:end]).split())


def _has_words(fragment: str) -> bool:
    return any(ch.isalnum() for ch in strip_marks(fragment))


def _is_break(text: str, match: re.Match, end: int) -> bool:
    """Rule 2: does this candidate end a sentence?"""
    terminal = re.match(r"[.!?]+", match.group()).group()
    if "!" in terminal or "?" in terminal:
        return True
    # The word ending in the full stop: back to the previous whitespace.
    word_start = match.start()
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:match.start() + 1].lstrip(_OPENERS)
    if _INITIALISM.fullmatch(word):
        return False
    bare = word[:-1].lower()
    if bare in _NEVER_FINAL:
        return False
    if bare in _FINAL_BEFORE_CAPITAL:
        following = text[match.end():end].lstrip()[:1]
        return not (following.islower() or following.isdigit())
    return True


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow [start, end) to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text[start:end]`` (see the module docstring)."""
    start, end = trim_span(text, start, end)
    if start == end:
        return []
    # Rules 1 and 2: cut after each breaking candidate.
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _CANDIDATE.finditer(text, start, end):
        if _is_break(text, match, end):
            spans.append(trim_span(text, cursor, match.end()))
            cursor = match.end()
    spans.append(trim_span(text, cursor, end))
    # Rule 3: fold fragments without words into a neighbour.
    merged: list[tuple[int, int]] = []
    pending_start = None  # a wordless fragment before the first real sentence
    for s, e in spans:
        if _has_words(text[s:e]):
            if pending_start is not None:
                s, pending_start = pending_start, None
            merged.append((s, e))
        elif merged:
            merged[-1] = (merged[-1][0], e)
        elif pending_start is None:
            pending_start = s
    if pending_start is not None:  # nothing in the paragraph has words
        merged.append((pending_start, end))
    return merged
