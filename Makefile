# Crossnote: `make demo` runs it on this machine, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export CROSSNOTE_DATA_DIR ?= $(CURDIR)/var
# The PostgreSQL + Redis half of the test run (the scale-out profile).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/crossnote
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_WORKERS ?= 2

.PHONY: install demo serve test test-sqlite test-postgres lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/crossnote migrate --noinput
	$(BIN)/crossnote collectstatic --noinput --verbosity 0
	$(BIN)/crossnote load_demo
	$(BIN)/crossnote serve

serve: install
	$(BIN)/crossnote serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:logging

test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:logging

test: lint test-sqlite test-postgres

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var
