"""Pieces of rendered wikitext and the text they are written into (``build.sources.wikitext_render``).

A piece is ``(text, how, wikitext start, wikitext end, tag)``: ``how`` says where the text comes from
(``copied``, ``rendered``, ``added``, ``title``: see ``build.sources.wikitext_render``); ``tag`` is
None, ``("link", where, target)`` for a link's shown text (``where``: the link's offset),
``("ref", name, contents, contents offset)`` for a <ref> until the page numbers it, then
``("mark", number)`` for its citation mark, ``("field", name)`` for a citation's title, publisher or dates, or ``("break",)``
between the items of a list (``BREAK``, no text).
"""

from __future__ import annotations

BREAK = ("", "added", 0, 0, ("break",))


class TextBuilder:
    """The output text, written piece by piece, with the run each piece extends or opens."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0
        self.runs: list[list] = []

    def put(self, text: str, how: str, w0: int | None, w1: int | None) -> int:
        start = self.length
        if not text:
            return start
        self.parts.append(text)
        self.length += len(text)
        last = self.runs[-1] if self.runs else None
        if last is not None and last[1] == start and last[4] == how and (
                (how == "copied" and last[3] == w0) or (how != "copied" and last[2] == w0 and last[3] == w1)):
            last[1] = self.length  # the same source continues
            if how == "copied":
                last[3] = w1
        else:
            self.runs.append([start, self.length, w0, w1, how])
        return start

    def put_pieces(self, pieces: list[tuple]) -> list[int]:
        return [self.put(text, how, w0, w1) for text, how, w0, w1, _ in pieces]

    def text(self) -> str:
        return "".join(self.parts)


def span_of(pieces: list[tuple], starts: list[int]) -> tuple[int | None, int | None]:
    """The text span of the pieces that have text, once written."""
    written = [(start, start + len(piece[0])) for piece, start in zip(pieces, starts) if piece[0]]
    if not written:
        return None, None
    return written[0][0], written[-1][1]


def text_pieces(text: str, start: int) -> list[tuple]:
    """A text node copied, each run of newlines shown as one space (a value, a link, a reference is one line)."""
    if not text:
        return []
    if "\n" not in text:
        return [(text, "copied", start, start + len(text), None)]
    pieces, position = [], 0
    while True:
        newline = text.find("\n", position)
        if newline == -1:
            break
        if newline > position:
            pieces.append((text[position:newline], "copied", start + position, start + newline, None))
        after = newline
        while after < len(text) and text[after] == "\n":
            after += 1
        pieces.append((" ", "rendered", start + newline, start + after, None))
        position = after
    if position < len(text):
        pieces.append((text[position:], "copied", start + position, start + len(text), None))
    return pieces


def trimmed(pieces: list[tuple]) -> list[tuple]:
    """Without the whitespace at either end (a copied piece is cut; its wikitext span with it)."""
    pieces = [p for p in pieces if p[0] or p[4] == ("break",)]
    while pieces and (not pieces[0][0].strip()):
        pieces.pop(0)
    while pieces and (not pieces[-1][0].strip()):
        pieces.pop()
    if not pieces:
        return []
    text, how, w0, w1, tag = pieces[0]
    cut = len(text) - len(text.lstrip())
    if cut:
        pieces[0] = (text[cut:], how, w0 + cut if how == "copied" else w0, w1, tag)
    text, how, w0, w1, tag = pieces[-1]
    cut = len(text) - len(text.rstrip())
    if cut:
        pieces[-1] = (text[:-cut], how, w0, w1 - cut if how == "copied" else w1, tag)
    return pieces


def record_links_and_marks(page, pieces: list[tuple], starts: list[int]) -> None:
    """Once pieces are written (at ``starts``): each citation mark and each link's span, on the page."""
    spans: dict[int, list] = {}
    for (text, _how, _w0, _w1, tag), start in zip(pieces, starts):
        if tag is None or not text:
            continue
        if tag[0] == "mark":
            page.citations.append({"number": tag[1], "char_start": start, "char_end": start + len(text)})
        elif tag[0] == "link":
            span = spans.setdefault(tag[1], [start, start + len(text), tag[2]])
            span[1] = start + len(text)
    page.links += [tuple(span) for span in spans.values()]
