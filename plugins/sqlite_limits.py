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
  ``SQLITE_LIMIT_COLUMN`` 128: the widest table has 42 columns (the test wants
  twice that).  It also bounds a result row: at most 128 x 256 KiB = 32 MiB,
  which the result cap below then refuses.  Below the widest table SQLite
  could not even read the schema, so it cannot be much lower.
  ``SQLITE_LIMIT_SQL_LENGTH`` 32 KiB: the longest canned query is 1,745
  characters, Datasette's own SQL for a table page well under 2,000.
  ``SQLITE_LIMIT_EXPR_DEPTH`` 200 (SQLite's default 1,000): the deepest
  expression in the publication's SQL has 14 levels (``facts_about``); room
  for a long ``or`` chain.
  ``SQLITE_LIMIT_LIKE_PATTERN_LENGTH`` 250 (SQLite's default 50,000): a LIKE or
  GLOB pattern is matched against a value in one call, which the time limit
  cannot stop, at a cost of the value's length times the pattern's
  (``x glob '*[bbb...]'`` with 40,000 characters in the class ran 45 s on a
  200 KB value; table pages take patterns from visitors too, ``?col__glob=``).
  250 characters of search text are plenty.

- SQL written by visitors (sql_gate.py runs it on its own thread, whose
  connections are its own) cannot call a function whose single call outlasts
  the visitors' time limit of 250 ms.  SQLite checks its time limit (a
  progress handler) between the steps of a statement, never inside a
  function, and these run in one step for as long as their arguments make them:

  ``printf`` and ``format``: ``printf('%.*c', 2147483647, 'x')`` repeats a
  character two thousand million times, 18 s, to answer NULL (the text is past
  the value limit).  On visitors' connections both are replaced by
  ``BoundedFunctions.printf``: a ``%c`` repeated past the value limit answers
  that NULL at once; any other call is SQLite's own printf, run on a private
  in-memory connection.  The pages keep SQLite's (a canned query formats
  with it);
  ``trim``, ``ltrim``, ``rtrim`` with a set of characters: SQLite's cost is
  the text's length times the set's (45 s).  Replaced by the same trimming in
  time proportional to the two lengths; the one-argument forms stay SQLite's;
  ``json_patch``: the keys of one object times the other's; refused (the
  authorizer), as nothing in the publication uses it;
  ``instr`` and ``replace``: the text's length times the searched string's
  (1.2 s at 256 KiB); bounded by a smaller ``SQLITE_LIMIT_LENGTH`` of 64 KiB
  on those connections, 5 times the largest value published (40 ms);
  LIKE and GLOB: the pattern cap above (70 ms at 64 KiB).

  Every other function SQLite offers costs no more than the length of its
  arguments (tests/serving/test_hostile_serving.py lists each one, so a new
  SQLite that brings a new function fails a test until it is looked at).

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

import functools
import sqlite3
import sys
import threading
import weakref

from datasette import hookimpl

LIMITS = {
    "SQLITE_LIMIT_LENGTH": 256 * 1024,
    "SQLITE_LIMIT_COLUMN": 128,
    "SQLITE_LIMIT_SQL_LENGTH": 32 * 1024,
    "SQLITE_LIMIT_EXPR_DEPTH": 200,
    "SQLITE_LIMIT_LIKE_PATTERN_LENGTH": 250,
}
RESULT_BYTES_CAP = 16 * 1024 * 1024

DENIED_READS = {("pragma_database_list", "file"), ("sqlite_stmt", None)}
DENIED_FUNCTIONS = {"fts3_tokenizer"}

# Visitors' SQL: sql_gate.py's thread (its thread_name_prefix; plugins are loaded as separate
# modules, so the name is repeated here, and a test checks that the two agree).
VISITORS_THREAD_PREFIX = "visitors-sql"
VISITORS_LIMITS = {"SQLITE_LIMIT_LENGTH": 64 * 1024}
VISITORS_DENIED_FUNCTIONS = {"json_patch"}
VISITORS_BOUNDED_FUNCTIONS = {"printf", "format", "trim", "ltrim", "rtrim"}  # replaced: BoundedFunctions


class ResultTooLarge(sqlite3.OperationalError):
    """Raised while fetching: Datasette reports an OperationalError from user SQL as a 400."""


def authorize(action, first, second, database, trigger):
    if action == sqlite3.SQLITE_READ and first and (
            (first.lower(), (second or "").lower()) in DENIED_READS or (first.lower(), None) in DENIED_READS):
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_FUNCTION and second and second.lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def authorize_visitors(action, first, second, database, trigger):
    if action == sqlite3.SQLITE_FUNCTION and second and second.lower() in VISITORS_DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    return authorize(action, first, second, database, trigger)


def on_visitors_thread() -> bool:
    return threading.current_thread().name.startswith(VISITORS_THREAD_PREFIX)


# SQLite's printf, as its format parser reads a conversion (printf.c): flags, a width, a
# precision, a length modifier, the conversion character.
PRINTF_FLAGS = b"-+ #!0,"
PRINTF_TAKES_AN_ARGUMENT = set(b"dsgzqQwcouxXfeEGipr")  # %% and %n take none; anything else ends the format
PRINTF_NO_ARGUMENT = set(b"%n")


def _c_int(value: int) -> int:
    """A 64-bit integer as C's (int) cast leaves it (two's complement, 32 bits)."""
    return ((value & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000


def repeated_characters(fmt: bytes, args, as_int) -> list[int]:
    """How many times each ``%c`` of an SQLite printf format repeats its character.

    ``args`` are the arguments after the format; ``as_int`` converts one as
    SQLite does (``sqlite3_value_int64``).  Widths and precisions given as ``*``
    take an argument each, as the conversions do, so the count follows the
    arguments as SQLite's parser takes them.
    """
    counts, i, used = [], 0, 0

    def next_int() -> int:
        nonlocal used
        value = as_int(args[used]) if used < len(args) else 0
        used += 1
        return _c_int(value)

    def number() -> int:
        nonlocal i
        value = 0
        while i < len(fmt) and 0x30 <= fmt[i] <= 0x39:
            value = (value * 10 + fmt[i] - 0x30) & 0xFFFFFFFF
            i += 1
        return value & 0x7FFFFFFF

    while i < len(fmt):
        if fmt[i] != 0x25:  # '%'
            i += 1
            continue
        i += 1
        while i < len(fmt) and fmt[i] in PRINTF_FLAGS:
            i += 1
        if i < len(fmt) and fmt[i] == 0x2A:  # '*': the width is an argument
            next_int()
            i += 1
        else:
            number()
        precision = -1
        if i < len(fmt) and fmt[i] == 0x2E:  # '.'
            i += 1
            if i < len(fmt) and fmt[i] == 0x2A:
                precision = next_int()
                if precision < 0:
                    precision = -precision if precision >= -2147483647 else -1
                i += 1
            else:
                precision = number()
        for _ in range(2):  # 'l' or 'll'
            if i < len(fmt) and fmt[i] == 0x6C:
                i += 1
        if i >= len(fmt):
            break
        conversion = fmt[i]
        i += 1
        if conversion == 0x63:  # 'c'
            counts.append(precision if precision > 1 else 1)
        if conversion in PRINTF_TAKES_AN_ARGUMENT:
            used += 1
        elif conversion not in PRINTF_NO_ARGUMENT:
            break  # SQLite stops formatting at a conversion it does not know
    return counts


class BoundedFunctions:
    """printf, format and the two-argument trims of a visitors' connection: SQLite's answers, bounded cost."""

    def __init__(self, length_limit: int):
        self.length_limit = length_limit
        # SQLite's own functions and conversions, on a connection of their own: a function replaced
        # on the visitors' connection cannot call the original there.
        self.sqlite = sqlite3.connect(":memory:", check_same_thread=False)
        self.sqlite.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, length_limit)

    def install(self, conn: sqlite3.Connection) -> None:
        for name in ("printf", "format"):
            conn.create_function(name, -1, self.printf, deterministic=True)
        for name, ends in (("trim", "both"), ("ltrim", "left"), ("rtrim", "right")):
            conn.create_function(name, 2, functools.partial(self.trim, ends), deterministic=True)

    def _sqlite(self, sql: str, args=()):
        return self.sqlite.execute(sql, args).fetchone()[0]

    def _int(self, value) -> int:
        return value if isinstance(value, int) else (self._sqlite("select cast(? as integer)", (value,)) or 0)

    def _text(self, value):
        return value if value is None or isinstance(value, str) else self._sqlite("select cast(? as text)", (value,))

    def printf(self, *args):
        fmt = self._text(args[0]) if args else None
        if fmt is not None and any(count > self.length_limit
                                   for count in repeated_characters(fmt.encode(), args[1:], self._int)):
            return None  # SQLite's answer once the text passes the value limit, without the loop
        return self._sqlite(f"select printf({', '.join('?' * len(args))})", args)

    def trim(self, ends: str, text, characters):
        text, characters = self._text(text), self._text(characters)
        if text is None or characters is None:
            return None
        remove = set(characters)
        start, end = 0, len(text)
        if ends != "right":
            while start < end and text[start] in remove:
                start += 1
        if ends != "left":
            while end > start and text[end - 1] in remove:
                end -= 1
        return text[start:end]


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
    # Datasette opens a connection in the thread that will use it, and keeps one per thread.
    visitors = on_visitors_thread()
    for name, value in {**LIMITS, **(VISITORS_LIMITS if visitors else {})}.items():
        conn.setlimit(getattr(sqlite3, name), value)
    conn.set_authorizer(authorize_visitors if visitors else authorize)
    if visitors:
        BoundedFunctions(VISITORS_LIMITS["SQLITE_LIMIT_LENGTH"]).install(conn)
    # Datasette has just set sqlite3.Row; keep it, counting on the way.
    conn.row_factory = capped_rows(conn.row_factory or sqlite3.Row)
