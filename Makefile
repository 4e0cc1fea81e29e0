# Clinic Desk: `make run` opens the app (demo clinic on first run); `make test` runs everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export QT_QPA_PLATFORM ?= offscreen

.PHONY: install run test lint pytest bench soak forms clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/clinic-desk init-db
	$(BIN)/clinic-desk demo --if-empty
	QT_QPA_PLATFORM= $(BIN)/clinic-desk

test: install lint pytest

pytest: install
	$(BIN)/python -m pytest -q --ignore=tests/proof

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy clinic_desk
	$(BIN)/lint-imports

# The proof that nothing is lost (issue 7): SIGKILLs, two-process conflicts, hostile input,
# a PostgreSQL outage; prints the figures at the end. A few minutes on two cores.
soak: install
	$(BIN)/python -m pytest -q tests/proof

bench: install
	$(BIN)/python benchmarks/run.py

forms: install
	$(BIN)/python -m clinic_desk.ui.build_forms

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
