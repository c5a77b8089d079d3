"""Parse a Wikipedia article about a politician, in either of two renderings.

``parse_wikipedia(source_id, text)`` recognises the form by its first line:

* ``rendered`` -- the plain text of the rendered page::

      José Serrano (Ecuadorian politician)            <- title
      José Serrano | |                                <- infobox caption row
      ---|---|
      3rd President of the National Assembly | |      <- office name: a new block
      In office 14 May 2017 – 9 March 2018 | |        <- term_start, term_end
      Preceded by | Gabriela Rivadeneira |
      Personal details | |                            <- the "personal" block
      Born | Cuenca, Ecuador | 19 November 1970      <- birth_place, birth_date
      Alma mater | Universidad ... Universidad ... |
      <lead paragraphs, one per line>
      Personal life                                   <- a heading: the next line
      [edit]José Serrano, born on ...[1] ...             opens with "[edit]"
      References
      [edit]- ^ a b c (in Spanish) "Curriculum Vitae" ...   <- reference 1
      - ^ "El nuevo titular ..."                            <- reference 2

* ``wikitext`` -- a wiki-like markup::

      = José Serrano (Ecuadorian politician) =        <- title
      José Serrano                                    <- caption (optional)
      - Office1: 3rd President of the National Assembly
      - Term Start1: 14 May 2017                      <- numbered office keys
      - Birth Place: Cuenca, Ecuador                  <- unnumbered personal keys
      <lead paragraphs separated by blank lines>
      ==Personal life==

Both give infobox fields in one vocabulary (``KEYS``); office blocks are
numbered "1", "2", ... in document order and personal fields are in block
"personal".

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

Anything not recognised raises ``LayoutError`` naming the line and what was
expected there; the parser never returns a partial or empty document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build.errors import LayoutError
from build.sentences import split_sentences, strip_marks, trim_span

__all__ = ["KEYS", "WikiDocument", "parse_wikipedia", "strip_marks"]

# The one infobox vocabulary of both forms.
OFFICE_KEYS = ("office", "term_start", "term_end", "predecessor", "successor", "president")
PERSONAL_KEYS = ("birth_place", "birth_date", "alma_mater")
KEYS = OFFICE_KEYS + PERSONAL_KEYS


@dataclass
class WikiDocument:
    source_id: str
    form: str  # "rendered" or "wikitext"
    title: str
    title_start: int
    title_end: int
    # {block, key, value, char_start, char_end}, in document order.
    infobox_fields: list[dict] = field(default_factory=list)
    # {section, kind, ordinal, parent, text, char_start, char_end,
    #  heading_start, heading_end}: each section, then its paragraphs, each
    # paragraph followed by its sentences.
    passages: list[dict] = field(default_factory=list)
    # {number, text, char_start, char_end}; rendered form only.
    references: list[dict] = field(default_factory=list)
    # {number, char_start, char_end}: every "[n]" outside the References.
    citations: list[dict] = field(default_factory=list)


# --- lines and spans --------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class _Line:
    no: int  # 1-based line number, for error messages
    start: int  # span of the line without its surrounding whitespace
    end: int
    text: str  # == source[start:end]; "" for a blank line


def _lines(text: str) -> list[_Line]:
    # Our own splitting, not str.splitlines(): that also breaks on form feeds
    # and U+2028, which would shift line numbers away from what an editor shows.
    bounds, pos = [], 0
    for match in _NEWLINE.finditer(text):
        bounds.append((pos, match.start()))
        pos = match.end()
    bounds.append((pos, len(text)))
    lines = []
    for no, (start, end) in enumerate(bounds, 1):
        start, end = trim_span(text, start, end)
        lines.append(_Line(no, start, end, text[start:end]))
    return lines


def _next_content(lines: list[_Line], i: int) -> int:
    """Index of the first non-blank line at or after ``i`` (len(lines) if none)."""
    while i < len(lines) and not lines[i].text:
        i += 1
    return i


@dataclass
class _Section:
    name: str
    heading: tuple[int, int] | None  # span of the name; None for the lead
    line: int
    paragraphs: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, line


class _Infobox:
    """Collects fields, refusing duplicates and office blocks without a name."""

    def __init__(self, source_id: str, text: str):
        self.source_id, self.text = source_id, text
        self.fields: list[dict] = []
        self.block_lines: dict[str, int] = {}  # block -> line where it starts

    def add(self, block: str, key: str, start: int, end: int, line: int) -> None:
        self.block_lines.setdefault(block, line)
        if key != "alma_mater" and any(f["block"] == block and f["key"] == key for f in self.fields):
            raise LayoutError(self.source_id, f"line {line}: second '{key}' in infobox block {block}")
        self.fields.append({"block": block, "key": key, "value": self.text[start:end],
                            "char_start": start, "char_end": end})

    def finish(self) -> list[dict]:
        named = {f["block"] for f in self.fields if f["key"] == "office"}
        for block, line in self.block_lines.items():
            if block != "personal" and block not in named:
                raise LayoutError(self.source_id, f"line {line}: office block {block} has no office name")
        return self.fields


# Alma mater rule.  The rendered page jams list items together
# ("Universidad San Francisco de Quito Universidad del Azuay"), so when a value
# *begins* with one of these head words, every later occurrence of that same
# word starts another institution.  A value not beginning with one
# ("Pontificia Universidad Católica", "Harvard University") is one institution.
# The wikitext separates institutions with commas, so it is split there first
# (a name containing a comma, "University of California, Berkeley", would be
# split too; the sources have none).
_INSTITUTION_HEADS = frozenset(
    "Universidad Universidade University Universität Université Università "
    "Escuela Colegio Instituto Institut Institute".split()
)


def _institutions(text: str, start: int, end: int, comma_separated: bool) -> list[tuple[int, int]]:
    pieces, pos = [], start
    if comma_separated:
        for match in re.finditer(",", text[start:end]):
            pieces.append(trim_span(text, pos, start + match.start()))
            pos = start + match.end()
    pieces.append(trim_span(text, pos, end))
    spans = []
    for s, e in pieces:
        value = text[s:e]
        head = value.split(None, 1)[0] if value else ""
        cuts = [s]
        if head in _INSTITUTION_HEADS:
            cuts += [s + m.start() for m in re.finditer(rf"(?<=\s){re.escape(head)}\b", value)]
        cuts.append(e)
        spans += [trim_span(text, a, b) for a, b in zip(cuts, cuts[1:])]
    return [span for span in spans if span[0] < span[1]]


# --- the rendered form ------------------------------------------------------

_TABLE_RULE = re.compile(r"\|?\s*-{3,}\s*(?:\|\s*-{3,}\s*)*\|?")
_IN_OFFICE = re.compile(r"In office\s+(?P<start>\S.*?)\s+[–—-]\s+(?P<end>\S.*)", re.I)
_ASSUMED_OFFICE = re.compile(r"Assumed office\s+(?P<start>\S.*)", re.I)
_RENDERED_LABELS = {
    "preceded by": "predecessor",
    "succeeded by": "successor",
    "president": "president",
    "born": "born",  # birth_place and/or birth_date
    "alma mater": "alma_mater",
}
_YEAR = re.compile(r"\b\d{4}\b")


def _cells(text: str, line: _Line) -> list[tuple[int, int]]:
    """Trimmed spans of the '|'-separated cells of an infobox row."""
    cells, pos = [], line.start
    for part in line.text.split("|"):
        cells.append(trim_span(text, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def _rendered_infobox(sid: str, text: str, rows: list[_Line]) -> list[dict]:
    box, block, offices = _Infobox(sid, text), None, 0
    for row in rows:
        (ls, le), *rest = _cells(text, row)
        label = text[ls:le]
        values = [cell for cell in rest if cell[0] < cell[1]]
        if not label:
            raise LayoutError(sid, f"line {row.no}: expected a label in the first cell of the infobox row")
        term = _IN_OFFICE.fullmatch(label) or _ASSUMED_OFFICE.fullmatch(label)
        if term:
            if block in (None, "personal"):
                raise LayoutError(sid, f"line {row.no}: term '{label}' is not in an office block; "
                                       "expected an office name row ('Office | |') before it")
            for part in term.re.groupindex:  # start, and end unless "Assumed office"
                box.add(block, f"term_{part}", ls + term.start(part), ls + term.end(part), row.no)
        elif not values and label.lower() == "personal details":
            block = "personal"
        elif not values:
            # A label alone is an office name, which opens the next office block.
            if block == "personal":
                raise LayoutError(sid, f"line {row.no}: expected 'Label | value' in the personal "
                                       f"details, found '{label}' with no value")
            offices += 1
            block = str(offices)
            box.add(block, "office", ls, le, row.no)
        else:
            key = _RENDERED_LABELS.get(label.lower())
            if key is None:
                raise LayoutError(sid, f"line {row.no}: unknown infobox label '{label}' "
                                       f"(expected one of: {', '.join(_RENDERED_LABELS)})")
            personal = key in ("born", "alma_mater")
            if block is None or personal != (block == "personal"):
                where = "after 'Personal details'" if personal else "in an office block"
                raise LayoutError(sid, f"line {row.no}: expected '{label}' {where}")
            if key == "born":
                _born(sid, box, text, values, row)
            elif key == "alma_mater":
                for cell in values:
                    for s, e in _institutions(text, *cell, comma_separated=False):
                        box.add(block, "alma_mater", s, e, row.no)
            elif len(values) != 1:
                raise LayoutError(sid, f"line {row.no}: expected one value for '{label}', found {len(values)}")
            else:
                box.add(block, key, *values[0], row.no)
    return box.finish()


def _born(sid: str, box: _Infobox, text: str, values: list, row: _Line) -> None:
    # The page prints "Born | place | date".  A single cell is a date when it
    # holds a four-digit year, otherwise a place.
    if len(values) == 2:
        keys = ["birth_place", "birth_date"]
    elif len(values) == 1:
        keys = ["birth_date" if _YEAR.search(text[slice(*values[0])]) else "birth_place"]
    else:
        raise LayoutError(sid, f"line {row.no}: expected 'Born | place | date', found {len(values)} values")
    for key, (s, e) in zip(keys, values):
        box.add("personal", key, s, e, row.no)


def _rendered_body(sid: str, text: str, lines: list[_Line]) -> list[_Section]:
    """Every non-blank line is a paragraph, or a heading when the next opens with [edit]."""
    lines = [line for line in lines if line.text]
    sections = [_Section("lead", None, lines[0].no if lines else 0)]
    for i, line in enumerate(lines):
        is_heading = i + 1 < len(lines) and lines[i + 1].text.startswith("[edit]")
        if line.text.startswith("[edit]") and (i == 0 or is_heading):
            raise LayoutError(sid, f"line {line.no}: expected a section name on its own line "
                                   "before this '[edit]' line")
        if is_heading:
            sections.append(_Section(line.text, (line.start, line.end), line.no))
        else:
            sections[-1].paragraphs.append((line.start, line.end, line.no))
    return sections


def _parse_rendered(sid: str, text: str, lines: list[_Line]):
    content = [line for line in lines if line.text]
    title = content[0]
    if "|" in title.text or _TABLE_RULE.fullmatch(title.text):
        raise LayoutError(sid, f"line {title.no}: expected the article title, found an infobox row")
    if len(content) < 3 or "|" not in content[1].text or not _TABLE_RULE.fullmatch(content[2].text):
        line = content[1].no if len(content) > 1 else title.no + 1
        raise LayoutError(sid, f"line {line}: expected the infobox after the title "
                               "(a 'Name | |' row, then a '---|---|' rule)")
    end = 3
    while end < len(content) and "|" in content[end].text:
        end += 1
    if end == 3:
        raise LayoutError(sid, f"line {content[2].no + 1}: expected infobox rows after the '---|---|' rule")
    fields = _rendered_infobox(sid, text, content[3:end])
    return title, (title.start, title.end), fields, _rendered_body(sid, text, content[end:])


# --- the wikitext form ------------------------------------------------------

_WIKITEXT_TITLE = re.compile(r"=(?!=)\s*(?P<title>.*?\S)\s*(?<!=)=")
_WIKITEXT_HEADING = re.compile(r"(?P<level>={2,6})\s*(?P<name>.*?\S)\s*(?P=level)")
_WIKITEXT_ROW = re.compile(r"-\s+(?P<key>[^:]*?)\s*:\s*(?P<value>.*)")
_WIKITEXT_KEY = re.compile(r"(?P<name>[A-Za-z][A-Za-z _]*?)\s*(?P<number>\d*)")


def _wikitext_infobox(sid: str, text: str, rows: list[_Line]) -> list[dict]:
    box, highest = _Infobox(sid, text), 0
    for row in rows:
        match = _WIKITEXT_ROW.fullmatch(row.text)
        if not match:
            raise LayoutError(sid, f"line {row.no}: expected an infobox line '- Key: value'")
        raw_key = match["key"]
        parts = _WIKITEXT_KEY.fullmatch(raw_key)
        key = parts and parts["name"].strip().lower().replace(" ", "_")
        if key not in KEYS:
            raise LayoutError(sid, f"line {row.no}: unknown infobox key '{raw_key}' "
                                   "(expected Office, Term Start, Term End, Predecessor, Successor, "
                                   "President with a block number, or Birth Place, Birth Date, Alma Mater)")
        number = parts["number"]
        if key in OFFICE_KEYS:
            if not number:
                raise LayoutError(sid, f"line {row.no}: expected a block number after '{raw_key}' (e.g. 'Office1')")
            # Blocks are numbered in document order: a new one is the next number.
            if int(number) > highest + 1:
                raise LayoutError(sid, f"line {row.no}: '{raw_key}' opens office block {int(number)}; "
                                       f"expected block {highest + 1} next")
            highest = max(highest, int(number))
            block = str(int(number))
        elif number:
            raise LayoutError(sid, f"line {row.no}: personal key '{raw_key}' must not be numbered")
        else:
            block = "personal"
        start, end = trim_span(text, row.start + match.start("value"), row.start + match.end("value"))
        if start == end:
            raise LayoutError(sid, f"line {row.no}: expected a value after '{raw_key}:'")
        if key == "alma_mater":
            for s, e in _institutions(text, start, end, comma_separated=True):
                box.add(block, key, s, e, row.no)
        else:
            box.add(block, key, start, end, row.no)
    return box.finish()


def _wikitext_body(sid: str, text: str, lines: list[_Line]) -> list[_Section]:
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


def _parse_wikitext(sid: str, text: str, lines: list[_Line]):
    t = _next_content(lines, 0)
    title = lines[t]
    match = _WIKITEXT_TITLE.fullmatch(title.text)
    i = _next_content(lines, t + 1)
    # An optional caption (the image's alt text) sits between title and infobox.
    if i < len(lines) and not lines[i].text.startswith("- "):
        k = _next_content(lines, i + 1)
        if k < len(lines) and lines[k].text.startswith("- "):
            i = k
    rows = []
    while i < len(lines) and lines[i].text.startswith("- "):
        rows.append(lines[i])
        i = _next_content(lines, i + 1)
    if not rows:
        line = lines[i].no if i < len(lines) else title.no + 1
        raise LayoutError(sid, f"line {line}: expected infobox lines '- Key: value' after the title and caption")
    title_span = (title.start + match.start("title"), title.start + match.end("title"))
    return title, title_span, _wikitext_infobox(sid, text, rows), _wikitext_body(sid, text, lines[i:])


# --- shared: passages, references, citations ---------------------------------

_CITATION = re.compile(r"\[(\d+)\]")
# "- ^ " then the backlink letters of a reused reference ("a b c "), which
# always run from "a" and number at least two.
_REFERENCE_ITEM = re.compile(r"(?:\[edit\])?-\s*\^\s*(?:a(?:\s[b-z])+\s+)?(?=\S)")


def _has_words(raw: str) -> bool:
    return any(ch.isalnum() for ch in strip_marks(raw))


def _passage(section, kind, ordinal, parent, text, start, end, heading=None) -> dict:
    raw = text[start:end]
    return {
        "section": section, "kind": kind, "ordinal": ordinal, "parent": parent,
        "text": " ".join((strip_marks(raw) if kind == "sentence" else raw).split()),
        "char_start": start, "char_end": end,
        "heading_start": heading[0] if heading else None,
        "heading_end": heading[1] if heading else None,
    }


def _passages(sid: str, text: str, sections: list[_Section]) -> list[dict]:
    passages: list[dict] = []
    for number, section in enumerate(sections, 1):
        section_index = len(passages)
        first, last = section.paragraphs[0], section.paragraphs[-1]
        passages.append(_passage(section.name, "section", number, None, text, first[0], last[1], section.heading))
        for p_number, (start, end, line) in enumerate(section.paragraphs, 1):
            if not _has_words(text[start:end]):
                raise LayoutError(sid, f"line {line}: expected text in a paragraph of section '{section.name}'")
            paragraph_index = len(passages)
            passages.append(_passage(section.name, "paragraph", p_number, section_index, text, start, end))
            for s_number, (s, e) in enumerate(split_sentences(text, start, end), 1):
                passages.append(_passage(section.name, "sentence", s_number, paragraph_index, text, s, e))
    return passages


def _is_references(section: _Section) -> bool:
    return section.name.lower() == "references"


def _references(sid: str, text: str, sections: list[_Section]) -> list[dict]:
    references = []
    for section in filter(_is_references, sections):
        for start, end, line in section.paragraphs:
            match = _REFERENCE_ITEM.match(text, start, end)
            if not match:
                raise LayoutError(sid, f"line {line}: expected a reference item '- ^ ...' in References")
            references.append({"number": len(references) + 1, "text": text[match.end():end],
                               "char_start": match.end(), "char_end": end})
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
    lines = _lines(text)
    first = _next_content(lines, 0)
    if first == len(lines):
        raise LayoutError(source_id, "line 1: expected the article title, found an empty document")
    if _WIKITEXT_TITLE.fullmatch(lines[first].text):
        form, (title, title_span, fields, sections) = "wikitext", _parse_wikitext(source_id, text, lines)
    else:
        form, (title, title_span, fields, sections) = "rendered", _parse_rendered(source_id, text, lines)
    for section in sections[1:]:
        if not section.paragraphs:
            raise LayoutError(source_id, f"line {section.line}: expected text after the heading "
                                         f"'{section.name}'")
    if not sections[0].paragraphs:  # an article may open directly with a heading
        sections = sections[1:]
    if not sections:
        raise LayoutError(source_id, f"line {title.no}: expected article text after the infobox, found none")
    return WikiDocument(
        source_id=source_id, form=form, title=text[slice(*title_span)],
        title_start=title_span[0], title_end=title_span[1], infobox_fields=fields,
        passages=_passages(source_id, text, sections),
        references=_references(source_id, text, sections) if form == "rendered" else [],
        citations=_citations(text, sections),
    )
