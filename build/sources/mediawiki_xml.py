"""Read a MediaWiki export (``Special:Export``, the database dumps' format): one page, its revisions.

::

    <mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" ...>
      <siteinfo>...</siteinfo>
      <page>
        <title>Marta Quispe</title> <ns>0</ns> <id>4242</id>
        <revision>
          <id>9001</id> <parentid>9000</parentid> <timestamp>2019-05-20T08:15:00Z</timestamp>
          <contributor><username>Editor</username><id>7</id></contributor>   (or <ip>, or deleted)
          <minor/> <comment>...</comment> <model>wikitext</model> <format>text/x-wiki</format>
          <text bytes="..." xml:space="preserve">the wikitext, XML-escaped</text>
          <sha1>...</sha1>
        </revision>
        ...
      </page>
    </mediawiki>

``read_export(text)`` returns the page and its revisions with their metadata and wikitext, and for
each wikitext where its characters are in the file: ``TextInFile``, runs of wikitext characters
with the file characters they were read from (code points of the decoded file, as every offset of
the build).  A character the export escapes (``&lt;``, ``&quot;``, ``&amp;``, a character reference, a
CRLF that XML reads as one newline) is a run of its own, so the map stays exact.

The parser is the standard library's expat (``xml.parsers.expat``), the parser ElementTree is
built on, used directly because it reports where in the file each piece of text was read
(``CurrentByteIndex``), which ElementTree and the ``mwxml`` library (built on ElementTree's
iterparse) do not.  A document type declaration is refused: an export has none, and refusing it
rules out entity expansion of any kind.

Problems raise ``ExportError`` with a message naming the line (and the revision) where it is.
"""

from __future__ import annotations

import bisect
import re
import xml.parsers.expat as expat
from dataclasses import dataclass, field


_CONTINUATION_BYTE = re.compile(rb"[\x80-\xbf]")


class ExportError(ValueError):
    """What is wrong with an export, in one line (the caller adds which source it is)."""


# eq=False, repr=False: nothing compares or prints these.
@dataclass(eq=False, repr=False)
class TextInFile:
    """Where each character of a wikitext is in the file: runs (wikitext start, file start, file end).

    A run whose file span is as long as its wikitext stretch is copied character for character; any
    other run is one character the file escapes.  ``file_start(w)`` / ``file_end(w)``: the file
    offsets of the start of wikitext character ``w`` and of the end of character ``w - 1``.
    """
    wikitext_starts: list[int] = field(default_factory=list)
    file_starts: list[int] = field(default_factory=list)
    file_ends: list[int] = field(default_factory=list)
    length: int = 0  # of the wikitext
    file_end_of_text: int = 0  # where the <text> element's content ends in the file

    def _run(self, w: int) -> int:
        return bisect.bisect_right(self.wikitext_starts, w) - 1

    def copied(self, run: int) -> bool:
        return self.file_ends[run] - self.file_starts[run] == self._length(run)

    def _length(self, run: int) -> int:
        following = self.wikitext_starts[run + 1] if run + 1 < len(self.wikitext_starts) else self.length
        return following - self.wikitext_starts[run]

    def file_start(self, w: int) -> int:
        if w >= self.length:
            return self.file_end_of_text
        run = self._run(w)
        return self.file_starts[run] + (w - self.wikitext_starts[run] if self.copied(run) else 0)

    def file_end(self, w: int) -> int:
        if w <= 0:
            return self.file_start(0)
        run = self._run(w - 1)
        return self.file_starts[run] + (w - self.wikitext_starts[run]) if self.copied(run) else self.file_ends[run]

    def pieces(self, start: int, end: int) -> list[tuple]:
        """(wikitext start, wikitext end, file start, file end, copied) for the runs of [start, end)."""
        found = []
        if start >= end:
            return found
        starts, file_starts, file_ends = self.wikitext_starts, self.file_starts, self.file_ends
        last = len(starts) - 1
        run = bisect.bisect_right(starts, start) - 1
        while run <= last and starts[run] < end:
            run_start = starts[run]
            run_end = starts[run + 1] if run < last else self.length
            w0, w1 = (start if start > run_start else run_start), (end if end < run_end else run_end)
            if file_ends[run] - file_starts[run] == run_end - run_start:
                offset = file_starts[run] - run_start
                found.append((w0, w1, w0 + offset, w1 + offset, True))
            else:
                found.append((w0, w1, file_starts[run], file_ends[run], False))
            run += 1
        return found


@dataclass(eq=False, repr=False)
class ExportRevision:
    revision_id: int
    parent_id: int | None
    timestamp: str  # as the export writes it: 2019-05-20T08:15:00Z
    contributor: str | None  # user name, or IP address; None when hidden
    contributor_id: int | None
    minor: bool
    comment: str | None
    model: str | None
    format: str | None
    sha1: str | None
    wikitext: str | None  # None when the export leaves the text out (deleted or suppressed)
    in_file: TextInFile | None
    line: int  # where <revision> opens in the file, for messages


@dataclass(eq=False, repr=False)
class ExportPage:
    title: str
    title_file_span: tuple[int, int]
    namespace: int | None
    page_id: int | None
    site: str | None
    revisions: list[ExportRevision]


_REVISION_FIELDS = {"id", "parentid", "timestamp", "comment", "model", "format", "sha1"}
_CONTRIBUTOR_FIELDS = {"username", "ip", "id"}
_PAGE_FIELDS = {"title", "ns", "id"}


class _Reader:
    """The expat callbacks: an element stack, the page and revision being read, text with its places."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = False  # one callback per piece of text, so each has its own place
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.stack: list[str] = []
        self.pages: list[dict] = []
        self.revision: dict | None = None
        self.collect: list | None = None  # pieces of text being read: (file char offset, data)
        self.site_name: list | None = None
        self.site: str | None = None
        # byte offset -> character offset, advanced as the events come (they come in file order)
        self._byte, self._char = 0, 0

    def char_at(self, byte: int) -> int:
        if byte > self._byte:
            self._char += len(self.raw[self._byte:byte].decode("utf-8"))
            self._byte = byte
        return self._char

    def here(self) -> int:
        return self.char_at(self.parser.CurrentByteIndex)

    def doctype(self, *_args):
        raise ExportError(f"line {self.parser.CurrentLineNumber}: a document type declaration; "
                          "a MediaWiki export has none")

    def start(self, name, attributes):
        local = name.rpartition(" ")[2]
        parent = self.stack[-1] if self.stack else None
        self.stack.append(local)
        if parent is None and local != "mediawiki":
            raise ExportError(f"line {self.parser.CurrentLineNumber}: the document is <{local}>, not a MediaWiki "
                              "export (<mediawiki>)")
        if local == "page" and parent == "mediawiki":
            self.pages.append({"title": None, "ns": None, "id": None, "revisions": [],
                               "line": self.parser.CurrentLineNumber})
        elif local == "revision" and parent == "page":
            self.revision = {"line": self.parser.CurrentLineNumber, "minor": False, "contributor": None,
                             "contributor_id": None, "text": None, "in_file": None}
        elif local == "sitename" and parent == "siteinfo":
            self.site_name = []
        elif self.revision is not None and parent == "revision" and local == "minor":
            self.revision["minor"] = True
        elif self.revision is not None and parent == "revision" and local == "text":
            self.collect = []
            self.text_attributes = attributes
        elif (parent == "page" and local in _PAGE_FIELDS) or \
                (self.revision is not None and parent == "revision" and local in _REVISION_FIELDS) or \
                (self.revision is not None and parent == "contributor" and local in _CONTRIBUTOR_FIELDS):
            self.collect = []

    def data(self, text):
        # Called for every piece of text (an export's wikitext comes in hundreds of thousands of them):
        # only the byte offset is taken here; ``_places`` makes them character offsets.
        if self.collect is not None:
            self.collect.append((self.parser.CurrentByteIndex, text))
        elif self.site_name is not None:
            self.site_name.append(text)

    def _places(self, pieces: list) -> list:
        """(byte offset, text) -> (character offset, text), and the character offset where they end."""
        end_byte = self.parser.CurrentByteIndex
        if not pieces:
            return [], self.char_at(end_byte)
        first_byte = pieces[0][0]
        first = self.char_at(first_byte)
        segment = self.raw[first_byte:end_byte]
        if segment.isascii():  # one byte, one character
            return [(first + byte - first_byte, text) for byte, text in pieces], self.char_at(end_byte)
        # A character takes one byte plus one per UTF-8 continuation byte: a byte offset is a character
        # offset once the continuation bytes before it are taken off.
        continuations = [first_byte + match.start() for match in _CONTINUATION_BYTE.finditer(segment)]
        placed = [(first + byte - first_byte - bisect.bisect_left(continuations, byte), text)
                  for byte, text in pieces]
        return placed, self.char_at(end_byte)

    def end(self, name):
        local = self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if local == "sitename" and self.site_name is not None:
            self.site, self.site_name = "".join(self.site_name), None
        elif local == "revision" and parent == "page" and self.revision is not None:
            self.pages[-1]["revisions"].append(self.revision)
            self.revision = None
        elif self.collect is not None:
            pieces, end = self._places(self.collect)
            self.collect = None
            value = "".join(text for _, text in pieces)
            if local == "text":
                self._text(pieces, value, end)
            elif parent == "page":
                self.pages[-1][local] = value
                if local == "title":
                    self.pages[-1]["title_span"] = (pieces[0][0] if pieces else end, end)
            elif parent == "contributor":
                key = "contributor_id" if local == "id" else "contributor"
                self.revision[key] = value
            else:
                self.revision[local] = value

    def _text(self, pieces, value, end):
        if self.text_attributes.get("deleted") is not None or \
                (not pieces and self.text_attributes.get("location") is not None):
            return  # the export leaves this revision's text out
        in_file = TextInFile(length=len(value), file_end_of_text=end)
        ends = [start for start, _ in pieces[1:]] + [in_file.file_end_of_text]
        w, last_copied = 0, False
        for (start, text), end in zip(pieces, ends):
            # Copied when the file holds as many characters here as the text: a reference ("&amp;") or a CRLF
            # read as one newline takes more; a lone CR read as a newline is the one case of as many.
            copied = end - start == len(text) and (text != "\n" or self.file_text[start] == "\n")
            file_end = start + len(text) if copied else end
            if copied and last_copied and in_file.file_ends[-1] == start:
                in_file.file_ends[-1] = file_end  # one run while the file holds the text as it is
            else:
                in_file.wikitext_starts.append(w)
                in_file.file_starts.append(start)
                in_file.file_ends.append(file_end)
            w += len(text)
            last_copied = copied
        self.revision["text"], self.revision["in_file"] = value, in_file


def read_export(text: str) -> ExportPage:
    """The page an export holds, with its revisions in file order (see the module docstring)."""
    raw = text.encode("utf-8")
    reader = _Reader(raw)
    reader.file_text = text
    try:
        reader.parser.Parse(raw, True)
    except expat.ExpatError as error:
        raise ExportError(f"line {error.lineno}, column {error.offset + 1}: not well-formed XML "
                          f"({expat.ErrorString(error.code)})") from None
    pages = reader.pages
    if not pages:
        raise ExportError("the export holds no page")
    if len(pages) > 1:
        titles = ", ".join(repr(page["title"]) for page in pages[:3]) + (", ..." if len(pages) > 3 else "")
        raise ExportError(f"the export holds {len(pages)} pages ({titles}); a source is the history of one "
                          "page: export each page to a file of its own and give each its manifest entry")
    page = pages[0]
    if not page["title"]:
        raise ExportError(f"line {page['line']}: the page has no <title>")
    if not page["revisions"]:
        raise ExportError(f"line {page['line']}: the page {page['title']!r} holds no revisions")
    revisions = [_revision(raw_revision) for raw_revision in page["revisions"]]
    seen: dict[int, int] = {}
    for revision in revisions:
        if revision.revision_id in seen:
            raise ExportError(f"line {revision.line}: revision {revision.revision_id} is listed twice "
                              f"(first at line {seen[revision.revision_id]})")
        seen[revision.revision_id] = revision.line
    return ExportPage(title=page["title"], title_file_span=page.get("title_span", (0, 0)),
                      namespace=_integer(page["ns"], page["line"], "<ns>"),
                      page_id=_integer(page["id"], page["line"], "the page's <id>"),
                      site=reader.site, revisions=revisions)


def _integer(value: str | None, line: int, what: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise ExportError(f"line {line}: {what} is {value!r}, not a number") from None


def _revision(raw: dict) -> ExportRevision:
    line = raw["line"]
    revision_id = _integer(raw.get("id"), line, "the revision's <id>")
    if revision_id is None:
        raise ExportError(f"line {line}: a revision with no <id>")
    timestamp = (raw.get("timestamp") or "").strip()
    if not timestamp:
        raise ExportError(f"line {line}: revision {revision_id} has no <timestamp>")
    model = (raw.get("model") or "").strip() or None
    if model not in (None, "wikitext"):
        raise ExportError(f"line {line}: revision {revision_id} is in the content model {model!r}, not wikitext")
    return ExportRevision(
        revision_id=revision_id, parent_id=_integer(raw.get("parentid"), line, "<parentid>"), timestamp=timestamp,
        contributor=raw["contributor"], contributor_id=_integer(raw["contributor_id"], line, "the contributor's <id>"),
        minor=raw["minor"], comment=raw.get("comment"), model=model, format=(raw.get("format") or "").strip() or None,
        sha1=(raw.get("sha1") or "").strip() or None, wikitext=raw["text"], in_file=raw["in_file"], line=line)
