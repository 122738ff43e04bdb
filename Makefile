# rajut — two commands do all set-up on a machine with python3 and make:
#   make demo   virtualenv + rajut + the synthetic kabupaten through every stage
#   make test   dev dependencies + services the tests need + lint + the whole suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
CONSTRAINTS := requirements/constraints.txt
DEMO_DIR ?= rajut-demo

.PHONY: demo test lint format install install-dev system-deps lock clean bench docs serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/rajut demo --workspace $(DEMO_DIR)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix src tests benchmarks scripts
	$(BIN)/ruff format src tests benchmarks scripts

# PostgreSQL and Chromium (Debian packages) for the app-state and browser tests.
system-deps:
	bash scripts/install-system-deps.sh

test: lint system-deps
	$(BIN)/pytest -n 2 --dist loadfile

# The web app on the demo workspace (after `make demo`); first visit asks for the walidata.
serve: install
	$(BIN)/rajut serve --workspace $(DEMO_DIR)

# Regenerate the docs that are generated from code (tests fail when they are stale).
docs: install-dev
	$(BIN)/python -m rajut.standard.docs > docs/standard.md
	$(BIN)/python -m rajut.standardize.issues > docs/issues.md
	$(BIN)/python scripts/embed_contract_examples.py
	$(BIN)/python scripts/update_translations.py
	$(BIN)/python -m rajut.web.docs --write docs/web.md

bench: install-dev
	$(BIN)/python benchmarks/generate.py

# Re-pin every dependency (runtime + dev) into the constraints file CI installs from.
lock: install-dev
	$(PIP) freeze --exclude-editable | sort > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
