"""Rebuilding under a running server: every response comes from one build.

How Datasette 0.65 serves an immutable database (one listed in an inspect file):
it opens it by path with ``?immutable=1`` lazily, once per SQL thread, and keeps
that connection; ``/serrano.db`` opens the path again on every download; the
download's ETag is ``Database.hash``, the ``hash`` of the inspect data read at
start-up (the sha256 of the file then), as are the table counts.  The build
(``python -m build.cli``) publishes by renaming a new ``serrano.db`` and then a
new ``inspect-data.json`` over the old ones, so without this plugin a rebuild
under a running server gives old pages (connections still open on the old file),
new bytes under the old ETag, old row counts, and pages from both builds at once
once a SQL thread connects for the first time after the rename.

With this plugin each immutable database is served from a *generation*:

* a hard link to the file as it was when pinned, in a hidden folder beside it
  (``.serving-<pid>-*``), so a rename over the published name never changes what
  a generation reads, neither its SQL connections nor its download;
* the sha256 of those pinned bytes;
* the entry of ``inspect-data.json`` (beside the database) whose ``hash`` equals
  that sha256: the ETag and the table counts.

Each request checks (one ``stat``) whether the published file was replaced; if it
was, a background task pins the new file, hashes it off the event loop and waits
for an inspect entry with the same hash (the build writes it right after the
database).  Only then does the new generation take over.  A request keeps the
generation current when it started for all its queries, its counts, its ETag and
its download bytes; the old generation's link is removed once no request uses it.
A replaced database without a matching inspect file is never served: the previous
generation goes on serving and a warning is printed.

A generation also keeps its own ``Database.route`` (plugins/hashed_urls.py sets it
to ``serrano-<hash>``): Datasette finds a request's database by its route after
suspending the request at least once (it refreshes its schema catalogue first), so
with one route for all generations a request admitted under the old hash and a
take-over in that pause gave "Database not found" (8 in 4,793 requests following
the site's redirects during rebuilds).  A request admitted under the previous
build is answered from it, links included; a request arriving after the take-over
with the previous hash is redirected to the new one by hashed_urls.py, for as long
as the link is used.  For that, this plugin's ASGI wrapper is the outermost
(``trylast``): every other wrapper already sees the request's generation.

A take-over writes nothing to Datasette's ``_internal`` database.  It once deleted
the database's row from its catalogue there (so that Datasette would read the new
schema), outside the lock Datasette takes for its own reads and writes of the
catalogue; ``_internal`` is a shared-cache in-memory database, where a write and a
read on another connection collide at once (``SQLITE_LOCKED``, no busy wait): a
request refreshing the catalogue meanwhile answered 500 "database table is
locked: databases".  Datasette 0.65 itself reads the catalogue only to refresh it
(and for ``/_internal``, which visitors may not see), so it is left as it is; with
no other writer, Datasette's lock serializes every access and the collision
cannot recur.

If no hard link can be made (a read-only folder) the database is left to Datasette
as it is, with a warning: a file nobody can replace needs no following.
"""

import asyncio
import contextvars
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping
from pathlib import Path

from datasette import hookimpl
from datasette.database import Database

PIN_PREFIX = ".serving-"
INSPECT_FILE = "inspect-data.json"
START_WAIT_S = 10  # at start-up, how long to wait for an inspect file matching the database
RETRY_S = (0.05, 2.0)  # waiting for the inspect file after a rebuild: first and longest pause
FAILED_PAUSE_S = 5  # after a failed attempt to pin a new build (disk full, ...), requests wait this long to retry

# The generation each database had when the current request started: {follower: generation}.
_request_generations = contextvars.ContextVar("serrano_request_generations", default={})


def _warn(message: str) -> None:
    print(f"plugins/rebuilds.py: {message}", file=sys.stderr, flush=True)


def _identity(stat: os.stat_result) -> tuple:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_pins(folder: Path) -> None:
    """Pin folders left by servers that were killed (their links would keep old builds on disk)."""
    for stale in folder.glob(PIN_PREFIX + "*"):
        pid = stale.name[len(PIN_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def matching_entry(inspect_file: Path | None, name: str, file_name: str, sha256: str, fallback=None) -> dict | None:
    """The inspect entry for database ``name`` if its hash is ``sha256`` (read from ``inspect_file``), else None."""
    entry = fallback
    if inspect_file is not None:
        try:
            entry = json.loads(inspect_file.read_text()).get(name)
        except (OSError, ValueError):
            entry = None
    if entry and entry.get("hash") == sha256 and entry.get("file") == file_name:
        return entry
    return None


class Generation:
    """One build of one database, pinned by a hard link; its connections are its own."""

    def __init__(self, pinned: Path, identity: tuple, sha256: str):
        self.path = str(pinned)
        self.identity = identity
        self.sha256 = sha256
        self.entry = None  # the inspect entry whose hash is sha256, once found
        self.route = None  # Datasette's route for this build (hashed_urls.py sets it), None: the name
        self._local = threading.local()  # one connection per SQL thread
        self._connections = []
        # The link goes when nothing uses this generation any more, at exit, or at shutdown (unpin).
        self.unpin = weakref.finalize(self, shutil.rmtree, str(pinned.parent), True)

    @classmethod
    def pin(cls, published: Path, name: str) -> "Generation":
        """Hard-link the published file into a fresh folder beside it and hash the pinned bytes."""
        folder = Path(tempfile.mkdtemp(prefix=f"{PIN_PREFIX}{os.getpid()}-", dir=published.parent))
        pinned = folder / published.name
        try:
            os.link(published, pinned)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return cls(pinned, _identity(pinned.stat()), _sha256(pinned))

    def connection(self, ds, name: str) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?immutable=1", uri=True, check_same_thread=False)
            ds._prepare_connection(conn, name)
            self._local.conn = conn
            self._connections.append(conn)
        return conn

    def close(self) -> None:
        for conn in self._connections:
            conn.close()


class Follower:
    """Follows one published database file across rebuilds."""

    def __init__(self, ds, name: str, published: Path, current: Generation, inspect_file: Path | None):
        self.ds, self.name, self.published, self.current = ds, name, published, current
        self.inspect_file = inspect_file
        self._task = None
        self._warned = None
        self._failed_at = None

    def check(self) -> None:
        """On every request: start following if the published file is no longer the current one."""
        if self._task is not None or self.inspect_file is None:
            return
        if self._failed_at is not None and time.monotonic() - self._failed_at < FAILED_PAUSE_S:
            return
        try:
            identity = _identity(self.published.stat())
        except OSError:
            return  # mid-rename or removed: keep serving what we have
        if identity != self.current.identity:
            self._task = asyncio.get_running_loop().create_task(self._follow())

    async def _follow(self) -> None:
        loop = asyncio.get_running_loop()
        candidate, pause = None, RETRY_S[0]
        try:
            while True:
                try:
                    identity = _identity(self.published.stat())
                except OSError:
                    identity = None
                if identity == self.current.identity:
                    return
                if identity is not None and (candidate is None or candidate.identity != identity):
                    candidate = await loop.run_in_executor(None, Generation.pin, self.published, self.name)
                    pause = RETRY_S[0]
                if candidate is not None:
                    entry = matching_entry(self.inspect_file, self.name, self.published.name, candidate.sha256)
                    if entry is not None:
                        candidate.entry = entry
                        await self._take_over(candidate)
                        continue  # another rebuild may already have happened
                    if self._warned != candidate.sha256 and pause >= RETRY_S[1]:
                        self._warned = candidate.sha256
                        _warn(f"{self.published} was replaced but {self.inspect_file} does not describe it "
                              f"(sha256 {candidate.sha256[:12]}...): still serving the previous build")
                await asyncio.sleep(pause)
                pause = min(pause * 2, RETRY_S[1])
        except Exception as error:  # never let a failed follow take the server down; retry on a later request
            self._failed_at = time.monotonic()
            _warn(f"following {self.published} failed: {error!r}")
        finally:
            self._task = None

    async def _take_over(self, generation: Generation) -> None:
        # Nothing else: see the module's docstring on Datasette's _internal catalogue.
        self.current = generation

    def generation(self) -> Generation:
        return _request_generations.get().get(self) or self.current


class FollowedDatabase(Database):
    """A Datasette immutable database whose file, hash, counts and connections come from a generation."""

    def __init__(self, ds, follower: Follower):
        self.follower = follower
        super().__init__(ds, path=None, is_mutable=False)

    @property
    def path(self):
        return self.follower.generation().path

    @path.setter
    def path(self, value):  # Database.__init__ assigns it; the generation decides
        pass

    @property
    def route(self):
        return self.follower.generation().route or self.name

    @route.setter
    def route(self, value):  # the request's generation keeps it (see the module's docstring)
        if getattr(self, "follower", None) is not None:
            self.follower.generation().route = value

    @property
    def hash(self):
        return self.follower.generation().entry["hash"]

    @property
    def size(self):
        return self.follower.generation().entry["size"]

    @property
    def cached_table_counts(self):
        tables = self.follower.generation().entry.get("tables") or {}
        return {table: value["count"] for table, value in tables.items()}

    def connect(self, write=False):
        assert not write, "an immutable database is never written"
        return self.follower.generation().connection(self.ds, self.name)

    async def execute_fn(self, fn):
        generation = self.follower.generation()  # chosen here, in the request's context
        if self.ds.executor is None:
            return fn(generation.connection(self.ds, self.name))
        return await asyncio.get_running_loop().run_in_executor(
            self.ds.executor, lambda: fn(generation.connection(self.ds, self.name)))

    def close(self):
        self.follower.current.close()


class FollowedInspectData(Mapping):
    """``datasette.inspect_data`` as the current request's generations see it (table views read counts here)."""

    def __init__(self, static: dict, followers: dict):
        self._static, self._followers = dict(static), followers

    def __getitem__(self, name):
        follower = self._followers.get(name)
        return follower.generation().entry if follower else self._static[name]

    def __iter__(self):
        return iter({**self._static, **self._followers})

    def __len__(self):
        return len({**self._static, **self._followers})


def _first_generation(name: str, published: Path, inspect_file: Path | None, fallback: dict | None):
    """Pin the published file and find its inspect entry, waiting briefly for a rebuild in progress."""
    deadline = time.monotonic() + START_WAIT_S
    generation = Generation.pin(published, name)
    while True:
        generation.entry = matching_entry(inspect_file, name, published.name, generation.sha256, fallback)
        if generation.entry is not None:
            return generation
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"{published} (sha256 {generation.sha256}) does not match its inspect data: rebuild it "
                f"(python -m build.cli) or run datasette inspect again")
        time.sleep(0.1)
        if _identity(published.stat()) != generation.identity:  # replaced while we waited: pin the new one
            generation = Generation.pin(published, name)


@hookimpl
def startup(datasette):
    if getattr(datasette, "_rebuild_followers", None) is not None:
        return
    followers = {}
    for name, db in list(datasette.databases.items()):
        if db.is_mutable or db.is_memory or not db.path or isinstance(db, FollowedDatabase):
            continue
        published = Path(db.path).resolve()
        inspect_file = published.with_name(INSPECT_FILE)
        inspect_file = inspect_file if inspect_file.exists() else None
        fallback = (datasette.inspect_data or {}).get(name)
        _remove_stale_pins(published.parent)
        try:
            generation = _first_generation(name, published, inspect_file, fallback)
        except OSError as error:
            _warn(f"cannot pin {published} ({error}): served as Datasette opens it, rebuilds not followed")
            continue
        follower = Follower(datasette, name, published, generation, inspect_file)
        followed = FollowedDatabase(datasette, follower)
        followed.name, followed.route = db.name, db.route
        followers[name] = follower
        datasette.databases = {key: followed if key == name else value for key, value in datasette.databases.items()}
        db.close()
    datasette._rebuild_followers = followers
    if followers:
        datasette.inspect_data = FollowedInspectData(datasette.inspect_data or {}, followers)


@hookimpl(trylast=True)  # the outermost wrapper: the others see the request's generation
def asgi_wrapper(datasette):
    def wrap(app):
        async def pinned(scope, receive, send):
            followers = getattr(datasette, "_rebuild_followers", None)
            if followers and scope["type"] == "lifespan":
                # uvicorn ends with the signal that stopped it, so atexit never runs: unpin at shutdown.
                async def receive_then_unpin():
                    message = await receive()
                    if message["type"] == "lifespan.shutdown":
                        for follower in followers.values():
                            follower.current.close()
                            follower.current.unpin()
                    return message

                return await app(scope, receive_then_unpin, send)
            if followers and scope["type"] == "http":
                for follower in followers.values():
                    follower.check()
                token = _request_generations.set({f: f.current for f in followers.values()})
                try:
                    return await app(scope, receive, send)
                finally:
                    _request_generations.reset(token)
            await app(scope, receive, send)

        return pinned

    return wrap
