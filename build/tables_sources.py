"""The ``sources`` table: every source document, whole and exactly as pinned."""

from .bulk import insert_rows
from .manifest import Source


def add_sources(db, sources: list[Source]) -> None:
    insert_rows(
        db, "sources",
        (
            {
                "id": source.id,
                "title": source.title,
                "kind": source.kind,
                "file": f"data/{source.file}",
                "sha256": source.sha256,
                "chars": len(source.text),
                "description": source.description,
                "publisher": source.publisher,
                "language": source.language,
                "license": source.license,
                "url": source.url,
                "retrieved": source.retrieved,
                "revision_order": source.revision_order,
                "revision_order_inferred": 1 if source.revision_order is not None else None,
                "notes": source.notes,
                "text": source.text,
            }
            for source in sources
        ),
        pk="id",
        column_order=("id", "title", "kind", "file", "sha256", "chars"),
        columns={"description": str, "revision_order": int, "revision_order_inferred": int, "license": str, "url": str, "retrieved": str},
    )
