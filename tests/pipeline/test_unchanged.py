"""A rebuild with nothing to do publishes nothing: same inputs, same code, and the published files
as that build wrote them (build/publish/unchanged.py).  Anything else builds again, and the result is
the clean build's bytes."""

import hashlib
import os
import shutil
from pathlib import Path

from build.cli import main as build_main
from build.common.cache import DEFAULT_FOLDER, RECORDS_FOLDER
from build.publish.files import EXPORTS
from build.publish.unchanged import input_fingerprint

ROOT = Path(__file__).resolve().parents[2]


def build(data: Path, out: Path, capsys, *options: str) -> tuple[str, str]:
    """(what the build printed, the published database's sha256), the build run in this process."""
    out.mkdir(exist_ok=True)
    capsys.readouterr()
    assert build_main(["--data", str(data), "--out", str(out / "serrano.db"), "--workers", "1", *options]) == 0
    printed = capsys.readouterr().out
    return printed, hashlib.sha256((out / "serrano.db").read_bytes()).hexdigest()


def built(printed: str) -> bool:
    """The build's last line before the sha256: ``built <database> in <s>: ...``."""
    return any(line.startswith("built ") for line in printed.splitlines())


def published_state(out: Path) -> list:
    """Each published file's inode and modification time: what a publication would change."""
    files = [out / "serrano.db", out / "inspect-data.json", *sorted((out / EXPORTS).rglob("*"))]
    return [(path.name, path.stat().st_ino, path.stat().st_mtime_ns) for path in files if path.is_file()]


def test_a_second_build_of_the_same_inputs_publishes_nothing(data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    first, digest = build(data_copy, out, capsys)
    assert built(first)
    assert list((out / DEFAULT_FOLDER / RECORDS_FOLDER).iterdir()), "the publication was not recorded"
    before = published_state(out)
    second, again = build(data_copy, out, capsys)
    assert "unchanged: " in second and not built(second), second
    assert f"sha256 {digest}" in second and again == digest
    assert published_state(out) == before  # not even rewritten with the same bytes


def test_an_edited_input_builds_again_and_writes_the_clean_builds_bytes(data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    _, digest = build(data_copy, out, capsys)
    curated = data_copy / "claims" / "wikipedia-a.yml"
    curated.write_text(curated.read_text(encoding="utf-8").replace("claims:", "claims:  # checked again", 1),
                       encoding="utf-8")  # a comment only: the same claims, another file
    printed, rebuilt = build(data_copy, out, capsys)
    assert "unchanged" not in printed and built(printed), printed
    assert rebuilt == digest  # a comment changes no row
    manifest = data_copy / "sources.yml"  # a source's description: one value in the sources table
    text = manifest.read_text(encoding="utf-8")
    assert "found not admissible." in text
    manifest.write_text(text.replace("found not admissible.", "found not admissible (checked).", 1), encoding="utf-8")
    printed, rebuilt = build(data_copy, out, capsys)
    assert "unchanged" not in printed, printed
    _, clean = build(data_copy, tmp_path / "clean", capsys, "--no-cache")
    assert rebuilt == clean != digest


def test_a_published_file_changed_since_is_built_again(data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    _, digest = build(data_copy, out, capsys)
    with open(out / "serrano.db", "r+b") as handle:  # one byte of the last page flipped
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
        handle.seek(-1, os.SEEK_END)
        handle.write(bytes([last[0] ^ 1]))
    printed, rebuilt = build(data_copy, out, capsys)
    assert "unchanged" not in printed and rebuilt == digest, printed
    (out / EXPORTS / "dangling").symlink_to(tmp_path / "nowhere")  # looked at, never followed
    printed, _ = build(data_copy, out, capsys)
    assert "unchanged" not in printed, printed
    export = next(path for path in (out / EXPORTS).rglob("*.csv"))
    export.unlink()
    printed, _ = build(data_copy, out, capsys)
    assert "unchanged" not in printed and export.is_file(), printed
    (out / "inspect-data.json").write_text("{}\n")
    printed, _ = build(data_copy, out, capsys)
    assert "unchanged" not in printed, printed


def test_no_cache_or_another_option_builds_again(data_copy, tmp_path, capsys):
    out = tmp_path / "out"
    build(data_copy, out, capsys)
    printed, _ = build(data_copy, out, capsys, "--no-cache")
    assert "unchanged" not in printed and built(printed)
    build(data_copy, out, capsys)  # recorded again
    printed, _ = build(data_copy, out, capsys, "--no-extraction")
    assert "unchanged" not in printed and built(printed)


def test_a_record_from_another_cache_is_not_trusted(data_copy, tmp_path, capsys):
    out, other = tmp_path / "out", tmp_path / "other"
    build(data_copy, out, capsys)
    build(data_copy, other, capsys)
    # The other cache's record of the same inputs, under this cache's name for it: its tag is the
    # other secret's.  The key names the output path, so the records differ in name; copy by order.
    ours = sorted((out / DEFAULT_FOLDER / RECORDS_FOLDER).iterdir())
    theirs = sorted((other / DEFAULT_FOLDER / RECORDS_FOLDER).iterdir())
    assert len(ours) == len(theirs) == 1
    shutil.copyfile(theirs[0], ours[0])
    printed, _ = build(data_copy, out, capsys)
    assert "unchanged" not in printed and built(printed), printed


def test_an_input_that_is_not_a_regular_file_gives_no_fingerprint(data_copy, tmp_path):
    assert input_fingerprint(data_copy, (True, False)) == input_fingerprint(data_copy, (True, False))
    assert input_fingerprint(data_copy, (True, False)) != input_fingerprint(data_copy, (False, False))
    fifo = data_copy / "sources" / "waiting"
    os.mkfifo(fifo)  # hashing it would wait forever for a writer
    assert input_fingerprint(data_copy, (True, False)) is None
    fifo.unlink()
    (data_copy / "linked").symlink_to(tmp_path, target_is_directory=True)
    assert input_fingerprint(data_copy, (True, False)) is None
    (data_copy / "linked").unlink()
    locked = data_copy / "locked"
    locked.mkdir()
    locked.chmod(0)  # a folder that cannot be listed (root lists it anyway: then it is simply empty)
    try:
        assert (input_fingerprint(data_copy, (True, False)) is None) == (os.geteuid() != 0)
    finally:
        locked.chmod(0o755)
        locked.rmdir()
    (data_copy / "notes.txt").write_text("an extra file: a rebuild, never a wrong skip\n")
    assert input_fingerprint(data_copy, (True, False)) is not None
