"""A MediaWiki export as sources: one source per revision, each a version of one document.

A manifest entry of kind ``mediawiki_export`` names one XML file (``Special:Export``, or a dump in
the same format) holding one or many revisions of **one** page.  ``read_exports`` replaces the
entry by one ``Source`` per revision whose text the export holds:

* ``id``: the entry's id and the revision id, ``<entry id>-r<revision id>``;
* ``document``, ``about``: the entry's (every revision is a version of the same article, about the
  same person);
* ``revision``: their order, by the export's timestamps (then revision ids), numbered from the
  entry's ``revision`` (1 for a page's first export; a later export of the same page continues
  from the number after the last one); never inferred, so the entry may not set
  ``revision_inferred`` or ``revision_date``: each revision's date is its timestamp's;
* ``title``: the entry's, with the revision id and date; ``file``, ``sha256``: the export's;
* ``text``: the revision's page as plain text (``build.sources.wikitext_render``), deterministic,
  so that every later stage (sentences, revision alignment, claims, coverage, the source reader)
  reads text as a reader sees it; ``text[char_start:char_end] == quote`` holds for every claim as for
  any source.  Each stretch of that text is mapped back to the characters of the file it came from
  (``ExportedDocument.text_map``, the ``source_text_map`` table), so every quote can be traced to
  the exact characters of the stored export.

The revision's id, parent, timestamp, contributor, comment and wikitext are kept on the document
(``ExportedDocument.revision``) and published in ``wiki_revisions``.

An export of several pages is refused: a manifest entry says whom a document is about, and one
entry cannot say it of several pages; export each page to its own file.  A revision whose text the
export leaves out (deleted or suppressed) is left out, as nothing can be read from it.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING
from dataclasses import dataclass, field

from ..common.dates import DateError, parse_iso_date
from ..common.errors import BuildError
from .manifest import Source
from .sentences import Sentence
from .wikipedia import WikiDocument, _passages

if TYPE_CHECKING:  # the export's own types, for annotations only (the module is loaded with an export)
    from .mediawiki_xml import ExportPage, ExportRevision, TextInFile

KIND = "mediawiki_export"


@dataclass(eq=False, repr=False)
class ExportedDocument(WikiDocument):
    """A revision of a page read from an export: the article's structure, as a rendered page's, and
    what only the export gives."""
    # (text start, text end, target page): each wiki link's shown text and the page it names.
    links: list[tuple] = field(default_factory=list)
    # (text start, text end, file start, file end, wikitext start, wikitext end, how): where each
    # stretch of the text comes from (see build.sources.wikitext_render for ``how``; "escaped" is a
    # copied character the file writes as an XML reference).
    text_map: list[tuple] = field(default_factory=list)
    revision: ExportRevision | None = None
    page: ExportPage | None = None
    export_id: str = ""  # the manifest entry
    wikitext_file_span: tuple[int, int] = (0, 0)  # where the revision's wikitext is in the file


def read_exports(sources: list[Source]) -> tuple[list[Source], dict[str, ExportedDocument]]:
    """Every export entry replaced by its revisions (see the module docstring); other sources kept."""
    expanded: list[Source] = []
    documents: dict[str, ExportedDocument] = {}
    for source in sources:
        if source.kind != KIND:
            expanded.append(source)
            continue
        for revision_source, document in read_export_entry(source):
            expanded.append(revision_source)
            documents[revision_source.id] = document
    check_unique(expanded)
    return expanded, documents


def read_export_entry(source: Source) -> list[tuple[Source, ExportedDocument]]:
    """One export entry's revisions, each with its source: the per-document step for this kind
    (``build.sources.documents.READERS``), so an export is read on the build's executor and kept in
    its cache like any other entry."""
    return list(_revisions(source))


def _where(source: Source) -> str:
    return f"source {source.id} ({source.file})"


def _revisions(source: Source):
    # Imported here, when a manifest holds an export: mwparserfromhell reads its own version through
    # importlib.metadata on import, ~50 ms that a build without an export need not pay (and expat 1 ms).
    from .mediawiki_xml import ExportError, read_export
    from .wikitext import UnclosedMarkup, WikitextParser
    from .wikitext_render import RenderCache, render_wikitext

    if source.revision_inferred:
        raise BuildError(_where(source), "revision_inferred: an export states its revisions' order; leave it out",
                         source.label)
    if source.revision_date is not None:
        raise BuildError(_where(source), "revision_date: an export dates each of its revisions; leave it out",
                         source.label)
    try:
        page = read_export(source.text)
    except ExportError as error:
        raise BuildError(_where(source), str(error)) from None
    readable = sorted((r for r in page.revisions if r.wikitext is not None),
                      key=lambda r: (r.timestamp, r.revision_id))
    if not readable:
        raise BuildError(_where(source), f"none of the page's {len(page.revisions)} revisions has its text in the "
                                         "export (all deleted or suppressed)")
    parser, cache = WikitextParser(), RenderCache()
    for number, revision in enumerate(readable):
        try:
            parsed = parser.parse(revision.wikitext)
        except UnclosedMarkup as error:
            line = source.text.count("\n", 0, revision.in_file.file_start(error.offset)) + 1
            shown = revision.wikitext[error.offset:error.offset + 40].split("\n")[0]
            raise BuildError(_where(source), f"revision {revision.revision_id}, line {line}: the template "
                                             f"{shown!r} never closes (no '}}}}' for its '{{{{')") from None
        rendering = render_wikitext(page.title, parsed, len(revision.wikitext), cache)
        yield _revision_source(source, revision, number, rendering.text), \
            _document(source, page, revision, rendering)


def _revision_source(source: Source, revision: ExportRevision, number: int, text: str) -> Source:
    day = revision.timestamp[:10]
    try:
        revision_date = parse_iso_date(day)
    except DateError:
        raise BuildError(_where(source), f"revision {revision.revision_id} (line {revision.line}): timestamp "
                                         f"{revision.timestamp!r} is not an ISO 8601 date and time") from None
    return source._replace(
        id=f"{source.id}-r{revision.revision_id}", title=f"{source.title}, revision {revision.revision_id} ({day})",
        revision=source.revision + number, revision_date=revision_date, text=text,
    )


def _document(source: Source, page: ExportPage, revision: ExportRevision, rendering) -> ExportedDocument:
    text = rendering.text
    passages = _passages(text, rendering.sections)
    in_file = revision.in_file
    document = ExportedDocument(
        source_id=f"{source.id}-r{revision.revision_id}", form="mediawiki", title=page.title,
        title_start=0, title_end=len(page.title), infobox_fields=rendering.infobox_fields, passages=passages,
        references=rendering.references, citations=rendering.citations,
        sentences=[Sentence(p["char_start"], p["char_end"], p["section"]) for p in passages
                   if p["kind"] == "sentence"],
        links=rendering.links, text_map=text_map(rendering.runs, in_file, page.title_file_span),
        revision=revision, page=page, export_id=source.id,
        wikitext_file_span=(in_file.file_start(0), in_file.file_end_of_text),
    )
    revision.in_file = None  # the map is composed; the runs of the XML are no longer needed
    return document


def text_map(runs: list[tuple], in_file: TextInFile, title_span: tuple[int, int]) -> list[tuple]:
    """The rendering's runs (text -> wikitext) joined with where the wikitext is in the file
    (``TextInFile``'s runs, walked here rather than through its methods: this is done for every
    run of every revision)."""
    rows = []
    append = rows.append
    starts, file_starts, file_ends = in_file.wikitext_starts, in_file.file_starts, in_file.file_ends
    length, last = in_file.length, len(in_file.wikitext_starts) - 1
    for t0, t1, w0, w1, how in runs:
        if how == "title":
            append((t0, t1, title_span[0], title_span[1], None, None, "title"))
            continue
        if how != "copied":
            append((t0, t1, in_file.file_start(w0), in_file.file_end(w1) if w1 > w0 else in_file.file_start(w0),
                    w0, w1, how))
            continue
        shift = t0 - w0
        run = bisect.bisect_right(starts, w0) - 1
        while run <= last and starts[run] < w1:
            run_start = starts[run]
            run_end = starts[run + 1] if run < last else length
            a = w0 if w0 > run_start else run_start
            b = w1 if w1 < run_end else run_end
            f0 = file_starts[run]
            if file_ends[run] - f0 == run_end - run_start:  # the file holds these characters as they are
                append((a + shift, b + shift, f0 + a - run_start, f0 + b - run_start, a, b, "copied"))
            else:
                append((a + shift, b + shift, f0, file_ends[run], a, b, "escaped"))
            run += 1
    return rows


def check_unique(sources: list[Source]) -> None:
    """Once the exports are expanded: no source id, and no (document, revision), given twice."""
    ids: dict[str, Source] = {}
    numbers: dict[tuple[str, int], Source] = {}
    for source in sources:
        other = ids.setdefault(source.id, source)
        if other is not source:
            raise BuildError(_where(source), f"the source id {source.id!r} is also {_describe(other)}", source.label)
        other = numbers.setdefault((source.document, source.revision), source)
        if other is not source:
            raise BuildError(_where(source), f"document {source.document!r} gets revision {source.revision} twice: "
                                             f"{source.id} and {other.id}; number the entries so that their "
                                             "revisions follow each other", source.label)


def _describe(source: Source) -> str:
    return f"the id of {source.label}" if source.kind != KIND else f"a revision of {source.label}"
