"""The catalogue of malformed inputs (issue "Hard edges"), run through the real command.

Each case breaks a private copy of data/ in one way. For every one the build
must exit 1, print exactly one line naming the file, the entry and the problem
(no traceback without --debug), and leave the previous serrano.db and
inspect-data.json byte-identical. Cases elsewhere, same contract:
test_foundation.BAD_MANIFESTS (sha256 mismatch, missing file, duplicate id,
YAML syntax error, missing key), test_curated_input.BAD_ENTRIES (quote not
found, ambiguous quote, impossible date, unknown office, unknown person,
unknown property, unknown key, duplicate claim id, ...),
test_document_tables (unrecognised layouts) and test_hostile_inputs (YAML files
that are FIFOs, links to /dev/zero, folders or over the limit; a manifest
`file:` holding a NUL byte, or naming a folder; a value missing its pattern;
unknown top-level keys in every file).
"""

import hashlib
import subprocess
import sys

import pytest

from conftest import ROOT
from build_helpers import entry, repin, write_claims


def not_utf8(d):
    (d / "sources" / "wikipedia-rendering-a.txt").write_bytes(b"Jos\xe9 Serrano | |\n")
    repin(d, "wikipedia-rendering-a.txt")


def empty_source(d):
    (d / "sources" / "ipu-ecu-92-decision.txt").write_bytes(b"  \n")
    repin(d, "ipu-ecu-92-decision.txt")


def shared_alias(d):
    path = d / "vocabularies" / "persons.yml"
    path.write_text(path.read_text().replace("aliases: [President Alfredo Palacio]", "aliases: [President Alfredo Palacio, Correa]"))


def unknown_conferrer(d):
    path = d / "vocabularies" / "awards.yml"
    path.write_text(path.read_text().replace("conferred_by: dea\n", "conferred_by: fbi\n", 1))


def vocabulary_yaml_error(d):
    path = d / "vocabularies" / "offices.yml"
    path.write_text(path.read_text().replace("offices:\n", "offices:\n  - id: [broken\n", 1))


def unknown_award(d):
    write_claims(d, entry(subject="award: Nobel Prize", property="date", value='"2016"',
                          quote="From 2011 to 2016, he served as Minister of the Interior"))


def claims_for_missing_source(d):
    write_claims(d, entry(), source="ipu-ecu-93")


def layout_not_recognised(d):
    path = d / "sources" / "ipu-ecu-92-decision.txt"
    # No case header: nothing says which case, or whose, the decision is.
    path.write_text(path.read_text(encoding="utf-8").replace("ECU-92 – José", "Decision on José"), encoding="utf-8")
    repin(d, "ipu-ecu-92-decision.txt")


def manifest_not_a_list(d):
    (d / "sources.yml").write_text("sources: just one\n")


CASES = {
    "bytes that are not UTF-8": (not_utf8, ["data/sources.yml", "id wikipedia-a", "is not UTF-8"]),
    "an empty source": (empty_source, ["data/sources.yml", "id ipu-ecu-92", "is empty"]),
    "an alias claimed by two entries": (shared_alias, ["data/vocabularies/persons.yml", "'Correa' is claimed by both"]),
    "an award conferred by an unknown organization": (unknown_conferrer, ["data/vocabularies/awards.yml", "'fbi' is not an id"]),
    "a YAML syntax error in a vocabulary": (vocabulary_yaml_error, ["data/vocabularies/offices.yml", "not valid YAML", "line 7"]),
    "an unknown award": (unknown_award, ["data/claims/zz-test.yml", "'Nobel Prize' matches no entry", "awards.yml"]),
    "claims for a source not in the manifest": (claims_for_missing_source, ["data/claims/zz-test.yml", "'ipu-ecu-93' is not in data/sources.yml"]),
    "a layout the parser cannot recognise": (layout_not_recognised, ["source ipu-ecu-92", "case header"]),
    "a manifest whose sources are not a list": (manifest_not_a_list, ["data/sources.yml: line 1: sources: Input should be a valid list"]),
}


def run(data_dir, out_dir, *extra):
    return subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data_dir), "--out", str(out_dir / "serrano.db"),
                           "--quiet", *extra], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_in_one_line_and_loses_nothing(tmp_path, data_copy, case):
    assert run(data_copy, tmp_path).returncode == 0
    before = {name: (tmp_path / name).read_bytes() for name in ("serrano.db", "inspect-data.json")}
    breaker, expected = CASES[case]
    breaker(data_copy)
    result = run(data_copy, tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for fragment in expected:
        assert fragment in result.stderr, result.stderr
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert not list(tmp_path.glob(".build-*"))


def test_debug_shows_the_traceback(tmp_path, data_copy):
    empty_source(data_copy)
    result = run(data_copy, tmp_path, "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_two_builds_are_byte_identical_and_print_their_sha256(tmp_path, data_copy):
    digests = []
    for name in ("first", "second"):
        out = tmp_path / name
        out.mkdir()
        result = run(data_copy, out)
        assert result.returncode == 0, result.stderr
        digest = hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest()
        assert result.stdout.strip().splitlines()[-1].startswith(f"sha256 {digest}")
        digests.append(digest)
    assert digests[0] == digests[1]
