"""The build's third-party imports are exactly what make bench's baseline imports.

``make bench`` compares a seed build with a fresh interpreter importing the build's
dependencies (``BASELINE_IMPORTS`` in benchmarks/bench.py).  A new dependency of the build,
or a new name imported from one, must be a conscious change of that line: a library
imported for nothing (the build once imported Datasette only to write inspect-data.json)
must show as build time, not vanish into the baseline.
"""

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def third_party_imports(source: str) -> dict[str, set[str]]:
    """package -> names imported from it ('*' for a plain ``import package``)."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name.split(".")[0], set()).add("*")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.setdefault(node.module.split(".")[0], set()).update(alias.name for alias in node.names)
    return {package: names for package, names in found.items()
            if package not in sys.stdlib_module_names and package not in ("__future__", "build")}


def function_bodies(source: str) -> list[str]:
    """Each function of a module, as code: what it imports, it imports only when it runs."""
    return [ast.unparse(node) for node in ast.walk(ast.parse(source))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def merged(sources) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for source in sources:
        for package, names in third_party_imports(source).items():
            result.setdefault(package, set()).update(names)
    return result


def baseline_imports() -> str:
    tree = ast.parse((REPO / "benchmarks" / "bench.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "BASELINE_IMPORTS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("benchmarks/bench.py defines no BASELINE_IMPORTS")


# Imported inside the one function that needs them, by a build whose inputs need it: pypdf reads a
# decision's PDF (build.sources.pdf).  A seed build never imports them (checked below), so they stay
# out of the baseline.
# The Dask client (the optional 'cluster' extra, build.common.executors) only with --cluster.
ON_DEMAND = {"pypdf": {"PdfReader", "DependencyError"}, "distributed": {"Client"}}
# Imported only when the manifest holds a MediaWiki export (build/sources/mediawiki.py imports its wikitext
# modules inside the function that reads one): a seed build never loads it, so make bench's baseline, which
# stands for a seed build's imports, leaves it out (the test below checks the seed build indeed does).
ONLY_WITH_AN_EXPORT = {"mwparserfromhell"}


def test_the_baseline_imports_what_the_build_imports_name_for_name():
    sources = [path.read_text(encoding="utf-8") for path in sorted((REPO / "build").rglob("*.py"))]
    on_demand = merged(body for source in sources for body in function_bodies(source))
    assert on_demand == ON_DEMAND, "a new import inside a function: list it in ON_DEMAND, or import it at the top"
    build = {package: names for package, names in merged(sources).items() if package not in on_demand}
    baseline = merged([baseline_imports().replace("; ", "\n")])
    assert set(build) - ONLY_WITH_AN_EXPORT == {"sqlite_utils", "yaml", "pydantic"}, \
        "a new dependency: add it to BASELINE_IMPORTS"
    assert {package: names for package, names in build.items() if package not in ONLY_WITH_AN_EXPORT} == baseline


def test_a_build_without_an_export_does_not_load_the_wikitext_parser(tmp_path):
    import os
    import subprocess
    code = ("import os, runpy, sys\n"
            "exit = os._exit\n"
            "def report(code):\n"
            "    print(sorted(name for name in sys.modules if name.split('.')[0] in %r)); sys.stdout.flush()\n"
            "    exit(code)\n"
            "os._exit = report\n"
            "runpy.run_module('build.cli', run_name='__main__', alter_sys=True)\n") % (sorted(ONLY_WITH_AN_EXPORT),)
    run = subprocess.run([sys.executable, "-c", code, "--data", str(REPO / "data"), "--out", str(tmp_path / "s.db"),
                          "--quiet"], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[-1] == "[]"


def test_a_seed_build_never_imports_the_on_demand_libraries(tmp_path):
    code = ("import sys, build.cli; code = build.cli.main(['--out', sys.argv[1], '--quiet']); "
            "print(code, sorted(p for p in sys.modules if p.split('.')[0] in sys.argv[2:]))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "serrano.db"), *ON_DEMAND],
                            cwd=REPO, capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "0 []", result.stderr


def test_the_check_sees_a_new_dependency_and_a_new_name():
    base = merged(["import sqlite_utils\nfrom pydantic import BaseModel\nfrom . import x\nimport re\n"])
    assert base == {"sqlite_utils": {"*"}, "pydantic": {"BaseModel"}}
    assert merged(["import datasette.utils\n"]) == {"datasette": {"*"}}
    assert merged(["from pydantic import BaseModel, Field\n"]) != base
