"""The size limits the README promises, tested at their boundaries through the real build.

README, *Reliability*: the YAML loader refuses "files over 20 MB", and "a source must be
a regular file inside data/sources/ of at most 5 MB", "a MediaWiki export under 64 MB".  A file one byte over each limit
fails the build in one line naming the file and the limit, exit 1, with the previous
database untouched; a file exactly at the limit is read.  The limits are written here
as the README states them (20 MiB, 5 MiB), not imported from the modules, so that
loosening or removing a check in build/common/yamlio.py or build/sources/manifest.py
fails here.
"""

import contextlib
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest

from build.cli import main as build_main
from conftest import ROOT
from documents_helper import keep_only

YAML_LIMIT = 20 * 1024 * 1024
SOURCE_LIMIT = 5 * 1024 * 1024
EXPORT_LIMIT = 64 * 1024 * 1024  # a MediaWiki export: one file holding a page's whole history
IPU_SOURCE = "sources/ipu-ecu-92-decision.txt"


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    """data/ with only the IPU decision, built once: each case below then costs one small build."""
    folder = tmp_path_factory.mktemp("limits")
    shutil.copytree(ROOT / "data", folder / "data")
    keep_only(folder / "data", {"ipu-ecu-92"})
    out = folder / "out"
    out.mkdir()
    assert build(folder / "data", out)[0] == 0
    return folder / "data", out


def build(data: Path, out: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--quiet"])
    return code, err.getvalue()


def outputs(out: Path) -> dict:
    return {name: (out / name).read_bytes() for name in ("serrano.db", "inspect-data.json")}


def padded_yaml(original: bytes, size: int) -> bytes:
    """``original`` followed by YAML comment lines, ``size`` bytes in all: the same data, only bigger."""
    line = b"# " + b"x" * 1021 + b"\n"
    missing = size - len(original)
    padding = line * (missing // len(line))
    rest = missing - len(padding)
    if rest:
        padding += b"#" * (rest - 1) + b"\n"
    assert len(original + padding) == size
    return original + padding


@contextlib.contextmanager
def replaced(path: Path, content: bytes):
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        yield
    finally:
        path.write_bytes(original)


@pytest.mark.parametrize("name", ["sources.yml", "claims/ipu-ecu-92.yml", "vocabularies/persons.yml"])
def test_a_yaml_file_one_byte_over_20_mb_is_refused_in_one_line(small_data, name):
    data, out = small_data
    path = data / name
    before = outputs(out)
    with replaced(path, padded_yaml(path.read_bytes(), YAML_LIMIT + 1)):
        code, err = build(data, out)
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("build failed: "), err
    assert f"data/{name}" in err and f"{YAML_LIMIT + 1:,} bytes" in err and f"{YAML_LIMIT:,}" in err, err
    assert outputs(out) == before


def test_a_yaml_file_of_exactly_20_mb_is_read(small_data):
    data, out = small_data
    path = data / "claims" / "ipu-ecu-92.yml"
    with replaced(path, padded_yaml(path.read_bytes(), YAML_LIMIT)):
        code, err = build(data, out)
    assert (code, err) == (0, "")


def source_of(data: Path, size: int, pin_its_bytes: bool) -> tuple[bytes, str]:
    """The IPU decision padded to ``size`` bytes with line breaks, and the manifest pinning it
    (or, with ``pin_its_bytes`` false, still pinning the original bytes)."""
    raw = (data / IPU_SOURCE).read_bytes()
    padded = raw + b"\n" * (size - len(raw))
    manifest = (data / "sources.yml").read_text(encoding="utf-8")
    if pin_its_bytes:
        manifest = re.sub(r"sha256: [0-9a-f]{64}", f"sha256: {hashlib.sha256(padded).hexdigest()}", manifest)
    return padded, manifest


def test_a_source_one_byte_over_5_mb_is_refused_in_one_line(small_data):
    data, out = small_data
    padded, manifest = source_of(data, SOURCE_LIMIT + 1, pin_its_bytes=True)
    before = outputs(out)
    with replaced(data / IPU_SOURCE, padded), replaced(data / "sources.yml", manifest.encode()):
        code, err = build(data, out)
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("build failed: data/sources.yml"), err
    assert f"data/{IPU_SOURCE}" in err and f"{SOURCE_LIMIT:,}" in err, err
    assert outputs(out) == before


def test_a_source_of_exactly_5_mb_is_read_in_full(small_data):
    """At the limit the whole file is read: the build gets as far as comparing its sha256 with the pin.

    (Pinned correctly it builds too, but parsing 5 MB of line breaks takes tens of seconds; the
    mismatch shows the size check let it through, in milliseconds.)
    """
    data, out = small_data
    padded, manifest = source_of(data, SOURCE_LIMIT, pin_its_bytes=False)
    with replaced(data / IPU_SOURCE, padded):
        code, err = build(data, out)
    assert code == 1 and err.count("\n") == 1, err
    assert f"sha256 mismatch for data/{IPU_SOURCE}" in err and hashlib.sha256(padded).hexdigest() in err, err


def as_export(manifest: str) -> str:
    """The manifest with the IPU decision's entry calling itself a MediaWiki export: the kind decides the limit."""
    assert manifest.count("kind: ipu_decision\n") == 1
    return manifest.replace("kind: ipu_decision\n", "kind: mediawiki_export\n")


def test_an_export_one_byte_over_64_mb_is_refused_in_one_line(small_data):
    data, out = small_data
    padded, manifest = source_of(data, EXPORT_LIMIT + 1, pin_its_bytes=True)
    before = outputs(out)
    with replaced(data / IPU_SOURCE, padded), replaced(data / "sources.yml", as_export(manifest).encode()):
        code, err = build(data, out)
    assert code == 1 and err.count("\n") == 1 and err.startswith("build failed: data/sources.yml"), err
    assert f"data/{IPU_SOURCE} is {EXPORT_LIMIT + 1:,} bytes; the limit is {EXPORT_LIMIT:,}" in err, err
    assert outputs(out) == before


def test_an_export_of_exactly_64_mb_is_read_in_full(small_data):
    """At the limit the export is read whole: the build gets as far as its sha256 (12 times a source's limit)."""
    data, out = small_data
    padded, manifest = source_of(data, EXPORT_LIMIT, pin_its_bytes=False)
    with replaced(data / IPU_SOURCE, padded), replaced(data / "sources.yml", as_export(manifest).encode()):
        code, err = build(data, out)
    assert code == 1 and err.count("\n") == 1, err
    assert f"sha256 mismatch for data/{IPU_SOURCE}" in err and hashlib.sha256(padded).hexdigest() in err, err
