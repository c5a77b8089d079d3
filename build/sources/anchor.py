"""Find a curated quote in its source, whitespace-insensitively.

The IPU text wraps lines mid-sentence, so a quote typed on one line must match
"of the\\nsituation".  Every non-space character must match exactly; any run of
whitespace in the quote matches any run of whitespace (at least one character)
in the source.  The stored quote is the exact slice of the source.

How: each source text is "squeezed" once (every whitespace run becomes one
space) with a table mapping squeezed positions back to the original, and a
quote (its words joined by one space) is then a plain substring search.  That
is what the regex ``word\\s+word...`` would find, without compiling a regex
per quote, which dominated the build at scale (thousands of quotes, each a new
pattern, so Python's regex cache never hits).
"""

import bisect
import difflib
import functools
import itertools
import re

_WHITESPACE = re.compile(r"\s+")


class SqueezedText:
    """``text`` with every whitespace run replaced by one space, and the way back.

    Positions are mapped with the whitespace runs alone (their original spans
    and where each one's single space lands), found by bisection.
    """

    def __init__(self, text: str):
        self.text = _WHITESPACE.sub(" ", text)
        spans = [run.span() for run in _WHITESPACE.finditer(text)]
        self._run_starts = [start for start, _ in spans]
        self._run_ends = [end for _, end in spans]
        removed_before = itertools.accumulate((end - start - 1 for start, end in spans), initial=0)
        self._run_squeezed = [start - removed for start, removed in zip(self._run_starts, removed_before)]

    def original(self, squeezed_position: int) -> int:
        """Where a squeezed position is in the original (a squeezed space maps to its run's first character)."""
        run = bisect.bisect_right(self._run_squeezed, squeezed_position) - 1
        if run < 0:
            return squeezed_position
        if squeezed_position == self._run_squeezed[run]:
            return self._run_starts[run]
        return self._run_ends[run] + squeezed_position - self._run_squeezed[run] - 1

    def squeezed(self, original_position: int) -> int:
        """The first squeezed position whose original position is at or after ``original_position``."""
        run = bisect.bisect_right(self._run_starts, original_position) - 1
        if run < 0:
            return original_position
        if original_position < self._run_ends[run]:  # inside the run: its space, or what follows it
            return self._run_squeezed[run] + (original_position > self._run_starts[run])
        return self._run_squeezed[run] + 1 + original_position - self._run_ends[run]


@functools.lru_cache(maxsize=8)
def squeeze(text: str) -> SqueezedText:
    # Claims are anchored source by source, so a small cache keeps each text squeezed once.
    return SqueezedText(text)


def find_all(text: str, quote: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Every (start, end) in ``text[start:end]`` where ``quote`` occurs, whitespace-insensitively."""
    end = len(text) if end is None else end
    words = quote.split()
    if not words:
        return []
    needle = " ".join(words)
    if len(words) == 1:
        # One word holds no whitespace, so it never meets a squeezed run: its occurrences in the
        # original text are exactly those the squeezed text gives, found without squeezing (a year
        # looked for in a quote is most of ``period_span``'s searches; squeezing a 12,000-character
        # text to find it was 2.6 s of a 1,000x rebuild).
        found, position = [], start
        while (hit := text.find(needle, position)) != -1 and hit + len(needle) <= end:
            found.append((hit, hit + len(needle)))
            position = hit + 1
        return found
    squeezed = squeeze(text)
    found, position = [], squeezed.squeezed(start)
    # Overlapping occurrences count separately ("a a" in "a a a" is ambiguous).
    while (hit := squeezed.text.find(needle, position)) != -1:
        first, last = squeezed.original(hit), squeezed.original(hit + len(needle) - 1) + 1
        if last > end:  # occurrences come in order of start, and so of end: none further fits
            break
        found.append((first, last))
        position = hit + 1
    return found


def at_token_boundaries(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands as whole tokens: no letter or digit glued to either end,
    and not a piece of a longer number ('20' in '2010', '5' in '5.5', '100' in '1,100')."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    if before in ".," and start > 1 and text[start - 2].isdigit() and text[start].isdigit():
        return False
    return not (after in ".," and end + 1 < len(text) and text[end + 1].isdigit() and text[end - 1].isdigit())


def closest_passage(text: str, quote: str) -> str:
    """The stretch of ``text`` most like ``quote``, for an error message.

    Compared over windows of as many words as the quote, sliding one word at a
    time: only run when a build is failing, so clarity beats speed here.
    """
    words = text.split()
    size = max(1, len(quote.split()))
    target = " ".join(quote.split())
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for i in range(0, max(1, len(words) - size + 1)):
        window = " ".join(words[i:i + size])
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best
