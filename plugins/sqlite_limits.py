"""Bounds on what one SQL statement may cost, set on every SQLite connection Datasette opens.

Datasette's ``sql_time_limit_ms`` bounds time only: ``select randomblob(999999999)``
finishes in a second and then takes minutes and gigabytes to encode.  Here:

- SQLite's own limits (``Connection.setlimit``), chosen with margin over what
  the publication holds (tests/serving/test_hostile_serving.py checks the margins
  against the built database, so a build that outgrows them fails a test, not
  the site):

  ``SQLITE_LIMIT_LENGTH`` 256 KiB: the largest value, and the largest row
  SQLite builds (a sort or a temporary table).  The largest value published
  is a whole source document, 12 KB; the test wants 8 times that.
  ``SQLITE_LIMIT_COLUMN`` 128: the widest table has 38 columns (the test wants
  twice that).  It also bounds a result row: at most 128 x 256 KiB = 32 MiB,
  which the result cap below then refuses.  Below the widest table SQLite
  could not even read the schema, so it cannot be much lower.
  ``SQLITE_LIMIT_SQL_LENGTH`` 32 KiB: the longest canned query is 1,745
  characters, Datasette's own SQL for a table page well under 2,000.
  ``SQLITE_LIMIT_EXPR_DEPTH`` 200 (SQLite's default 1,000): the deepest
  expression in the publication's SQL has 14 levels (``facts_about``); room
  for a long ``or`` chain.

- A cap on the bytes one statement returns to Python, ``RESULT_BYTES_CAP``
  (16 MiB, counted as the size of the Python objects made for its values):
  past it, fetching stops with an error that Datasette shows as a 400.  A full
  page of the largest documents (200 rows x 12 KB) is 2.4 MB.  Full CSV
  downloads (``_stream=on``) fetch one page per statement, so they are not
  limited by it.

- An authorizer that refuses what reveals the server rather than the data:
  the ``file`` column of ``pragma_database_list`` (the database's absolute
  path; Datasette itself only uses the ``PRAGMA database_list`` statement,
  which reads no column), ``sqlite_stmt`` (the SQL other visitors ran on the
  same connection) and ``fts3_tokenizer()`` (a pointer into the server's
  memory).
"""

import sqlite3
import sys
import weakref

from datasette import hookimpl

LIMITS = {
    "SQLITE_LIMIT_LENGTH": 256 * 1024,
    "SQLITE_LIMIT_COLUMN": 128,
    "SQLITE_LIMIT_SQL_LENGTH": 32 * 1024,
    "SQLITE_LIMIT_EXPR_DEPTH": 200,
}
RESULT_BYTES_CAP = 16 * 1024 * 1024

DENIED_READS = {("pragma_database_list", "file"), ("sqlite_stmt", None)}
DENIED_FUNCTIONS = {"fts3_tokenizer"}


class ResultTooLarge(sqlite3.OperationalError):
    """Raised while fetching: Datasette reports an OperationalError from user SQL as a 400."""


def authorize(action, first, second, database, trigger):
    if action == sqlite3.SQLITE_READ and first and (
            (first.lower(), (second or "").lower()) in DENIED_READS or (first.lower(), None) in DENIED_READS):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and second and second.lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def capped_rows(make_row):
    """A row factory that counts what one cursor has returned and stops it past RESULT_BYTES_CAP.

    A connection is used by one thread at a time and Datasette fetches each
    cursor to the end before it runs the next statement, so one running count
    per connection, restarted when the cursor changes, is the count per
    statement.
    """
    current = [None, 0]  # a weak reference to the cursor being fetched, the bytes it returned so far
    getsizeof = sys.getsizeof

    def row(cursor, values):
        if current[0] is None or current[0]() is not cursor:
            current[0], current[1] = weakref.ref(cursor), 0
        current[1] += sum(map(getsizeof, values))
        if current[1] > RESULT_BYTES_CAP:
            # Reset the statement here, in the connection's own thread.  Left half-read, it would be
            # reset whenever the cursor is freed: in the thread that drops the exception (the event
            # loop), possibly while this connection runs another statement, whose error code the
            # reset then erases (Python's sqlite3 then reports a failed statement as one with no
            # columns, and Datasette answers 500).
            cursor.close()
            raise ResultTooLarge(
                f"the result is larger than {RESULT_BYTES_CAP // 2**20} MB, the most this site returns for "
                "one query: ask for fewer rows or smaller values")
        return make_row(cursor, values)

    return row


@hookimpl
def prepare_connection(conn):
    for name, value in LIMITS.items():
        conn.setlimit(getattr(sqlite3, name), value)
    conn.set_authorizer(authorize)
    # Datasette has just set sqlite3.Row; keep it, counting on the way.
    conn.row_factory = capped_rows(conn.row_factory or sqlite3.Row)
