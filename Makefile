# The two commands of the quick start: `make site` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
DEV_STAMP := $(VENV)/.installed-dev
# Reproducible output: the date in the sitemap comes from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test lint check schema reference serve bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# What the tests need (pytest, hypothesis, Playwright, pypdf), pinned apart from what a handbook needs.
$(TEST_STAMP): $(STAMP) requirements-test.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.lock
	touch $(TEST_STAMP)

# Development tools only (ruff, mypy).
$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $(DEV_STAMP)

lint: $(DEV_STAMP)
	$(BIN)/ruff format --check generator
	$(BIN)/ruff check generator
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/ladder check ladders --strict

site: check
	$(BIN)/ladder build

serve: $(STAMP)
	$(BIN)/mkdocs serve

schema: $(STAMP)
	$(BIN)/ladder schema --out schema

# The ladder format reference, from the models (tests/test_reference.py fails when it is stale).
reference: $(STAMP)
	$(BIN)/python -m generator.reference docs/format.md

# Browser tests use Debian's chromium and axe-core from npm: `.ci/run` installs both;
# without them locally those tests skip (under CI=true they fail instead).
test: $(TEST_STAMP)
	$(BIN)/pytest -q --durations=15

bench: $(STAMP)
	$(BIN)/python -m bench.run $(if $(SIZES),--sizes $(SIZES))

clean:
	rm -rf $(VENV) site .pytest_cache
