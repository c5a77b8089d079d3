"""What ``python -m build.cli`` changes about pydantic at start (see build/cli.py)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pydantic

ROOT = Path(__file__).resolve().parents[2]


def test_pydantic_imports_only_get_plugins_from_its_plugin_loader():
    # The command registers a stand-in for pydantic.plugin._loader that has get_plugins alone.
    uses = set()
    for path in Path(pydantic.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("_loader"):
                uses.update((path.name, node.module, alias.name) for alias in node.names)
            elif isinstance(node, ast.Import) and any(a.name.endswith("plugin._loader") for a in node.names):
                uses.add((path.name, "import", "*"))
    assert uses == {("_schema_validator.py", "_loader", "get_plugins")}


def test_pydantic_finds_no_plugins_when_all_are_disabled():
    # The stand-in's answer, ``()``, is the real loader's under PYDANTIC_DISABLE_PLUGINS=__all__.
    code = "from pydantic.plugin._loader import get_plugins; print(repr(tuple(get_plugins())))"
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "()"


def test_command_does_not_import_importlib_metadata(tmp_path):
    # Run as ``python -m build.cli`` does, then look at the modules just before it exits.
    code = ("import os, runpy, sys\n"
            "exit = os._exit\n"
            "os._exit = lambda code: (print(sorted(sys.modules)), sys.stdout.flush(), exit(code))\n"
            "runpy.run_module('build.cli', run_name='__main__', alter_sys=True)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run([sys.executable, "-c", code, "--data", str(ROOT / "data"), "--out",
                          str(tmp_path / "serrano.db"), "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    modules = ast.literal_eval(run.stdout.splitlines()[-1])
    assert "pydantic.main" in modules and "importlib.metadata" not in modules
