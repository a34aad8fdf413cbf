# Two commands matter on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when the package definition changes.
INSTALLED := $(VENV)/.installed-app
DEV_INSTALLED := $(VENV)/.installed-dev
DEMO_HOME ?= $(CURDIR)/.demo-home

.PHONY: install dev run test lint bench demo clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Halterofit needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Editable installs are not byte-compiled; compile once so start-up never pays for it.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q halterofit_tui
	touch $@

$(DEV_INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q halterofit_tui
	touch $@ $(INSTALLED)

install: $(INSTALLED)

dev: $(DEV_INSTALLED)

run: $(INSTALLED)
	$(BIN)/halterofit

lint: $(DEV_INSTALLED)
	$(BIN)/ruff check halterofit_tui tests bench
	$(BIN)/ruff format --check halterofit_tui tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -n auto

bench: $(DEV_INSTALLED)
	$(BIN)/python -m compileall -q halterofit_tui
	$(BIN)/python bench/run.py

demo: $(INSTALLED)
	rm -rf $(DEMO_HOME)
	HALTEROFIT_HOME=$(DEMO_HOME) $(BIN)/halterofit demo --sets 20000
	HALTEROFIT_HOME=$(DEMO_HOME) $(BIN)/halterofit history --limit 3
	@echo "Demo data is in $(DEMO_HOME): HALTEROFIT_HOME=$(DEMO_HOME) $(BIN)/halterofit history"

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .mypy_cache .ruff_cache
