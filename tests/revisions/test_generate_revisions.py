"""The synthetic revision generator: parseable, deterministic, and its edits found by the alignment."""

import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build.sources.wikipedia import parse_wikipedia
from build.revisions.align import align_revisions

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.generate_revisions import generate_revisions, read_base, write_revisions  # noqa: E402


@pytest.fixture(scope="module")
def revisions():
    return generate_revisions(50, seed=0)


def test_fifty_revisions_each_derived_from_the_previous_and_parseable(revisions):
    texts = [read_base()] + [r.text for r in revisions]
    assert [r.number for r in revisions] == list(range(1, 51))
    for previous, revision in zip(texts, revisions):
        assert revision.text != previous and 1 <= len(revision.edits) <= 3
        parse_wikipedia(f"revision-{revision.number}", revision.text)  # raises if not
    kinds = Counter(edit.split(":")[0] for r in revisions for edit in r.edits)
    assert set(kinds) == {"number", "reword", "delete", "add", "move", "infobox"}


def test_generation_is_deterministic_and_seeded(revisions):
    assert [r.text for r in generate_revisions(50, seed=0)] == [r.text for r in revisions]
    assert generate_revisions(5, seed=1)[-1].text != revisions[4].text


def test_the_edits_show_up_as_the_changes_they_are(revisions):
    # One edit at a time is easy to check: a number edit or a reword is one reworded sentence,
    # an add is one added sentence, a delete one removed, a move one moved, an infobox edit one field.
    expected = {"number": ("sentence", "reworded"), "reword": ("sentence", "reworded"),
                "add": ("sentence", "added"), "delete": ("sentence", "removed"),
                "move": ("sentence", "moved"), "infobox": ("infobox_field", "reworded")}
    texts = [read_base()] + [r.text for r in revisions]
    checked = 0
    for previous, revision in zip(texts, revisions):
        if len(revision.edits) != 1:
            continue
        old, new = parse_wikipedia("old", previous), parse_wikipedia("new", revision.text)
        changes = align_revisions(previous, old.sentences, revision.text, new.sentences,
                                  old.infobox_fields, new.infobox_fields)
        found = [(c["unit"], c["kind"]) for c in changes if c["kind"] != "unchanged"]
        assert found == [expected[revision.edits[0].split(":")[0]]], revision.edits
        checked += 1
    assert checked >= 10


def test_the_command_writes_files_and_prints_their_sha256(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_revisions.py"), "3",
                             "--out", str(tmp_path)], capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    for number, line in enumerate(lines, 1):
        sha, path = line.split("  ")
        assert Path(path) == tmp_path / f"revision-{number:04d}.txt"
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha
    assert (tmp_path / "revision-0003.txt").read_bytes() == generate_revisions(3)[-1].text.encode("utf-8")


def test_write_revisions_returns_paths_and_hashes(tmp_path, revisions):
    [(path, sha)] = write_revisions(revisions[:1], tmp_path)
    assert path.read_bytes().decode("utf-8") == revisions[0].text
    assert sha == hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_property_generated_revisions_partition_into_changes(seed):
    texts = [read_base()] + [r.text for r in generate_revisions(3, seed=seed)]
    documents = [parse_wikipedia(f"r{k}", text) for k, text in enumerate(texts)]
    for k in range(3):
        old, new = documents[k], documents[k + 1]
        changes = align_revisions(texts[k], old.sentences, texts[k + 1], new.sentences,
                                  old.infobox_fields, new.infobox_fields)
        for unit, old_count, new_count in (("sentence", len(old.sentences), len(new.sentences)),
                                           ("infobox_field", len(old.infobox_fields), len(new.infobox_fields))):
            rows = [c for c in changes if c["unit"] == unit]
            assert sorted(c["from_index"] for c in rows if c["from_index"] is not None) == list(range(old_count))
            assert sorted(c["to_index"] for c in rows if c["to_index"] is not None) == list(range(new_count))
