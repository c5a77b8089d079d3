"""Parse every source with the parser for its kind.

The result is kept in memory (``ParsedSources``) because later steps need it:
infobox claims, claim sections and mention coverage all read the structure.
"""

from dataclasses import dataclass

from .manifest import Source
from .parse_ipu import IpuDecision, parse_ipu_decision
from .parse_wikipedia import WikiDocument, parse_wikipedia

PARSERS = {
    "ipu_decision": parse_ipu_decision,
    "wikipedia_revision": parse_wikipedia,
}


@dataclass
class ParsedSource:
    source: Source
    document: IpuDecision | WikiDocument

    def section_at(self, start: int, end: int) -> str | None:
        """The name of the section (or IPU part and paragraph) holding a span."""
        document = self.document
        if isinstance(document, IpuDecision):
            for paragraph in document.paragraphs:
                if paragraph["char_start"] <= start and end <= paragraph["char_end"]:
                    label = "A. Summary" if paragraph["part"] == "summary" else "B. Decision"
                    return f"{label}, paragraph {paragraph['number']}"
            return "case header"
        if any(f["char_start"] <= start and end <= f["char_end"] for f in document.infobox_fields):
            return "infobox"
        for passage in document.passages:
            if passage["kind"] == "section" and passage["char_start"] <= start and end <= passage["char_end"]:
                return passage["section"]
        return None


def parse_sources(sources: list[Source]) -> list[ParsedSource]:
    return [ParsedSource(source, PARSERS[source.kind](source.id, source.text)) for source in sources]
