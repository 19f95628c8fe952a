# readout-site: the two quick-start commands are `make site` and `make test`.
# Every install step lives here; nothing needs to be installed by hand.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
BENCHSTAMP := $(VENV)/.installed-bench

.PHONY: site test bench install clean browser

## Install the package and build the sample site from corpus/ into build/.
site: $(STAMP)
	$(BIN)/readout-site build --corpus corpus --out build

## Install everything (test extras and Chromium included) and run the whole test suite.
test: $(TESTSTAMP) browser
	$(BIN)/python -m pytest

## Run the benchmarks against Hugo and Pelican (see benchmarks/README.md).
bench: $(BENCHSTAMP)
	$(BIN)/python benchmarks/run.py --sizes 1000 10000 --runs 3

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q src/readout_site >/dev/null  # bytecode, as a regular install has
	touch $@

$(TESTSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(BENCHSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

## Debian's Chromium for the browser tests (Playwright drives it; nothing downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; fi; }

clean:
	rm -rf build .build.cache .build.cache.d .build.cache.stamps .build.lexicon .build.lock .build.staging .build.trees .build.old .build.jinja $(VENV)
