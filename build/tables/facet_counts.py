"""``facet_counts``: each table page's default facets, counted once at build time.

A facet is a ``group by`` over the whole table on every visit to the table's page: linear in
its rows, and at 1,000 times the seeds the four facets of ``claims`` (193,199 rows) or the two
of ``source_segments`` (669,594 rows) were 100 to 200 ms of SQL a page, most of each page's
time, and ten times that at 10,000 times.  The database never changes once published, so the
counts the unfiltered page shows are counted here, once, and ``plugins/counted_facets.py``
reads them; a page with a filter or a search counts live, as Datasette does.

The facets counted are those ``metadata.yml`` declares as ``{counted: column}``.  The rows are
what Datasette's own column facet would show, computed with its ordering (count descending,
then value) and its rule (null values left out), and as many of them as any page can ask for
(``max_returned_rows`` + 1: one more than shown tells the page the list is cut).  A value is
stored as text with its SQLite type beside it, so the plugin gives the page back the integer
1, not the text "1".
"""

import json

from .bulk import insert_rows
from .indexes import DATABASE, REPO, load_metadata

SETTINGS = REPO / "settings.json"
DATASETTE_MAX_RETURNED_ROWS = 1000  # Datasette's default, when settings.json does not set it


def counted_facets(metadata: dict) -> list[tuple[str, str]]:
    """(table, column) for every ``{counted: column}`` facet in the metadata, in its order."""
    tables = ((metadata.get("databases") or {}).get(DATABASE) or {}).get("tables") or {}
    return [(table, facet["counted"]) for table, meta in tables.items()
            for facet in (meta or {}).get("facets") or [] if isinstance(facet, dict) and "counted" in facet]


def rows_kept(settings_path=SETTINGS) -> int:
    settings = json.loads(settings_path.read_text(encoding="utf-8")) if settings_path.exists() else {}
    return int(settings.get("max_returned_rows", DATASETTE_MAX_RETURNED_ROWS)) + 1


def add_facet_counts(db, metadata_path=None, settings_path=SETTINGS) -> None:
    """Count every counted facet of the tables and views present; run after the indexes, which the
    counts read (a covering index per facet column: ``build.tables.indexes``)."""
    metadata = load_metadata(metadata_path) if metadata_path else load_metadata()
    present = set(db.table_names()) | set(db.view_names())
    limit = rows_kept(settings_path)
    rows = []
    for table, column in counted_facets(metadata):
        if table not in present:
            continue
        counted = db.conn.execute(
            f"select [{column}], typeof([{column}]), count(*) as count from [{table}] "
            f"where [{column}] is not null group by [{column}] order by count desc, [{column}] limit ?", [limit])
        rows += [{"table_name": table, "column_name": column, "rank": rank, "value": str(value),
                  "value_type": kind, "count": count}
                 for rank, (value, kind, count) in enumerate(counted, 1)]
    insert_rows(db, "facet_counts", rows)
