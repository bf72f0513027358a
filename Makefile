# Targets match the README. Each creates .venv and installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= build

.PHONY: run test bench check i18n clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/iceout run --db $(OUT)/iceout.duckdb --out $(OUT)/report

test: $(STAMP) .venv-yente/.installed
	$(BIN)/pytest -q

.venv-nk/.installed:
	$(PYTHON) -m venv .venv-nk
	.venv-nk/bin/pip install -q nomenklatura
	touch .venv-nk/.installed

# The API tests parse iceout's answers with yente's own models and run nomenklatura's
# YenteEnricher against a live server; yente pins FastAPI, FollowTheMoney and nomenklatura
# versions of its own, so it gets a virtual environment of its own (test-only).
YENTE_VERSION := 5.5.0
.venv-yente/.installed:
	$(PYTHON) -m venv .venv-yente
	.venv-yente/bin/pip install -q --upgrade pip
	.venv-yente/bin/pip install -q yente==$(YENTE_VERSION)
	touch .venv-yente/.installed

bench: $(STAMP) .venv-nk/.installed
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.review_queue
	$(BIN)/python -m benchmarks.screen
	$(BIN)/python -m benchmarks.api
	$(BIN)/python -m benchmarks.load
	$(BIN)/python -m benchmarks.fetch
	$(BIN)/python -m benchmarks.fetch_paging
	# growth at x1, x4, x16 rows on both engines (about 30 min on 2 cores), niced so the machine stays usable
	nice -n 10 $(BIN)/python -m benchmarks.scale

check: $(STAMP)
	$(BIN)/ruff check iceout tests benchmarks
	$(BIN)/ruff format --check iceout tests benchmarks
	$(BIN)/mypy iceout
	$(BIN)/python -m iceout.i18n --check

# Extract every message of the templates and code into the French catalogue
# (iceout/i18n/locales/fr/LC_MESSAGES/messages.po), then list those still untranslated.
i18n: $(STAMP)
	$(BIN)/python -m iceout.i18n

clean:
	rm -rf $(VENV) .venv-nk $(OUT)
