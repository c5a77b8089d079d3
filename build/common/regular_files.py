"""Read an input file whole, only if it is a regular file, and never past a size limit.

Every file the build reads from ``data/`` (the manifest, vocabularies, curated
claims, the sources) goes through ``read_regular_file``.  What it guards against:

* a FIFO, which blocks the first ``open`` or ``read`` until a writer comes, that
  is forever;
* a device (a symbolic link to ``/dev/zero`` or ``/dev/urandom``), whose ``stat``
  says 0 bytes and whose reads never end;
* a directory, a socket;
* a file larger than the limit, and one that is larger than its ``stat`` says
  (it grows while it is read, or it lies, as ``/proc`` files do): at most
  ``limit + 1`` bytes are ever read, so the answer comes before memory runs out.

The file is checked by path before it is opened, then opened without blocking
(``O_NONBLOCK``: a FIFO swapped in after the first check does not hang the
open) and checked again on the open descriptor, which is what is read.
"""

import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
    """Why a file is refused, as a predicate: ``is not a regular file (it is a FIFO)``."""


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, or ``UnreadableFile`` saying why not."""
    try:
        _check(os.stat(path), limit, path)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except FileNotFoundError:
        raise UnreadableFile("is missing") from None
    except NotADirectoryError:
        raise UnreadableFile("cannot be read: a part of its path is a file, not a folder") from None
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror}") from None
    try:
        with open(descriptor, "rb", closefd=True) as handle:
            info = os.fstat(descriptor)
            _check(info, limit, path)  # what is read is this descriptor, whatever the path now names
            # What stat says first (one read and the end-of-file for an ordinary file), then, if the
            # file held more than that, on up to the limit and one byte past it.
            expected = min(info.st_size, limit) + 1
            data = handle.read(expected)
            if len(data) == expected and expected <= limit:
                data += handle.read(limit + 1 - expected)
    except OSError as error:
        raise UnreadableFile(f"cannot be read: {error.strerror}") from None
    if len(data) > limit:
        raise UnreadableFile(f"holds more than the limit of {limit:,} bytes (its size said {info.st_size:,}: "
                             "it grew while being read, or it is no ordinary file)")
    return data


def _check(info: os.stat_result, limit: int, path: Path) -> None:
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
        linked = "a symbolic link to " if os.path.islink(path) else ""
        raise UnreadableFile(f"is not a regular file (it is {linked}{kind})")
    if info.st_size > limit:
        raise UnreadableFile(f"is {info.st_size:,} bytes; the limit is {limit:,}")
