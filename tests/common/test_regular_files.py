"""How an input file is read (build/common/regular_files.py): never past its limit, whatever its size says.

README, *Reliability*: every file the build reads is a regular file under its size cap, and
"the read itself stops one byte past the limit, instead of trusting the size".  The builds in
tests/pipeline/test_size_limits.py and test_hostile_inputs.py hold the refusals' words; these
hold the reading itself, call by call, on real files: ordinary ones, and /proc files, which are
regular files whose size says 0 bytes (as a file still growing says less than it holds).  The
cases were chosen from the survivors of `make mutate`.
"""

import os
from pathlib import Path

import pytest

from build.common import regular_files
from build.common.regular_files import UnreadableFile, read_regular_file

# Regular files whose size says 0: this process's own command line (its bytes stable from one read to the next)
# and its status (about 1.4 KB, more than the small limits below).
SIZE_SAYS_ZERO = Path("/proc/self/cmdline")
HOLDS_MORE = Path("/proc/self/status")


@pytest.fixture
def reads(monkeypatch):
    """Each read call of the module: (bytes asked, bytes got).  A wrapper around the real file, which
    still does the reading."""
    calls = []

    class Recorded:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            self.handle.__enter__()
            return self

        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

        def read(self, size=-1):
            data = self.handle.read(size)
            calls.append((size, len(data)))
            return data

    monkeypatch.setattr(regular_files, "open", lambda *args, **kwargs: Recorded(open(*args, **kwargs)), raising=False)
    return calls


def asked_in_all(calls) -> int:
    assert all(size is not None and size >= 0 for size, _ in calls), f"a read without a bound: {calls}"
    return sum(size for size, _ in calls)


@pytest.mark.parametrize("size", [0, 1, 999, 1000])
def test_an_ordinary_file_is_read_whole_in_one_call_asking_one_byte_more_than_its_size(tmp_path, reads, size):
    path = tmp_path / "source.txt"
    path.write_bytes(b"x" * size)
    assert read_regular_file(path, 1000) == b"x" * size
    # One call, and the end of the file seen within it; one byte more than the size says, never past the limit + 1.
    assert reads == [(size + 1, size)]


def test_a_file_whose_size_says_less_is_read_on_to_its_end_within_the_limit(reads):
    whole = SIZE_SAYS_ZERO.read_bytes()
    assert os.stat(SIZE_SAYS_ZERO).st_size == 0 and len(whole) > 0
    assert read_regular_file(SIZE_SAYS_ZERO, 100_000) == whole
    assert asked_in_all(reads) == 100_001 and sum(got for _, got in reads) == len(whole)


@pytest.mark.parametrize("limit", [1, 2, 500])
def test_a_file_holding_more_than_its_size_and_the_limit_is_refused_after_reading_one_byte_past_the_limit(reads, limit):
    assert os.stat(HOLDS_MORE).st_size == 0 and len(HOLDS_MORE.read_bytes()) > 600
    with pytest.raises(UnreadableFile, match=rf"^holds more than the limit of {limit} bytes \(its size said 0: "):
        read_regular_file(HOLDS_MORE, limit)
    assert asked_in_all(reads) == limit + 1 and sum(got for _, got in reads) == limit + 1


def test_a_file_exactly_at_the_limit_is_read_asking_for_no_more_than_one_byte_past_it(tmp_path, reads):
    path = tmp_path / "source.txt"
    path.write_bytes(b"y" * 64)
    assert read_regular_file(path, 64) == b"y" * 64
    assert asked_in_all(reads) == 65


def test_a_read_that_fails_is_one_line_saying_why():
    # /proc/self/mem is a regular file whose first page is never mapped: reading it fails with EIO.
    with pytest.raises(UnreadableFile, match=r"^cannot be read: Input/output error$"):
        read_regular_file(Path("/proc/self/mem"), 100)


def test_no_descriptor_is_left_open_whether_the_file_is_read_or_refused(tmp_path):
    path = tmp_path / "source.txt"
    path.write_bytes(b"z" * 10)
    before = sorted(os.listdir("/proc/self/fd"))
    for _ in range(20):
        read_regular_file(path, 10)
        with pytest.raises(UnreadableFile):
            read_regular_file(HOLDS_MORE, 5)
        with pytest.raises(UnreadableFile):
            read_regular_file(Path("/proc/self/mem"), 5)
    assert sorted(os.listdir("/proc/self/fd")) == before
