"""Indexes for what the publication asks of every table.

Datasette answers a table page with a sorted page of rows and one
``group by`` per default facet, and follows foreign keys to show labels.
Without an index each of those is a scan of the whole table: unnoticeable
with the seeds, seconds at 1,000 times their size (benchmarks/bench_scale.py).
So every foreign key is indexed, and so is every column ``metadata.yml``
facets or sorts a table by, read from the publication's own metadata so a new
facet gets its index without touching the build.  This module is the one place
the build makes indexes; an index whose columns begin another index's is
dropped, since the longer one serves it.
"""

import functools
from pathlib import Path

import yaml

# Indexes for canned queries and pages: claims_per_source groups a whole
# table and reads this in group order instead of sorting every row;
# awards_timeline looks up each award's dates, places and conferrers.
QUERY_INDEXES = (
    "create index claims_source_method on claims(source_id, method)",
    "create index claims_award_property on claims(award_id, property)",  # awards_timeline, per award
    # The uncovered_mentions view (covered = 0, in source order): with only the
    # one-column index, the planner's statistics say covered has two values and
    # it scanned every mention (0.4 s at 1,000x); this one is read in view order.
    "create index mentions_covered_source_position on mentions(covered, source_id, char_start)",
    # single_source_facts, in the order it lists them: read in index order, not sorted.
    "create index facts_single_source_order on facts("
    "sources_count, sources, subject_table, subject_name, property, item_or_period)",
    # The source reader (templates/pages/sources/{id}.html): one source's segments in order.
    "create index source_segments_source_ordinal on source_segments(source_id, ordinal)",
)

REPO = Path(__file__).resolve().parent.parent
METADATA = REPO / "metadata.yml"
DATABASE = "serrano"


@functools.lru_cache(maxsize=4)
def load_metadata(metadata_path: Path = METADATA) -> dict:
    """The publication's metadata.yml, read once per build (indexes and the Data Package both use it)."""
    if not metadata_path.exists():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the pure-Python parser took 0.1 s here
    return yaml.load(metadata_path.read_text(encoding="utf-8"), Loader=loader) or {}


def published_columns(metadata_path: Path = METADATA) -> dict[str, tuple]:
    """table -> (default sort column or None, whether it is descending, facet columns)."""
    metadata = load_metadata(metadata_path)
    tables = ((metadata.get("databases") or {}).get(DATABASE) or {}).get("tables") or {}
    wanted = {}
    for table, meta in tables.items():
        meta = meta or {}
        facets = [facet if isinstance(facet, str) else next(iter(facet.values())) for facet in meta.get("facets") or []]
        wanted[table] = (meta.get("sort") or meta.get("sort_desc"), bool(meta.get("sort_desc")), facets)
    return wanted


def add_sort_index(db, table: str, column: str, descending: bool) -> None:
    """An index in exactly the order Datasette pages through the table: the sort column, then the primary key.

    Datasette 0.65 orders the first page by the sort column alone and later
    pages by the sort column then the primary key, resuming after the last
    row shown.  When rows tie on the sort column (char_start repeats in every
    source) the first page came out in rowid order, so the next page repeated
    some rows and skipped others: a CSV download of all claims had 260 rows
    for 254 claims.  With this index (and no shorter one on the sort column
    alone, see ``drop_redundant_indexes``) SQLite reads ties in primary-key
    order on every page, so the pages join up (tests/test_metadata.py pages
    through every sorted table to check).
    """
    if column not in db[table].columns_dict:
        return
    keys = [pk for pk in db[table].pks if pk != column]
    if [column] + keys == db[table].pks:  # the primary key's own index has this order
        return
    direction = " desc" if descending else ""
    columns = ", ".join([f"[{column}]{direction}"] + [f"[{key}]" for key in keys])
    db.execute(f"create index [{table}_sort_{column}] on [{table}] ({columns})")


def drop_redundant_indexes(db) -> None:
    """Drop every plain index whose columns begin a longer index of the same table.

    The longer index answers the same lookups, and leaving the short one lets
    the planner pick it for a sort and return ties in rowid order (see
    ``add_sort_index``).  Unique indexes and expression indexes are kept.
    """
    for table in db.tables:
        indexes = [index for index in table.indexes if None not in index.columns]
        for short in indexes:
            if short.unique or short.origin != "c":
                continue
            if any(len(long.columns) > len(short.columns) and long.columns[:len(short.columns)] == short.columns
                   for long in indexes):
                db.execute(f"drop index [{short.name}]")



def add_indexes(db, metadata_path: Path = METADATA) -> None:
    """Create every index the publication needs (views are skipped: their tables are indexed)."""
    db.index_foreign_keys()
    for statement in QUERY_INDEXES:
        db.execute(statement)
    tables = set(db.table_names())
    for table, (sort, descending, facets) in published_columns(metadata_path).items():
        if table not in tables:
            continue
        if sort:
            add_sort_index(db, table, sort, descending)
        led = {index.columns[0] for index in db[table].indexes if index.columns}
        for column in facets:
            # Any index led by the column serves its facet count.
            if column not in led and column in db[table].columns_dict:
                db[table].create_index([column])
                led.add(column)
    drop_redundant_indexes(db)
    # Statistics for the query planner (sqlite_stat1, which Datasette hides):
    # without them SQLite guessed, and read the index on claims.property for
    # a lookup by award, which scanned a third of the table per award.
    db.analyze()
