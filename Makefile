# Targets match the README. Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build

.PHONY: run test bench check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/iceout run --db $(OUT)/iceout.duckdb --out $(OUT)/report

test: $(STAMP)
	$(BIN)/pytest -q

.venv-nk/.installed:
	$(PYTHON) -m venv .venv-nk
	.venv-nk/bin/pip install -q nomenklatura
	touch .venv-nk/.installed

bench: $(STAMP) .venv-nk/.installed
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.api
	$(BIN)/python -m benchmarks.fetch
	$(BIN)/python -m benchmarks.fetch_paging

check: $(STAMP)
	$(BIN)/ruff check iceout tests benchmarks
	$(BIN)/ruff format --check iceout tests benchmarks
	$(BIN)/mypy iceout

clean:
	rm -rf $(VENV) .venv-nk $(OUT)
