"""Find a curated quote in its source, whitespace-insensitively.

The IPU text wraps lines mid-sentence, so a quote typed on one line must match
"of the\\nsituation".  Every non-space character must match exactly; any run of
whitespace in the quote matches any run of whitespace (at least one character)
in the source.  The stored quote is the exact slice of the source.
"""

import difflib
import re


def quote_pattern(quote: str) -> re.Pattern:
    words = quote.split()
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def find_all(text: str, quote: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    if not quote.split():
        return []
    pattern = quote_pattern(quote)
    found, position = [], start
    # Overlapping occurrences count separately ("a a" in "a a a" is ambiguous).
    while (match := pattern.search(text, position, end)) is not None:
        found.append(match.span())
        position = match.start() + 1
    return found


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
