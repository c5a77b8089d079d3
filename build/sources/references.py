"""The references of a rendered article, read as data: title, publisher, dates.

A rendered Wikipedia page prints each reference as the citation templates
format it, after the list marker and backlink letters::

    (in Spanish) "Curriculum Vitae" Archived 2016-03-27 at the Wayback Machine, Ministry of the Interior, Ecuador
    "El nuevo titular de la Asamblea se forjó en política desde las aulas". 16 May 2017.
    "Home". unirioja.es.
    (in Spanish) Plan Andino Archived 2013-05-06 at the Wayback Machine on Ministerio del Interior de Ecuador

``read_reference(text, start, end)`` reads, in order: an optional language
("(in Spanish)"); the title, in quotes or, unquoted, up to "Archived" or the
first full stop; an optional archive date ("Archived 2016-03-27 at the
Wayback Machine") followed by the publisher after a comma or "on"; otherwise
the dot-separated pieces after the title, where the first date is the
publication date and a piece before it that is no date is the publisher (or
website: "unirioja.es").  The citation ends after its date (or its last piece
read); whatever follows is not part of it: the rendering of note 5 glues two
sentences of article text after "23 February 2017.." and the sentence
coverage counts them as sentences (``citation_end``).

What the templates print around those fields is read too: a form or language
after the title ("(PDF)", "(in Spanish)", also at the end of the publisher
piece, "El Universo (in Spanish)"), and after the date "Retrieved 3 April
2024." and "Archived from the original on 10 March 2021." (its date is the
archive date), which belong to the citation, not to the article's prose.  After
"Archived ... at the Wayback Machine" the publisher follows a comma or "on", or
comes as the next piece (". CNE. 9 March 2021.").

A site name after "|" inside a quoted title ("... | MUNDO", "... | la
República EC") stays part of the title: it may name a section as well as a
publisher, and the page does not say which.  Nothing here fails: a piece it
cannot read is left out (its fields stay None) and the reference keeps its
text.

Every field comes with its span (``<field>_start``, ``<field>_end``), so
``text[r["title_start"]:r["title_end"]] == r["title"]``.  The publication and
archive dates become claims of the reference (``build.claims.references``: subject
table ``references``, properties ``published`` and ``archived``, method
``reference``), each with its exact span, so a reader can set the date a
source was published against the sentence that cites it.
"""

from __future__ import annotations

import re

from ..common.dates import is_date

_LANGUAGE = re.compile(r"\(in ([A-Z][A-Za-z -]{1,40})\)\s*")
# After the title, what the citation says of the document's form ("(PDF)") or language ("(in Spanish)").
_FORMAT = re.compile(r"\s*\((?:PDF|DOC|PPT|in ([A-Z][A-Za-z -]{1,40}))\)")
# After the citation's date, what the templates append: when it was retrieved, when and where it was
# archived.  They belong to the citation (not to the article's prose); an archive date is read.
_TAIL = re.compile(
    r"[.\s]*(?:(?:Retrieved|Accessed)\s+[^.\n]{1,40}?"
    r"|Archived\s+from\s+the\s+original\s+(?:\(PDF\)\s+)?on\s+(?P<original>[^.\n]{1,40}?)"
    r"|Archived\s+(?P<wayback>\d{4}-\d{2}-\d{2})\s+at\s+the\s+Wayback\s+Machine)\.")
_QUOTES = {'"': '"', "“": "”"}
_ARCHIVED = re.compile(r"\s*Archived\s+(?P<date>\d{4}-\d{2}-\d{2})\s+at\s+the\s+Wayback\s+Machine\b")
_AFTER_ARCHIVE = re.compile(r"\s*(?:,|\bon\b)\s*(?P<publisher>[^\n]+?)\s*\.?\s*$")
# A piece after the title: up to a full stop followed by whitespace or the end.
_PIECE = re.compile(r"[.\s]*(?P<piece>[^\n]+?)\.+(?=\s|$)|[.\s]*(?P<last>[^\n.][^\n]*?)\s*$")

FIELDS = ("language", "title", "publisher", "published", "archived")


def _empty(start: int) -> dict:
    out: dict = {"language": None, "citation_end": start}
    for name in FIELDS[1:]:
        out.update({name: None, f"{name}_start": None, f"{name}_end": None})
    return out


def _set(out: dict, name: str, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    out.update({name: text[start:end], f"{name}_start": start, f"{name}_end": end})
    out["citation_end"] = max(out["citation_end"], end)


def read_reference(text: str, start: int, end: int) -> dict:
    """The fields of the reference at ``text[start:end]`` (see the module docstring)."""
    out = _read(text, start, end)
    while True:
        while out["citation_end"] < end and text[out["citation_end"]] == ".":
            out["citation_end"] += 1  # the full stop closing the citation
        tail = _TAIL.match(text, out["citation_end"], end)
        if not tail:
            return out
        date = "original" if tail.group("original") else "wayback" if tail.group("wayback") else None
        if date and out["archived"] is None and is_date(tail.group(date)):
            _set(out, "archived", text, tail.start(date), tail.end(date))
        out["citation_end"] = tail.end()


def _read(text: str, start: int, end: int) -> dict:
    out = _empty(start)
    position = start
    if language := _LANGUAGE.match(text, position, end):
        out["language"] = language.group(1)
        position = language.end()
    opening = text[position:position + 1]
    if opening in _QUOTES:
        close = text.find(_QUOTES[opening], position + 1, end)
        if close == -1:
            return out
        _set(out, "title", text, position + 1, close)
        out["citation_end"] = close + 1
        position = close + 1
        if form := _FORMAT.match(text, position, end):
            if form.group(1) and out["language"] is None:
                out["language"] = form.group(1)
            position = out["citation_end"] = form.end()
    else:
        archived = _ARCHIVED.search(text, position, end)
        stop = archived.start() if archived else end
        dot = re.compile(r"\.(?=\s|$)").search(text, position, stop)
        title_end = dot.start() if dot else stop
        if title_end > position:
            _set(out, "title", text, position, title_end)
        position = title_end
    if archived := _ARCHIVED.match(text, position, end):
        _set(out, "archived", text, archived.start("date"), archived.end("date"))
        position = archived.end()
        if publisher := _AFTER_ARCHIVE.match(text, position, end):
            _set(out, "publisher", text, publisher.start("publisher"), publisher.end("publisher"))
            return out
        # Otherwise the usual pieces follow: "Archived ... Machine. CNE. 9 March 2021."
    while position < end:
        piece = _PIECE.match(text, position, end)
        if not piece:
            break
        name = "piece" if piece.group("piece") is not None else "last"
        piece_start, piece_end = piece.start(name), piece.end(name)
        words = text[piece_start:piece_end]
        if is_date(words):
            _set(out, "published", text, piece_start, piece_end)
            out["citation_end"] = piece.end()  # the full stops after the date belong to the citation
            break
        if out["publisher"] is not None or len(words.split()) > 6 or _TAIL.match(text, position, end):
            break  # a second undated piece, prose, or what follows a date: not the publisher
        if language := re.search(r"\s*\(in ([A-Z][A-Za-z -]{1,40})\)$", words):  # "El Universo (in Spanish)"
            out["language"] = out["language"] or language.group(1)
            piece_end = piece_start + language.start()
        _set(out, "publisher", text, piece_start, piece_end)
        out["citation_end"] = piece.end()
        position = piece.end()
    return out
