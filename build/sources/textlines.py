"""A text cut into lines, each with its exact span, for the parsers.

Our own splitting, not ``str.splitlines()``: that also breaks on form feeds
and U+2028, which would shift line numbers away from what an editor shows.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .sentences import trim_span

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Line(NamedTuple):
    no: int  # 1-based line number, for error messages
    start: int  # span of the line without its surrounding whitespace
    end: int
    text: str  # == source[start:end]; "" for a blank line


def lines_of(text: str) -> list[Line]:
    bounds, pos = [], 0
    for match in _NEWLINE.finditer(text):
        bounds.append((pos, match.start()))
        pos = match.end()
    bounds.append((pos, len(text)))
    lines = []
    for no, (start, end) in enumerate(bounds, 1):
        start, end = trim_span(text, start, end)
        lines.append(Line(no, start, end, text[start:end]))
    return lines


def next_content(lines: list[Line], i: int) -> int:
    """Index of the first non-blank line at or after ``i`` (len(lines) if none)."""
    while i < len(lines) and not lines[i].text:
        i += 1
    return i
