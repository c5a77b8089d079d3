"""Command line: ``python -m build.groups --data GROUPS --out FOLDER [--jobs N] [build options]``.

A publication split by person group (README, *Serving at that size, on paper*): ``GROUPS`` holds one
data folder per group of people (``GROUPS/<group>/sources.yml`` and the rest, exactly as ``data/``),
and each is built by the normal build (``build.cli``) into ``FOLDER/<group>/serrano.db``, beside its
own inspect file, exports and cache.  Conflicts, the resolved record and the consistency rules
group claims by fact and by person, so a person's documents all belong to one group; a group's
``persons.yml`` may still name everyone (the people its documents name resolve as in one database).

Each group is published on its own, atomically, as a single build is; an addition rebuilds its
group only.  A group whose inputs, code and published files are the last build's is left as it
is (``build.publish.unchanged``), checked here without starting a build; the others are built in
``--jobs`` processes at once (default: one per core, each build's per-document steps then in its
own process, ``--workers 1``, and a group built alone gets every core, unless ``--workers`` says
otherwise).

A group that fails prints its one line and leaves its previous publication as it was; the others
are still built, and the command exits 1.  Once every group is published, ``FOLDER/index.db`` says
which group holds each person (``build.publish.group_index``).
"""

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .common.cache import DEFAULT_FOLDER, ResultCache
from .common.errors import BuildError
from .publish.files import INSPECT_FILE
from .publish.group_index import INDEX, write_group_index
from .publish.unchanged import extraction_wanted, last_publication

GROUP_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
DATABASE = "serrano.db"


def group_folders(groups: Path) -> list[Path]:
    """The group data folders under ``groups`` (each with a ``sources.yml``), by name; ValueError
    naming the first folder whose name cannot be a database's."""
    if not groups.is_dir():
        raise ValueError(f"{groups}: not a folder of group data folders")
    found = sorted(path for path in groups.iterdir() if path.is_dir() and (path / "sources.yml").is_file())
    for path in found:
        if not GROUP_NAME.fullmatch(path.name):
            raise ValueError(f"{path}: a group's name is lower-case letters, digits, '-' and '_' "
                             "(it names the group's folder and URL)")
    if not found:
        raise ValueError(f"{groups}: no group folder (a sub-folder with a sources.yml) in it")
    return found


def is_unchanged(data: Path, target: Path, extraction: bool, strict: bool) -> bool:
    """What ``build.cli`` would find before building: this group's publication is its inputs' already."""
    cache = ResultCache(target.parent / DEFAULT_FOLDER)
    if cache.open():  # another build holds it, or it cannot be written: let the build decide
        return False
    try:
        return last_publication(cache, data, target, target.with_name(INSPECT_FILE), extraction, strict)[1] is not None
    finally:
        cache.close()


def build_command(data: Path, target: Path, args, at_once: int) -> list[str]:
    """``build.cli``'s command for one group, ``at_once`` groups being built together: each build's
    per-document steps get the cores the others leave (one group alone gets them all)."""
    command = [sys.executable, "-m", "build.cli", "--data", str(data), "--out", str(target), "--quiet"]
    workers = args.workers if args.workers is not None else max(1, (os.cpu_count() or 1) // at_once)
    command += ["--workers", str(workers)]
    for flag in ("no_cache", "no_extraction", "strict", "debug"):
        if getattr(args, flag):
            command.append("--" + flag.replace("_", "-"))
    return command


def run_build(command: list[str]) -> tuple[int, str, float]:
    started = time.perf_counter()
    # The build's own module path: this checkout, wherever the command is run from.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH")]))}
    finished = subprocess.run(command, capture_output=True, text=True, env=environment)
    return finished.returncode, (finished.stdout + finished.stderr).strip(), time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=Path, help="a folder of group data folders")
    parser.add_argument("--out", required=True, type=Path, help="the folder the groups are published in")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="groups built at once (default: one per core)")
    parser.add_argument("--workers", type=int, default=None, help="each build's --workers (default: 1 when --jobs > 1)")
    parser.add_argument("--no-cache", action="store_true", help="recompute every group, keep nothing")
    parser.add_argument("--no-extraction", action="store_true", help="as build.cli's")
    parser.add_argument("--strict", action="store_true", help="as build.cli's")
    parser.add_argument("--quiet", action="store_true", help="print only failures and the final line")
    parser.add_argument("--debug", action="store_true", help="as build.cli's (tracebacks)")
    args = parser.parse_args(argv)
    report = (lambda *a, **k: None) if args.quiet else print
    started = time.perf_counter()
    try:
        if args.jobs < 1:
            raise ValueError(f"--jobs {args.jobs}: give 1 or more")
        groups = group_folders(args.data)
        args.out.mkdir(parents=True, exist_ok=True)
    except (ValueError, OSError) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    extraction = extraction_wanted(args.no_extraction)
    changed = []
    for data in groups:
        target = (args.out / data.name / DATABASE).resolve()
        target.parent.mkdir(exist_ok=True)
        if args.no_cache or not is_unchanged(data, target, extraction, args.strict):
            changed.append((data, target))
    unchanged, at_once = len(groups) - len(changed), min(args.jobs, len(changed)) or 1
    todo = [(data.name, build_command(data, target, args, at_once)) for data, target in changed]
    failed = 0
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for (name, _), (code, output, seconds) in zip(todo, pool.map(lambda item: run_build(item[1]), todo)):
            if code:
                failed += 1
                print(f"group {name}: {output.splitlines()[-1] if output else f'exit {code}'}", file=sys.stderr)
            else:
                report(f"group {name}: built in {seconds:.1f}s: {output.splitlines()[-1]}")
    summary = f"{len(groups)} groups in {args.out}: {len(todo) - failed} built, {unchanged} unchanged, {failed} failed"
    if not failed:  # the index says where each person is: only once every group is what its folder says
        try:
            held = write_group_index(args.out, [data.name for data in groups], DATABASE)
        except BuildError as error:
            print(f"build failed: {error}; the previous index is unchanged", file=sys.stderr)
            return 1
        summary += f"; {held} people in {args.out / INDEX}"
    print(f"{summary} ({time.perf_counter() - started:.2f}s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
