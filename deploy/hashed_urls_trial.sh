#!/usr/bin/env bash
# A trial of datasette-hashed-urls 0.4 (content-hashed database URLs), kept OFF:
# it is installed only into a throw-away virtual environment, never into .venv,
# the bundle or pyproject.toml.  Needs `make deploy-bundle` first (for the pinned
# requirements) and PyPI.
#
#   deploy/hashed_urls_trial.sh            # runs the test suite (not the browser tests) with the plugin on
#   deploy/hashed_urls_trial.sh serve      # serves the repository with the plugin on, on 127.0.0.1:8002
#
# What it showed (README, "Deploy"): /serrano/... answers 302 to /serrano-<7 hex>/...
# (with max-age=31536000 there), the custom pages are not hashed, and 85 of the
# 477 tests fail because they expect 200s (or 405s: the redirect comes before the
# read-only guard) at /serrano/... URLs.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=dist/bundle/requirements.txt
test -f "$requirements" || { echo "run make deploy-bundle first" >&2; exit 1; }
venv="${TMPDIR:-/tmp}/serrano-hashed-urls-venv"
test -x "$venv/bin/python" || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" \
    datasette-hashed-urls==0.4 pytest==9.2.0 pytest-asyncio==1.5.0

if [ "${1:-test}" = serve ]; then
    exec "$venv/bin/datasette" . --host 127.0.0.1 --port 8002
fi
# The browser tests need Playwright, and test_deploy.py the deploy tools: neither is in this environment.
"$venv/bin/python" -m pytest -m "not browser" -p no:cacheprovider -q \
    --ignore tests/test_browser.py --ignore tests/test_xss.py --ignore tests/test_deploy.py || true
