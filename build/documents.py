"""Parse every source with the parser for its kind.

The result is kept in memory (``ParsedSources``) because later steps need it:
infobox claims, claim sections and mention coverage all read the structure.
"""

from dataclasses import dataclass
from functools import cached_property

from .manifest import Source
from .parse_ipu import IpuDecision, parse_ipu_decision
from .parse_wikipedia import WikiDocument, parse_wikipedia

PARSERS = {
    "ipu_decision": parse_ipu_decision,
    "wikipedia_revision": parse_wikipedia,
}


# eq=False, repr=False: nothing compares or prints these, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class ParsedSource:
    source: Source
    document: IpuDecision | WikiDocument

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


def parse_sources(sources: list[Source]) -> list[ParsedSource]:
    return [ParsedSource(source, PARSERS[source.kind](source.id, source.text)) for source in sources]
