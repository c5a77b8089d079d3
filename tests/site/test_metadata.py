"""metadata.yml documents everything a user can open, and its defaults never break a page.

Every published table and view, and every column of each, has a description;
FTS shadow tables are hidden; default sorts, facets and label columns name
columns the tables really have; sorting by any visible column works (Datasette
answers 500 to a sort outside ``sortable_columns``, so none is set); every
canned query has a title and a description.
"""

import re

import pytest
import yaml

from build.tables.schema import EXPORT_TABLES
from conftest import ROOT

METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
DATABASE = METADATA["databases"]["serrano"]
TABLES = DATABASE.get("tables", {})
QUERIES = DATABASE.get("queries", {})
FTS_SHADOW_SUFFIXES = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")


async def published(datasette) -> dict[str, list[str]]:
    """What Datasette lists for a user: non-hidden tables and every view, with their columns."""
    response = await datasette.client.get("/serrano.json")
    assert response.status_code == 200
    listing = response.json()
    names = [t["name"] for t in listing["tables"] if not t["hidden"]] + [v["name"] for v in listing["views"]]
    db = datasette.get_database("serrano")
    return {name: await db.table_columns(name) for name in names}


def test_the_top_level_metadata_tells_a_newcomer_what_this_is():
    for key in ("title", "description_html", "license", "license_url", "source", "about", "about_url"):
        assert METADATA.get(key), f"metadata.yml lacks {key}"
    description = METADATA["description_html"].lower()
    # What the record is, and how to read a conflict.
    for words in ("claim", "conflict", "side", "refine", "within a source"):
        assert words in description, f"the description does not explain {words!r}"


async def test_every_published_table_and_view_has_a_description(datasette):
    tables = await published(datasette)
    assert "claims" in tables and "uncovered_mentions" in tables
    missing = sorted(name for name in tables if not (TABLES.get(name) or {}).get("description", "").strip())
    assert missing == [], f"tables and views without a description in metadata.yml: {missing}"


async def test_every_column_of_every_published_table_is_described(datasette):
    tables = await published(datasette)
    missing = [
        f"{table}.{column}"
        for table, columns in sorted(tables.items())
        for column in columns
        if not str(((TABLES.get(table) or {}).get("columns") or {}).get(column) or "").strip()
    ]
    assert missing == [], f"columns without a description in metadata.yml: {missing}"


def test_documented_columns_exist_in_every_table_that_has_rows(db):
    """Catches typos and stale documentation; an empty entity table has fewer columns, so it is skipped.
    The tables of MediaWiki exports exist only when the record holds one (the seeds do not):
    tests/pipeline/test_mediawiki_export.py checks them."""
    stale = []
    for table, config in TABLES.items():
        if table in EXPORT_TABLES and table not in db.table_names():
            continue
        if table not in db.table_names() + db.view_names():
            stale.append(f"{table} (no such table or view)")
            continue
        if table in db.table_names() and db[table].count == 0:
            continue
        actual = {column.name for column in db[table].columns}
        stale += [f"{table}.{column}" for column in (config.get("columns") or {}) if column not in actual]
    assert stale == [], f"metadata.yml documents what the database does not have: {stale}"


async def test_fts_shadow_tables_are_hidden(db, datasette):
    shadow = [t for t in db.table_names() if t.endswith(FTS_SHADOW_SUFFIXES)]
    assert shadow, "the build enables full-text search, so FTS tables exist"
    not_hidden_in_metadata = [t for t in shadow if (TABLES.get(t) or {}).get("hidden") is not True]
    assert not_hidden_in_metadata == [], f"FTS tables without hidden: true: {not_hidden_in_metadata}"
    listing = (await datasette.client.get("/serrano.json")).json()
    shown = [t["name"] for t in listing["tables"] if t["name"] in shadow and not t["hidden"]]
    assert shown == []


def test_no_table_restricts_its_sortable_columns():
    restricted = [table for table, config in TABLES.items() if "sortable_columns" in config]
    assert restricted == [], "sortable_columns makes Datasette answer 500 to other sorts"


def test_defaults_name_columns_every_table_always_has(db):
    """Sorts, facets and labels must hold even for a table the build left empty (fewest columns)."""
    problems = []
    assert TABLES
    for table, config in TABLES.items():
        if config.get("hidden") or (table in EXPORT_TABLES and table not in db.table_names()):
            continue
        actual = {column.name for column in db[table].columns}
        named = [config.get("sort"), config.get("sort_desc"), config.get("label_column"), *declared_facets(table)]
        problems += [f"{table}: {column}" for column in named if column is not None and column not in actual]
        assert not ("sort" in config and "sort_desc" in config), f"{table} sets both sort and sort_desc"
    assert problems == [], f"defaults naming missing columns: {problems}"


def test_tables_with_a_name_column_label_their_foreign_keys_with_it(db):
    for table in ("persons", "offices", "organizations", "awards", "indicators", "events", "terms"):
        assert TABLES[table].get("label_column") == "name", table
    assert TABLES["sources"].get("label_column") == "title"
    targets = {fk.other_table for table in db.table_names() for fk in db[table].foreign_keys}
    unlabelled = sorted(t for t in targets if not (TABLES.get(t) or {}).get("label_column"))
    assert unlabelled == [], f"foreign keys point at tables with no label_column: {unlabelled}"


async def test_foreign_keys_show_the_label_of_the_row_they_point_at(db, datasette):
    checked = 0
    for table in db.table_names():
        if table.endswith(FTS_SHADOW_SUFFIXES) or not db[table].foreign_keys:
            continue
        response = await datasette.client.get(f"/serrano/{table}.json?_labels=on&_shape=objects&_size=20")
        assert response.status_code == 200, table
        for row in response.json()["rows"]:
            for fk in db[table].foreign_keys:
                cell = row[fk.column]
                if cell is None:
                    continue
                label_column = TABLES[fk.other_table]["label_column"]
                expected = db.execute(
                    f"select [{label_column}] from [{fk.other_table}] where [{fk.other_column}] = ?",
                    [cell["value"]]).fetchone()[0]
                assert cell["label"] == expected, (table, fk.column, cell)
                checked += 1
    assert checked > 0


# The facets each table opens with, as the publication promises them to a reader (the README's
# "claims table with its 4 default facets", the record's tables by "disputed", the document tables
# by source).  Written here and in metadata.yml on purpose, as the promised canned queries are
# below: a facet deleted from metadata.yml fails this test instead of quietly leaving the page.
# Adding a facet needs no change here; removing one is a decision to make in both places.
PROMISED_FACETS = {
    "sources": ["kind"],
    "documents": ["kind"],
    "ipu_decisions": ["case_id"],
    "ipu_case_persons": ["case_id"],
    "ipu_side_box": ["key"],
    "decision_paragraphs": ["part", "operative_verb", "attributed_to"],
    "infobox_fields": ["source_id", "key", "block"],
    "passages": ["source_id", "kind", "section"],
    "references": ["source_id"],
    "citations": ["source_id", "number"],
    "persons": ["disputed"],
    "offices": ["branch", "disputed"],
    "organizations": ["disputed"],
    "awards": ["disputed"],
    "indicators": ["disputed"],
    "events": ["disputed"],
    "terms": ["person_id", "office_id", "disputed"],
    "claims": ["source_id", "property", "method", "attributed_to"],
    "claim_comparisons": ["verdict", "rule", "kind"],
    "facts": ["subject_table", "property", "documents_count", "disputed"],
    "source_conflicts": ["kind", "within_source", "subject_table"],
    "conflict_claims": ["side", "source_id"],
    "mentions": ["source_id", "kind", "covered"],
    "consistency_findings": ["rule", "severity"],
    "finding_claims": ["role", "source_id"],
    "revision_changes": ["kind", "unit", "from_source_id"],
    "provisional_entities": ["vocabulary"],
    "uncovered_mentions": ["source_id", "kind"],
    "source_segments": ["source_id", "disputed"],
    "sentences": ["source_id", "status", "mark_reason"],
    "sentence_claims": ["source_id"],
    "unaccounted_sentences": ["source_id"],
}


def declared_facets(table: str) -> list[str]:
    return [f if isinstance(f, str) else next(iter(f.values())) for f in (TABLES.get(table) or {}).get("facets") or []]


def declared_sort(config: dict) -> str | None:
    """How Datasette words a table's default sort in its description, from metadata.yml."""
    if config.get("sort"):
        return f"sorted by {config['sort']}"
    if config.get("sort_desc"):
        return f"sorted by {config['sort_desc']} descending"
    return None


@pytest.mark.parametrize("table", sorted(PROMISED_FACETS))
def test_metadata_declares_every_promised_facet(table):
    missing = [facet for facet in PROMISED_FACETS[table] if facet not in declared_facets(table)]
    assert not missing, f"metadata.yml no longer gives {table} its default facets {missing}"


async def test_every_table_page_opens_with_its_default_sort_and_facets(datasette):
    """The facets and sort a reader sees on opening a table are exactly those metadata.yml declares.

    Read from the page itself: the JSON's facet_results, the HTML's facet boxes, and the
    sort Datasette states in the page's description.  A facet Datasette does not show (a
    misspelt key, a column gone, facet_time_limit_ms reached) fails here; one deleted from
    metadata.yml fails the test above.
    """
    tables = await published(datasette)
    assert set(PROMISED_FACETS) <= set(tables), sorted(set(PROMISED_FACETS) - set(tables))
    for table in tables:
        config = TABLES.get(table) or {}
        declared = declared_facets(table)
        page = await datasette.client.get(f"/serrano/{table}.json")
        assert page.status_code == 200, (table, page.status_code)
        data = page.json()
        if table in QUERIES:  # a canned query of the same name answers this URL
            assert data.get("query_name") == table, (table, sorted(data))
            continue
        assert list(data["facet_results"]) == declared, (table, list(data["facet_results"]), declared)
        assert not data.get("facets_timed_out"), (table, data["facets_timed_out"])
        sort = re.search(r"sorted by \S+(?: descending)?", data["human_description_en"])
        assert (sort.group(0) if sort else None) == declared_sort(config), (table, data["human_description_en"])
        html = await datasette.client.get(f"/serrano/{table}")
        assert html.status_code == 200, (table, html.status_code)
        shown = re.findall(r'<div class="facet-info[^"]*" id="facet-([^"]+)"', html.text)
        assert sorted(shown) == sorted(declared), (table, shown, declared)


async def test_sorting_by_every_visible_column_works(datasette):
    failures = []
    for table, columns in (await published(datasette)).items():
        for column in columns:
            for sort in ("_sort", "_sort_desc"):
                response = await datasette.client.get(f"/serrano/{table}.json?{sort}={column}")
                if response.status_code != 200:
                    failures.append((table, column, sort, response.status_code))
    assert failures == []


def test_every_canned_query_has_a_title_a_description_and_sql():
    assert QUERIES, "metadata.yml defines canned queries"
    for name, query in QUERIES.items():
        assert str(query.get("title") or "").strip(), f"{name} has no title"
        assert str(query.get("description") or query.get("description_html") or "").strip(), f"{name} has no description"
        assert str(query.get("sql") or "").strip(), f"{name} has no sql"


def test_the_canned_queries_the_publication_promises_exist():
    promised = {"career", "conflicts", "search", "facts_about", "single_source_facts",
                "decision_by_verb", "homicide_rate", "uncovered", "claims_per_source"}
    assert promised <= set(QUERIES), sorted(promised - set(QUERIES))


@pytest.mark.parametrize("table", sorted(t for t, c in TABLES.items() if not c.get("hidden")))
def test_every_documented_table_has_column_docs(table):
    assert TABLES[table].get("columns"), f"{table} documents no columns"


def test_every_foreign_key_facet_and_sort_column_is_indexed(db):
    """A table page sorts, facets and follows foreign keys; each must read an index, not scan the table."""
    tables = db.tables
    assert len(tables) > 20
    for table in tables:
        # A partial index (of some rows only) serves no facet or sort of the whole table.
        leading = {index.columns[0] for index in table.indexes if index.columns and index.columns[0] and not index.partial}
        if table.pks and len(table.pks) == 1:
            leading.add(table.pks[0])
        wanted = {fk.column for fk in table.foreign_keys}
        meta = TABLES.get(table.name) or {}
        wanted |= {f if isinstance(f, str) else next(iter(f.values())) for f in meta.get("facets") or []}
        wanted |= {meta[key] for key in ("sort", "sort_desc") if meta.get(key)}
        missing = sorted(wanted - leading)
        assert not missing, f"{table.name}: no index leads with {', '.join(missing)}"


def test_the_grouping_queries_read_their_indexes(db):
    """claims_per_source walks an index in group order instead of sorting every row."""
    for name in ("claims_per_source",):
        plan = " ".join(row[3] for row in db.execute("explain query plan " + QUERIES[name]["sql"]).fetchall())
        assert "USING" in plan and "INDEX" in plan and "TEMP B-TREE" not in plan, (name, plan)


def _count_plan(db, sql: str) -> str:
    return " ".join(row[3] for row in db.execute("explain query plan " + sql).fetchall())


@pytest.mark.parametrize("view", ["unaccounted_sentences", "uncovered_mentions"])
def test_a_views_count_reads_an_index_not_its_rows(db, view):
    """Datasette counts a view's rows for its page.  A view with an ORDER BY of its own cannot be
    flattened into that count, so SQLite read every row it lists (0.5 s at 10,000x the seeds); the
    page sorts it instead (metadata.yml)."""
    assert "order by" not in db[view].schema.lower(), view
    plan = _count_plan(db, f"select count(*) from (select * from [{view}])")
    assert "COVERING INDEX" in plan and "CO-ROUTINE" not in plan, plan
    assert (TABLES[view] or {}).get("sort") == "source_id"


def test_the_about_pages_counts_read_partial_indexes(db):
    """/about counts the inferred claims and sources; each count must read an index of just those rows."""
    page = (ROOT / "templates" / "pages" / "about.html").read_text(encoding="utf-8")
    (query,) = re.findall(r'set inferred = sql\("([^"]+)"', page)
    counts = re.findall(r"\(select count\(\*\) from (\w+) where (.+?)\) as \w+", query)
    assert [table for table, _ in counts] == ["claims", "sources"], counts
    partial = {name for name, sql in db.execute("select name, sql from sqlite_master where type = 'index'")
               if sql and " where " in sql.lower()}
    for table, where in counts:
        plan = _count_plan(db, f"select count(*) from {table} where {where}")
        used = re.findall(r"USING COVERING INDEX (\w+)", plan)
        assert used and set(used) <= partial, (table, plan)


async def test_the_inferred_claims_page_about_links_to_reads_the_partial_index(db, datasette):
    """/about links to the claims that carry an inference (``inferred__notblank=1``): its rows and count
    are read from ``claims_inferred``, not from every claim."""
    page = (ROOT / "templates" / "pages" / "about.html").read_text(encoding="utf-8")
    assert "?inferred__notblank=1" in page
    body = (await datasette.client.get("/serrano/claims.json?inferred__notblank=1&_size=1")).json()
    sql = body["query"]["sql"]
    where = re.search(r" where (.+?) order by ", sql, re.S).group(1)
    plan = _count_plan(db, f"select count(*) from claims where {where}")
    assert "claims_inferred" in plan, (where, plan)
    assert body["filtered_table_rows_count"] == db.execute("select count(*) from claims where inferred != ''").fetchone()[0] > 0


def test_the_homicide_rate_query_reads_the_indicator_index(db):
    plan = _count_plan(db, QUERIES["homicide_rate"]["sql"].replace(":unit", "''"))
    assert "claims_indicator_property" in plan, plan


def test_the_conflicts_query_reads_the_conflicts_in_its_own_order(db):
    """Only each conflict's claims are sorted, never every conflict (the slowest page at 10,000x)."""
    plan = [row[3] for row in db.execute("explain query plan " + QUERIES["conflicts"]["sql"], {"kind": "", "source": ""})]
    assert "SCAN c USING INDEX source_conflicts_listing_order" in plan, plan
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan


@pytest.mark.parametrize("table", sorted(t for t, c in TABLES.items() if (c or {}).get("sort") or (c or {}).get("sort_desc")))
async def test_paging_through_a_sorted_table_shows_every_row_once(db, datasette, table):
    """Follow ``next`` with small pages: the rows seen are exactly the table's rows, none twice.

    Ties on the default sort column (char_start, name) at a page boundary are
    where Datasette 0.65 repeated and skipped rows until the build indexed the
    sort column together with the primary key (build/tables/indexes.py).
    """
    if table not in db.table_names() + db.view_names():
        pytest.skip(f"{table} is only built when the manifest holds a MediaWiki export (the seeds hold none)")
    # A view has no primary key (Datasette pages it by offset); the sorted views all show their rows' ids.
    pks = ["id"] if table in db.view_names() else db[table].pks
    seen, path = [], f"/serrano/{table}.json?_size=7&_shape=objects"
    while path:
        body = (await datasette.client.get(path)).json()
        seen += [tuple(row[pk] for pk in pks) for row in body["rows"]]
        path = body.get("next_url")
        if path:
            path = path.split("://", 1)[-1].split("/", 1)[-1]
            path = "/" + path
    expected = [tuple(row) for row in db.execute(f"select {', '.join(pks)} from [{table}]").fetchall()]
    assert len(seen) == len(set(seen)) == len(expected), f"{table}: {len(seen)} rows shown, {len(set(seen))} distinct"
    assert set(seen) == set(expected)
