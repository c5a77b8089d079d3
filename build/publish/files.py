"""Write ``serrano.db`` and ``inspect-data.json`` atomically.

The database is built in a temporary folder beside the target (same file
system, so ``os.replace`` is atomic).  Only when every step succeeded is it
renamed over the previous database, and its ``inspect-data.json`` with it.  On
any error the temporary folder is removed and the previous files are untouched.
"""

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils


@contextlib.contextmanager
def staged_database(target: Path):
    """Yield a fresh ``sqlite_utils.Database`` in a temporary folder.

    After the ``with`` block completes, the caller must call ``commit_database``
    with the yielded path; leaving the block with an exception discards it.
    """
    folder = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    staged = folder / target.name
    # No sqlite-utils plugins: a build must not depend on what else is installed beside it, and
    # looking for them scans every installed package's entry points (~6 ms of a seed build).
    db = sqlite_utils.Database(staged, execute_plugins=False)
    # Tables are filled in whatever order the steps produce them; every
    # reference is checked once at the end (pipeline.check_foreign_keys).
    db.conn.execute("PRAGMA foreign_keys = OFF")
    # The staged file is thrown away on any failure and synced once before it is
    # renamed (commit_database), so the many commits of the build need neither
    # a journal on disk nor an fsync each: at scale those were a third of the build.
    db.conn.execute("PRAGMA journal_mode = MEMORY")
    db.conn.execute("PRAGMA synchronous = OFF")
    try:
        yield db, staged
    finally:
        db.close()
        # Only the staged copy lives here; a committed build has moved it away.
        shutil.rmtree(folder, ignore_errors=True)


def inspect_data(db_path: Path, public_name: str) -> dict:
    """What ``datasette inspect`` writes: the file's sha256 and size, and a row count per table.

    Written here rather than by Datasette's own command, whose import (with the
    unit library it loads) took longer than the rest of the build.  The format
    is Datasette 0.65's (``datasette.cli.inspect_``: every table of
    ``sqlite_master``, counted), with the bare file name it expects;
    tests/pipeline/test_foundation.py compares the two.
    """
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")]
        try:  # every count in one statement: preparing one per table was a third of this function
            counts = connection.execute(
                "select " + ", ".join(f"(select count(*) from [{name}])" for name in names)).fetchone()
        except sqlite3.DatabaseError:  # some table cannot be counted: find which, one by one
            counts = [_count(connection, name) for name in names]
        tables = {name: {"count": count} for name, count in zip(names, counts)}
    finally:
        connection.close()
    return {Path(public_name).stem: {"hash": sha256_of(db_path), "size": db_path.stat().st_size,
                                     "file": public_name, "tables": tables}}


def _count(connection, table: str) -> int | None:
    try:
        return connection.execute(f"select count(*) from [{table}]").fetchone()[0]
    except sqlite3.DatabaseError:
        return None  # as Datasette records a table it cannot count


EXPORTS = Path("static") / "exports"  # beside the database: Datasette serves static/ at /static/


def staged_exports(staged: Path) -> Path:
    """Where a staged build writes its exports (build.publish.exports), published with the database."""
    return staged.with_name("exports")


def commit_database(staged: Path, target: Path, inspect_file: Path) -> str:
    """Move the staged database over ``target``, its exports into place, and write its inspect file.

    The inspect file is staged first, so a failure here leaves both old files.
    Returns the sha256 of the published database.
    """
    with staged.open("rb+") as handle:  # on disk before it replaces the previous database
        os.fsync(handle.fileno())
    data = inspect_data(staged, target.name)
    staged_inspect = staged.with_name(inspect_file.name)
    staged_inspect.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    _publish_exports(staged_exports(staged), target.parent / EXPORTS)
    os.replace(staged, target)
    os.replace(staged_inspect, inspect_file)
    return data[target.stem]["hash"]  # the renamed file is the one just hashed: not read twice


def _publish_exports(staged: Path, published: Path) -> None:
    """Swap the exports folder in: the new one renamed into place, the old one removed after."""
    if not staged.is_dir():
        return
    published.parent.mkdir(parents=True, exist_ok=True)
    old = published.with_name(f".{published.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if published.exists():
        os.replace(published, old)
    os.replace(staged, published)
    shutil.rmtree(old, ignore_errors=True)


def sha256_of(path: Path) -> str:
    # file_digest reads into one reused buffer; reading fresh 1 MiB blocks cost more than the
    # hashing (every block a new allocation whose pages are faulted in): 2.1 -> 1.3 ms for the seeds.
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
