# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8001
STAMP := $(VENV)/.installed

.PHONY: serve build test test-scale bench bench-scale suggest clean

# The virtual environment is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# Byte-compiled first, as pip does for installed packages: with
# PYTHONDONTWRITEBYTECODE set (it is on some machines) every build would
# otherwise recompile the build's own modules, a fifth of a seed build.
build: $(STAMP)
	@$(PY) -m compileall -q build plugins >/dev/null
	$(PY) -m build.cli

serve: build
	$(VENV)/bin/datasette . --host 127.0.0.1 --port $(PORT)

# Browser tests run in a process of their own: Playwright's sync API keeps an
# event loop running in the main thread, which the async Datasette tests need.
test: build
	$(PY) -m pytest -m "not browser and not scale"
	$(PY) -m pytest -m browser

# The download test again on the synthetic corpus at 1,000x the seeds (benchmarks/generate_corpus.py):
# every CSV and JSON link the site shows, followed and counted. Takes minutes, so not part of make test.
test-scale: build
	$(PY) -m pytest -m scale

# Benchmarks (benchmarks/): build and page timings, a bounded load run (<60 s),
# then the hostile load (readers with 30 % worst-case arbitrary SQL, ~35 s), all
# on loopback; bench-scale builds synthetic corpora 10x-1,000x the seeds and
# times the pages of the largest. Results: benchmarks/results/ (git-ignored).
bench: build
	PYTHONPATH=. $(PY) benchmarks/bench.py
	PYTHONPATH=. $(PY) benchmarks/load.py
	PYTHONPATH=. $(PY) benchmarks/hostile.py

bench-scale: build
	PYTHONPATH=. $(PY) benchmarks/bench_scale.py

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

deploy-bundle: build
	$(PY) deploy/bundle.py --out dist/bundle

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
