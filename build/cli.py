"""Command line: ``python -m build.cli [--data data] [--out serrano.db] [--debug]``.

Each document's own steps run on this machine's cores (``--workers``, default one per core) or on a
Dask cluster (``--cluster ADDRESS``), and their outputs are kept in a cache beside the database
(``.serrano-cache/``, ``--cache``, ``--no-cache``): a rebuild recomputes only what changed
(``build.common.cache``, ``build.common.executors``).

Builds the database in a staged file, then publishes it atomically, holding the
output folder's build lock throughout (``build.publish.files.exclusive_build``):
a second build into the same folder meanwhile fails at once, in one line.  Bad
input prints one line (``file: entry: problem``) and exits 1, leaving the
previous ``serrano.db`` and ``inspect-data.json`` byte-identical.
"""

import argparse
import contextlib
import gc
import os
import sqlite3
import sys
import time
from pathlib import Path

from .common.cache import DEFAULT_FOLDER, ResultCache
from .common.errors import BuildError
from .common.executors import DocumentWork, make_executor
from .pipeline import build_database
from .publish.exports import start_exports
from .publish.files import INSPECT_FILE, commit_database, exclusive_build, staged_database, staged_exports
from .publish.unchanged import extraction_wanted, last_publication, remember


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data", type=Path, help="the data folder (manifest, sources, curated YAML)")
    parser.add_argument("--out", default="serrano.db", type=Path, help="the database to publish")
    parser.add_argument("--inspect-file", default=None, type=Path, help="default: inspect-data.json beside --out")
    parser.add_argument("--quiet", action="store_true", help="print only errors and the final line")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--strict", action="store_true", help="fail on warnings (an article with no infobox and no claims)")
    parser.add_argument("--no-extraction", action="store_true",
                        help="read no claims from the prose by rules (also: SERRANO_EXTRACTION=off)")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for the per-document steps (default: one per core; 1: this process only)")
    parser.add_argument("--cluster", default=None, metavar="ADDRESS",
                        help="run the per-document steps on the Dask cluster whose scheduler is at ADDRESS "
                             "(tcp://host:8786); needs the 'cluster' extra")
    parser.add_argument("--cache", type=Path, default=None,
                        help=f"where per-document outputs are kept between builds (default: {DEFAULT_FOLDER}/ beside --out)")
    parser.add_argument("--no-cache", action="store_true", help="recompute everything, keep nothing")
    args = parser.parse_args(argv)
    target = args.out.resolve()
    inspect_file = args.inspect_file or target.with_name(INSPECT_FILE)
    report = (lambda *a, **k: None) if args.quiet else print
    started = time.perf_counter()
    try:
        if not target.parent.is_dir():
            raise BuildError(str(args.out), f"folder {target.parent} does not exist")
        with exclusive_build(target.parent, str(args.out)) as abandoned, staged_database(target) as (db, staged):
            if abandoned:
                report(f"removed {len(abandoned)} staged folder(s) left by killed builds: "
                       f"{', '.join(path.name for path in abandoned)}")
            extraction = extraction_wanted(args.no_extraction)
            # On this machine's cores even when the per-document steps run on a cluster: the exports
            # are read from the staged file here.
            with document_work(args, target, report) as work, contextlib.closing(make_executor(args.workers)) as exporter:
                fingerprint, published = last_publication(work.cache, args.data, target, inspect_file, extraction,
                                                          args.strict)
                if published:
                    report(f"unchanged: {args.out} was built from these inputs and this code and is as that "
                           "build wrote it; nothing to do (--no-cache builds it again)")
                    print(f"sha256 {published}  {args.out}")
                    return 0
                figures = build_database(db, args.data, report=report, strict=args.strict, extraction=extraction,
                                         work=work,
                                         exports=lambda: start_exports(staged, staged_exports(staged), exporter))
                db.close()
                digest = commit_database(staged, target, inspect_file)
                remember(work.cache, fingerprint, target, inspect_file, digest)
    except BuildError as error:
        if args.debug:
            raise
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as error:
        # The disk filled up, the folder is read-only...: the staged copy is gone, the old one kept.
        if args.debug:
            raise
        problem = getattr(error, "strerror", None) or str(error)
        print(f"build failed: {args.out}: cannot write the database ({problem}); the previous one is unchanged",
              file=sys.stderr)
        return 1
    except Exception as error:  # a bug: still one line, and nothing published
        if args.debug:
            raise
        message = " ".join(str(error).split())[:300]
        print(f"build failed: internal error ({type(error).__name__}: {message}); the previous database is "
              "unchanged; rerun with --debug for the traceback, and please report it", file=sys.stderr)
        return 2
    summary = ", ".join(f"{value} {name}" for name, value in figures.items())
    report(f"built {args.out} in {time.perf_counter() - started:.2f}s: {summary}")
    print(f"sha256 {digest}  {args.out}")
    return 0


@contextlib.contextmanager
def document_work(args, target: Path, report):
    """The executor and the cache the command line asked for, closed (and the cache's figures printed)
    at the end."""
    if args.workers is not None and args.workers < 1:
        raise BuildError("--workers", f"{args.workers} processes: give 1 or more")
    cache = ResultCache(None if args.no_cache else (args.cache or target.parent / DEFAULT_FOLDER))
    problem = cache.open()
    if problem:
        report(problem)
    executor = make_executor(args.workers, args.cluster)
    try:
        yield DocumentWork(executor, cache)
        where = f"({executor.name}, {executor.workers} worker{'s' if executor.workers != 1 else ''})"
        if cache.enabled:
            refused = f", {cache.rejected} refused (incomplete or not this cache's)" if cache.rejected else ""
            report(f"cache: {cache.hits} per-document outputs reused, {cache.misses} computed{refused} {where}")
        else:
            report(f"cache: off, every per-document output computed {where}")
    finally:
        executor.close()
        cache.close()


if __name__ == "__main__":
    # A build is one short batch whose objects live until it ends, so the cyclic garbage collector
    # would only re-scan them (every module, model and YAML node) again and again: turned off for
    # the run, as batch tools do.  The build uses no pydantic plugins; the variable (public, in
    # pydantic's documentation) spares the search for them through every installed package.
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = main()
    # Everything is written, closed and renamed by now.  Leave without the interpreter's teardown
    # (a full garbage collection and the freeing of every object), as mypy does: the operating
    # system takes the memory back at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
