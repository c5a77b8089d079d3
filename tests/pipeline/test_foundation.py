"""The foundation: pinned sources, the sources table, atomic builds, immutable serving."""

import fcntl
import hashlib
import os
import signal
import subprocess
import sys

import pytest
import yaml

from build import pipeline
from build.publish.files import LOCK_NAME
from build_helpers import build_into, snapshot
from conftest import ROOT, get


def manifest_entries():
    return yaml.safe_load((ROOT / "data" / "sources.yml").read_text())["sources"]


def test_every_source_file_matches_its_pin():
    entries = manifest_entries()
    assert len(entries) >= 3
    for entry in entries:
        raw = (ROOT / "data" / entry["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == entry["sha256"], entry["id"]


def test_sources_table_holds_each_file_exactly(db):
    rows = {row["id"]: row for row in db["sources"].rows}
    entries = manifest_entries()
    assert set(rows) == {entry["id"] for entry in entries}
    for entry in entries:
        text = (ROOT / "data" / entry["file"]).read_bytes().decode("utf-8")
        row = rows[entry["id"]]
        # Compared whole: one differing character (a stripped \r, a trailing
        # newline) fails this.
        assert row["text"] == text
        assert row["chars"] == len(text)
        assert row["sha256"] == entry["sha256"]
        assert row["kind"] == entry["kind"]


def test_unknown_facts_stay_null_and_inference_is_flagged(db):
    rows = {row["id"]: row for row in db["sources"].rows}
    for row in rows.values():
        assert row["url"] is None and row["retrieved"] is None
    assert rows["ipu-ecu-92"]["license"] is None
    wiki = [row for row in rows.values() if row["kind"] == "wikipedia_revision"]
    assert {row["license"] for row in wiki} == {"CC BY-SA 4.0"}
    assert all(row["revision_inferred"] == 1 and "inferred" in row["notes"] for row in wiki)
    assert [row["revision"] for row in sorted(wiki, key=lambda r: r["id"])] == [1, 2]
    assert {row["document"] for row in wiki} == {"wikipedia-en-jose-serrano-ecuadorian-politician"}
    assert all(row["revision_date"] is None for row in rows.values())  # not stated in the copies we hold
    assert {row["about"] for row in rows.values()} == {"jose-serrano-salgado"}


def _edit_manifest(data_dir, change):
    path = data_dir / "sources.yml"
    path.write_text(change(path.read_text()))


BAD_MANIFESTS = {
    "sha256 mismatch": (
        lambda d: (d / "sources" / "wikipedia-rendering-a.txt").write_bytes(
            (d / "sources" / "wikipedia-rendering-a.txt").read_bytes().replace(b"Cuenca", b"Cuenka", 1)
        ),
        ["id wikipedia-a", "sha256 mismatch"],
    ),
    "one byte appended": (
        lambda d: (d / "sources" / "ipu-ecu-92-decision.txt").open("ab").write(b"\n"),
        ["id ipu-ecu-92", "sha256 mismatch"],
    ),
    "missing file": (
        lambda d: (d / "sources" / "wikipedia-rendering-b.txt").unlink(),
        ["id wikipedia-b", "is missing"],
    ),
    "duplicate id": (
        lambda d: _edit_manifest(d, lambda t: t.replace("id: wikipedia-b", "id: wikipedia-a")),
        ["id wikipedia-a", "duplicate id"],
    ),
    "invalid yaml": (
        lambda d: _edit_manifest(d, lambda t: t.replace("sources:\n", "sources: [\n", 1)),
        ["not valid YAML", "line"],
    ),
    "missing key": (
        lambda d: _edit_manifest(d, lambda t: t.replace("    publisher: Inter-Parliamentary", "    publishr: Inter-Parliamentary")),
        ["id ipu-ecu-92", "publisher: missing required key"],
    ),
    "about no person": (
        lambda d: _edit_manifest(d, lambda t: t.replace("about: jose-serrano-salgado", "about: jose-serrano", 1)),
        ["entry 1 (id ipu-ecu-92)", "about: 'jose-serrano' is not a person id"],
    ),
    "a revision order repeated": (
        lambda d: _edit_manifest(d, lambda t: t.replace("    revision: 2\n", "    revision: 1\n", 1)),
        ["id wikipedia-b", "document 'wikipedia-en-jose-serrano-ecuadorian-politician' already has a revision 1"],
    ),
    "a revision date that is not a date": (
        lambda d: _edit_manifest(d, lambda t: t.replace("revision_date: null", "revision_date: last spring", 1)),
        ["id ipu-ecu-92", "revision_date", "(got 'last spring')"],
    ),
    "a revision that is not a whole number": (
        lambda d: _edit_manifest(d, lambda t: t.replace("    revision: 2\n", "    revision: two\n", 1)),
        ["id wikipedia-b", "revision: Input should be a valid integer"],
    ),
    "a file outside data/sources": (
        lambda d: _edit_manifest(d, lambda t: t.replace("file: sources/ipu-ecu-92-decision.txt",
                                                        "file: ../sources.yml", 1)),
        ["id ipu-ecu-92", "must be a path inside data/sources/"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MANIFESTS))
def test_bad_manifest_fails_in_one_line_and_keeps_previous_db(tmp_path, data_copy, capsys, case):
    assert build_into(tmp_path, data_copy) == 0
    before = snapshot(tmp_path)
    capsys.readouterr()
    breaker, expected = BAD_MANIFESTS[case]
    breaker(data_copy)
    assert build_into(tmp_path, data_copy) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "data/sources.yml" in err
    for fragment in expected:
        assert fragment in err
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.glob(".build-*")), "a staged database was left behind"


def test_failure_after_tables_are_written_leaves_no_half_written_db(tmp_path, data_copy, monkeypatch, capsys):
    # No record of this publication, so the next build of the same inputs runs (build/publish/unchanged.py).
    assert build_into(tmp_path, data_copy, "--no-cache") == 0
    before = snapshot(tmp_path)
    real_build = pipeline.build_database

    def build_then_fail(db, data_dir, report=print, **options):
        real_build(db, data_dir, report, **options)
        assert db["sources"].count == 3  # the staged database really was written
        from build.common.errors import BuildError
        raise BuildError("data/x.yml", "simulated failure after writing")

    monkeypatch.setattr("build.cli.build_database", build_then_fail)
    assert build_into(tmp_path, data_copy) == 1
    assert "simulated failure" in capsys.readouterr().err
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.glob(".build-*"))


def test_inspect_file_names_the_bare_database(tmp_path, data_copy):
    import json

    assert build_into(tmp_path, data_copy) == 0
    data = json.loads((tmp_path / "inspect-data.json").read_text())
    assert data["serrano"]["file"] == "serrano.db"
    assert data["serrano"]["hash"] == hashlib.sha256((tmp_path / "serrano.db").read_bytes()).hexdigest()


def test_live_server_serves_sources_immutable_and_downloadable(live_server, built_db_path):
    rows = get(f"{live_server}/serrano/sources.json?_shape=array&_size=max").json()
    pins = {entry["id"]: entry for entry in manifest_entries()}
    assert len(rows) == 3
    for row in rows:
        text = (ROOT / "data" / pins[row["id"]]["file"]).read_bytes().decode("utf-8")
        assert row["sha256"] == pins[row["id"]]["sha256"]
        assert row["chars"] == len(text)
    databases = get(f"{live_server}/-/databases.json").json()
    assert [d["is_mutable"] for d in databases if d["name"] == "serrano"] == [False]
    download = get(f"{live_server}/serrano.db")
    assert download.status_code == 200
    assert download.content == built_db_path.read_bytes()


# --- one build at a time per output folder; what a killed build leaves is removed (issue 24, 12-13) -------

def _command_build(data_dir, out_dir, timeout=120):
    """The real command in a process of its own (a build in this process shares this process's locks)."""
    return subprocess.run([sys.executable, "-m", "build.cli", "--data", str(data_dir), "--out",
                           str(out_dir / "serrano.db"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_a_build_while_another_holds_the_folder_fails_at_once_and_keeps_its_staged_folder(tmp_path, data_copy):
    assert build_into(tmp_path, data_copy) == 0
    before = snapshot(tmp_path)
    # This test is the running build: it holds the folder's lock, and its staged folder is being written.
    running = tmp_path / ".build-running_"  # a staged folder's name: the prefix and 8 characters
    running.mkdir()
    (running / "serrano.db").write_bytes(b"half a database")
    lock = os.open(tmp_path / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.pwrite(lock, f"{os.getpid()}\n".encode(), 0)
        # The deadline is against a hang only: a build that waited for the lock would never end here.
        result = _command_build(data_copy, tmp_path)
        assert result.returncode == 1, result
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"serrano.db: another build (process {os.getpid()}) is publishing into {tmp_path}; nothing was " \
               "changed" in result.stderr, result.stderr
        assert snapshot(tmp_path) == before
        assert (running / "serrano.db").read_bytes() == b"half a database"  # a running build's folder is kept
    finally:
        os.close(lock)
    # The lock released, that folder is what a killed build leaves: the next build removes it.
    assert build_into(tmp_path, data_copy) == 0
    assert not list(tmp_path.glob(".build-*"))


KILL_AFTER_WRITING = """\
import os, signal, sys
import build.cli
real = build.cli.build_database
def build_then_die(db, data_dir, report=print, **options):
    figures = real(db, data_dir, report, **options)
    db.conn.commit()
    os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or a power cut would: no clean-up runs
build.cli.build_database = build_then_die
sys.exit(build.cli.main(sys.argv[1:]))
"""


def test_the_staged_folder_of_a_killed_build_is_removed_by_the_next_build(tmp_path, data_copy):
    assert build_into(tmp_path, data_copy, "--no-cache") == 0  # so that the next build runs, to be killed
    before = snapshot(tmp_path)
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_WRITING, "--data", str(data_copy), "--out",
                             str(tmp_path / "serrano.db"), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed
    left = list(tmp_path.glob(".build-*"))
    assert len(left) == 1 and (left[0] / "serrano.db").stat().st_size > 100_000  # a full staged database
    assert snapshot(tmp_path) == before
    result = _command_build(data_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob(".build-*"))


def test_a_failed_build_releases_the_folder_for_the_next(tmp_path, data_copy):
    """The lock is held by the process for the build only: an in-process failure leaves it free."""
    assert build_into(tmp_path, data_copy) == 0
    (data_copy / "sources.yml").write_text("sources: [\n")
    assert build_into(tmp_path, data_copy) == 1
    result = _command_build(data_copy, tmp_path)
    assert result.returncode == 1 and "another build" not in result.stderr and "not valid YAML" in result.stderr


def test_a_folder_that_is_no_staged_database_is_left_alone(tmp_path, data_copy):
    """make bench builds into a ".build-bench-*" folder of the checkout while make build may run there."""
    bench = tmp_path / ".build-bench-a1b2c3d4"
    bench.mkdir()
    (bench / "serrano.db").write_bytes(b"a benchmark's database")
    assert build_into(tmp_path, data_copy) == 0
    assert (bench / "serrano.db").read_bytes() == b"a benchmark's database"


def test_the_published_database_is_whole_in_its_rollback_journal(built_db_path):
    """The indexes are written in write-ahead-log mode (the exports read the tables meanwhile); the file
    published is switched back: SQLite's header says "rollback journal" (bytes 18 and 19 are 1, 2 in WAL
    mode) and no log or shared-memory file is left beside it, so a reader opening it immutable sees it all."""
    with built_db_path.open("rb") as handle:
        header = handle.read(100)
    assert header[:16] == b"SQLite format 3\x00"
    assert header[18:20] == b"\x01\x01"
    assert not [path.name for path in built_db_path.parent.iterdir() if path.name.endswith(("-wal", "-shm"))]


def test_a_reader_midway_through_a_table_does_not_hold_up_the_indexes(tmp_path):
    """What ``readable_while_indexed`` is for: an export reading a table while the build commits an index.
    In the default journal that commit waits for the reader, and with no wait it fails at once."""
    import sqlite3

    import sqlite_utils

    from build.publish.files import readable_while_indexed

    path = tmp_path / "staged.db"
    db = sqlite_utils.Database(sqlite3.connect(path, timeout=0))
    db["claims"].insert_all({"id": n, "value": str(n)} for n in range(5000))
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0)

    def index_while_reading(name: str) -> None:
        rows = reader.execute("select * from claims")
        try:
            rows.fetchmany(10)  # midway: the reader holds its snapshot
            db.conn.execute(f"create index {name} on claims (value)")
            db.conn.commit()
            assert len(rows.fetchall()) == 4990
        finally:
            rows.close()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        index_while_reading("without_the_log")
    db.conn.rollback()
    with readable_while_indexed(db):
        assert db.conn.execute("pragma journal_mode").fetchone()[0] == "wal"
        index_while_reading("with_the_log")
        reader.close()  # as each export's connection is once its file is written: the log is then merged in
    assert db.conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert [row[0] for row in db.conn.execute("select name from sqlite_master where type = 'index'")] == ["with_the_log"]
