"""Per-document results kept between builds, found again by the content hash of what they depend on.

A stage function that depends only on one document and its declared inputs (a parse, a revision
alignment, a curated file's claims, a text's dates and figures) is *pure*: the same inputs give the
same output.  ``ResultCache`` keeps each output under a key that hashes those inputs together with
the loader's own code (``code_version``), so a rebuild recomputes only what changed and the
database built from cached outputs is the database a clean build writes.

**Format.**  One file per entry, ``<folder>/<key[:2]>/<key>``: a magic line, an HMAC-SHA256 tag,
then the output as a pickle.  The tag is computed with a 32-byte secret made at random when the
cache folder is created (``<folder>/secret``, mode 0600) over the entry's key and its pickle; an
entry is unpickled only once its tag checks.  So a truncated or corrupted file, an entry renamed
to another key, or one copied from another cache (another machine's, another checkout's: another
secret) is recomputed, never trusted, and the pickle of a file nobody vouched for is never loaded.
Pickle because the outputs are the build's own objects (parsed documents, ``Change``s, ``Claim``s)
and it round-trips them exactly and fast; the tag because pickle must not read untrusted
bytes.  (The secret guards against accidents and foreign files, not against someone who can write
the cache folder: such a person could also edit ``build/``.)

**Atomic.**  An entry is written to a temporary file in ``<folder>/tmp/`` and renamed into place,
so a reader sees a whole entry or none; a build killed mid-write leaves at most a temporary file,
which the next build (holding the cache's lock) removes.  ``make clean`` removes the folder.

One build uses a cache folder at a time (``fcntl.flock`` on ``<folder>/.lock``); a second build
meanwhile runs without it (correct, only slower) and says so.
"""

import contextlib
import fcntl
import hashlib
import hmac
import os
import pickle
import secrets
import shutil
import sys
from pathlib import Path

MAGIC = b"serrano-cache 1\n"
TAG_BYTES = 32
SECRET_NAME = "secret"
LOCK_NAME = ".lock"
TMP_FOLDER = "tmp"
RECORDS_FOLDER = "records"  # what each published build was built from (build.publish.unchanged)
RECORD_PREFIX = "record:"  # a key naming a record rather than a per-document output
DEFAULT_FOLDER = ".serrano-cache"  # beside the published database (make clean removes it)

_BUILD = Path(__file__).resolve().parent.parent  # the build/ package
_CODE_VERSION: str | None = None


def code_version() -> str:
    """A hash of the loader's code: every ``build/**/*.py``, the pinned dependencies (pyproject.toml)
    and the Python version.  Part of every key, so a change to any of them recomputes everything.
    Computed once per process (about 2 ms on this checkout)."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        digest = hashlib.sha256(sys.version.encode())
        pyproject = _BUILD.parent / "pyproject.toml"
        files = sorted(_BUILD.rglob("*.py")) + ([pyproject] if pyproject.is_file() else [])
        for path in files:
            digest.update(b"\0" + str(path.relative_to(_BUILD.parent)).encode() + b"\0")
            digest.update(path.read_bytes())
        _CODE_VERSION = digest.hexdigest()
    return _CODE_VERSION


def content_key(*parts) -> str:
    """The key of an output: a stage's name and the hashes or values of what it depends on, with the
    code's version.  Parts are strings, numbers, None or tuples of them (each written with its type,
    so ``("1",)`` and ``(1,)`` differ)."""
    digest = hashlib.sha256(code_version().encode())
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest, part) -> None:
    if isinstance(part, (tuple, list)):
        digest.update(b"(%d" % len(part))
        for item in part:
            _feed(digest, item)
        digest.update(b")")
    elif isinstance(part, bytes):
        digest.update(b"b%d:" % len(part) + part)
    elif isinstance(part, (str, int, float, bool)) or part is None:
        text = repr(part).encode("utf-8", "surrogatepass")
        digest.update(type(part).__name__.encode() + b"%d:" % len(text) + text)
    else:
        raise TypeError(f"a cache key holds strings, numbers and tuples, not {type(part).__name__}")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ResultCache:
    """A folder of authenticated entries (see the module docstring); ``folder=None`` keeps nothing."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = self.misses = self.rejected = 0
        self._secret = b""
        self._lock = None

    @property
    def enabled(self) -> bool:
        return self.folder is not None and bool(self._secret)

    def open(self) -> str | None:
        """Take the folder's lock, clear what killed builds left, read or make the secret.  Returns a
        line to print when the cache cannot be used (another build holds it, the folder is not
        writable): the build then goes on without it."""
        if self.folder is None:
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as error:
            return f"cache {self.folder}: not used ({error.strerror or error})"
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return f"cache {self.folder}: another build is using it; building without it"
        self._lock = descriptor
        shutil.rmtree(self.folder / TMP_FOLDER, ignore_errors=True)  # temporary files of killed builds
        try:
            (self.folder / TMP_FOLDER).mkdir(exist_ok=True)
            self._secret = self._read_or_make_secret()
        except OSError as error:
            self.close()
            return f"cache {self.folder}: not used ({error.strerror or error})"
        return None

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # releases the lock
            self._lock = None
        self._secret = b""

    def _read_or_make_secret(self) -> bytes:
        path = self.folder / SECRET_NAME
        try:
            secret = path.read_bytes()
            if len(secret) == 32:
                return secret
        except FileNotFoundError:
            pass
        # A missing or malformed secret: a new one, which also disowns every entry made with the old.
        staged = self.folder / TMP_FOLDER / SECRET_NAME
        descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        secret = secrets.token_bytes(32)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secret)
        os.replace(staged, path)
        return secret

    def _path(self, key: str) -> Path:
        # A record (``RECORD_PREFIX``) is about a whole build, not a per-document output: kept apart.
        if key.startswith(RECORD_PREFIX):
            return self.folder / RECORDS_FOLDER / key[len(RECORD_PREFIX):]
        return self.folder / key[:2] / key

    def _tag(self, key: str, payload: bytes) -> bytes:
        return hmac.new(self._secret, key.encode() + b"\0" + payload, hashlib.sha256).digest()

    def get(self, key: str, counted: bool = True):
        """(True, output) for a whole, authentic entry; (False, None) otherwise (then recompute).
        ``counted=False`` leaves the figures the build prints alone (an entry that is not a
        per-document output, as the record of a publication)."""
        if not self.enabled:
            return False, None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += counted
            return False, None
        head = len(MAGIC) + TAG_BYTES
        payload = data[head:]
        if len(data) < head or not data.startswith(MAGIC) or \
                not hmac.compare_digest(data[len(MAGIC):head], self._tag(key, payload)):
            self.rejected += counted
            self.misses += counted
            return False, None
        self.hits += counted
        return True, pickle.loads(payload)

    def put(self, key: str, output) -> None:
        """Keep ``output`` under ``key``: written whole to a temporary file, then renamed into place."""
        if not self.enabled:
            return
        payload = pickle.dumps(output, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(key)
        staged = self.folder / TMP_FOLDER / f"{path.name}.{os.getpid()}"
        try:
            path.parent.mkdir(exist_ok=True)
            with open(staged, "wb") as handle:
                handle.write(MAGIC + self._tag(key, payload) + payload)
            os.replace(staged, path)
        except OSError:  # a full disk: the build goes on, the entry is simply not kept
            with contextlib.suppress(OSError):
                staged.unlink()
