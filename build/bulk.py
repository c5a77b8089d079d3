"""Insert many rows quickly, with the table sqlite-utils would have made.

``Table.insert_all`` checks and converts every value of every row in Python
(JSON for lists and dicts, square brackets in keys, ...); at 1,000 times the
seeds that was a third of the build.  Our rows hold only text, numbers and
None.  So sqlite-utils still creates the table (from the first batch, the rows
``insert_all`` itself would have looked at, so the column types are the same)
and inserts that batch; the remaining rows go through one ``executemany`` in
the same order, so the database is the same file either way.

A value SQLite cannot store (a list, say) makes ``executemany`` raise; a key
the table has no column for is refused here, as ``insert_all`` would.
"""

import sqlite_utils.db

# insert_all's own first batch: at most 100 rows, fewer for wide rows.
DEFAULT_BATCH = 100


def first_batch_size(row: dict) -> int:
    return max(1, min(DEFAULT_BATCH, sqlite_utils.db.SQLITE_MAX_VARS // max(1, len(row))))


def insert_rows(db: sqlite_utils.Database, table_name: str, rows, **create_options) -> None:
    """Insert ``rows`` (dicts) into ``table_name``; ``create_options`` as for ``insert_all``."""
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return
    table = db[table_name]
    head = first_batch_size(rows[0])
    table.insert_all(rows[:head], **create_options)
    rest = rows[head:]
    if not rest:
        return
    columns = [column.name for column in table.columns]
    known = set(columns)
    for number, row in enumerate(rest, head + 1):
        if not row.keys() <= known:
            unknown = ", ".join(sorted(row.keys() - known))
            raise ValueError(f"{table_name}: row {number} has keys the table has no column for: {unknown}")
    placeholders = ", ".join("?" for _ in columns)
    names = ", ".join(f"[{name}]" for name in columns)
    with db.conn:
        db.conn.executemany(f"INSERT INTO [{table_name}] ({names}) VALUES ({placeholders})",
                            [tuple(row.get(name) for name in columns) for row in rest])
