"""A publication split by person group (build/groups.py): each group's database is its folder's clean
build, a rebuild builds only the groups whose inputs changed, and the groups together hold what one
database of everyone holds (benchmarks/group_corpus.py splits the generated corpus as a user would)."""

import collections
import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from build.cli import main as build_main
from build.groups import main as groups_main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_corpus  # noqa: E402  (benchmarks/ is not a package)
import group_corpus  # noqa: E402

PEOPLE = 3  # the seed record and two generated people, one group each

# What is the database's own, not a person's: one copy per group database.
PER_DATABASE = {"consistency_rules", "mark_reasons", "wikidata_properties", "facet_counts", "sqlite_stat1"}
# Columns that name the data folder (a curated file's path) or order rows across a whole database.
PER_DATABASE_COLUMNS = {("claims", "curated_in"), ("sentences", "marked_in"), ("awards_timeline", "timeline_order")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate_corpus.generate(PEOPLE, tmp_path_factory.mktemp("corpus") / "data")


@pytest.fixture
def groups(corpus, tmp_path) -> Path:
    return group_corpus.split(corpus, 1, tmp_path / "groups")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_groups(groups: Path, out: Path, capsys, *options: str) -> tuple[int, str]:
    capsys.readouterr()
    code = groups_main(["--data", str(groups), "--out", str(out), "--jobs", "2", *options])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def rows(database: Path, table: str) -> collections.Counter:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        columns = [row[1] for row in db.execute(f"pragma table_info([{table}])")
                   if (table, row[1]) not in PER_DATABASE_COLUMNS]
        return collections.Counter(db.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{table}]"))


def test_the_groups_hold_what_one_database_holds(corpus, groups, tmp_path, capsys):
    assert sorted(path.name for path in groups.iterdir()) == ["g001", "g002", "g003"]
    (tmp_path / "one").mkdir()
    assert build_main(["--data", str(corpus), "--out", str(tmp_path / "one" / "serrano.db"), "--quiet",
                       "--no-cache", "--workers", "1"]) == 0
    code, printed = run_groups(groups, tmp_path / "out", capsys, "--no-cache")
    assert code == 0 and "3 built, 0 unchanged, 0 failed" in printed, printed
    one = tmp_path / "one" / "serrano.db"
    parts = sorted((tmp_path / "out").glob("*/serrano.db"))
    with sqlite3.connect(one) as db:
        tables = [row[0] for row in db.execute("select name from sqlite_master where type = 'table' "
                                               "and name not like '%fts%' order by name")]
    assert "claims" in tables and "source_conflicts" in tables
    compared = 0
    for table in tables:
        if table in PER_DATABASE or table == "persons":
            continue
        together = sum((rows(part, table) for part in parts), collections.Counter())
        assert together == rows(one, table), table
        compared += sum(together.values())
    assert compared > 5000
    # A person's row in the group holding their documents is their row in one database (elsewhere they
    # are named only, with that group's counts).
    with sqlite3.connect(one) as db:
        everyone = {row[0]: row for row in db.execute("select * from persons")}
    subjects = 0
    for part in parts:
        with sqlite3.connect(part) as db:
            for row in db.execute("select * from persons where id in (select about from sources)"):
                assert row == everyone[row[0]]
                subjects += 1
    assert subjects == PEOPLE


def test_a_rebuild_builds_only_the_groups_that_changed(groups, tmp_path, capsys):
    out = tmp_path / "out"
    code, printed = run_groups(groups, out, capsys)
    assert code == 0 and "3 built, 0 unchanged" in printed, printed
    state = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in out.glob("*/serrano.db")}
    code, printed = run_groups(groups, out, capsys)
    assert code == 0 and "0 built, 3 unchanged" in printed, printed
    curated = sorted((groups / "g002" / "claims").glob("*.yml"))[0]
    curated.write_text(curated.read_text(encoding="utf-8").replace("claims:", "claims:\n# a note", 1), encoding="utf-8")
    assert "# a note" in curated.read_text(encoding="utf-8")
    code, printed = run_groups(groups, out, capsys)
    assert code == 0 and "1 built, 2 unchanged" in printed and "group g002: built" in printed, printed
    for path, before in state.items():  # the others were not even rewritten
        assert ((path.stat().st_ino, path.stat().st_mtime_ns) == before) == (path.parent.name != "g002"), path
    # The rebuilt group is its folder's clean build.
    (tmp_path / "clean").mkdir()
    assert build_main(["--data", str(groups / "g002"), "--out", str(tmp_path / "clean" / "serrano.db"), "--quiet",
                       "--no-cache", "--workers", "1"]) == 0
    assert sha256(out / "g002" / "serrano.db") == sha256(tmp_path / "clean" / "serrano.db")


def test_a_failing_group_says_which_and_leaves_the_others_and_its_previous_database(groups, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_groups(groups, out, capsys)[0] == 0
    before = sha256(out / "g003" / "serrano.db")
    (groups / "g003" / "sources.yml").write_text("sources: [\n", encoding="utf-8")
    curated = sorted((groups / "g002" / "claims").glob("*.yml"))[0]
    curated.write_text(curated.read_text(encoding="utf-8") + "\n# checked\n", encoding="utf-8")
    code, printed = run_groups(groups, out, capsys)
    assert code == 1
    failure = [line for line in printed.splitlines() if line.startswith("group g003: ")]
    assert len(failure) == 1 and "sources.yml" in failure[0] and "Traceback" not in printed, printed
    assert "1 built, 1 unchanged, 1 failed" in printed, printed
    assert sha256(out / "g003" / "serrano.db") == before


@pytest.mark.parametrize("make, message", [
    (lambda groups: (groups / "Not A Name").mkdir() or shutil.copyfile(groups / "g001" / "sources.yml",
                                                                       groups / "Not A Name" / "sources.yml"),
     "a group's name is lower-case letters"),
    (lambda groups: [shutil.rmtree(path) for path in list(groups.iterdir())], "no group folder"),
])
def test_a_folder_that_is_not_a_set_of_groups_is_refused_in_one_line(groups, tmp_path, capsys, make, message):
    make(groups)
    code, printed = run_groups(groups, tmp_path / "out", capsys)
    assert code == 1 and message in printed and len(printed.strip().splitlines()) == 1, printed
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*/serrano.db"))


def test_the_index_says_which_group_holds_each_person(groups, tmp_path, capsys):
    out = tmp_path / "out"
    code, printed = run_groups(groups, out, capsys)
    assert code == 0 and f"3 people in {out / 'index.db'}" in printed, printed
    with sqlite3.connect(out / "index.db") as index:
        held = dict(index.execute("select id, group_name from persons"))
        mentions = index.execute("select person_id, group_name, held from person_mentions").fetchall()
        shas = dict(index.execute("select name, sha256 from groups"))
    assert held == {"jose-serrano-salgado": "g001", "p0001-person": "g002", "p0002-person": "g003"}
    assert shas == {name: sha256(out / name / "serrano.db") for name in ("g001", "g002", "g003")}
    # Every person a group's database lists is a mention there, held only where their documents are.
    for name in ("g001", "g002", "g003"):
        with sqlite3.connect(out / name / "serrano.db") as db:
            listed = {row[0] for row in db.execute("select id from persons")}
        assert {m[0] for m in mentions if m[1] == name} == listed
        assert {m[0] for m in mentions if m[1] == name and m[2]} == {p for p, g in held.items() if g == name}


def test_a_person_held_by_two_groups_is_refused_and_the_index_kept(corpus, groups, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_groups(groups, out, capsys)[0] == 0
    before = (out / "index.db").read_bytes()
    shutil.copytree(corpus, groups / "g004")  # everyone again, the seed record included
    code, printed = run_groups(groups, out, capsys)
    assert code == 1 and "documents are in groups g001 and g004" in printed, printed
    assert "previous index is unchanged" in printed and (out / "index.db").read_bytes() == before
