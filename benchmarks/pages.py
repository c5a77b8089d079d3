"""The pages a reader meets, each with the SQL Datasette runs for it.

Everything is read at run time from the configuration directory (metadata.yml,
settings.json, templates/, serrano.db), because other people edit those files
while the benchmarks are used: a new table, facet, canned query or template
query is benchmarked without touching this file.

For each page the SQL is what Datasette 0.65 itself executes for it:

* table page: ``select <columns> from <table> order by <metadata sort> limit
  <page size + 1>``, plus one count query per default facet (Datasette's facet
  SQL, ``limit default_facet_size + 1``; for a ``{counted: column}`` facet, the
  lookup of the build's counts in ``facet_counts``), plus ``count(*)`` for a view (a
  table's count comes from inspect-data.json).  Not included, so counted in
  Datasette's overhead: facet *suggestions* (``suggest_facets``) and
  foreign-key label lookups.
* canned query: its SQL with every parameter empty (Datasette's default),
  fetching at most ``max_returned_rows + 1`` rows, as Datasette does.
* custom page (``templates/index.html``, ``templates/pages/**``): every
  ``sql("...")`` call written in the template, read from the template file,
  with ``id`` bound to the page's id; all rows fetched (datasette-template-sql
  does not truncate).
* CSV download of claims: the table's select with ``_size=max``.
"""

import ast
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DATABASE = "serrano"

# How a custom page's placeholders are chosen: the worst case a reader meets,
# i.e. the source with the most claims, the conflict with the most claims, the
# person with the most terms, the finding naming the most claims, and the two
# revisions whose comparison lists the most changes.  Each query returns one
# row whose columns are named after the placeholders of the page's path.
CHOOSERS = {
    "sources": "select source_id as id from claims group by source_id order by count(*) desc, source_id limit 1",
    "conflicts": "select conflict_id as id from conflict_claims group by conflict_id order by count(*) desc, conflict_id limit 1",
    "persons": "select person_id as id from terms group by person_id order by count(*) desc, person_id limit 1",
    "findings": "select finding_id as id from finding_claims group by finding_id order by count(*) desc, finding_id limit 1",
    "revisions": ('select from_source_id as "from", to_source_id as "to" from revision_changes '
                  "group by from_source_id, to_source_id order by count(*) desc, 1, 2 limit 1"),
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# sql("...", {"id": id}, database="serrano") in a Jinja template.
TEMPLATE_SQL = re.compile(r"""\bsql\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*(?:,\s*(\{[^{}]*\}))?""")
NAMED_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@dataclass
class Page:
    kind: str  # home | table | query | custom | csv
    name: str
    path: str  # URL path and query string
    statements: list = field(default_factory=list)  # [(sql, params, max_rows or None)]
    sql_note: str = ""


def quote(name: str) -> str:
    return "[" + name + "]"


def discover(config_dir: Path) -> list[Page]:
    config_dir = Path(config_dir)
    metadata = yaml.safe_load((config_dir / "metadata.yml").read_text())
    settings = json.loads((config_dir / "settings.json").read_text())
    database = (metadata.get("databases") or {}).get(DATABASE) or {}
    page_size = settings.get("default_page_size", 100)
    max_rows = settings.get("max_returned_rows", 1000)
    facet_size = settings.get("default_facet_size", 30)
    connection = connect(config_dir / f"{DATABASE}.db")
    try:
        pages = [*custom_pages(config_dir, connection, only_home=True)]
        pages += table_pages(connection, database.get("tables") or {}, page_size, facet_size)
        pages += query_pages(database.get("queries") or {}, max_rows)
        pages += custom_pages(config_dir, connection, only_home=False)
        pages.append(csv_page(connection, database.get("tables") or {}, max_rows))
    finally:
        connection.close()
    return pages


def connect(path: Path) -> sqlite3.Connection:
    # Read-only and immutable, as Datasette opens a database that has an inspect file.
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def visible_tables(connection, tables_meta: dict) -> list[tuple[str, bool]]:
    """(name, is_view) for every table or view Datasette lists: not hidden, not FTS shadow tables."""
    rows = connection.execute(
        "select name, type = 'view' from sqlite_master where type in ('table', 'view') "
        "and name not like 'sqlite_%' order by name").fetchall()
    fts = {name for name, _ in rows if re.search(r"_fts($|_)", name)}
    return [(name, bool(view)) for name, view in rows
            if name not in fts and not (tables_meta.get(name) or {}).get("hidden")]


def table_select(connection, table: str, is_view: bool, meta: dict, size: int) -> str:
    info = connection.execute(f"pragma table_info({quote(table)})").fetchall()
    columns = ", ".join(quote(row[1]) for row in info)
    pks = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5]]
    if not pks and not is_view:
        columns, order = f"rowid, {columns}", "rowid"
    else:
        order = ", ".join(quote(pk) for pk in pks) if not is_view else ""
    if meta.get("sort"):
        order = quote(meta["sort"])
    elif meta.get("sort_desc"):
        order = f"{quote(meta['sort_desc'])} desc"
    return f"select {columns} from {quote(table)} " + (f"order by {order} " if order else "") + f"limit {size + 1}"


def table_pages(connection, tables_meta: dict, page_size: int, facet_size: int) -> list[Page]:
    pages = []
    for table, is_view in visible_tables(connection, tables_meta):
        meta = tables_meta.get(table) or {}
        statements = [(table_select(connection, table, is_view, meta, meta.get("size") or page_size), {}, None)]
        if is_view:
            statements.append((f"select count(*) from {quote(table)}", {}, None))
        facets = [f if isinstance(f, str) else next(iter(f.items())) for f in meta.get("facets") or []]
        for facet in facets:
            kind, column = ("column", facet) if isinstance(facet, str) else facet
            if kind == "counted":  # plugins/counted_facets.py: the build's counts, on the unfiltered page
                statements.append((
                    "select value, value_type, count from facet_counts where table_name = :table "
                    f"and column_name = :column order by rank limit {facet_size + 1}",
                    {"table": table, "column": column}, None))
            else:
                statements.append((
                    f"select {quote(column)} as value, count(*) as count from (select * from {quote(table)}) "
                    f"where {quote(column)} is not null group by {quote(column)} "
                    f"order by count desc, value limit {facet_size + 1}", {}, None))
        counted = sum(1 for facet in facets if not isinstance(facet, str) and facet[0] == "counted")
        note = "select" + (" + count" if is_view else "") + (
            f" + {len(facets)} facet counts" + (f" ({counted} stored)" if counted else "") if facets else "")
        pages.append(Page("table", table, f"/{DATABASE}/{table}", statements, note))
    return pages


def query_pages(queries: dict, max_rows: int) -> list[Page]:
    pages = []
    for name, query in queries.items():
        sql = query["sql"] if isinstance(query, dict) else query
        params = {p: "" for p in NAMED_PARAMETER.findall(strip_literals(sql))}
        pages.append(Page("query", name, f"/{DATABASE}/{name}", [(sql, params, max_rows + 1)],
                          "canned query, parameters empty" if params else "canned query"))
    return pages


def strip_literals(sql: str) -> str:
    """SQL without its string literals and comments, so ':' inside them is not a parameter."""
    return re.sub(r"'(?:[^']|'')*'|--[^\n]*", "''", sql)


def template_statements(template: Path, bindings: dict) -> list:
    statements = []
    for literal, params in TEMPLATE_SQL.findall(template.read_text()):
        keys = re.findall(r"""["'](\w+)["']\s*:""", params)
        statements.append((ast.literal_eval(literal), {key: bindings.get(key) for key in keys}, None))
    return statements


def custom_pages(config_dir: Path, connection, only_home: bool) -> list[Page]:
    templates = config_dir / "templates"
    if only_home:
        home = templates / "index.html"
        statements = template_statements(home, {}) if home.exists() else []
        return [Page("home", "home (/)", "/", statements, f"{len(statements)} sql() calls of index.html")]
    pages = []
    for template in sorted((templates / "pages").rglob("*.html")):
        relative = template.relative_to(templates / "pages").with_suffix("").as_posix()
        bindings, path = {}, "/" + relative
        if PLACEHOLDER.search(relative):
            bindings = choose(connection, relative.split("/")[0])
            if bindings is None:
                continue  # nothing to show (e.g. no conflicts at all): no page a reader meets
            path = PLACEHOLDER.sub(lambda m: str(bindings[m.group(1)]), path)
        statements = template_statements(template, bindings)
        pages.append(Page("custom", path, path, statements, f"{len(statements)} sql() calls of pages/{relative}.html"))
    return pages


def choose(connection, section: str) -> dict | None:
    """The placeholder values of a page in ``section``, or None when there is nothing to show."""
    sql = CHOOSERS.get(section)
    try:
        cursor = connection.execute(sql) if sql else None
    except sqlite3.OperationalError:  # a table this build does not have
        return None
    row = cursor.fetchone() if cursor else None
    return None if row is None else {d[0]: value for d, value in zip(cursor.description, row)}


def localize(path: str, route: str) -> str:
    """``/serrano/claims`` -> ``/serrano-<hash>/claims``: the URL the server answers without a redirect.

    The database is served under a content-hashed route (plugins/hashed_urls.py);
    timing the plain URL would time a 302.
    """
    for sep in ("/", ".", "?"):
        if path.startswith(f"/{DATABASE}{sep}"):
            return f"/{route}{path[len(DATABASE) + 1:]}"
    return path


def csv_page(connection, tables_meta: dict, max_rows: int) -> Page:
    select = table_select(connection, "claims", False, tables_meta.get("claims") or {}, max_rows)
    return Page("csv", "claims.csv", f"/{DATABASE}/claims.csv?_size=max", [(select, {}, None)], "select, _size=max")


def run_statements(connection, statements) -> int:
    """Run a page's SQL as Datasette would fetch it; return the rows read."""
    rows = 0
    for sql, params, max_rows in statements:
        cursor = connection.execute(sql, params)
        rows += len(cursor.fetchmany(max_rows) if max_rows else cursor.fetchall())
    return rows
