"""Documents as witnesses: which document each source is a version of, and how to name it.

Revisions of one Wikipedia article, or decisions on one IPU case, are versions
of one document: one witness.  Counting them as independent sources would let
an article outvote everything else by being edited often, so the record
counts documents, and says in words which revisions of a document state a
value ("the Wikipedia article, revisions 1 and 2") instead of counting claims.
"""

from __future__ import annotations

from collections import defaultdict

from ..sources.ipu import IpuDecision
from ..sources.manifest import DECISION_KINDS


class Witnesses:
    def __init__(self, sources, parsed=()):
        self.revision_of = {s.id: (s.document, s.revision) for s in sources}
        self.document_of = {s.id: s.document for s in sources}
        self.dates = {s.id: s.revision_date for s in sources}
        revisions: dict[str, list] = defaultdict(list)
        kinds: dict[str, str] = {}
        for source in sources:
            revisions[source.document].append(source.revision)
            kinds[source.document] = source.kind
        self.revisions_count = {document: len(numbers) for document, numbers in revisions.items()}
        self.latest = {document: max(numbers) for document, numbers in revisions.items()}
        # Labels and version numbers are always given in full, so that adding a document (another
        # person's article, a later decision) never rewords what the record says about the others.
        titles = {item.source.document: item.document for item in parsed}
        self.labels = {}
        for document, kind in kinds.items():
            parsed_document = titles.get(document)
            if isinstance(parsed_document, IpuDecision):
                self.labels[document] = f"the IPU case {parsed_document.case_id}"
            elif kind in DECISION_KINDS or parsed_document is None:
                self.labels[document] = f"the document {document}"
            else:
                self.labels[document] = f"the Wikipedia article “{parsed_document.title}”"
        self.kinds = kinds

    def title(self, document: str) -> str:
        """A document's one name, as every page and summary gives it: 'Wikipedia article “…”', 'IPU case ECU-92'."""
        label = self.labels.get(document, document)
        return label[4:] if label.startswith("the ") else label

    def document(self, source_id: str) -> str:
        return self.document_of.get(source_id, source_id)

    def describe(self, claims) -> str:
        """'the Wikipedia article “…”, revisions 1 and 2; the IPU case ECU-92, decision 1' for the claims' sources."""
        by_document: dict[str, set] = defaultdict(set)
        for claim in claims:
            document, revision = self.revision_of.get(claim["source_id"], (claim["source_id"], 1))
            by_document[document].add(claim["source_id"])
        return "; ".join(self._name(document, sources) for document, sources in sorted(by_document.items()))

    def _name(self, document: str, sources: set) -> str:
        return f"{self.labels.get(document, document)}, {self.versions(sources, self.word(document))}"

    def word(self, document: str) -> str:
        return "decision" if self.kinds.get(document) in DECISION_KINDS else "revision"

    def versions(self, sources, word: str = "revision") -> str:
        """'revision 2', 'revisions 1 and 2', 'revisions 1–40': dated where the manifest dates them."""
        numbered = sorted((self.revision_of[s][1], self.dates.get(s)) for s in sources)
        if all(date for _, date in numbered) and len(numbered) <= 4:
            shown = [f"of {date}" for _, date in numbered]
            return f"{word}{'s' if len(shown) > 1 else ''} " + _join(shown)
        numbers = [n for n, _ in numbered]
        if len(numbers) > 4 and numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{word}s {numbers[0]}–{numbers[-1]}"
        if len(numbers) > 6:
            return f"{len(numbers)} {word}s ({', '.join(map(str, numbers[:3]))} … {numbers[-1]})"
        return f"{word}{'s' if len(numbers) > 1 else ''} " + _join([str(n) for n in numbers])

    def contradicting(self, source_ids) -> str:
        """'Revisions 1 and 2 of the Wikipedia article each contradict themselves.' for these sources."""
        by_document: dict[str, set] = defaultdict(set)
        for source in source_ids:
            by_document[self.document(source)].add(source)
        sentences = []
        for document, sources in sorted(by_document.items()):
            label = self.labels.get(document, document)
            subject, plural = f"{self.versions(sources, self.word(document))} of {label}", len(sources) > 1
            verb = "each contradict themselves" if plural else "contradicts itself"
            sentences.append(f"{subject[:1].upper()}{subject[1:]} {verb}.")
        return " ".join(sentences)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
