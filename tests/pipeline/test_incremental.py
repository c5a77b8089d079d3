"""Incremental builds: the database built from cached per-document outputs is the one a clean build writes.

A small synthetic corpus (the seeds and two generated people: 9 sources, benchmarks/generate_corpus.py)
goes through random additions, removals and edits (a source's text, a curated file, a vocabulary);
after each, the build that reuses its cache and a clean build of the same data, in one process with
no cache, must write the same bytes.  The cache itself: a corrupted, truncated or foreign entry is
recomputed, never trusted (and never unpickled), and a build killed mid-way leaves a cache the next
build trusts only where its entries are whole.
"""

import hashlib
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from build.cli import main as build_main
from build.common.cache import DEFAULT_FOLDER, MAGIC, ResultCache, content_key

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_corpus  # noqa: E402  (benchmarks/ is not a package)
from test_mediawiki_export import add_the_export  # noqa: E402  (the export a user adds, as that test adds it)

PEOPLE = 3  # the seed record and two generated people: 9 sources


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate_corpus.generate(PEOPLE, tmp_path_factory.mktemp("corpus") / "data")


def build(data: Path, out: Path, *options: str) -> str:
    """Build ``data`` into ``out/serrano.db`` with the real command, in this process; the database's bytes' hash."""
    out.mkdir(exist_ok=True)
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--quiet", *options]) == 0
    return hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest()


def clean_build(data: Path, out: Path) -> str:
    shutil.rmtree(out, ignore_errors=True)
    return build(data, out, "--no-cache", "--workers", "1")


# --- edits a curator makes --------------------------------------------------------------------------------

def manifest(data: Path) -> dict:
    return yaml.safe_load((data / "sources.yml").read_text(encoding="utf-8"))


def write_manifest(data: Path, document: dict) -> None:
    (data / "sources.yml").write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def later_revisions(data: Path) -> list[str]:
    """The generated people's second revisions: what may be taken out and put back."""
    return sorted(entry["id"] for entry in manifest(data)["sources"]
                  if entry["revision"] == 2 and entry["id"].startswith("p"))


def remove_source(data: Path, shelf: Path, which: int) -> None:
    """Take a later revision out of the manifest, with its curated file (kept on the shelf)."""
    present = later_revisions(data)
    if not present:
        return
    source_id = present[which % len(present)]
    document = manifest(data)
    entry = next(e for e in document["sources"] if e["id"] == source_id)
    document["sources"].remove(entry)
    shelf.mkdir(exist_ok=True)
    (shelf / f"{source_id}.entry.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    claims = data / "claims" / f"{source_id}.yml"
    if claims.exists():
        shutil.move(claims, shelf / claims.name)
    write_manifest(data, document)


def add_source(data: Path, shelf: Path, which: int) -> None:
    """Put a shelved revision back, at the end of the manifest (an addition)."""
    shelved = sorted(shelf.glob("*.entry.yml")) if shelf.exists() else []
    if not shelved:
        return
    path = shelved[which % len(shelved)]
    source_id = path.name.removesuffix(".entry.yml")
    document = manifest(data)
    document["sources"].append(yaml.safe_load(path.read_text(encoding="utf-8")))
    path.unlink()
    if (shelf / f"{source_id}.yml").exists():
        shutil.move(shelf / f"{source_id}.yml", data / "claims" / f"{source_id}.yml")
    write_manifest(data, document)


def edit_text(data: Path, which: int, year: int) -> None:
    """A new sentence at the end of a source (its sha256 repinned): a new revision of its words."""
    document = manifest(data)
    entry = document["sources"][which % len(document["sources"])]
    path = data / entry["file"]
    path.write_bytes(path.read_bytes() + f"\nIn {year} he was elected Mayor of Testville.\n".encode())
    entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    write_manifest(data, document)


def edit_curated(data: Path, which: int, year: int) -> None:
    """A curator's note on a curated claim: one curated file changes."""
    files = sorted((data / "claims").glob("*.yml"))
    path = files[which % len(files)]
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not document.get("claims"):
        return
    document["claims"][0]["note"] = f"Checked again in {year}."
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit_vocabulary(data: Path, which: int, year: int) -> None:
    """A new alias for an office: every output that names entities depends on it."""
    path = data / "vocabularies" / "offices.yml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = document["offices"][which % len(document["offices"])]
    entry.setdefault("aliases", [])
    entry["aliases"] = (entry["aliases"] or []) + [f"Office of Testing {year}"]
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")


EDITS = {"remove": lambda data, shelf, n, year: remove_source(data, shelf, n),
         "add": lambda data, shelf, n, year: add_source(data, shelf, n),
         "text": lambda data, shelf, n, year: edit_text(data, n, year),
         "curated": lambda data, shelf, n, year: edit_curated(data, n, year),
         "vocabulary": lambda data, shelf, n, year: edit_vocabulary(data, n, year)}

steps = st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 20), st.integers(1990, 2030)),
                 min_size=1, max_size=4)


# Budgeted: each example is 1 + 2 x steps builds of a 9-source corpus (about a second each).
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_an_incremental_build_writes_the_clean_builds_bytes_after_any_edits(corpus, tmp_path_factory, steps):
    work = tmp_path_factory.mktemp("edits")
    data, shelf = work / "data", work / "shelf"
    shutil.copytree(corpus, data)
    build(data, work / "incremental", "--workers", "2")  # fills the cache
    for kind, n, year in steps:
        EDITS[kind](data, shelf, n, year)
        incremental = build(data, work / "incremental", "--workers", "2")
        assert incremental == clean_build(data, work / "clean"), f"after {kind} ({steps})"


def test_a_rebuild_reuses_every_output_and_an_edit_recomputes_only_its_own(corpus, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    out = tmp_path / "out"
    build(data, out)
    capsys.readouterr()
    (out / "serrano.db").unlink()  # else nothing is to be built (tests/pipeline/test_unchanged.py)
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "1"]) == 0
    first = cache_line(capsys.readouterr().out)
    assert first["computed"] == 0 and first["reused"] > 0
    edit_text(data, 5, 2001)  # one source: its reading, its mentions, its findings, its alignments
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "1"]) == 0
    second = cache_line(capsys.readouterr().out)
    assert 3 <= second["computed"] <= 6, second  # its reading, mentions, findings; its curated file, its pairs
    assert second["reused"] + second["computed"] == first["reused"]


def test_a_mediawiki_export_is_read_once_and_its_tables_are_a_clean_builds(tmp_path, capsys):
    """An export entry (one file, three revisions) is one cached output like any entry: a rebuild reuses it,
    in parallel and from the cache the database is the clean single-process build's, and an edit of the
    export's curated file leaves the export's reading cached."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    add_the_export(data)
    out = tmp_path / "out"
    first = build(data, out, "--workers", "2")
    capsys.readouterr()
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "2"]) == 0
    assert cache_line(capsys.readouterr().out)["computed"] == 0
    assert hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest() == first == clean_build(data, tmp_path / "clean")
    edit_curated(data, 0, 2024)  # the first curated file: the export's own (carrasco-r5001.yml)
    assert sorted((data / "claims").glob("*.yml"))[0].name == "carrasco-r5001.yml"
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "2"]) == 0
    assert cache_line(capsys.readouterr().out)["computed"] == 1  # that file's claims; the export is reused
    assert build(data, out, "--workers", "2") == clean_build(data, tmp_path / "clean")


def cache_line(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("cache: "))
    words = line.split()
    return {"reused": int(words[1]), "computed": int(words[5].rstrip(",")), "line": line}


# --- the cache's entries --------------------------------------------------------------------------------

def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("??/*") if p.is_file())


def test_a_corrupted_truncated_or_foreign_entry_is_recomputed_never_trusted(corpus, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    out, other = tmp_path / "out", tmp_path / "other"
    clean = build(data, out)
    build(data, other)  # another cache: another secret
    cache, foreign = out / DEFAULT_FOLDER, other / DEFAULT_FOLDER
    found = entries(cache)
    assert len(found) >= 20
    flipped, truncated, replaced = found[0], found[1], found[2]
    data_bytes = bytearray(flipped.read_bytes())
    data_bytes[-1] ^= 0x01
    flipped.write_bytes(bytes(data_bytes))
    truncated.write_bytes(truncated.read_bytes()[:len(MAGIC) + 40])
    shutil.copyfile(foreign / replaced.parent.name / replaced.name, replaced)  # the same key, the other cache's
    (out / "serrano.db").unlink()  # else nothing is to be built (tests/pipeline/test_unchanged.py)
    capsys.readouterr()
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "1"]) == 0
    line = cache_line(capsys.readouterr().out)
    assert line["computed"] == 3 and "3 refused" in line["line"], line
    assert hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest() == clean


def test_an_entry_whose_tag_does_not_check_is_never_unpickled(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    assert cache.open() is None
    key = content_key("test", "entry")
    witness = tmp_path / "unpickled"
    cache.put(key, "a value")
    assert cache.get(key) == (True, "a value")
    # A pickle that would create a file when loaded, put where the entry is, with the old tag.
    payload = pickle.dumps(Creates(str(witness)))
    path = tmp_path / "cache" / key[:2] / key
    old = path.read_bytes()
    path.write_bytes(old[:len(MAGIC) + 32] + payload)
    assert cache.get(key) == (False, None)
    assert not witness.exists()
    cache.close()


class Creates:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return Path.touch, (Path(self.path),)


def test_a_killed_build_leaves_a_cache_trusted_only_where_its_entries_are_whole(corpus, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    out = tmp_path / "out"
    out.mkdir()
    cache = out / DEFAULT_FOLDER
    command = [sys.executable, "-m", "build.cli", "--data", str(data), "--out", str(out / "serrano.db"),
               "--quiet", "--workers", "1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 120
    while len(entries(cache)) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # polling a condition with a deadline, not a sleep standing in for one
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    kept = entries(cache)
    assert kept, "the build was killed before it kept anything"
    # What a kill during a write leaves: a temporary file (never read) and, had a write not been
    # atomic, a partial entry: both stand here, the partial one in place of a whole entry.
    (cache / "tmp").mkdir(exist_ok=True)
    (cache / "tmp" / f"{kept[0].name}.99999").write_bytes(kept[0].read_bytes()[:50])
    kept[-1].write_bytes(kept[-1].read_bytes()[: len(kept[-1].read_bytes()) // 2])
    capsys.readouterr()
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "1"]) == 0
    line = cache_line(capsys.readouterr().out)
    assert line["reused"] == len(kept) - 1 and "1 refused" in line["line"], line
    assert not list((cache / "tmp").iterdir())  # the killed build's temporary files are gone
    rebuilt = hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest()
    assert rebuilt == clean_build(data, tmp_path / "clean")


def test_make_clean_removes_the_cache():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    clean = makefile.split("\nclean:", 1)[1].split("\n\n", 1)[0]
    assert DEFAULT_FOLDER in clean
