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
from typing import NamedTuple
from pathlib import Path

import yaml

from .schema import created_tables

# Indexes for canned queries and pages, as (name, table, columns): claims_per_source
# groups a whole table and reads this in group order instead of sorting every row;
# the awards_timeline table (build.tables.awards_timeline) reads each award's claims.
QUERY_INDEXES = (
    ("claims_source_method", "claims", ("source_id", "method")),
    ("claims_award_property", "claims", ("award_id", "property")),  # the awards_timeline table, built once
    # homicide_rate (an indicator's values): with indicator_id alone, the seeds' statistics led SQLite to
    # the property index, a third of the claims (0.26 s at 10,000x the seeds).
    ("claims_indicator_property", "claims", ("indicator_id", "property")),
    # The uncovered_mentions view (covered = 0, in source order): with only the
    # one-column index, the planner's statistics say covered has two values and
    # it scanned every mention (0.4 s at 1,000x); this one is read in view order.
    ("mentions_covered_source_position", "mentions", ("covered", "source_id", "char_start")),
    # single_source_facts (facts one document states, grouped by document, kind and property), read in
    # index order: its group by follows the index, so the first rows come without sorting every group
    # (with subject_name before property it sorted all 26,010 groups at 1,000x: 520 ms; 2 to 17 ms now).
    ("facts_single_document_order", "facts",
     ("documents_count", "documents", "subject_table", "property", "subject_name", "item_or_period")),
    # The conflicts canned query lists every conflict's claims in (subject_table, subject_name, property,
    # id) order: read through this index, SQLite sorts only each conflict's few claims (its "right part"
    # of the ORDER BY) and the first page comes without sorting every conflict.  Through the
    # subject_table index alone it sorted all of a table's conflicts: 142 ms p50 at 10,000x, the
    # slowest page; 25 -> 13 ms at 1,000x with this.
    ("source_conflicts_listing_order", "source_conflicts", ("subject_table", "subject_name", "property", "id")),
    # The source reader (templates/pages/sources/{id}.html): one source's segments in order.
    ("source_segments_source_ordinal", "source_segments", ("source_id", "ordinal")),
    # The unaccounted_sentences view (status = 'unaccounted', in source order) and its count
    # and facet: 138 ms at 1,000x through the source_id index and a sort, 1 ms with this.
    ("sentences_status_source_position", "sentences", ("status", "source_id", "char_start")),
    # uncited_claims (sentences citing nothing, in source order): 72 ms at 1,000x, 1 ms with this.
    ("sentences_uncited_source_position", "sentences", ("citations_count", "source_id", "char_start")),
)

# Partial indexes, as (name, table, columns, where): the /about page counts the inferred claims and the
# sources whose revision is inferred; each count read a whole table (0.6 s at 10,000x the seeds, over
# the page's budget alone).  An index of only those rows answers it.  SQLite uses a partial index only
# for a query whose WHERE holds the index's WHERE as one of its terms, so the page's counts are written
# with these very terms; ``inferred != ''`` is also a term of Datasette's ``inferred__notblank=1``
# filter, the claims page /about links to, so that page reads the index too.
PARTIAL_INDEXES = (
    ("claims_inferred", "claims", ("inferred",), "inferred != ''"),
    ("sources_revision_inferred", "sources", ("revision_inferred",), "revision_inferred = 1"),
)

REPO = Path(__file__).resolve().parents[2]
METADATA = REPO / "metadata.yml"
DATABASE = "serrano"


def load_metadata(metadata_path: Path = METADATA) -> dict:
    """The publication's metadata.yml, read once per build (indexes and the Data Package both use it)."""
    return _load_metadata(Path(metadata_path).resolve())


@functools.lru_cache(maxsize=4)  # keyed on the resolved path: load_metadata() and load_metadata(METADATA) share it
def _load_metadata(metadata_path: Path) -> dict:
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


class Index(NamedTuple):
    name: str
    table: str
    columns: tuple[str, ...]  # plain column names
    descending: tuple[str, ...] = ()  # those of ``columns`` sorted descending
    where: str | None = None  # a partial index: only the rows this holds for

    def sql(self) -> str:
        columns = ", ".join(f"[{c}]" + (" desc" if c in self.descending else "") for c in self.columns)
        where = f" where {self.where}" if self.where else ""
        return f"create index [{self.name}] on [{self.table}] ({columns}){where}"


def sort_index(spec, column: str, descending: bool) -> Index | None:
    """An index in exactly the order Datasette pages through the table: the sort column, then the primary key.

    Datasette 0.65 orders the first page by the sort column alone and later
    pages by the sort column then the primary key, resuming after the last
    row shown.  When rows tie on the sort column (char_start repeats in every
    source) the first page came out in rowid order, so the next page repeated
    some rows and skipped others: a CSV download of all claims had 260 rows
    for 254 claims.  With this index (and no shorter one on the sort column
    alone, see ``without_redundant``) SQLite reads ties in primary-key order on
    every page, so the pages join up (tests/site/test_metadata.py pages through
    every sorted table to check).
    """
    if column not in spec.columns:
        return None
    keys = tuple(pk for pk in spec.pk if pk != column)
    if (column,) + keys == spec.pk:  # the primary key's own index has this order
        return None
    return Index(f"{spec.name}_sort_{column}", spec.name, (column,) + keys, (column,) if descending else ())


def primary_key_index(spec) -> tuple[str, ...] | None:
    """The columns of the index SQLite makes for the primary key (none for an INTEGER PRIMARY KEY: the rowid)."""
    if len(spec.pk) == 1 and spec.columns.get(spec.pk[0]) == "integer":
        return None
    return spec.pk


def planned_indexes(tables: dict, metadata_path: Path = METADATA) -> list[Index]:
    """Every index the publication needs, planned from the declared tables and metadata.yml.

    Planned in Python rather than by asking SQLite table by table (sqlite-utils'
    ``index_foreign_keys``, ``indexes``, ``columns_dict``): that introspection
    was hundreds of PRAGMA queries, a tenth of a seed build.
    """
    plan: list[Index] = []
    led_by = {name: {spec.pk[0]} if primary_key_index(spec) else set() for name, spec in tables.items()}
    exact = {name: {primary_key_index(spec)} - {None} for name, spec in tables.items()}

    def add(index: Index) -> None:
        plan.append(index)
        led_by[index.table].add(index.columns[0])
        exact[index.table].add(index.columns)

    for spec in tables.values():  # every foreign key, unless an index has exactly that column
        for column, _, _ in spec.foreign_keys:
            if (column,) not in exact[spec.name]:
                add(Index(f"idx_{spec.name}_{column}", spec.name, (column,)))
    for name, table, columns in QUERY_INDEXES:
        add(Index(name, table, columns))
    for table, (sort, descending, facets) in published_columns(metadata_path).items():
        spec = tables.get(table)
        if spec is None:  # a view: its tables are indexed
            continue
        index = sort_index(spec, sort, descending) if sort else None
        if index:
            add(index)
        for column in facets:  # any index led by the column serves its facet count
            if column not in led_by[table] and column in spec.columns:
                add(Index(f"idx_{table}_{column}", table, (column,)))
    # Last, and outside the bookkeeping above: an index of some rows serves no facet or sort of the table.
    return without_redundant(plan, tables) + [Index(name, table, columns, where=where)
                                              for name, table, columns, where in PARTIAL_INDEXES if table in tables]


def without_redundant(plan: list[Index], tables: dict) -> list[Index]:
    """Leave out every index whose columns begin a longer index of the same table.

    The longer index answers the same lookups, and leaving the short one lets
    the planner pick it for a sort and return ties in rowid order (see
    ``sort_index``).  The primary key's own index counts as a longer one.
    """
    longer = {}
    for index in plan:
        longer.setdefault(index.table, []).append(index.columns)
    for name, spec in tables.items():
        if primary_key_index(spec):
            longer.setdefault(name, []).append(primary_key_index(spec))
    return [index for index in plan
            if not any(len(other) > len(index.columns) and other[:len(index.columns)] == index.columns
                       for other in longer[index.table])]


def add_indexes(db, metadata_path: Path = METADATA) -> None:
    """Create every index the publication needs, in one transaction, then the planner's statistics."""
    with db.conn:
        db.conn.execute("begin")
        for index in planned_indexes(created_tables(db), metadata_path):
            db.conn.execute(index.sql())
    # Statistics for the query planner (sqlite_stat1, which Datasette hides):
    # without them SQLite guessed, and read the index on claims.property for
    # a lookup by award, which scanned a third of the table per award.
    db.conn.execute("analyze")
