"""The environment the site is served from holds what serving needs and nothing the tests use.

`make serve` (and every live server of the tests) runs `.venv`, installed from the
package's own dependencies; the tests run in `.venv-test`, which adds the test extras.
With `rich` importable (frictionless and typer pull it in), Datasette 0.65 prints a
traceback with every local variable for each error page, on the thread that serves
every request.
"""

import json
import subprocess
import sys

from packaging.utils import canonicalize_name

from conftest import ROOT, SERVE_BIN

sys.path.insert(0, str(ROOT / "deploy"))
import bundle as bundle_module  # noqa: E402  (its runtime_requirements: the dependencies' closure)

# Installed in every virtual environment, or the project itself (an editable install of no package).
NOT_DEPENDENCIES = {"pip", "setuptools", "wheel", "serrano-record"}
# What the test extras pull in that Datasette must never find where it serves.
TEST_ONLY_MODULES = ["rich", "typer", "pytest", "playwright", "hypothesis", "frictionless", "pyld"]


def served_distributions() -> dict[str, str]:
    script = ("import importlib.metadata as m, json; "
              "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    result = subprocess.run([str(SERVE_BIN / "python"), "-c", script], capture_output=True, text=True, check=True)
    return {canonicalize_name(name): version for name, version in json.loads(result.stdout).items()}


def test_the_serving_environment_holds_the_runtime_dependencies_and_nothing_else():
    served = served_distributions()
    # The pinned dependencies and everything they require, at the versions the tests run with.
    runtime = dict(line.split("==") for line in bundle_module.runtime_requirements(ROOT / "pyproject.toml"))
    runtime = {canonicalize_name(name): version for name, version in runtime.items()}
    extra = sorted(set(served) - set(runtime) - NOT_DEPENDENCIES)
    assert extra == [], f"installed where the site is served but needed by no runtime dependency: {extra}"
    missing = sorted(set(runtime) - set(served) - NOT_DEPENDENCIES)
    assert missing == []
    assert {name: served[name] for name in runtime if name in served} == \
        {name: version for name, version in runtime.items() if name in served}, "the two environments disagree"


def test_the_serving_environment_cannot_import_what_only_tests_use():
    for module in TEST_ONLY_MODULES:
        result = subprocess.run([str(SERVE_BIN / "python"), "-c", f"import {module}"], capture_output=True, text=True)
        assert result.returncode != 0 and "ModuleNotFoundError" in result.stderr, f"{module} is importable"
    # The same interpreter does import what serving needs (the check above is not vacuous).
    assert subprocess.run([str(SERVE_BIN / "python"), "-c", "import datasette, datasette_vega"]).returncode == 0
