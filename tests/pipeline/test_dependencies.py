"""The build's third-party imports are exactly what make bench's baseline imports.

``make bench`` compares a seed build with a fresh interpreter importing the build's
dependencies (``BASELINE_IMPORTS`` in benchmarks/bench.py).  A new dependency of the build,
or a new name imported from one, must be a conscious change of that line: a library
imported for nothing (the build once imported Datasette only to write inspect-data.json)
must show as build time, not vanish into the baseline.
"""

import ast
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


def test_the_baseline_imports_what_the_build_imports_name_for_name():
    build = merged(path.read_text(encoding="utf-8") for path in sorted((REPO / "build").rglob("*.py")))
    baseline = merged([baseline_imports().replace("; ", "\n")])
    assert set(build) == {"sqlite_utils", "yaml", "pydantic"}, "a new dependency: add it to BASELINE_IMPORTS"
    assert build == baseline


def test_the_check_sees_a_new_dependency_and_a_new_name():
    base = merged(["import sqlite_utils\nfrom pydantic import BaseModel\nfrom . import x\nimport re\n"])
    assert base == {"sqlite_utils": {"*"}, "pydantic": {"BaseModel"}}
    assert merged(["import datasette.utils\n"]) == {"datasette": {"*"}}
    assert merged(["from pydantic import BaseModel, Field\n"]) != base
