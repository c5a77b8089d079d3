"""The document model: every source parsed once, with the parser for its kind.

A ``ParsedSource`` owns what later stages read of a document: its text (the
source), its sentences (split once, by the parser, with their spans and
sections), its passages and infobox fields (articles), its paragraphs (IPU
decisions), its references and citation marks, and which section holds a
span.  Revision alignment, claims, coverage and the consistency rules read
these; none splits or walks the text again.
"""

from dataclasses import dataclass
from functools import cached_property

from ..common.cache import content_key
from ..common.executors import LOCAL
from .manifest import Source
from .mediawiki import KIND as EXPORT_KIND, read_export_entry
from .sentences import Sentence
from .ipu import IpuDecision, parse_ipu_decision
from .wikipedia import WikiDocument, parse_wikipedia

PARSERS = {
    "ipu_decision": parse_ipu_decision,
    "wikipedia_revision": parse_wikipedia,
    "ipu_decision_pdf": parse_ipu_decision,  # the text extracted from the PDF (build.sources.pdf)
}


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class ParsedSource:
    source: Source
    document: IpuDecision | WikiDocument

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence, in document order: an article's prose sentences, a decision's paragraphs cut
        into sentences (section 'summary 1', 'decision 3')."""
        return self.document.sentences

    @property
    def infobox_fields(self) -> list[dict]:
        return getattr(self.document, "infobox_fields", [])

    @property
    def passages(self) -> list[dict]:
        """An article's sections, paragraphs and sentences (``build.sources.wikipedia``); none for a decision."""
        return getattr(self.document, "passages", [])

    @property
    def references(self) -> list[dict]:
        return getattr(self.document, "references", [])

    @property
    def citations(self) -> list[dict]:
        return getattr(self.document, "citations", [])

    @property
    def links(self) -> list[tuple]:
        """(start, end, target page) of each wiki link's shown text: a MediaWiki export's revisions only."""
        return getattr(self.document, "links", [])

    def link_at(self, start: int, end: int) -> str | None:
        """The page a link whose shown text is exactly ``text[start:end]`` names, if there is one."""
        return self._links_by_span.get((start, end))

    @cached_property
    def _links_by_span(self) -> dict[tuple[int, int], str]:
        return {(start, end): target for start, end, target in self.links}

    def section_at(self, start: int, end: int) -> str | None:
        """The name of the section (or IPU part and paragraph) holding a span."""
        for place_start, place_end, name in self._places:
            if place_start <= start and end <= place_end:
                return name
        return "case header" if isinstance(self.document, IpuDecision) else None

    @cached_property
    def _places(self) -> list[tuple[int, int, str | None]]:
        """(start, end, name) of each span ``section_at`` answers with, in the order it looks.

        Listed once per parsed source, as ``section_at`` is asked hundreds of times a build and
        an article has a thousand passages, few of them sections.
        """
        document = self.document
        if isinstance(document, IpuDecision):
            return [(p["char_start"], p["char_end"],
                     f"{'A. Summary' if p['part'] == 'summary' else 'B. Decision'}, paragraph {p['number']}")
                    for p in document.paragraphs]
        return ([(f["char_start"], f["char_end"], "infobox") for f in document.infobox_fields]
                + [(p["char_start"], p["char_end"], p["section"]) for p in document.passages if p["kind"] == "section"])


def parse_sources(sources: list[Source], work=LOCAL) -> list[ParsedSource]:
    """Every manifest entry read by its kind's reader (``READERS``), on ``work``'s executor, each entry's
    documents kept in ``work``'s cache under the entry's content (``entry_key``)."""
    read = work.map(read_entry, None, sources, [entry_key(source) for source in sources])
    parsed = []
    for entry, documents in zip(sources, read):
        # The entry's place in the manifest is not part of its key (an entry added above it moves it):
        # the sources read from it take the current one, for their error messages.
        parsed += [ParsedSource(source._replace(line=entry.line, entry=entry.entry) if source is not entry
                                else source, document) for source, document in documents]
    return parsed


def _read_text_kind(source: Source) -> list[tuple[Source, object]]:
    return [(source, PARSERS[source.kind](source.id, source.text))]


# kind -> the reader of one manifest entry: the sources and documents it holds, a (Source, document)
# pair each.  A text kind holds one document, parsed by its parser; a kind whose file holds several
# documents (a MediaWiki export: one per revision) registers a reader that returns them all, and is
# parsed, cached and run in parallel by the same means.
READERS = {kind: _read_text_kind for kind in PARSERS} | {EXPORT_KIND: read_export_entry}


def read_entry(_shared, source: Source) -> list[tuple[Source, object]]:
    """The per-document step of the sources stage: one manifest entry read (a pure function of its
    bytes, its manifest fields and the loader's code)."""
    return READERS[source.kind](source)


def entry_key(source: Source) -> str:
    """What an entry's reading depends on: its kind, its manifest fields and its bytes (pinned by sha256,
    and the text follows from them), not its place in the manifest."""
    fields = tuple(getattr(source, name) for name in Source._fields if name not in ("text", "line", "entry"))
    return content_key("read", fields)
