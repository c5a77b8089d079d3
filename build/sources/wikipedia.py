"""Parse a Wikipedia article about a person, in either of two renderings.

``parse_wikipedia(source_id, text)`` recognises the form by its first line:

* ``rendered`` -- the plain text of the rendered page::

      José Serrano (Ecuadorian politician)            <- title
      José Serrano | |                                <- infobox (build.sources.infobox_rendered)
      ---|---|
      ...
      <lead paragraphs, one per line>
      Personal life                                   <- a heading: the next line
      [edit]José Serrano, born on ...[1] ...             opens with "[edit]"
      Education[edit]                                 <- or the marker ends the heading
      References
      [edit]- ^ a b c (in Spanish) "Curriculum Vitae" ...   <- reference 1
      - ^ "El nuevo titular ..."                            <- reference 2

* ``wikitext`` -- a wiki-like markup::

      = José Serrano (Ecuadorian politician) =        <- title
      José Serrano                                    <- caption (optional)
      - Office1: 3rd President of the National Assembly   (build.sources.infobox_wikitext)
      <lead paragraphs separated by blank lines>
      ==Personal life==

Both give infobox fields in one vocabulary (``build.sources.infobox.KEYS``; a label
with no key is kept with key None).  The infobox is optional.

Spans are 0-based, end-exclusive ``str`` indices into the raw ``text`` (CRLF
or LF alike), starting at the first and ending after the last
non-whitespace character covered.  Invariants, for a document ``d``::

    text[d.title_start:d.title_end] == d.title
    text[f["char_start"]:f["char_end"]] == f["value"]       # infobox fields
    text[r["char_start"]:r["char_end"]] == r["text"]        # references
    text[c["char_start"]:c["char_end"]] == f"[{c['number']}]"  # citations
    " ".join(text[s:e].split()) == p["text"]                # sections, paragraphs
    " ".join(strip_marks(text[s:e]).split()) == p["text"]   # sentences
    text[p["heading_start"]:p["heading_end"]] == p["section"]  # sections with a heading

A section's span runs from its first body character (in the rendered form the
"[edit]" marker) to the end of its last paragraph; its heading is outside it.

Real pages vary, so the parser is lenient wherever a reading is still sure: a
heading with no text after it, a line with no words, an unrecognised line in
the References are kept or skipped, never fatal.  Only a document with no
recognisable structure (empty, no title, no article text) raises
``LayoutError`` naming the line and what was expected there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..common.errors import LayoutError
from .infobox import KEYS
from .infobox_rendered import MAX_LINES_BEFORE_INFOBOX, TABLE_RULE, infobox_start, parse_rendered_infobox
from .infobox_wikitext import is_row, parse_wikitext_infobox
from ..common.lazy_re import LazyPattern
from .passages import Passage
from .references import read_reference
from .sentences import Sentence, split_sentences, strip_marks
from .textlines import Line, lines_of, next_content

__all__ = ["KEYS", "WikiDocument", "parse_wikipedia", "strip_marks"]


# eq=False, repr=False: nothing compares or prints these dataclasses, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class WikiDocument:
    source_id: str
    form: str  # "rendered" or "wikitext"
    title: str
    title_start: int
    title_end: int
    # {block, key, label, value, char_start, char_end}, in document order.
    infobox_fields: list[dict] = field(default_factory=list)
    # {section, kind, ordinal, parent, text, char_start, char_end,
    #  heading_start, heading_end} (``build.sources.passages``): each section, then its paragraphs,
    # each paragraph followed by its sentences.
    passages: list[Passage] = field(default_factory=list)
    # {number, text, char_start, char_end, and the fields build.sources.references reads: language,
    # title, publisher, published, archived (each with <name>_start, <name>_end), citation_end};
    # rendered form only.
    references: list[dict] = field(default_factory=list)
    # {number, char_start, char_end}: every "[n]" outside the References.
    citations: list[dict] = field(default_factory=list)
    # The passages of kind "sentence", as spans with their section, in document order.
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class _Section:
    name: str
    heading: tuple[int, int] | None  # span of the name; None for the lead
    line: int
    paragraphs: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, line


# --- the rendered form ------------------------------------------------------

_EDIT = "[edit]"


# A heading of a page copied without its "[edit]" links: a short line that starts with a capital and
# ends without punctuation ("Early life and education", "Political career", "References").  A line of
# prose ends with a full stop or a citation mark; a list item starts with its marker.
_BARE_HEADING = LazyPattern(r"[^\W\d_]+(?:[ ,'’-]+[^\W_][\w'’-]*){0,5}")


# What the web page prints under the article when a whole page is copied: no text of the article.
_PAGE_FOOTER = re.compile(r"This page was last edited on |Retrieved from [\"“]https?://|Text is available under the "
                          r"Creative Commons")


def _is_bare_heading(lines: list[Line], i: int) -> bool:
    """Only for a page with no "[edit]" at all: a heading-like line followed by a longer line."""
    line = lines[i]
    return (i + 1 < len(lines) and line.text[:1].isupper() and _BARE_HEADING.fullmatch(line.text) is not None
            and len(lines[i + 1].text) > len(line.text))


def _rendered_body(text: str, lines: list[Line]) -> list[_Section]:
    """Every non-blank line is a paragraph, or a heading when the next line opens with
    "[edit]" or the line itself ends with it.  On a page copied without any "[edit]" link, a short
    line with no closing punctuation, followed by a longer one, is a heading (``_BARE_HEADING``)."""
    lines = [line for line in lines if line.text]
    sections = [_Section("lead", None, lines[0].no if lines else 0)]
    bare = not any(_EDIT in line.text for line in lines)
    for i, line in enumerate(lines):
        next_opens = i + 1 < len(lines) and lines[i + 1].text.startswith(_EDIT)
        if line.text == _EDIT or _PAGE_FOOTER.match(line.text):
            continue  # a marker alone on its line, after its heading; the footer of the web page
        if bare and i > 0 and _is_bare_heading(lines, i):
            sections.append(_Section(line.text, (line.start, line.end), line.no))
        elif next_opens and not line.text.startswith(_EDIT):
            sections.append(_Section(line.text, (line.start, line.end), line.no))
        elif line.text.endswith(_EDIT) and len(line.text) > len(_EDIT) and len(line.text.split()) <= 12:
            name_end = line.end - len(_EDIT)
            while name_end > line.start and text[name_end - 1].isspace():
                name_end -= 1
            sections.append(_Section(text[line.start:name_end], (line.start, name_end), line.no))
        else:
            sections[-1].paragraphs.append((line.start, line.end, line.no))
    return sections


# The section holding what a copied page prints between its title and the infobox: the site's
# lines and the hatnotes, kept as passages but no statements of the article (``is_navigation_section``).
PAGE_HEADER = "page header"
# The site's own lines, recognised above an article that has no infobox: the tagline, the skip links,
# a redirect notice and the hatnotes ("For other people named ...", "This name uses Spanish naming
# customs ...").
_SITE_LINE = LazyPattern(
    r"From Wikipedia, the free encyclopedia|Jump to (?:navigation|search|content)|\(Redirected from [^()]+\)"
    r"|(?:For (?:other|the) |This article is about |Not to be confused with |This (?:name|article) uses |"
    r"\S.{0,80} redirects here\.|Main article: |See also: |Further information: ).*", re.I)


def _parse_rendered(sid: str, text: str, lines: list[Line]):
    content = [line for line in lines if line.text]
    title = content[0]
    if "|" in title.text or TABLE_RULE.fullmatch(title.text):
        raise LayoutError(sid, f"line {title.no}: expected the article title, found an infobox row")
    start = infobox_start(content[1:])
    if start is None:  # no infobox: only the site's own lines are the page's, the rest is the article
        start = 0
        while start < MAX_LINES_BEFORE_INFOBOX and 1 + start < len(content) and \
                _SITE_LINE.fullmatch(content[1 + start].text):
            start += 1
        fields, used = [], 0
    else:
        fields, used = parse_rendered_infobox(sid, text, content[1 + start:])
    sections = _rendered_body(text, content[1 + start + used:])
    header = content[1:1 + start]
    if header:
        sections.insert(0, _Section(PAGE_HEADER, None, header[0].no, [(l.start, l.end, l.no) for l in header]))
    return (title.start, title.end), fields, sections


# --- the wikitext form ------------------------------------------------------

_WIKITEXT_TITLE = re.compile(r"=(?!=)\s*(?P<title>.*?\S)\s*(?<!=)=")
_WIKITEXT_HEADING = re.compile(r"(?P<level>={2,6})\s*(?P<name>.*?\S)\s*(?P=level)")


def _wikitext_body(lines: list[Line]) -> list[_Section]:
    """Paragraphs are runs of lines between blank lines and ==headings==."""
    sections = [_Section("lead", None, 0)]
    paragraph: list | None = None  # [start, end, line] being read

    def close():
        nonlocal paragraph
        if paragraph:
            sections[-1].paragraphs.append(tuple(paragraph))
        paragraph = None

    for line in lines:
        heading = _WIKITEXT_HEADING.fullmatch(line.text)
        if heading:
            close()
            start = line.start + heading.start("name")
            sections.append(_Section(heading["name"], (start, line.start + heading.end("name")), line.no))
        elif not line.text:
            close()
        elif paragraph is None:
            paragraph = [line.start, line.end, line.no]
            if not sections[-1].line:
                sections[-1].line = line.no
        else:
            paragraph[1] = line.end
    close()
    return sections


def _parse_wikitext(sid: str, text: str, lines: list[Line]):
    t = next_content(lines, 0)
    title = lines[t]
    match = _WIKITEXT_TITLE.fullmatch(title.text)
    i = next_content(lines, t + 1)
    # An optional caption (the name above the picture) sits between title and infobox.
    caption = []
    if i < len(lines) and not is_row(lines[i]):
        k = next_content(lines, i + 1)
        if k < len(lines) and is_row(lines[k]):
            line = lines[i]
            caption = [{"block": "caption", "key": "name", "label": "name", "value": line.text,
                        "char_start": line.start, "char_end": line.end}]
            i = k
    rows = []
    while i < len(lines) and is_row(lines[i]):
        rows.append(lines[i])
        i = next_content(lines, i + 1)
    title_span = (title.start + match.start("title"), title.start + match.end("title"))
    return title_span, caption + parse_wikitext_infobox(sid, text, rows), _wikitext_body(lines[i:])


# --- shared: passages, references, citations ---------------------------------

_CITATION = re.compile(r"\[(\d+)\]")
# A list marker ("- ", "* ", "1. "), "^", then the backlink letters of a
# reused reference ("a b c ", or "Jump up to: a b "), which always run from "a"
# and number at least two.
_REFERENCE_ITEM = re.compile(
    r"(?:\[edit\])?(?:[-*•]|\d{1,3}\.)?\s*\^\s*(?:(?:Jump up to:\s*)?a(?:\s[b-z])+\s+)?(?=\S)")
# A lettered note mark in the article ("[a]"): its notes are listed apart from the numbered references.
_LETTERED_NOTE = re.compile(r"\[[a-z]\]")
_NOTES_SECTIONS = ("notes", "footnotes", "explanatory notes")


def _has_words(raw: str) -> bool:
    return any(ch.isalnum() for ch in strip_marks(raw))


def _passage(section, kind, ordinal, parent, text, start, end, heading=None) -> Passage:
    return Passage(section, kind, ordinal, parent, text, start, end,
                   heading[0] if heading else None, heading[1] if heading else None)


def _passages(text: str, sections: list[_Section]) -> list[Passage]:
    passages: list[Passage] = []
    for section in sections:
        # A line with no letter or digit ("—", a lone "[edit]") says nothing to cite.
        paragraphs = [p for p in section.paragraphs if _has_words(text[p[0]:p[1]])]
        if not paragraphs:
            continue  # a heading with no text under it: nothing to quote
        section_index = len(passages)
        number = sum(1 for p in passages if p["kind"] == "section") + 1
        passages.append(_passage(section.name, "section", number, None, text, paragraphs[0][0],
                                 paragraphs[-1][1], section.heading))
        for p_number, (start, end, _line) in enumerate(paragraphs, 1):
            paragraph_index = len(passages)
            passages.append(_passage(section.name, "paragraph", p_number, section_index, text, start, end))
            for s_number, (s, e) in enumerate(split_sentences(text, start, end), 1):
                passages.append(_passage(section.name, "sentence", s_number, paragraph_index, text, s, e))
    return passages


def is_references_section(name: str | None) -> bool:
    """Whether a section of this name holds the references, not article text."""
    return (name or "").lower() in ("references", "notes", "citations", "notes and references")


def is_navigation_section(name: str | None) -> bool:
    """Whether a section of this name lists links to other pages ("See also", "External links",
    "Further reading"; the succession boxes a rendered page prints under them), not statements; nor is
    the page header (the site's lines and hatnotes above the infobox)."""
    return (name or "").lower() in ("see also", "external links", "further reading", PAGE_HEADER)


def _is_references(section: _Section) -> bool:
    return is_references_section(section.name)


def _references(text: str, sections: list[_Section]) -> list[dict]:
    """Numbered in order; a line that is no "^" item continues the reference before it.  When the
    article cites lettered notes ("[a]") and lists them in a "Notes" section beside its references,
    that section is left out of the numbering (its text stays a section of the page).  Each is
    then read as data (``build.sources.references.read_reference``: title, publisher, dates, each with its
    span, and where the citation ends)."""
    listed = [section for section in sections if _is_references(section)]
    if len(listed) > 1 and _LETTERED_NOTE.search(text):
        # "Notes" then "References", and the article cites both "[a]" and "[1]": the notes are the
        # lettered ones, so numbering them with the references would shift every "[n]" onto the wrong one.
        listed = [s for s in listed if (s.name or "").lower() not in _NOTES_SECTIONS] or listed
    references = []
    for section in listed:
        for start, end, _line in section.paragraphs:
            match = _REFERENCE_ITEM.match(text, start, end)
            if match:
                references.append({"number": len(references) + 1, "text": text[match.end():end],
                                   "char_start": match.end(), "char_end": end})
            elif references:
                last = references[-1]
                last["char_end"] = end
                last["text"] = text[last["char_start"]:end]
    for reference in references:
        reference.update(read_reference(text, reference["char_start"], reference["char_end"]))
    return references


def _citations(text: str, sections: list[_Section]) -> list[dict]:
    return [
        {"number": int(m[1]), "char_start": m.start(), "char_end": m.end()}
        for section in sections if not _is_references(section)
        for start, end, _ in section.paragraphs
        for m in _CITATION.finditer(text, start, end)
    ]


def parse_wikipedia(source_id: str, text: str) -> WikiDocument:
    """Parse either rendering of the article (see the module docstring)."""
    lines = lines_of(text)
    first = next_content(lines, 0)
    if first == len(lines):
        raise LayoutError(source_id, "line 1: expected the article title, found an empty document")
    if _WIKITEXT_TITLE.fullmatch(lines[first].text):
        form, (title_span, fields, sections) = "wikitext", _parse_wikitext(source_id, text, lines)
    else:
        form, (title_span, fields, sections) = "rendered", _parse_rendered(source_id, text, lines)
    passages = _passages(text, sections)
    if not passages:
        raise LayoutError(source_id, f"line {lines[first].no}: expected article text after the title "
                                     "and infobox, found none")
    return WikiDocument(
        source_id=source_id, form=form, title=text[slice(*title_span)],
        title_start=title_span[0], title_end=title_span[1], infobox_fields=fields,
        passages=passages,
        references=_references(text, sections) if form == "rendered" else [],
        citations=_citations(text, sections),
        sentences=[Sentence(p["char_start"], p["char_end"], p["section"]) for p in passages
                   if p["kind"] == "sentence"],
    )
