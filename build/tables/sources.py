"""The ``sources`` table (every document, whole and exactly as pinned) and the
``documents`` table (the works they are versions of: one row per Wikipedia
article or IPU case, with its revisions counted and its latest named)."""

from .bulk import insert_rows
from ..sources.manifest import Source


def add_sources(db, sources: list[Source], titles: dict[str, str]) -> None:
    """``titles``: each document's one name (``Witnesses.title``), not its latest revision's title."""
    insert_rows(db, "sources", [
        {
            "id": source.id, "title": source.title, "kind": source.kind, "file": f"data/{source.file}",
            "sha256": source.sha256, "chars": len(source.text), "description": source.description,
            "publisher": source.publisher, "language": source.language, "license": source.license,
            "url": source.url, "retrieved": source.retrieved, "about": source.about, "document": source.document,
            "revision": source.revision, "revision_date": source.revision_date,
            "revision_inferred": int(source.revision_inferred), "notes": source.notes, "text": source.text,
        }
        for source in sources
    ])
    add_documents(db, sources, titles)


def revisions_by_document(sources: list[Source]) -> dict[str, list[Source]]:
    """document -> its sources in revision order."""
    documents: dict[str, list[Source]] = {}
    for source in sorted(sources, key=lambda s: (s.document, s.revision)):
        documents.setdefault(source.document, []).append(source)
    return documents


def add_documents(db, sources: list[Source], titles: dict[str, str]) -> None:
    insert_rows(db, "documents", [
        {"id": document, "title": titles.get(document, document), "kind": revisions[-1].kind, "about": revisions[-1].about,
         "revisions_count": len(revisions), "first_source_id": revisions[0].id,
         "latest_source_id": revisions[-1].id}
        for document, revisions in revisions_by_document(sources).items()
    ])
