"""``python -m build.cli`` uses its dependencies as they ship: no private module of theirs named,
replaced or imported, no module slipped into ``sys.modules`` (see build/cli.py)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPENDENCIES = ("pydantic", "pydantic_core", "yaml", "sqlite_utils", "sqlite3", "mwparserfromhell")


def build_modules():
    return sorted((ROOT / "build").rglob("*.py"))


def test_the_build_imports_no_private_module_of_a_dependency():
    private = []
    for path in build_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] in DEPENDENCIES and any(part.startswith("_") for part in parts[1:]):
                    private.append((path.relative_to(ROOT).as_posix(), name))
    assert private == []


def test_the_build_names_no_private_module_and_touches_no_sys_modules():
    found = []
    for path in build_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = node.value.replace("`", " ").split()
                found += [(path.name, w) for w in words
                          if w.split(".")[0] in DEPENDENCIES and any(p.startswith("_") for p in w.split(".")[1:])]
            if isinstance(node, ast.Attribute) and node.attr == "modules" and \
                    isinstance(node.value, ast.Name) and node.value.id == "sys":
                found.append((path.name, "sys.modules"))
    assert found == []


def test_every_dependency_module_the_command_loads_is_the_real_one(tmp_path):
    # Run as ``python -m build.cli`` does, then look at the modules just before it exits: each module
    # of a dependency was loaded from its own file by the import system, none put there by hand.
    code = ("import os, runpy, sys\n"
            "exit = os._exit\n"
            "def report(code):\n"
            "    loaded = {name: getattr(getattr(module, '__spec__', None), 'origin', None)\n"
            "              for name, module in list(sys.modules.items())}\n"
            "    print(repr(loaded)); sys.stdout.flush(); exit(code)\n"
            "os._exit = report\n"
            "runpy.run_module('build.cli', run_name='__main__', alter_sys=True)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", code, "--data", str(ROOT / "data"), "--out",
                          str(tmp_path / "serrano.db"), "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    loaded = ast.literal_eval(run.stdout.splitlines()[-1])
    ours = {name: origin for name, origin in loaded.items() if name.split(".")[0] in DEPENDENCIES}
    assert "pydantic.main" in ours and "sqlite_utils.db" in ours  # the build really ran with them
    hand_made = {name for name, origin in ours.items() if origin is None or not Path(origin).is_file()}
    assert hand_made == set(), hand_made
