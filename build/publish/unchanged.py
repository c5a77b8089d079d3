"""A rebuild with nothing to do: the inputs, the code and the published files are the last build's.

A clean build is a function of its inputs (tests/pipeline/test_incremental.py holds it to that), so
when every input file, the loader's code and the options that change the output are the ones the
published database was built from, and the published files are still the ones that build wrote,
building again would write the same bytes.  The build then says so and publishes nothing.

What is compared:

* **the inputs**: ``input_fingerprint`` hashes every file under the data folder (not only those
  the manifest names: an extra file only costs a rebuild), the repository's ``metadata.yml`` and
  ``settings.json`` (the indexes and facet counts read them), the loader's code
  (``code_version``) and the options that change what is written;
* **the published files**: the inspect file's sha256, and the database's and every export's
  inode, size and modification time (``published_files``), so a database edited, replaced or
  removed since is rebuilt.

The record of a publication is an entry of the build's cache (``build.common.cache``, in its
``records/`` folder, apart from the per-document outputs): authenticated, written after the
publication and only then, so a build killed before it leaves no record and the next one builds.  ``--no-cache`` never skips.

Anything the fingerprint cannot vouch for (a FIFO, a device or a directory link among the
inputs) gives no fingerprint: the build runs and says what is wrong as usual.
"""

import hashlib
import os
import stat
from pathlib import Path

from ..common.cache import RECORD_PREFIX, code_version, content_key
from ..tables.facet_counts import SETTINGS
from ..tables.indexes import METADATA
from .files import EXPORTS, sha256_of


def extraction_wanted(no_extraction: bool) -> bool:
    """Whether the prose is read by rules: not with ``--no-extraction`` or ``SERRANO_EXTRACTION=off``."""
    return not no_extraction and os.environ.get("SERRANO_EXTRACTION", "on") != "off"


def last_publication(cache, data: Path, target: Path, inspect_file: Path, extraction: bool,
                     strict: bool) -> tuple[str | None, str | None]:
    """(this build's fingerprint, the sha256 of the database already published from it or None).
    The one check both ``build.cli`` and ``build.groups`` make, so that they agree on what counts."""
    fingerprint = input_fingerprint(data, (extraction, strict))
    return fingerprint, unchanged_publication(cache, fingerprint, target, inspect_file)


def input_fingerprint(data: Path, options: tuple) -> str | None:
    """A hash of what a build of ``data`` reads, with ``options`` (values that change the output)."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(repr(options).encode())
    for path in (METADATA, SETTINGS):
        digest.update(b"\0repository\0" + path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(none)")
    data = data.resolve()
    if not data.is_dir():
        return None
    unreadable = []  # a folder os.walk could not list: what it holds cannot be vouched for
    for folder, subfolders, files in os.walk(data, onerror=unreadable.append):
        subfolders.sort()
        for name in sorted(files) + [name for name in subfolders if os.path.islink(os.path.join(folder, name))]:
            path = Path(folder, name)
            file_hash = _regular_file_sha256(path)
            if file_hash is None:
                return None
            digest.update(b"\0" + path.relative_to(data).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(file_hash.encode())
    return None if unreadable else digest.hexdigest()


def _regular_file_sha256(path: Path) -> str | None:
    """The file's sha256 if it is (or links to) a regular file, else None (never opened)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check
            return None
        return hashlib.file_digest(handle, "sha256").hexdigest()


def published_files(target: Path, inspect_file: Path) -> dict | None:
    """What is published now: the inspect file's sha256 (it holds the database's), and the database's
    and each export's inode, size and modification time (a publication renames new files into place
    and any write moves the time; hashing the database again would cost 3.4 s at 1,000x, a third of
    a group's rebuild).  None if the database or its inspect file is missing."""
    if not (target.is_file() and inspect_file.is_file()):
        return None
    exports = target.parent / EXPORTS
    return {"database": _file_state(target, target.parent), "inspect": sha256_of(inspect_file),
            "exports": sorted(_file_state(path, exports) for path in exports.rglob("*"))}


def _file_state(path: Path, folder: Path) -> tuple:
    """A published file's name, kind, inode, size and modification time, as it is (a link is not followed)."""
    info = path.lstat()
    return (path.relative_to(folder).as_posix(), stat.S_IFMT(info.st_mode), info.st_ino, info.st_size,
            info.st_mtime_ns)


def record_key(fingerprint: str, target: Path, inspect_file: Path) -> str:
    return RECORD_PREFIX + content_key("published", str(target), str(inspect_file), fingerprint)


def unchanged_publication(cache, fingerprint: str | None, target: Path, inspect_file: Path) -> str | None:
    """The sha256 of the database published from these inputs, if the cache records that build and
    its files are there as it left them (then there is nothing to build); else None."""
    if not cache.enabled or fingerprint is None:
        return None
    found, recorded = cache.get(record_key(fingerprint, target, inspect_file), counted=False)
    return recorded["sha256"] if found and recorded["files"] == published_files(target, inspect_file) else None


def remember(cache, fingerprint: str | None, target: Path, inspect_file: Path, database_sha256: str) -> None:
    """Record what this build published, once it is published."""
    if cache.enabled and fingerprint is not None:
        cache.put(record_key(fingerprint, target, inspect_file),
                  {"sha256": database_sha256, "files": published_files(target, inspect_file)})
