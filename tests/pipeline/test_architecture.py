"""The loader's house: one package per stage, imports only from earlier stages, no cycles, one style.

The stages, in the order ``build.pipeline`` runs them, are listed in ``STAGES``; a module may
import from its own stage, from an earlier one and from ``common``, never from a later one, so
that following the data through the build never climbs back up.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
STAGES = ["common", "sources", "revisions", "claims", "compare", "coverage", "tables", "publish"]
TOP = ["pipeline", "cli", "groups"]  # the table of contents and the commands: they may import any stage


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


MODULES = {module_name(path): path for path in sorted(BUILD.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """The build modules ``name`` imports (an imported package counts as its ``__init__``)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        found |= {target for target in targets if target in MODULES and target != name}
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def stage_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "build"


def test_every_stage_is_a_package_and_every_module_is_in_one():
    assert {p.name for p in BUILD.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(STAGES)
    loose = {p.stem for p in BUILD.glob("*.py")} - {"__init__"}
    assert loose == set(TOP)


def test_no_module_imports_a_module_that_imports_it_back():
    cycles = []
    for start in GRAPH:
        seen, todo = set(), list(GRAPH[start])
        while todo:
            current = todo.pop()
            if current == start:
                cycles.append(start)
                break
            if current not in seen:
                seen.add(current)
                todo.extend(GRAPH[current])
    assert cycles == []


def test_a_stage_imports_only_from_itself_earlier_stages_and_common():
    backwards = []
    for name, imported in GRAPH.items():
        stage = stage_of(name)
        if stage not in STAGES:
            continue  # the pipeline and the command read every stage
        for target in imported:
            other = stage_of(target)
            if other in TOP or (other in STAGES and STAGES.index(other) > STAGES.index(stage)):
                backwards.append(f"{name} -> {target}")
    assert backwards == []


def test_one_import_style_inside_the_build_relative():
    absolute = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "build":
                absolute.append(f"{name}: from {node.module}")
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "build" for a in node.names):
                absolute.append(f"{name}: import")
    assert absolute == []


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_opens_with_what_comes_in_what_goes_out_and_the_tables_it_writes(stage):
    docstring = ast.get_docstring(ast.parse((BUILD / stage / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and "In:" in docstring and "Out:" in docstring
    assert "table" in docstring  # which tables it writes, or that it writes none and who does


def test_only_the_tables_stage_writes_tables():
    writers = set()
    for name, path in MODULES.items():
        source = path.read_text(encoding="utf-8")
        if "insert_rows(" in source or ".create_view(" in source or ".insert_all(" in source:
            writers.add(stage_of(name))
    assert writers == {"tables"}


def test_the_readme_architecture_names_every_stage_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    for stage in STAGES:
        assert f"build/{stage}/" in section, stage
