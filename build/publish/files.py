"""Write ``serrano.db`` and ``inspect-data.json`` atomically, one build at a time.

The database is built in a temporary folder beside the target (same file
system, so ``os.replace`` is atomic).  Only when every step succeeded is it
renamed over the previous database, and its ``inspect-data.json`` with it.  On
any error the temporary folder is removed and the previous files are untouched.

A build holds the lock of the folder it publishes into (``exclusive_build``:
``fcntl.flock`` on ``.build.lock`` there) from start to end, so two builds never
interleave their renames (one build's database published with the other's
``inspect-data.json``).  A second build does not wait: it fails at once with one
line, since a build takes seconds to minutes and a silent wait behind a stuck one
would never end.  The kernel drops a lock when its process dies, however it dies;
so whoever holds it knows that no build of this folder is running, and that any
staged folder there (``STAGE_NAME``) was left by a killed build: it is removed.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import sqlite_utils

from ..common.errors import BuildError

LOCK_NAME = ".build.lock"  # in the folder the database is published into
STAGE_PREFIX = ".build-"  # a build's staged folder, beside the database
# The names tempfile.mkdtemp gives a staged folder: the prefix and eight characters of [a-z0-9_].  Only
# those are removed as abandoned; another folder that merely starts with the prefix (make bench's
# ".build-bench-*", where its builds publish) is not a staged folder.  Were the names to change, nothing
# would be removed, not too much.
STAGE_NAME = re.compile(rf"{re.escape(STAGE_PREFIX)}[a-z0-9_]{{8}}")


PAGE_CACHE_KIB = 256 * 1024  # 256 MiB


@contextlib.contextmanager
def exclusive_build(folder: Path, display: str):
    """Hold ``folder``'s build lock for the ``with`` block, or raise BuildError at once if another build
    holds it.  Yields the staged folders of killed builds that it removed (see the module docstring)."""
    descriptor = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(display, f"another build{_holder(descriptor)} is publishing into {folder}; "
                                      "nothing was changed: build again once it has finished") from None
        # Who holds it, for the message above: a hint only, the lock itself is what decides.
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
        yield remove_abandoned_stages(folder)
    finally:
        os.close(descriptor)  # releases the lock


def _holder(descriptor: int) -> str:
    written = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return f" (process {written})" if written.isdigit() else ""


def remove_abandoned_stages(folder: Path) -> list[Path]:
    """Remove the staged folders that killed builds left in ``folder``; call only with its lock held."""
    removed = []
    for stage in sorted(folder.glob(f"{STAGE_PREFIX}*")):
        if STAGE_NAME.fullmatch(stage.name) and stage.is_dir() and not stage.is_symlink():
            shutil.rmtree(stage, ignore_errors=True)
            removed.append(stage)
    return removed


@contextlib.contextmanager
def staged_database(target: Path):
    """Yield a fresh ``sqlite_utils.Database`` in a temporary folder.

    After the ``with`` block completes, the caller must call ``commit_database``
    with the yielded path; leaving the block with an exception discards it.
    """
    folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=target.parent))
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
    # SQLite's page cache is 2 MB by default: at 1,000 times the seeds (a 1 GB database) each insert
    # into a large table and each index build then reads and writes pages again that a larger cache
    # keeps.  A bound, not an allocation; the pages and the file are the same either way.
    db.conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
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


INSPECT_FILE = "inspect-data.json"  # beside the database, unless the command line names another
EXPORTS = Path("static") / "exports"  # beside the database: Datasette serves static/ at /static/


def staged_exports(staged: Path) -> Path:
    """Where a staged build writes its exports (build.publish.exports), published with the database."""
    return staged.with_name("exports")


@contextlib.contextmanager
def readable_while_indexed(db):
    """The staged database in write-ahead-log mode for the block, so that other processes (the exports)
    read its tables while this connection writes the indexes; back to a rollback journal after, the
    file whole again (every page checkpointed in, no -wal file) and published as before.

    In the default journal a writer's commit waits for every reader to finish, and a reader waits for
    the writer: the exports and the indexes would take turns.  The file's bytes do not depend on the
    readers: what the block writes is checkpointed in whole when the journal is switched back."""
    db.conn.execute("PRAGMA journal_mode = WAL")
    yield  # a build that fails in the block throws the staged file away as it is
    # Switched back only once no reader is left (the block waits for the exports); SQLite would
    # otherwise keep the log and say so in the mode it returns.
    (mode,) = db.conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    if mode != "delete":
        raise BuildError("database", f"the staged database stayed in {mode} mode: a build bug, please report it")


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
