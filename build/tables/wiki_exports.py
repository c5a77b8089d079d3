"""The tables only a MediaWiki export fills (``build.sources.mediawiki``), written when there is one.

``wiki_revisions``: each revision's metadata as the export states it (revision and parent ids,
timestamp, contributor, comment) and its wikitext with its place in the file.
``source_text_map``: where each stretch of a revision's published text (``sources.text``) comes
from in the file, so every quote can be traced to the exact characters of the export.
``wiki_links``: each link's shown text in ``sources.text`` and the page it names.
"""

from .bulk import insert_rows, insert_tuples
from ..sources.documents import ParsedSource
from ..sources.mediawiki import ExportedDocument


def add_export_tables(db, parsed: list[ParsedSource]) -> None:
    exported = [item for item in parsed if isinstance(item.document, ExportedDocument)]
    insert_rows(db, "wiki_revisions", [_revision_row(item) for item in exported])
    # Columns in declared order (build.tables.schema): source_id, text_start, text_end, how, file_start,
    # file_end, wikitext_start, wikitext_end.
    insert_tuples(db, "source_text_map", (
        (item.source.id, t0, t1, how, f0, f1, w0, w1)
        for item in exported for t0, t1, f0, f1, w0, w1, how in item.document.text_map
    ))
    # id, source_id, char_start, char_end, text, target, section
    insert_tuples(db, "wiki_links", (
        (f"{item.source.id}-link-{n}", item.source.id, start, end, item.source.text[start:end], target, section)
        for item in exported
        for n, ((start, end, target), section) in enumerate(zip(item.document.links, _sections_of_links(item)), 1)
    ))


def _sections_of_links(item: ParsedSource) -> list[str | None]:
    """What ``ParsedSource.section_at`` says of each link, in one pass (links and sections are in text order)."""
    document = item.document
    fields = document.infobox_fields
    infobox = (fields[0]["char_start"], max(f["char_end"] for f in fields)) if fields else (0, 0)
    sections = [(p["char_start"], p["char_end"], p["section"]) for p in document.passages if p["kind"] == "section"]
    found, index = [], 0
    for start, end, _ in document.links:
        if infobox[0] <= start and end <= infobox[1]:
            found.append("infobox")
            continue
        while index < len(sections) and sections[index][1] < end:
            index += 1
        inside = index < len(sections) and sections[index][0] <= start and end <= sections[index][1]
        found.append(sections[index][2] if inside else None)
    return found


def _revision_row(item: ParsedSource) -> dict:
    document, revision, page = item.document, item.document.revision, item.document.page
    return {
        "source_id": item.source.id, "export_id": document.export_id, "site": page.site,
        "page_title": page.title, "page_id": page.page_id, "namespace": page.namespace,
        "revision_id": revision.revision_id, "parent_id": revision.parent_id, "timestamp": revision.timestamp,
        "contributor": revision.contributor, "contributor_id": revision.contributor_id,
        "minor": int(revision.minor), "comment": revision.comment, "model": revision.model,
        "format": revision.format, "sha1": revision.sha1, "file": f"data/{item.source.file}",
        "wikitext_start": document.wikitext_file_span[0], "wikitext_end": document.wikitext_file_span[1],
        "wikitext": revision.wikitext,
    }
