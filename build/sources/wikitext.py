"""Wikitext parsed with mwparserfromhell, reusing what the revision before already parsed.

``WikitextParser().parse(wikitext)`` returns the page as ``[(offset, Wikicode), ...]``: the
wikitext cut into stretches, each parsed by mwparserfromhell (``mwparserfromhell.parse``), with
the offset where it starts.  Walking the stretches' nodes in order is walking the nodes of the
whole page.

Why stretches: mwparserfromhell builds its tree in Python, about 5 ms per kilobyte of markup-dense
wikitext, and an export of a page's history holds hundreds of revisions that each differ from the
one before by an edit or two.  So the text is cut after each blank line; a stretch that the previous
revision also had is taken from its parse, and only the edited ones are parsed again.  A cut is
kept only where the parser says nothing runs across it: a stretch is accepted alone when its parse
holds no construct left open (mwparserfromhell leaves an opener it cannot close as literal text:
"{{", "[[", "{|" or "<" in a text node); otherwise it is joined to the next stretch and parsed
again with it.  After a blank line wikitext starts afresh (a new paragraph, no open bold or
italics), so the stretches parse as the whole page does (``tests/sources/test_read_mediawiki_export.py``
checks the nodes are the same on every test document).

A template that never closes is an error (``UnclosedMarkup``), found the same way: the last
stretch still shows its "{{" as text.  A link or tag left open is shown as its text, as the wiki
does.
"""

from __future__ import annotations

import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink, Heading, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

# Openers mwparserfromhell leaves as literal text when it finds no end for them.
_OPENERS = ("{{", "[[", "{|", "<")
# Tags whose contents are text, not markup: an opener inside them is the text itself.
_LITERAL_TAGS = {"nowiki", "pre", "math", "syntaxhighlight", "source", "code", "score", "chem", "ce"}


class UnclosedMarkup(ValueError):
    def __init__(self, offset: int, opener: str):
        super().__init__(f"{opener!r} is never closed")
        self.offset, self.opener = offset, opener


def has_open(code: Wikicode, openers=_OPENERS) -> bool:
    """Whether the parse left some construct open in ``code`` (``first_open`` says where; this is the
    quick answer, asked of every new stretch, without printing the nodes again)."""
    for value in _texts(code):
        for opener in openers:
            position = value.find(opener)
            if position != -1 and (opener != "<" or _opens_a_tag(value, position)):
                return True
    return False


def _texts(code: Wikicode):
    """The text of every text node in ``code``, at any depth, but inside tags whose contents are text."""
    for node in code.nodes:
        if isinstance(node, Text):
            yield node.value
        elif isinstance(node, Tag):
            if str(node.tag).strip().lower() not in _LITERAL_TAGS and node.contents is not None:
                yield from _texts(node.contents)
        elif isinstance(node, Template):
            yield from _texts(node.name)
            for param in node.params:
                if param.showkey:
                    yield from _texts(param.name)
                yield from _texts(param.value)
        elif isinstance(node, Wikilink):
            yield from _texts(node.title)
            if node.text is not None:
                yield from _texts(node.text)
        elif isinstance(node, ExternalLink):
            yield from _texts(node.url)
            if node.title is not None:
                yield from _texts(node.title)
        elif isinstance(node, Heading):
            yield from _texts(node.title)


def first_open(code: Wikicode, openers=_OPENERS) -> tuple[int, str] | None:
    """(offset, opener) of the first construct the parse left open in ``code``, or None."""
    offset = 0
    for node in code.nodes:
        text = str(node)
        if isinstance(node, Text):
            found = [(text.find(opener), opener) for opener in openers if opener in text]
            if found:
                position, opener = min(found)
                if opener != "<" or _opens_a_tag(text, position):
                    return offset + position, opener
        elif not (isinstance(node, Tag) and str(node.tag).strip().lower() in _LITERAL_TAGS):
            # Nested: a template's parameter, a link's text, a tag's contents.
            for child_offset, child in _children(node, text):
                inner = first_open(child, openers)
                if inner is not None:
                    return offset + child_offset + inner[0], inner[1]
        offset += len(text)
    return None


def _opens_a_tag(text: str, position: int) -> bool:
    """A literal "<" followed by a letter, "/" or "!--": a tag or comment the parser could not close
    ("x < y" and "<3" are text)."""
    after = text[position + 1:position + 4]
    return bool(after) and (after[0].isalpha() or after[0] == "/" or after.startswith("!--"))


def _children(node, text: str):
    """(offset inside ``text``, Wikicode) for each part of a node that holds more markup."""
    position = 0
    for child in node.__children__():
        piece = str(child)
        found = text.find(piece, position) if piece else -1
        if found < 0:
            continue
        yield found, child
        position = found + len(piece)


class WikitextParser:
    """Parses the revisions of one page in order, keeping the previous revision's stretches."""

    def __init__(self):
        self._previous: dict[str, Wikicode] = {}

    def parse(self, wikitext: str) -> list[tuple[int, Wikicode]]:
        known, self._previous = self._previous, {}
        parsed: list[tuple[int, Wikicode]] = []
        start = 0
        pending = ""  # stretches joined because a construct runs across their cut
        for stretch in _stretches(wikitext):
            candidate = pending + stretch
            code = known.get(candidate)  # (not "or": a Wikicode's truth value prints it whole)
            if code is None:
                code = self._previous.get(candidate)
            if code is None:
                code = mwparserfromhell.parse(candidate)
                if has_open(code):
                    pending = candidate
                    continue
            self._previous[candidate] = code
            parsed.append((start, code))
            start += len(candidate)
            pending = ""
        if pending:
            # Parsed to the end and still open.  A link or tag left open shows as its text, as on the
            # wiki; a template left open would swallow the rest of the page there: refused.
            code = mwparserfromhell.parse(pending)
            open_at = first_open(code, ("{{",)) if has_open(code, ("{{",)) else None
            if open_at is not None:
                raise UnclosedMarkup(start + open_at[0], open_at[1])
            parsed.append((start, code))
        return parsed


def _stretches(wikitext: str):
    """The wikitext cut after each blank line (a line with nothing but spaces counts as blank)."""
    start, length = 0, len(wikitext)
    position = wikitext.find("\n", 0)
    while position != -1:
        following = position + 1
        while following < length and wikitext[following] in " \t":
            following += 1
        if following < length and wikitext[following] == "\n":
            yield wikitext[start:following + 1]
            start = following + 1
            position = wikitext.find("\n", start)
        else:
            position = wikitext.find("\n", position + 1)
    if start < length:
        yield wikitext[start:]
