"""Insert many rows into a table declared in ``build.tables.schema``.

The tables are created from their declarations first, so rows go straight in
with one ``executemany`` (sqlite-utils' ``insert_all`` checks and converts
every value of every row in Python: a third of the build at 1,000 times the
seeds).  Our rows hold only text, numbers and None.  A key the table has no
column for is refused, so a typo in a row never vanishes silently.
"""

import sqlite3

from .schema import TABLES

# Python 3.11's sqlite3 binds int, float and str directly, but sends None through its adapter
# protocol (a registry miss, then two attribute lookups: about 0.2 µs a value), and four in ten
# values of a claims row are None.  With an adapter registered, None is found at the registry's
# first look and still stored as NULL.  Process-wide, and the same for every connection.
sqlite3.register_adapter(type(None), lambda value: None)


def insert_rows(db, table_name: str, rows) -> int:
    """Insert ``rows`` (dicts, a list or any iterable) into the declared table ``table_name``; returns
    how many.

    The rows are checked and turned into tuples one at a time as SQLite asks for them, so a
    generator of rows is never held whole (at 1,000 times the seeds a list of the segments' tuples
    beside their dicts was 100 MB at the build's peak).  A row with a key the table has no column
    for stops the insert; the transaction is rolled back, so the table is left as it was.
    """
    columns = list(TABLES[table_name].columns)
    known = set(columns)

    def as_tuples():
        for number, row in enumerate(rows, 1):
            if not row.keys() <= known:
                unknown = ", ".join(sorted(row.keys() - known))
                raise ValueError(f"{table_name}: row {number} has keys the table has no column for: {unknown}")
            yield tuple(map(row.get, columns))

    return insert_tuples(db, table_name, as_tuples())


def insert_tuples(db, table_name: str, rows) -> int:
    """Insert rows given as tuples in the declared column order of ``table_name``; returns how many.

    For the tables with a row per stretch of text (``source_text_map``: hundreds of thousands at
    1,000 revisions), where making a dict per row and reading it back was half the cost.
    """
    columns = list(TABLES[table_name].columns)
    placeholders = ", ".join("?" for _ in columns)
    names = ", ".join(f"[{name}]" for name in columns)
    count = 0

    def checked():
        nonlocal count
        for row in rows:
            if len(row) != len(columns):
                raise ValueError(f"{table_name}: row {count + 1} has {len(row)} values for {len(columns)} columns")
            count += 1
            yield row

    with db.conn:
        db.conn.executemany(f"INSERT INTO [{table_name}] ({names}) VALUES ({placeholders})", checked())
    return count
