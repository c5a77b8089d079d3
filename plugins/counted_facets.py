"""Facets counted once, at build time: ``{counted: column}`` in a table's ``facets`` (metadata.yml).

A default facet is a ``group by`` over the whole table on every visit to its page, linear in the
table's rows (build/tables/facet_counts.py gives the figures).  The published database never
changes, so the build counts each such facet once into ``facet_counts``; this facet type reads
those counts when the page shows the whole table, and counts live, with Datasette's facet time
limit, when a filter or a search narrows the rows (the counts must then be of those rows).

Written on Datasette's public facet API (``register_facet_classes``, ``Facet``); what a reader
sees is what the built-in column facet shows: the same values, counts, order (count descending,
then value), labels through foreign keys, links that add or remove the column's filter, and a
cut list with its "more" link.  ``tests/site/test_counted_facets.py`` compares both ways with
counts made by plain SQL, filtered and unfiltered.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

COUNTS_TABLE = "facet_counts"
READ_BACK = {"integer": int, "real": float, "text": str}


class CountedFacet(Facet):
    type = "counted"

    async def suggest(self):
        return []  # only declared in metadata.yml: there is nothing counted to suggest

    def whole_table(self) -> bool:
        """The page shows every row of its table: Datasette's SQL is ``select ... from [table]``,
        with no where clause and no parameters (a filter, a search or ``_where`` adds both)."""
        if not self.table or self.params:
            return False
        return self.sql.rsplit(" from ", 1)[-1].strip() in (escape_sqlite(self.table), f"[{self.table}]")

    async def stored_columns(self) -> set[str]:
        """The columns whose counts the build stored for this page: the facets metadata.yml declares,
        when the page shows the whole table of a database that has ``facet_counts``.  Any other column
        (a visitor's ?_facet_counted=, a filtered page) is counted live, and a column the table lacks
        then gets Datasette's own 400, as ?_facet= does."""
        if not self.whole_table() or not await self.ds.get_database(self.database).table_exists(COUNTS_TABLE):
            return set()
        return {facet.get("counted") for facet in (self.metadata or {}).get("facets") or [] if isinstance(facet, dict)}

    async def counted(self, column: str, limit: int) -> list[tuple] | None:
        """The build's counts for ``column`` (one of ``stored_columns``), or None when it has none."""
        db = self.ds.get_database(self.database)
        rows = (await db.execute(
            f"select value, value_type, count from {COUNTS_TABLE} where table_name = ? and column_name = ? "
            "order by rank limit ?", [self.table, column, limit])).rows
        if not rows:
            # No row: the column has no value in any row, or the database is older than the
            # table's counts (then it is counted live).
            known = (await db.execute(f"select 1 from {COUNTS_TABLE} where table_name = ? limit 1",
                                      [self.table])).rows
            return [] if known else None
        return [(READ_BACK.get(kind, str)(value), count) for value, kind, count in rows]

    async def counted_live(self, column: str, limit: int) -> list[tuple]:
        sql = (f"select {escape_sqlite(column)} as value, count(*) as count from ({self.sql}) "
               f"where {escape_sqlite(column)} is not null group by {escape_sqlite(column)} "
               f"order by count desc, value limit {limit}")
        rows = (await self.ds.execute(self.database, sql, self.params,
                                      custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
        return [(row["value"], row["count"]) for row in rows]

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        chosen = self.get_querystring_pairs()
        stored = await self.stored_columns()  # once a page, not once a facet
        for entry in self.get_configs():
            config = entry["config"]  # "column" (a JSON config) or "simple" (a name): plugins/guards.py checks both
            column = config.get("column") or config.get("simple")
            try:
                rows = await self.counted(column, size + 1) if column in stored else None
                if rows is None:
                    rows = await self.counted_live(column, size + 1)
            except QueryInterrupted:
                timed_out.append(column)
                continue
            shown = rows[:size]
            labels = await self.ds.expand_foreign_keys(self.database, self.table, column,
                                                       [value for value, _ in shown]) if self.table else {}
            # A column whose name starts with "_" is filtered as column__exact, as Datasette does.
            argument = f"{column}__exact" if column.startswith("_") else column
            values = []
            for value, count in shown:
                selected = (argument, str(value)) in chosen
                path = (path_with_removed_args(self.request, {argument: str(value)}) if selected
                        else path_with_added_args(self.request, {argument: value}))
                values.append({"value": value, "label": labels.get((column, value), value), "count": count,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path)),
                               "selected": selected})
            results.append({"name": column, "type": self.type, "hideable": entry["source"] != "metadata",
                            "toggle_url": self.ds.urls.path(path_with_removed_args(self.request,
                                                                                   {"_facet_counted": column})),
                            "results": values, "truncated": len(rows) > size})
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [CountedFacet]
