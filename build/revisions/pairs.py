"""Consecutive revisions of each document, and what changed between them.

A document's sources, ordered by ``revision``, form pairs of consecutive
revisions.  For each pair the sentences and infobox fields the parsed
documents own are aligned (``build.revisions.align``); the changes become
``revision_changes`` (``build.tables.revisions``), and the claims of the
earlier revision follow the text into the later one (``build.claims.carried``).

Two decisions on one IPU case are aligned too (what the later one says
differently), but a later decision is a new text adopted at another session,
not an edit of the first: what it states is curated from it, never inherited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..common.cache import content_key
from ..common.executors import LOCAL
from ..sources.documents import ParsedSource, entry_key
from .align import align_revisions
from .changes import Change

# Only revisions of a Wikipedia article (rendered, or read from a MediaWiki export) pass their claims on
# (build.claims.carried, build.coverage.marks).
CARRYING_KINDS = ("wikipedia_revision", "mediawiki_export")


# eq=False, repr=False: nothing compares or prints these dataclasses, and each generated method
# costs ~45 µs of every build's start.
@dataclass(eq=False, repr=False)
class RevisionPair:
    document: str
    old: ParsedSource
    new: ParsedSource
    changes: list[Change] = field(default_factory=list)


def consecutive_pairs(parsed: list[ParsedSource]) -> list[RevisionPair]:
    """Every (revision n, revision n+1) of every document, documents in id order."""
    documents: dict[str, list[ParsedSource]] = defaultdict(list)
    for item in parsed:
        documents[item.source.document].append(item)
    pairs = []
    for document in sorted(documents):
        revisions = sorted(documents[document], key=lambda item: item.source.revision)
        pairs += [RevisionPair(document, old, new) for old, new in zip(revisions, revisions[1:])]
    return pairs


def align_all(pairs: list[RevisionPair], work=LOCAL) -> None:
    """Every pair aligned on ``work``'s executor, each pair's changes kept in its cache under the two
    revisions' contents: an edit to one revision realigns it with the one before and the one after."""
    items = [(pair.old.source.text, pair.old.sentences, pair.new.source.text, pair.new.sentences,
              pair.old.infobox_fields, pair.new.infobox_fields) for pair in pairs]
    keys = [content_key("align", _document_key(pair.old), _document_key(pair.new)) for pair in pairs]
    for pair, changes in zip(pairs, work.map(align_pair, None, items, keys)):
        pair.changes = changes


def align_pair(_shared, item: tuple) -> list[dict]:
    """The per-document step of the revisions stage: two consecutive revisions aligned."""
    return align_revisions(*item)


def _document_key(item: ParsedSource) -> tuple:
    """A document by what its parse depends on: its entry's reading, and which of the entry's documents it is."""
    return entry_key(item.source), item.source.id, item.source.revision
