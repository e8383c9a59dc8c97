# Two commands do all set-up on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck pytest gate bench load eval seed chromium ocr pdf-fixtures npm clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# pip compiles every installed module to bytecode on one core (107 s of a 205 s install here); compileall does the
# same on all cores (68 s). Like pip, it skips files that do not compile (a Python 3.12 test module inside torch).
COMPILE := $(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null || true

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile -e .
	$(COMPILE)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile -e ".[test,st]"
	$(COMPILE)
	touch $(VENV)/.installed $@

## web assets: pdf.js for the source view (served by the app, never from a CDN); axe-core for the browser tests
npm:
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }

node_modules/.installed: package.json package-lock.json | npm
	npm ci --omit=dev --omit=optional --no-audit --no-fund --loglevel=error
	touch $@

node_modules/.installed-test: package.json package-lock.json | npm
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch node_modules/.installed $@

## run: set up, index the shipped corpus, and serve the web app at http://$(HOST):$(PORT)
run: $(VENV)/.installed node_modules/.installed
	$(BIN)/assistant ingest || [ $$? -eq 3 ]
	$(BIN)/assistant serve --host $(HOST) --port $(PORT)

## test: set up with test extras, then lint, type-check, run the tests and the answer-quality gate
test: $(VENV)/.installed-test node_modules/.installed-test chromium ocr lint typecheck pytest gate

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest

## chromium: the browser the UI tests drive (Debian's package; Playwright never downloads one)
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## ocr: Debian's tesseract with its Dutch model and poppler's pdftoppm, to read scanned PDF pages (and test it)
ocr:
	@command -v tesseract >/dev/null && command -v pdftoppm >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx nld || \
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-nld poppler-utils >/dev/null; }

## pdf-fixtures: regenerate tests/fixtures/pdf (needs LibreOffice with Dutch hyphenation; the PDFs are committed)
pdf-fixtures: $(VENV)/.installed-test ocr
	@command -v soffice >/dev/null && [ -e /usr/share/hyphen/hyph_nl_NL.dic ] || \
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui hyphen-nl >/dev/null; }
	$(BIN)/python tests/fixtures/pdf/make_fixtures.py

## gate: index the shipped corpus and fail when an answer-quality metric drops below evals/baseline.json
gate: $(VENV)/.installed-test
	$(BIN)/assistant ingest || [ $$? -eq 3 ]
	$(BIN)/assistant eval --gate --out evals/runs/latest

## bench: ingest, answer, start-up and scale figures beside a plain llama-index pipeline -> benchmarks/results.md
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

## load: 32 concurrent clients for 60 s against `assistant serve`, embedded and on a Chroma server -> benchmarks/load-results.md
load: $(VENV)/.installed-test
	$(BIN)/assistant ingest || [ $$? -eq 3 ]
	$(BIN)/python benchmarks/load.py
	$(BIN)/python benchmarks/load.py --chroma-server

## seed: after a change to the corpus or its chunking, write the vectors a fresh machine's first ingest reads
## (corpus/.vectors.npz; commit it)
seed: $(VENV)/.installed
	$(BIN)/assistant ingest || [ $$? -eq 3 ]
	$(BIN)/assistant export-seed

## eval: answer-quality evaluation on the gold set
eval: $(VENV)/.installed
	$(BIN)/assistant ingest || [ $$? -eq 3 ]
	$(BIN)/assistant eval

clean:
	rm -rf $(VENV) data node_modules .mypy_cache .ruff_cache .pytest_cache
