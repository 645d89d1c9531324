# Haluan — run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export PYTHONDONTWRITEBYTECODE :=

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## Create .venv/ and install the pinned dependencies and the package

report: install ## Install, run the pipeline (dvc repro) on data/raw/ and print the report's path
	$(BIN)/dvc repro
	@echo "Report: $(CURDIR)/reports/index.html"

browser: ## Make sure Chromium is installed for the browser tests (Debian's package, as root)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; }; } || \
	  { echo "The browser tests need Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) and run 'make test' again."; exit 1; }

test: install browser ## Install (and Chromium), lint (ruff), then run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lab: install ## Open JupyterLab on the stage notebooks (paired .ipynb <-> .py)
	$(BIN)/jupytext --sync notebooks/0*.py
	$(BIN)/jupyter lab notebooks/

lint: install ## Lint and check formatting (ruff)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Fix lint and formatting (ruff)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install ## Benchmarks on a generated corpus (figures go to bench/README.md by hand)
	$(BIN)/python bench/run.py

lock: ## Re-resolve and rewrite requirements.lock from pyproject.toml
	rm -rf /tmp/haluan-lock && $(PYTHON) -m venv /tmp/haluan-lock
	/tmp/haluan-lock/bin/pip install --quiet '.[dev]'
	{ head -3 requirements.lock; /tmp/haluan-lock/bin/pip freeze --exclude-editable | grep -viE '^(haluan|rfc3987-syntax|lark)[= ]'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean: ## Remove the virtual environment and generated outputs
	rm -rf $(VENV) reports/notebooks reports/index.html data/interim/*.parquet data/processed/*.parquet

.PHONY: help install browser report test lab lint format bench lock clean
