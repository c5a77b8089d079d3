# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
# Two environments from the same pins.  .venv is what the site is built and served
# with: the package's own dependencies and nothing else (no test tools: with `rich`
# importable, Datasette 0.65 prints a traceback with every local variable for each
# error page, on the thread that serves every request).  .venv-test adds the test
# extras (pytest, Playwright, Hypothesis, Frictionless...); the tests still serve the
# site from .venv, so they test what `make serve` runs.
VENV := .venv
TEST_VENV := .venv-test
PY := $(VENV)/bin/python
TEST_PY := $(TEST_VENV)/bin/python
PORT ?= 8001
# The stamps' names say what was installed: an older .venv that held the test extras has
# neither stamp, so it is made again from scratch, never served as it is.
STAMP := $(VENV)/.installed-serving
TEST_STAMP := $(TEST_VENV)/.installed-test
PIP_INSTALL = -m pip install --quiet --disable-pip-version-check

.PHONY: serve build test test-env system-packages test-scale bench bench-scale suggest clean mutate

# Each environment is made again from scratch when pyproject.toml changes, so that
# nothing dropped from the pins stays behind.
$(STAMP): pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) $(PIP_INSTALL) -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml
	rm -rf $(TEST_VENV)
	$(PYTHON) -m venv $(TEST_VENV)
	$(TEST_PY) $(PIP_INSTALL) -e '.[test]'
	touch $(TEST_STAMP)

test-env: $(TEST_STAMP)

# Byte-compiled first, as pip does for installed packages: with
# PYTHONDONTWRITEBYTECODE set (it is on some machines) every build would
# otherwise recompile the build's own modules, a fifth of a seed build.
build: $(STAMP)
	@$(PY) -m compileall -q build plugins >/dev/null
	$(PY) -m build.cli

serve: build
	$(VENV)/bin/datasette . --host 127.0.0.1 --port $(PORT)

# Debian's chromium (browser tests) and nginx (caching-proxy test), installed when
# missing (tests/system_packages.sh): the tests that need them never skip.
system-packages:
	@sh tests/system_packages.sh

# Browser tests run in a process of their own: Playwright's sync API keeps an
# event loop running in the main thread, which the async Datasette tests need.
test: system-packages build $(TEST_STAMP)
	$(TEST_PY) -m pytest -m "not browser and not scale"
	$(TEST_PY) -m pytest -m browser

# The download test and the page-fit browser tests again on the synthetic corpus at 1,000x the seeds
# (benchmarks/generate_corpus.py): every CSV and JSON link the site shows, followed and counted; every page's
# height, first data row, width at 390 px and title, and /persons. Building that corpus takes minutes (about 11
# on the shared 2-core machine), so not part of make test; SERRANO_SITE_1000X=<folder> serves one already built.
test-scale: build $(TEST_STAMP)
	$(TEST_PY) -m pytest -m scale

# Benchmarks (benchmarks/): build and page timings, a bounded load run (<60 s),
# then the hostile load (readers with 30 % worst-case arbitrary SQL, ~35 s), all
# on loopback; bench-scale builds synthetic corpora 10x-1,000x the seeds and
# times the pages of the largest. Results: benchmarks/results/ (git-ignored).
# Each prints its targets' verdicts and exits 1 on a miss; bench runs all three
# steps, then fails if any missed (a target's bound can be set from the
# environment: benchmarks/targets.py).
bench: build
	@status=0; \
	PYTHONPATH=. $(PY) benchmarks/bench.py || status=1; \
	PYTHONPATH=. $(PY) benchmarks/load.py || status=1; \
	PYTHONPATH=. $(PY) benchmarks/hostile.py || status=1; \
	if [ $$status -ne 0 ]; then echo "make bench: a target was missed (see the Targets above)" >&2; fi; \
	exit $$status

# Run from the test environment: its distributed-build figures start a local Dask cluster, and Dask is a
# test extra (the site never needs it); the pages are still served from .venv (benchmarks/server.py).
bench-scale: build $(TEST_STAMP)
	PYTHONPATH=. $(TEST_PY) benchmarks/bench_scale.py

# Mutation testing with cosmic-ray (mutation/run.py, README "Testing"): the modules that
# enforce the README's promises, each against the tests that cover it, in a copy of the
# checkout (.mutate/). Not part of make test: about 50 minutes on 2 cores, two modules side by side (README). MODULES=path ...
# limits the run; a second run resumes where one stopped (mutation/run.py --fresh starts over).
# Installed into the test environment: the served one (.venv) never holds test tools.
MUTATE_STAMP := $(TEST_VENV)/.installed-mutate
$(MUTATE_STAMP): $(TEST_STAMP)
	$(TEST_PY) $(PIP_INSTALL) -e '.[test,mutate]'
	touch $(MUTATE_STAMP)

mutate: build $(MUTATE_STAMP)
	$(TEST_PY) mutation/run.py $(MODULES)

suggest: build
	$(PY) -m build.coverage.suggest $(SOURCE)

clean:
	rm -rf serrano.db inspect-data.json .build-* .serrano-cache test-artifacts

# Deploy (deploy/, README "Deploy"). deploy-bundle writes dist/bundle/ with Datasette's
# publishing tool; proxy runs nginx's proxy_cache on loopback in front of datasette
# (PROXY_PORT, REPLICAS); bench-cache load-tests the page mix through it and directly
# with wrk. The last two need Debian's nginx and wrk: apt-get install nginx wrk.
.PHONY: deploy-bundle proxy bench-cache
PROXY_PORT ?= 8080
REPLICAS ?= 1

# Datasette's publishing tool (datasette-publish-fly) is a test extra: the bundle is written
# from the test environment, whose pins for the site's own packages are .venv's.
deploy-bundle: build $(TEST_STAMP)
	$(TEST_PY) deploy/bundle.py --out dist/bundle

proxy: build
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
	$(PY) deploy/proxy.py --port $(PROXY_PORT) --replicas $(REPLICAS)

bench-cache: build
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "nginx is missing: apt-get install nginx" >&2; exit 1; }
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
	PYTHONPATH=. $(PY) benchmarks/bench_cache.py

# The rules that read claims from the prose (build/claims/extract/), measured on the seeds against the
# curated claims: recall and precision per property, every miss and every unmatched claim (README "Claims
# read from the prose").
.PHONY: eval-extraction
eval-extraction: $(STAMP)
	PYTHONPATH=. $(PY) benchmarks/eval_extraction.py
