"""A manifest entry's bounds, at their edges, through the real build (build/sources/manifest.py).

A revision is a whole number from 1 to 1,000,000 (its order among a document's versions);
``about`` names a person of the persons vocabulary.  Each refusal is one line
naming the manifest, the entry and the field.  Chosen from the survivors of `make mutate`.
"""

import contextlib
import hashlib
import io
import re
import shutil
import sqlite3

import pytest

from build.cli import main as build_main
from conftest import ROOT
from documents_helper import keep_only


@pytest.fixture(scope="module")
def small_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("manifest")
    shutil.copytree(ROOT / "data", folder / "data")
    keep_only(folder / "data", {"ipu-ecu-92"})
    out = folder / "out"
    out.mkdir()
    return folder / "data", out


def build_with(data, out, old: str, new: str) -> tuple[int, str]:
    manifest = data / "sources.yml"
    original = manifest.read_text(encoding="utf-8")
    assert re.search(old, original, flags=re.M), old
    manifest.write_text(re.sub(old, new, original, count=1, flags=re.M), encoding="utf-8")
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--quiet"])
    finally:
        manifest.write_text(original, encoding="utf-8")
    return code, err.getvalue()


@pytest.mark.parametrize("revision", [1, 1_000_000])
def test_a_revision_from_1_to_a_million_is_accepted(small_data, revision):
    data, out = small_data
    assert build_with(data, out, r"^(\s+)revision: 1$", rf"\g<1>revision: {revision}") == (0, "")
    # The entry says nothing of inference: its revision order is not marked as inferred.
    assert "revision_inferred" not in (data / "sources.yml").read_text(encoding="utf-8")
    with sqlite3.connect(out / "serrano.db") as db:
        assert db.execute("select revision, revision_inferred from sources").fetchall() == [(revision, 0)]


@pytest.mark.parametrize("document", ["[1, 2]", "just text"])
def test_a_manifest_that_is_not_a_mapping_with_a_sources_list_is_refused_in_one_line(small_data, document):
    code, err = build_with(*small_data, r"\A(?s:.*)\Z", document)
    assert (code, err) == (1, "build failed: data/sources.yml: expected a mapping with a 'sources' list\n")


def test_a_sources_key_that_is_no_list_is_refused_at_its_line(small_data):
    code, err = build_with(*small_data, r"\A(?s:.*)\Z", "sources: 5")
    assert (code, err) == (1, "build failed: data/sources.yml: line 1: sources: Input should be a valid list (got 5)\n")


@pytest.mark.parametrize("revision, words", [(0, "greater than or equal to 1"), (-1, "greater than or equal to 1"),
                                             (1_000_001, "less than or equal to 1000000")])
def test_a_revision_outside_1_to_a_million_is_refused_in_one_line(small_data, revision, words):
    code, err = build_with(*small_data, r"^(\s+)revision: 1$", rf"\g<1>revision: {revision}")
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith("build failed: data/sources.yml: entry 1 (id ipu-ecu-92)") and "revision: " in err, err
    assert words in err, err


def test_about_must_name_a_person_of_the_vocabulary(small_data):
    code, err = build_with(*small_data, r"^(\s+)about: jose-serrano-salgado$", r"\g<1>about: nobody-at-all")
    assert code == 1 and err.count("\n") == 1, err
    # Checked after the whole manifest is read, and still named by its entry's number and line.
    assert err.startswith("build failed: data/sources.yml: entry 1 (id ipu-ecu-92) at line "), err
    assert "about: 'nobody-at-all' is not a person id in data/vocabularies/persons.yml" in err, err


@pytest.mark.parametrize("date", ["2016-02-30", "30 February 2016", "soon"])
def test_a_revision_date_must_be_an_iso_date(small_data, date):
    code, err = build_with(*small_data, r"^(\s+)revision_date: null$", rf'\g<1>revision_date: "{date}"')
    assert code == 1 and err.count("\n") == 1, err
    assert "revision_date: expected an ISO 8601 date (2017, 2017-05 or 2017-05-16)" in err, err


def test_one_document_cannot_mix_kinds(small_data):
    """A second entry for the IPU case (the same file) that calls itself a Wikipedia revision."""
    data, out = small_data
    manifest = (data / "sources.yml").read_text(encoding="utf-8")
    first = manifest[manifest.index("  - id: ipu-ecu-92"):]
    second = first.replace("id: ipu-ecu-92", "id: ipu-ecu-92-copy", 1).replace("kind: ipu_decision",
                                                                             "kind: wikipedia_revision", 1)
    second = re.sub(r"revision: 1$", "revision: 2", second, count=1, flags=re.M)
    code, err = build_with(data, out, r"\Z", "\n" + second.rstrip("\n") if not manifest.endswith("\n") else second)
    assert code == 1 and err.count("\n") == 1, err
    assert "document 'ipu-case-ecu-92' mixes kinds: ipu-ecu-92 is ipu_decision, this source is wikipedia_revision" \
        in err, err



AT_LIMIT = "sources/" + ("x" * 99 + "/") * 2 + "x" * 92  # 300 characters, no name over the system's 255


@pytest.mark.parametrize("file, words", [
    ("", "file: String should have at least 1 character"),
    ("sources/" + "x" * 293, "file: String should have at most 300 characters"),
    ("sources/../sources.yml", "must be a path inside data/sources/"),
    ("claims/ipu-ecu-92.yml", "must be a path inside data/sources/"),
    (AT_LIMIT, f"file data/{AT_LIMIT} is missing"),  # 300 characters: allowed, and not there
])
def test_a_source_file_is_a_path_of_1_to_300_characters_inside_data_sources(small_data, file, words):
    code, err = build_with(*small_data, r"^(\s+)file: sources/ipu-ecu-92-decision.txt$", rf'\g<1>file: "{file}"')
    assert code == 1 and err.count("\n") == 1, err
    assert words in err, err


def test_a_symbolic_link_loop_is_refused_in_one_line(small_data):
    data, out = small_data
    loop = data / "sources" / "loop.txt"
    loop.symlink_to(loop)  # a link to itself: resolving it never ends
    try:
        code, err = build_with(data, out, r"^(\s+)file: sources/ipu-ecu-92-decision.txt$", r"\g<1>file: sources/loop.txt")
    finally:
        loop.unlink()
    assert code == 1 and err.count("\n") == 1, err
    assert "file data/sources/loop.txt cannot be resolved (a symlink loop?)" in err, err


@pytest.mark.parametrize("length", [255, 256])
def test_a_file_or_folder_name_may_have_up_to_255_bytes(small_data, length):
    name = "é" * ((length - 4) // 2) + "x" * ((length - 4) % 2) + ".txt"  # two bytes a letter in UTF-8
    assert len(name.encode("utf-8")) == length
    code, err = build_with(*small_data, r"^(\s+)file: sources/ipu-ecu-92-decision.txt$", rf'\g<1>file: "sources/{name}"')
    assert code == 1 and err.count("\n") == 1, err
    if length == 255:
        assert f"file data/sources/{name} is missing" in err, err
    else:  # the first 40 characters of the name, then how long it is
        assert (f"file: the name {name[:40]!r}... is 256 bytes in UTF-8; a file or folder name may have at most 255"
                in err), err


def test_a_source_that_is_not_utf8_is_named_with_the_first_bad_byte(small_data):
    data, out = small_data
    path = data / "sources" / "ipu-ecu-92-decision.txt"
    original = path.read_bytes()
    broken = original[:100] + b"\xff" + original[100:]
    path.write_bytes(broken)
    try:
        code, err = build_with(data, out, r"sha256: [0-9a-f]{64}", f"sha256: {hashlib.sha256(broken).hexdigest()}")
    finally:
        path.write_bytes(original)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "(id ipu-ecu-92)" in err and "data/sources/ipu-ecu-92-decision.txt is not UTF-8 (byte 100)" in err, err
