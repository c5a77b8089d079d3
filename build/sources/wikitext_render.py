"""A revision's wikitext rendered as the plain text of its page, with a map back to the wikitext.

``render_wikitext(title, parsed, end, cache)`` (``parsed``: ``build.sources.wikitext.WikitextParser`` output)
writes the page as a reader sees it::

    Marta Quispe Andrade                          <- the title
                                                  
    Marta Quispe Andrade                          <- the infobox, one row per parameter
    Prefect of Azuay                                 (build.sources.wikitext_infobox)
    In office: 14 May 2019 – 14 May 2023
    Preceded by: Carlos Vélez
    ...
                                                  
    Marta Quispe Andrade (born 3 March 1975) is an Ecuadorian politician ...[1]
                                                  
    Early life                                    <- a heading
                                                  
    ...
    References
                                                  
    1. "La nueva prefecta". El Diario. 14 May 2019. Retrieved 3 April 2024.

Markup is gone: links show their text, bold and italics their words, templates what the wiki shows
(``build.sources.wikitext_templates``), a ``<ref>`` its number ("[1]") and, where the page lists
its references (``{{Reflist}}``, ``<references/>``, else at the end under "References"), its
citation.  Comments, categories, files, tables and templates that show no text are left out.
Paragraphs are separated by a blank line, list items by a newline.

Every stretch of the output says where it comes from (``Rendering.runs``: text start, text end,
wikitext start, wikitext end, how): ``copied`` (the same characters), ``rendered`` (markup shown
as other characters: a date template, an HTML entity, "[1]" for a reference), ``added`` (what the
rendering writes between things: labels, separators, list numbers; its wikitext span is the
construct it belongs to, or empty), ``title`` (the page's title, which is not in the wikitext).
The runs cover the text without gap or overlap.  Deterministic: the same wikitext gives the same
text, runs and structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mwparserfromhell.nodes import Comment, ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink

from ..common.dates import is_date
from . import wikitext_templates as templates
from .wikitext_infobox import infobox_entries, render_infobox
from .wikitext_pieces import BREAK, TextBuilder, record_links_and_marks, span_of, text_pieces, trimmed

# Link prefixes whose links show no text in the article: categories, files, interlanguage links.
_HIDDEN_LINK_PREFIXES = ("category:", "file:", "image:", "media:")
# Tags shown as their contents; other tags (math, gallery, tables...) show nothing here.
_SHOWN_TAGS = frozenset("b i u s del ins small big sup sub span abbr code q cite font center div blockquote "
                        "poem nowiki p tt strong em mark bdi kbd samp var".split())
_LIST_MARKERS = ("*", "#", ";", ":")
_BEHAVIOUR_SWITCHES = frozenset({"__NOTOC__", "__TOC__", "__FORCETOC__", "__NOEDITSECTION__", "__NOINDEX__",
                                 "__INDEX__", "__NOGALLERY__", "__STATICREDIRECT__", "__DISAMBIG__"})


@dataclass(eq=False, repr=False)
class Section:
    name: str
    heading: tuple[int, int] | None
    line: int = 0
    paragraphs: list = field(default_factory=list)  # (start, end, 0), as build.sources.wikipedia's sections


@dataclass(eq=False, repr=False)
class Rendering:
    text: str
    runs: list[tuple]  # (text start, text end, wikitext start, wikitext end, how)
    sections: list[Section]
    infobox_fields: list[dict]
    references: list[dict]
    citations: list[dict]
    links: list[tuple]  # (text start, text end, target): each link's shown text and the page it names


@dataclass(eq=False, repr=False)
class _Reference:
    number: int
    span: tuple[int, int]  # of its first <ref> in the wikitext
    contents: object = None  # Wikicode
    contents_offset: int = 0
    listed: bool = False


class _Inline:
    """Markup as pieces, with no state of the page: a <ref> gives a ("ref", ...) tag that the page
    numbers when it writes it (``_Page.resolve``), a link a ("link", where, target) tag.  So the
    pieces of a stretch stay right whatever comes before it, and are rendered once for all the
    revisions that share the stretch (``RenderCache``)."""

    # --- inline: a stretch of markup as pieces ----------------------------------------------------

    def inline(self, code, offset: int, in_reference: bool = False, breaks: bool = False) -> list[tuple]:
        """The pieces ``code`` shows, ``offset`` being where it starts in the wikitext.  Newlines show as
        spaces (a value, a link's text, a citation is one line); with ``breaks``, a ``<br>`` cuts the
        value into items (``BREAK``) instead of showing as a space; ``in_reference``: inside a
        reference, whose own <ref>s show nothing."""
        pieces: list[tuple] = []
        for node in code.nodes:
            printed = str(node)
            pieces += self.node(node, printed, offset, in_reference, breaks)
            offset += len(printed)
        return pieces

    def node(self, node, printed: str, start: int, in_reference: bool = False, breaks: bool = False) -> list[tuple]:
        end = start + len(printed)
        if isinstance(node, Text):
            return text_pieces(printed, start)
        if isinstance(node, Wikilink):
            return self.wikilink(node, start, in_reference, breaks)
        if isinstance(node, Template):
            return self.template(node, start, end, in_reference, breaks)
        if isinstance(node, Tag):
            return self.tag(node, printed, start, end, in_reference, breaks)
        if isinstance(node, HTMLEntity):
            return [(node.normalize(), "rendered", start, end, None)]
        if isinstance(node, ExternalLink):
            return self.external_link(node, start, in_reference, breaks)
        if isinstance(node, Heading):
            return self.inline(node.title, start + node.level, in_reference, breaks)
        return []  # comments, template arguments

    def wikilink(self, node, start: int, in_reference: bool, breaks: bool) -> list[tuple]:
        title = str(node.title)
        target = " ".join(title.replace("_", " ").split()).lstrip(":").strip()
        if title.strip().lower().startswith(_HIDDEN_LINK_PREFIXES) or _is_interlanguage(title):
            return []
        if node.text is not None:
            shown = self.inline(node.text, start + 2 + len(title) + 1, in_reference, breaks)
        else:
            shown = text_pieces(title, start + 2)
            if title.startswith(":"):
                shown = [(t[1:], how, w0 + 1, w1, tag) for t, how, w0, w1, tag in shown[:1]] + shown[1:]
        page = target.split("#", 1)[0].strip()
        if not page:
            return shown  # a link to a section of this page
        link = ("link", start, page[:1].upper() + page[1:])
        return [(t, how, w0, w1, tag or link) for t, how, w0, w1, tag in shown]

    def external_link(self, node, start: int, in_reference: bool, breaks: bool) -> list[tuple]:
        url = str(node.url)
        if node.brackets and node.title is not None:
            title_at = start + 1 + len(url) + (0 if node.suppress_space else 1)
            return self.inline(node.title, title_at, in_reference, breaks)
        return text_pieces(url, start + (1 if node.brackets else 0))

    def template(self, node, start: int, end: int, in_reference: bool, breaks: bool) -> list[tuple]:
        name = templates.template_name(node)
        if name in templates.DATE_TEMPLATES:
            shown = templates.render_date(node)
            return [(shown, "rendered", start, end, None)] if shown else []
        if templates.is_citation(node):
            return self.citation(node, start)[0]
        if name in templates.CHARACTERS:
            return [(templates.CHARACTERS[name], "rendered", start, end, None)]
        named, positional = templates.parameters(node, start)
        if name in templates.WRAPPERS:
            which = templates.WRAPPERS[name]
            if which == 0 or len(positional) < which:
                return []
            value, at = positional[which - 1]
            return self.inline(value, at, in_reference, breaks)
        if name in templates.LIST_TEMPLATES:
            pieces = []
            for value, at in positional:
                pieces += [BREAK] + self.inline(value, at, in_reference, breaks)
            return pieces + [BREAK]
        if name == "marriage" and positional:
            return self.marriage(named, positional, start, end, in_reference, breaks)
        return []  # a template that shows no text the record reads

    def marriage(self, named, positional, start, end, in_reference, breaks) -> list[tuple]:
        """{{marriage|Name|1995|2004|end=div.}}: "Name (m. 1995; div. 2004)"; without end=, "(m. 1995–2004)"."""
        pieces = self.inline(positional[0][0], positional[0][1], in_reference, breaks)
        years = [(value, at) for value, at in positional[1:3] if str(value).strip()]
        if not years:
            return pieces
        pieces.append((" (m. ", "added", start, end, None))
        pieces += self.inline(years[0][0], years[0][1], in_reference, breaks)
        if len(years) > 1:
            ended = named.get("end")
            how = f"; {str(ended[0]).strip()} " if ended is not None and str(ended[0]).strip() else "–"
            pieces.append((how, "added", start, end, None))
            pieces += self.inline(years[1][0], years[1][1], in_reference, breaks)
        pieces.append((")", "added", start, end, None))
        return pieces

    def tag(self, node, printed: str, start: int, end: int, in_reference: bool, breaks: bool) -> list[tuple]:
        if node.wiki_markup in _LIST_MARKERS:
            return [BREAK]
        name = str(node.tag).strip().lower() if not node.wiki_markup else ""
        if name == "ref":
            return [] if in_reference else self.reference_mark(node, printed, start, end)
        if name == "br":
            return [BREAK] if breaks else [(" ", "rendered", start, end, None)]
        if node.wiki_markup in ("''", "'''") or name in _SHOWN_TAGS:
            if node.self_closing or node.contents is None:
                return []
            return self.inline(node.contents, contents_offset(node, printed, start), in_reference, breaks)
        return []  # tables, math, galleries, <references/> (placed by the page walk)

    def reference_mark(self, node, printed: str, start: int, end: int) -> list[tuple]:
        """A <ref>: "[n]" once the page numbers it (a reused name gets the number of its first use)."""
        if _attribute(node, "group"):
            return []  # a note of a named group ("[note 1]"): explanatory, not a reference
        has_contents = not node.self_closing and node.contents is not None
        tag = ("ref", _attribute(node, "name"), node.contents if has_contents else None,
               contents_offset(node, printed, start) if has_contents else 0)
        return [("[?]", "rendered", start, end, tag)]

    def reference_definitions(self, node, printed: str, start: int) -> list[tuple]:
        """The <ref name=...>...</ref> definitions inside <references>...</references>: (name, contents, offset)."""
        if node.self_closing or node.contents is None:
            return []
        found, offset = [], contents_offset(node, printed, start)
        for child in node.contents.nodes:
            child_printed = str(child)
            if isinstance(child, Tag) and str(child.tag).strip().lower() == "ref" and not child.self_closing:
                name = _attribute(child, "name")
                if name and child.contents is not None:
                    found.append((name, child.contents, contents_offset(child, child_printed, offset)))
            offset += len(child_printed)
        return found

    # --- citations -----------------------------------------------------------------------------------

    def citation(self, node, start: int) -> tuple[list[tuple], dict]:
        """A citation template as the citation style prints it; the pieces of each field are tagged."""
        named, _ = templates.parameters(node, start)
        end = start + len(str(node))
        pieces: list[tuple] = []
        facts: dict = {}

        def value(names, field_name=None):
            found = templates.first(named, names)
            if found is None:
                return None
            shown = trimmed(self.inline(found[0], found[1], in_reference=True))
            if field_name:
                shown = [(t, how, w0, w1, ("field", field_name)) for t, how, w0, w1, _ in shown]
            return shown

        def add(text):
            pieces.append((text, "added", start, end, None))

        authors = [value([f"author{n}", f"last{n}"] + (list(templates.AUTHOR_PARAMETERS) if n == 1 else []))
                   for n in range(1, 6)]
        firsts = [value([f"first{n}"] + (["first"] if n == 1 else [])) for n in range(1, 6)]
        date = value(templates.DATE_PARAMETERS, "published")
        written = []
        for last, first_name in zip(authors, firsts):
            if last:
                written.append(last + ([(", ", "added", start, end, None)] + first_name if first_name else []))
        if written:
            for n, author in enumerate(written):
                if n:
                    add("; ")
                pieces += author
            if date:
                add(" (")
                pieces += date
                add(")")
            add(". ")
        title = value(("title", "chapter"), "title")
        if title:
            quoted = templates.template_name(node) != "cite book"
            add('"' if quoted else "")
            pieces += title
            add('"' if quoted else "")
        language = templates.first(named, templates.LANGUAGE_PARAMETERS)
        if language is not None and not templates.is_english(str(language[0])):
            name = templates.language_name(str(language[0]))
            facts["language"] = name
            add(" (in ")
            pieces.append((name, "rendered", language[1], language[1] + len(str(language[0])), None))
            add(")")
        if title:
            add(". ")
        work = value(templates.WORK_PARAMETERS, None)
        publisher = value(("publisher",), "publisher")
        if work and not publisher:
            work = [(t, how, w0, w1, ("field", "publisher")) for t, how, w0, w1, _ in work]
        for part in (work, publisher):
            if part:
                pieces += part
                add(". ")
        if date and not written:
            pieces += date
            add(". ")
        archived = value(templates.ARCHIVE_PARAMETERS, "archived")
        if archived:
            add("Archived from the original on ")
            pieces += archived
            add(". ")
        accessed = value(templates.ACCESS_PARAMETERS)
        if accessed:
            add("Retrieved ")
            pieces += accessed
            add(".")
        return trimmed(pieces), facts

    def reference_pieces(self, contents) -> tuple[list[tuple], dict]:
        """A reference's contents, from offset 0: its citation template as the citation style prints it,
        or its text; and what the citation says of itself (its language)."""
        offset = 0
        pieces, facts = [], {}
        for node in contents.nodes:
            printed = str(node)
            if isinstance(node, Template) and templates.is_citation(node) and not facts.get("cited"):
                cited, facts = self.citation(node, offset)
                facts["cited"] = True
                pieces += cited
            else:
                pieces += self.node(node, printed, offset, in_reference=True)
            offset += len(printed)
        return trimmed(pieces), facts


def _field_span(name: str, pieces: list[tuple], starts: list[int]) -> dict:
    mine = [(piece, start) for piece, start in zip(pieces, starts) if piece[4] == ("field", name) and piece[0]]
    if not mine:
        return {name: None, f"{name}_start": None, f"{name}_end": None}
    start = mine[0][1]
    end = mine[-1][1] + len(mine[-1][0][0])
    return {name: None, f"{name}_start": start, f"{name}_end": end}


def contents_offset(node, printed: str, start: int) -> int:
    """Where a tag's contents start: they end before its closing ("</ref>", or the closing '' of italics)."""
    closing = (node.closing_wiki_markup or "") if node.wiki_markup else f"</{node.closing_tag}>"
    return start + len(printed) - len(closing) - len(str(node.contents))


def _attribute(node, name: str) -> str | None:
    for attribute in node.attributes:
        if str(attribute.name).strip().lower() == name:
            value = str(attribute.value).strip() if attribute.value is not None else ""
            return value or None
    return None


def _is_interlanguage(title: str) -> bool:
    """"[[es:José Serrano]]": a language code, a colon, a title."""
    prefix, colon, rest = title.strip().partition(":")
    return bool(colon) and 2 <= len(prefix) <= 3 and prefix.isalpha() and prefix.islower() and bool(rest)


# --- the page: each stretch walked once into events, the events written in order ------------------------


class _Stretch:
    """Walks one parsed stretch into events, offsets from the stretch's start:

    ("paragraph", pieces), ("heading", pieces), ("references", definitions, offset) where the page
    lists its references, ("infobox", template, offset) for a top-level infobox template.
    """

    def __init__(self, inline: _Inline):
        self.inline = inline
        self.events: list[tuple] = []
        self.paragraph: list[tuple] = []
        self.in_item = False
        self.newlines = 0
        self.newline_at = 0

    def walk(self, code) -> list[tuple]:
        offset = 0
        for node in code.nodes:
            printed = str(node)
            if isinstance(node, Text):
                self.text(printed, offset)
            elif isinstance(node, Heading):
                self.close()
                self.events.append(("heading", trimmed(self.inline.inline(node.title, offset + node.level))))
            elif isinstance(node, Template) and templates.is_infobox(node):
                self.events.append(("infobox", node, offset))
            elif isinstance(node, Template) and templates.template_name(node) in templates.REFERENCE_LISTS:
                self.close()
                self.events.append(("references", [], offset))
            elif isinstance(node, Tag) and not node.wiki_markup and str(node.tag).strip().lower() == "references":
                self.close()
                self.events.append(("references", self.inline.reference_definitions(node, printed, offset), offset))
            elif isinstance(node, Tag) and node.wiki_markup == "{|":
                self.close()  # a table: not read
            elif not isinstance(node, Comment):
                self.add(self.inline.node(node, printed, offset))
            offset += len(printed)
        self.close()
        return self.events

    def close(self) -> None:
        pieces = trimmed(self.paragraph)
        self.paragraph, self.in_item, self.newlines = [], False, 0
        if pieces:
            self.events.append(("paragraph", pieces))

    def add(self, pieces: list[tuple]) -> None:
        for piece in pieces:
            if piece[4] == ("break",):
                self.close()
                self.in_item = True
                continue
            if not self.paragraph and not piece[0].strip():
                continue
            if self.newlines == 1 and self.paragraph and not self.in_item:
                # A newline inside a paragraph: the page shows a space.
                self.paragraph.append((" ", "rendered", self.newline_at, self.newline_at + 1, None))
            self.newlines = 0
            self.paragraph.append(piece)

    def text(self, text: str, start: int) -> None:
        """Text between markup: a blank line ends a paragraph, a newline ends a list item."""
        position = 0
        while position < len(text):
            newline = text.find("\n", position)
            line_end = len(text) if newline == -1 else newline
            line = text[position:line_end]
            if line.strip() and line.strip() not in _BEHAVIOUR_SWITCHES:
                self.add([(line, "copied", start + position, start + line_end, None)])
            if newline == -1:
                break
            self.newlines += 1
            self.newline_at = start + newline
            if self.in_item or self.newlines >= 2:
                self.close()
            position = newline + 1


class RenderCache:
    """What the revisions of one page share: each stretch's events, the infobox's values and each
    reference's citation, kept for the next revision (by object: a stretch the parser reused is the
    same object, and so are the nodes in it)."""

    def __init__(self):
        self.stretches: dict[int, tuple] = {}
        self.citations: dict[int, tuple] = {}
        self._used_stretches: dict[int, tuple] = {}
        self._used_citations: dict[int, tuple] = {}

    def events(self, inline: _Inline, code) -> list[tuple]:
        found = self.stretches.get(id(code))
        if found is None:
            found = (code, _Stretch(inline).walk(code))
        self._used_stretches[id(code)] = found
        return found[1]

    def infobox(self, inline: _Inline, template) -> list[tuple]:
        found = self.citations.get(id(template))
        if found is None:
            found = (template, infobox_entries(template, inline))
        self._used_citations[id(template)] = found
        return found[1]

    def citation(self, inline: _Inline, contents) -> tuple[list[tuple], dict]:
        found = self.citations.get(id(contents))
        if found is None:
            found = (contents, inline.reference_pieces(contents))
        self._used_citations[id(contents)] = found
        return found[1]

    def next_revision(self) -> None:
        """Keep only what this revision used (the objects stay alive while kept, so ids stay theirs)."""
        self.stretches, self._used_stretches = self._used_stretches, {}
        self.citations, self._used_citations = self._used_citations, {}


class _Page:
    """Writes a revision's events in order: the text, its sections, references numbered in order of use."""

    def __init__(self, inline: _Inline, cache: RenderCache):
        self.inline, self.cache = inline, cache
        self.builder = TextBuilder()
        self.sections = [Section("lead", None)]
        self.references: list[_Reference] = []
        self.by_name: dict[str, _Reference] = {}
        self.links: list[tuple] = []
        self.citations: list[dict] = []
        self.reference_rows: list[dict] = []

    def resolve(self, pieces: list[tuple], shift: int) -> list[tuple]:
        """Pieces of a stretch starting at ``shift``: offsets made the page's, references numbered."""
        resolved = []
        for text, how, w0, w1, tag in pieces:
            if w0 is not None and shift:
                w0, w1 = w0 + shift, w1 + shift
            if tag is not None:
                if tag[0] == "ref":
                    number = self.number(tag[1], tag[2], tag[3] + shift, (w0, w1))
                    text, tag = f"[{number}]", ("mark", number)
                elif tag[0] == "link" and shift:
                    tag = ("link", tag[1] + shift, tag[2])
            resolved.append((text, how, w0, w1, tag))
        return resolved

    def number(self, name: str | None, contents, contents_at: int, span: tuple[int, int]) -> int:
        reference = self.by_name.get(name) if name else None
        if reference is None:
            reference = _Reference(len(self.references) + 1, span)
            self.references.append(reference)
            if name:
                self.by_name[name] = reference
        if contents is not None and reference.contents is None:
            reference.contents, reference.contents_offset = contents, contents_at
        return reference.number

    def write(self, pieces: list[tuple]) -> list[int]:
        """Write resolved pieces; where each starts.  Their links and citation marks are recorded."""
        starts = self.builder.put_pieces(pieces)
        record_links_and_marks(self, pieces, starts)
        return starts

    def paragraph(self, pieces: list[tuple]) -> None:
        at = pieces[0][2]
        self.builder.put("\n\n", "added", at, at)
        starts = self.write(pieces)
        start, end = span_of(pieces, starts)
        self.sections[-1].paragraphs.append((start, end, 0))

    def heading(self, pieces: list[tuple], at: int) -> None:
        self.builder.put("\n\n", "added", at, at)
        starts = self.write(pieces)
        span = span_of(pieces, starts)
        name = "".join(piece[0] for piece in pieces)
        self.sections.append(Section(name, span if span[0] is not None else None))

    def list_references(self, at: int) -> None:
        """Each reference numbered so far and not yet listed, one per line: "1. " and its citation."""
        if all(reference.listed for reference in self.references):
            return
        builder, section = self.builder, self.sections[-1]
        builder.put("\n\n", "added", at, at)
        first = True
        for reference in self.references:
            if reference.listed:
                continue
            reference.listed = True
            if not first:
                builder.put("\n", "added", at, at)
            first = False
            builder.put(f"{reference.number}. ", "added", *reference.span)
            pieces, facts = ([], {}) if reference.contents is None else \
                self.cache.citation(self.inline, reference.contents)
            pieces = self.resolve(pieces, reference.contents_offset)
            starts = self.write(pieces)
            start, end = span_of(pieces, starts)
            if start is None:
                start = end = builder.length
            row = {"number": reference.number, "text": None, "char_start": start, "char_end": end,
                   "language": facts.get("language")}
            for name in ("title", "publisher", "published", "archived"):
                row.update(_field_span(name, pieces, starts))
            row["citation_end"] = end
            self.reference_rows.append(row)
            section.paragraphs.append((start, end, 0))

    def define(self, definitions: list[tuple], shift: int) -> None:
        for name, contents, offset in definitions:
            reference = self.by_name.get(name)
            if reference is not None and reference.contents is None:
                reference.contents, reference.contents_offset = contents, offset + shift

    def finish(self, at: int) -> None:
        """References used and never listed: under "References" at the end, as the wiki warns and does."""
        if any(not reference.listed for reference in self.references):
            self.builder.put("\n\n", "added", at, at)
            start = self.builder.put("References", "added", at, at)
            self.sections.append(Section("References", (start, start + len("References"))))
            self.list_references(at)


def render_wikitext(title: str, parsed: list[tuple[int, object]], end: int,
                    cache: RenderCache | None = None) -> Rendering:
    """The page of a revision: ``title`` and its parsed wikitext, ``end`` characters long (see the
    module docstring).  ``cache``: the previous revision's, to render only the stretches that changed."""
    cache = cache or RenderCache()
    inline = _Inline()
    page = _Page(inline, cache)
    page.builder.put(title, "title", None, None)
    stretches = [(offset, cache.events(inline, code)) for offset, code in parsed]
    infobox = next(((event[1], event[2] + offset) for offset, events in stretches for event in events
                    if event[0] == "infobox"), None)
    fields = render_infobox(cache.infobox(inline, infobox[0]), infobox[1], page) if infobox is not None else []
    for offset, events in stretches:
        for event in events:
            kind = event[0]
            if kind == "paragraph":
                page.paragraph(page.resolve(event[1], offset))
            elif kind == "heading":
                pieces = page.resolve(event[1], offset)
                page.heading(pieces, pieces[0][2] if pieces else offset)
            elif kind == "references":
                page.define(event[1], offset)
                page.list_references(event[2] + offset)
    page.finish(end)
    page.builder.put("\n", "added", end, end)
    cache.next_revision()
    text = page.builder.text()
    for field_ in fields:
        field_["value"] = text[field_["char_start"]:field_["char_end"]]
    for row in page.reference_rows:
        row["text"] = text[row["char_start"]:row["char_end"]]
        for name in ("title", "publisher", "published", "archived"):
            if row[f"{name}_start"] is not None:
                row[name] = text[row[f"{name}_start"]:row[f"{name}_end"]]
        for name in ("published", "archived"):  # only a date the build can read is a date of the reference
            if row[name] is not None and not is_date(row[name]):
                row.update({name: None, f"{name}_start": None, f"{name}_end": None})
    return Rendering(text=text, runs=[tuple(run) for run in page.builder.runs], sections=page.sections,
                     infobox_fields=fields, references=page.reference_rows, citations=page.citations,
                     links=sorted(page.links))
