"""Claims that follow the text: re-anchor a claim's quote in the next revision.

``carry_claim(old_text, new_text, start, end, value_start=, value_end=,
changes=)`` takes a claim's span in the old revision (and optionally the span
of its value inside it) and the alignment of the two revisions
(``build.revisions.align.align_revisions``; optional) and says where the quote
now is, the way the Hypothesis annotation tool re-attaches an annotation: by
the quote with its prefix and suffix, then by position.

The rules, in order (occurrences are found with ``build.sources.anchor.find_all``:
whitespace-insensitive, so a re-wrapped quote is still found):

1. **Aligned** (only with ``changes``): if every sentence or infobox field the
   old span overlaps is paired in the new revision (unchanged, reworded or
   moved), the quote is looked for *inside* their new span only.  Found: it is
   carried (``how = "context"`` when its prefix and suffix also match, else
   ``"aligned"``; the nearest to the expected position if several).  Not
   found, but the quote lies in one sentence whose word diff leaves all its
   words equal (only citation marks differ: "1970)[1] is" -> "1970) is"): it
   is carried to those words (``how = "words"``).  Otherwise the words at that
   place changed, and the verdict is ``reworded`` even if the same words occur
   elsewhere: an infobox claim quoting "13 May 2011" must not jump to another
   field that says "13 May 2011".
2. **Context**: an occurrence whose prefix and suffix (``CONTEXT_CHARS`` = 32
   characters each side, whitespace squeezed, as Hypothesis stores them)
   match the old ones; the nearest if several.
3. **Unique**: the only occurrence.
4. **Nearest**: the occurrence nearest the expected position (most matching
   context sides first, then distance, then the earlier one).  The expected
   position is the old start shifted as the alignment shifted the sentence
   containing it (or the nearest unchanged or reworded one before it); without
   ``changes``, the old start itself.
5. **Not found**: ``reworded`` if some sentence or field the old span overlaps
   is paired in the new revision (the new span of those is offered, so a
   curator can take the new sentence as the quote); ``removed`` if all of them
   were removed, or if the one holding the claim's value was (the claim is
   about its value; the context sentences left do not state it); ``orphaned``
   if there is no alignment, or the span overlaps no aligned sentence or field.

The value.  When ``value_start``/``value_end`` (inside the old span) are
given: a carried quote carries its value (the same characters, found by
counting non-space characters, since only whitespace may differ; for
``how = "words"``, the same words through the word diff).  A
reworded verdict maps the value through the word diff of the sentence (or
field) that held it (``WordDiff.map_span``: equal tokens one to one, a replaced
run to its replacement), so "On 14 May 2017" -> "On 24 May 2017" reports
"24 May 2017" and its span.  A value written with digits (a date, a number)
keeps its shape: where the old value begins (or ends) with a number, words the
mapping brings in at that edge are dropped ("from 13 May 2011" -> "since
2011" gives "2011", not "since 2011"), and a mapped span without any digit
means the value is gone.  ``value_status`` is ``"same"`` (same words),
``"changed"``, or ``"gone"`` (deleted, or its sentence removed).

Result (every key always present)::

    {"status": "carried" | "reworded" | "removed" | "orphaned",
     "how": "aligned" | "context" | "words" | "unique" | "nearest" | None,  # carried only
     "char_start", "char_end", "quote":      # carried: new_text[char_start:char_end] == quote
     "sentence_start", "sentence_end",       # reworded: the new sentence(s) or field
     "similarity",                           # reworded: lowest word similarity of those
     "value_status": "same" | "changed" | "gone" | None,   # None: no value given
     "value_raw", "value_start", "value_end"}              # new_text[value_start:value_end] == value_raw
"""

from __future__ import annotations

from ..sources import anchor
from .changes import Change
from .words import WordDiff, tokenize

__all__ = ["CONTEXT_CHARS", "carry_claim", "carry_claims"]

CONTEXT_CHARS = 32
_IN_PLACE = ("unchanged", "reworded")


def carry_claims(old_text: str, new_text: str, claims: list[dict], changes: list[Change] | None = None) -> list[dict]:
    """``carry_claim`` for each claim row (``char_start``, ``char_end``, optional ``value_start``/``value_end``)."""
    return [carry_claim(old_text, new_text, c["char_start"], c["char_end"], value_start=c.get("value_start"),
                        value_end=c.get("value_end"), changes=changes) for c in claims]


def carry_claim(old_text: str, new_text: str, start: int, end: int, *, value_start: int | None = None,
                value_end: int | None = None, changes: list[Change] | None = None) -> dict:
    """Where the claim at ``old_text[start:end]`` is in ``new_text`` (see the module docstring)."""
    has_value = value_start is not None and value_end is not None
    occurrences = anchor.find_all(new_text, old_text[start:end])
    expected = _expected_position(start, changes)
    prefix, suffix = _context(old_text, start, end)

    def matching_sides(occurrence):
        before, after = _context(new_text, *occurrence)
        return before.endswith(prefix) + after.startswith(suffix)

    def best(candidates):
        return min(candidates, key=lambda o: (-matching_sides(o), abs(o[0] - expected), o[0]))

    def carried(occurrence, how, diff=None):
        result = _result("carried", how=how, char_start=occurrence[0], char_end=occurrence[1],
                         quote=new_text[occurrence[0]:occurrence[1]])
        if not has_value:
            return result
        if diff is None:  # an exact occurrence: the same non-space characters in the same order
            vs = _nth_non_space(new_text, occurrence[0], _non_space(old_text, start, value_start))
            ve = _nth_non_space(new_text, occurrence[0], _non_space(old_text, start, value_end) - 1) + 1
        else:
            span = diff.map_span(value_start, value_end)
            if span is None:  # a value with no words (a bare citation mark): nothing to carry
                result["value_status"] = "gone"
                return result
            vs, ve = span
        result.update(value_status="same", value_raw=new_text[vs:ve], value_start=vs, value_end=ve)
        return result

    overlapping = [] if changes is None else [
        c for c in changes if c.from_start is not None and c.from_start < end and start < c.from_end]
    paired = [c for c in overlapping if c.to_start is not None]

    # Rule 1.
    if overlapping and len(paired) == len(overlapping):
        low, high = min(c.to_start for c in paired), max(c.to_end for c in paired)
        inside = [o for o in occurrences if low <= o[0] and o[1] <= high]
        if inside:
            chosen = best(inside)
            return carried(chosen, "context" if matching_sides(chosen) == 2 else "aligned")
        if len(paired) == 1:
            diff = _word_diff(old_text, new_text, paired[0])
            same = diff.same_words(start, end)
            if same is not None:
                return carried(same, "words", diff)
        return _reworded(old_text, new_text, paired, value_start, value_end, has_value)

    # Rules 2 to 4.
    with_context = [o for o in occurrences if matching_sides(o) == 2]
    if with_context:
        return carried(best(with_context), "context")
    if len(occurrences) == 1:
        return carried(occurrences[0], "unique")
    if occurrences:
        return carried(best(occurrences), "nearest")

    # Rule 5.  A claim is about its value: when the sentence or field that held the value was removed,
    # the claim is removed, whatever context sentences of its quote are left.
    value_removed = has_value and any(
        c.to_start is None and c.from_start <= value_start and value_end <= c.from_end for c in overlapping)
    if paired and not value_removed:
        return _reworded(old_text, new_text, paired, value_start, value_end, has_value)
    if overlapping:
        return _result("removed", value_status="gone" if has_value else None)
    return _result("orphaned")


def _result(status: str, **values) -> dict:
    result = {"status": status, **dict.fromkeys((
        "how", "char_start", "char_end", "quote", "sentence_start", "sentence_end",
        "similarity", "value_status", "value_raw", "value_start", "value_end"))}
    result.update(values)
    return result


def _reworded(old_text, new_text, paired, value_start, value_end, has_value) -> dict:
    result = _result("reworded", sentence_start=min(c.to_start for c in paired),
                     sentence_end=max(c.to_end for c in paired),
                     similarity=min(c.similarity for c in paired))
    if not has_value:
        return result
    holder = next((c for c in paired if c.from_start <= value_start and value_end <= c.from_end), None)
    span = None
    if holder is not None:
        span = _value_span(old_text, new_text, _word_diff(old_text, new_text, holder), value_start, value_end)
    if span is None:
        result["value_status"] = "gone"
        return result
    raw = new_text[span[0]:span[1]]
    same = [t.text for t in tokenize(raw)] == [t.text for t in tokenize(old_text, value_start, value_end)]
    result.update(value_status="same" if same else "changed", value_raw=raw,
                  value_start=span[0], value_end=span[1])
    return result


def _word_diff(old_text: str, new_text: str, change: Change) -> WordDiff:
    return WordDiff(old_text, (change.from_start, change.from_end), new_text, (change.to_start, change.to_end))


def _has_digit(token) -> bool:
    return any(ch.isdigit() for ch in token.text)


def _value_span(old_text, new_text, diff: WordDiff, value_start: int, value_end: int) -> tuple[int, int] | None:
    """The value's new span through the word diff, keeping a numeric value's shape (module docstring)."""
    span = diff.map_span(value_start, value_end)
    old_tokens = tokenize(old_text, value_start, value_end)
    if span is None or not any(map(_has_digit, old_tokens)):
        return span
    new_tokens = tokenize(new_text, *span)
    low, high = 0, len(new_tokens)
    if _has_digit(old_tokens[0]):
        while low < high and not _has_digit(new_tokens[low]):
            low += 1
    if _has_digit(old_tokens[-1]):
        while high > low and not _has_digit(new_tokens[high - 1]):
            high -= 1
    if not any(map(_has_digit, new_tokens[low:high])):
        return None
    return new_tokens[low].start, new_tokens[high - 1].end


def _expected_position(start: int, changes: list[Change] | None) -> int:
    """The old start shifted as the alignment shifted its surroundings (rule 4)."""
    if not changes:
        return start
    containing = next((c for c in changes if c.to_start is not None and c.from_start is not None
                       and c.from_start <= start < c.from_end), None)
    if containing is not None:
        return containing.to_start + min(start - containing.from_start, containing.to_end - containing.to_start)
    before = [c for c in changes if c.kind in _IN_PLACE and c.from_end <= start]
    if not before:
        return start
    last = max(before, key=lambda c: c.from_end)
    return last.to_end + start - last.from_end


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The squeezed text just before and just after [start, end), CONTEXT_CHARS each."""
    squeezed = anchor.squeeze(text)
    a, b = squeezed.squeezed(start), squeezed.squeezed(end)
    # A few characters more than needed, so stripping the boundary space leaves CONTEXT_CHARS.
    before = squeezed.text[max(0, a - CONTEXT_CHARS - 2):a].rstrip()[-CONTEXT_CHARS:]
    after = squeezed.text[b:b + CONTEXT_CHARS + 2].lstrip()[:CONTEXT_CHARS]
    return before, after


def _non_space(text: str, start: int, end: int) -> int:
    return sum(not ch.isspace() for ch in text[start:end])


def _nth_non_space(text: str, start: int, n: int) -> int:
    """Position of the n-th (from 0) non-space character at or after ``start``."""
    for position in range(start, len(text)):
        if not text[position].isspace():
            if n == 0:
                return position
            n -= 1
    raise ValueError("fewer non-space characters than counted")  # the quote matched, so never
