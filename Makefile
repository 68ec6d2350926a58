# Russia and Iran in Syria, 2015-2021: build, test and benchmark the book.
# Every target does its own set-up: a virtual environment from the hashed lock file.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV)/bin)
# Notebook kernels resolve `python` on PATH: make it the venv's.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-12)
# Test workers (pytest-xdist): one per core.
JOBS ?= $(shell nproc)
# Notebooks a build runs at once: by default one more than the cores (syriacoop.execution.KERNELS says why);
# `make book KERNELS=1` builds serially.
KERNEL_OPTION := $(if $(KERNELS),--jobs $(KERNELS))
LAB_VENV := .venv-lab
LAB_STAMP := $(LAB_VENV)/.installed-$(shell sha256sum requirements-lab.lock | cut -c1-12)
NOTEBOOKS := $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

.PHONY: help setup validate book book-en book-ar catalogues outputs test lint bench bundles lab lab-setup clean chromium

help:
	@echo "make book   - set up, validate the data, execute the notebooks, build both editions:"
	@echo "              English into _build/html, Arabic into _build/html-ar (make book-en / book-ar: one)"
	@echo "make catalogues - extract the English messages and update the Arabic catalogues (locales/ar)"
	@echo "make test   - set up, build the book, run unit/data tests, nbval and browser tests"
	@echo "make outputs - re-execute every notebook in place (refresh the nbval record)"
	@echo "make bench  - measure build, test and page figures into BENCHMARKS.md"
	@echo "make lab    - JupyterLab on the book's notebooks, with the project's kernel"
	@echo "make lint   - ruff"

$(STAMP): requirements.lock pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP)

# Validation runs before any notebook: a malformed CSV stops the build here.
validate: setup
	$(BIN)/python -m syriacoop validate

# Validates the data first, then runs the notebooks the edition's execution cache lacks, several at once,
# while Sphinx builds the rest of the edition strictly (KERNELS=1: one notebook at a time, inside the build).
# The data is validated once, first, so that a problem is reported once; then the two editions build at
# once, each one's serial start and end (Sphinx's reading and writing) overlapping the other's notebooks.
# On 2 cores: a median of 20.5 s, against 26.1 s one edition after the other (7 interleaved runs each).
book: validate
	@$(MAKE) --no-print-directory --output-sync=target -j2 book-en book-ar
	@echo
	@echo "Books built: open file://$(abspath _build/html/index.html)"
	@echo "         and file://$(abspath _build/html-ar/index.html)"
	@echo "(or serve both: $(BIN)/python -m http.server -d _build 8000, then /html/ and /html-ar/)"

book-en: setup
	$(BIN)/python -m syriacoop build --lang en $(KERNEL_OPTION)

book-ar: setup
	$(BIN)/python -m syriacoop build --lang ar $(KERNEL_OPTION)

catalogues: setup
	$(BIN)/python -m syriacoop catalogues $(KERNEL_OPTION)

outputs: validate
	$(BIN)/python -m syriacoop execute $(NOTEBOOKS)

chromium:
	@bash .ci/ensure-chromium

# nbval compares the outputs the build executed (syriacoop.nbval_cached) with the committed ones, so each
# notebook runs once per `make test`; the tests spread over $(JOBS) workers (pytest-xdist).
test: book chromium lint lab-setup
	$(BIN)/python -m pytest tests $(NOTEBOOKS) -p syriacoop.nbval_cached --nbval-cached \
	  --nbval-sanitize-with tests/nbval-sanitize.cfg -p no:cacheprovider -n $(JOBS) --dist worksteal

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

bench: setup chromium
	$(BIN)/python -m syriacoop.bench --out BENCHMARKS.md

# JupyterLab in its own environment, from its hashed lock file (its dependencies would slow every kernel
# of the book by two seconds). Its `python3` kernel is the project's .venv, installed by absolute path.
$(LAB_STAMP): requirements-lab.lock | $(STAMP)
	rm -rf $(LAB_VENV)
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r requirements-lab.lock
	$(BIN)/python -m ipykernel install --prefix $(abspath $(LAB_VENV)) --name python3 \
	  --display-name "Python 3 (syriacoop .venv)" >/dev/null
	touch $@

lab-setup: $(LAB_STAMP)

# JupyterLab on the book's notebooks with the project's kernel, on loopback.
lab: validate lab-setup
	$(BIN)/python -m syriacoop.lab

# The partial plotly.js and Font Awesome bundles in book/_static, from tools/bundles/package-lock.json.
bundles:
	npm ci --prefix tools/bundles --no-audit --no-fund
	node tools/bundles/build.mjs

clean:
	rm -rf _build
