"""Past one machine: the per-document steps on a Dask cluster write the single-process build's bytes.

A real ``distributed.LocalCluster`` of two worker processes (one thread each) runs the per-document
steps of a small corpus (the seeds, two generated people: 9 sources, and a MediaWiki export of three
revisions, read on a worker like any entry); grouping and publication stay in this process.  The
database must be byte-identical to the one a build in one process writes.
"""

import hashlib
import re
import shutil
import sys
from pathlib import Path

import pytest
import sqlite_utils

from build.cli import main as build_main
from build.common import executors
from build.common.errors import BuildError

distributed = pytest.importorskip("distributed")  # the 'cluster' extra, installed with the test extra

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_corpus  # noqa: E402  (benchmarks/ is not a package)
from test_mediawiki_export import add_the_export  # noqa: E402  (the export a user adds, as that test adds it)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    data = generate_corpus.generate(3, tmp_path_factory.mktemp("corpus") / "data")
    for name in ("sources.yml", "vocabularies/persons.yml", "vocabularies/offices.yml"):
        indent_lists(data / name)
    add_the_export(data)
    return data


def indent_lists(path: Path) -> None:
    """The generator's YAML writes a top-level key's list at column 0; the helpers that add an entry append
    it indented, as the seeds' files are: every line under a top-level key moved right (the same YAML)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line if re.match(r"[A-Za-z_]+:", line) or not line.strip() else "  " + line
                            for line in lines), encoding="utf-8")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def built(data: Path, out: Path, *options: str) -> str:
    out.mkdir()
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--quiet", "--no-cache", *options]) == 0
    return hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest()


def test_a_build_on_a_two_worker_cluster_writes_the_single_process_builds_bytes(corpus, cluster, tmp_path):
    one_process = built(corpus, tmp_path / "one", "--workers", "1")
    assert built(corpus, tmp_path / "cluster", "--cluster", cluster.scheduler_address) == one_process
    exported = sqlite_utils.Database(tmp_path / "cluster" / "serrano.db")["wiki_revisions"].count
    assert exported == 3, "the export's revisions were read and published from the cluster's outputs"
    with distributed.Client(cluster.scheduler_address) as client:  # both workers were there to take work
        assert len(client.scheduler_info(n_workers=-1)["workers"]) == 2


def test_a_bad_input_fails_on_the_cluster_with_the_same_one_line_error(corpus, cluster, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(corpus, data)
    claims = data / "claims" / "p0001-wikipedia-a.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("quote: ", "quote: Nowhere in the text ", 1),
                      encoding="utf-8")
    (tmp_path / "one").mkdir()
    (tmp_path / "cluster").mkdir()
    assert build_main(["--data", str(data), "--out", str(tmp_path / "one" / "serrano.db"), "--quiet", "--no-cache",
                       "--workers", "1"]) == 1
    one_process = capsys.readouterr().err
    assert build_main(["--data", str(data), "--out", str(tmp_path / "cluster" / "serrano.db"), "--quiet",
                       "--no-cache", "--cluster", cluster.scheduler_address]) == 1
    on_cluster = capsys.readouterr().err
    assert "quote not found in source p0001-wikipedia-a" in one_process
    assert on_cluster == one_process


def test_a_worker_on_other_loader_code_is_refused():
    failure = executors.run_call(lambda shared, item: item, None, 1, expected_code="0" * 64)
    assert isinstance(failure, executors.Failure) and isinstance(failure.error, BuildError)
    assert "other loader code" in str(failure.error)


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys):
    code = build_main(["--out", str(tmp_path / "serrano.db"), "--quiet", "--cluster", "tcp://127.0.0.1:9"])
    assert code == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("build failed: --cluster: cannot reach the scheduler at tcp://127.0.0.1:9") and "\n" not in error
