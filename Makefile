# The two commands a newcomer needs: `make dev` and `make test`. Both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
STAMP := $(VENV)/.installed-stamp
SAM_STAMP := $(SAM_VENV)/.installed-stamp
# aws-sam-cli pins boto3 and pydantic older than ours: it lives in its own environment.
SAM_CLI_VERSION := 1.170.0

.PHONY: dev test lint typecheck migrate demo clean help

help:
	@echo "make dev   - set up and run the API locally on http://127.0.0.1:3000 (embedded PostgreSQL)"
	@echo "make test  - set up and run the whole test suite"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(SAM_STAMP):
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet aws-sam-cli==$(SAM_CLI_VERSION)
	touch $@

dev: $(STAMP)
	$(PY) -m infra.local.dev

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy functions shared infra bench

test: $(STAMP) $(SAM_STAMP) lint
	SAM_CLI=$(abspath $(SAM_VENV))/bin/sam $(PY) -m pytest

migrate: $(STAMP)
	$(PY) -m infra.migrate

# A realistic example organization (HIMA Informatika, 30 members) to explore; see README.
demo: $(STAMP)
	$(PY) -m infra.demo

# Benchmarks: scripts that print figures (docs/performance.md records them), on a scratch database.
.PHONY: bench
bench: $(STAMP)
	$(PY) -m bench.program_summary
	$(PY) -m bench.events_throughput
	$(PY) -m bench.report_generation

# The scheduled jobs of template.yaml: `make job` lists them, `make job NAME=ReportsWeeklyReportsFunction`
# runs one now against make dev's database (infra/jobs.py).
.PHONY: job
job: $(STAMP)
	@if [ -z "$(NAME)" ]; then $(PY) -m infra.jobs list; else $(PY) -m infra.jobs run $(NAME); fi

# The API's OpenAPI document, generated from the code (tests/test_openapi.py fails when it is stale).
.PHONY: openapi
openapi: $(STAMP)
	$(PY) -m infra.openapi

clean:
	rm -rf $(VENV) $(SAM_VENV) .aws-sam .pytest_cache .mypy_cache .ruff_cache

# `sam build` calls this once per function (BuildMethod: makefile): every function gets
# the same code asset, the project's shared/ and functions/, compiled ahead (no .pyc at
# cold start costs about twice the import time). checked-hash: `sam deploy` zips every file
# with the date 1980-01-01, so timestamp-checked .pyc would be stale on Lambda and ignored.
build-%:
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -R shared functions "$(ARTIFACTS_DIR)/"
	find "$(ARTIFACTS_DIR)" -name '__pycache__' -prune -exec rm -rf {} +
	$(PYTHON) -m compileall -q --invalidation-mode checked-hash "$(ARTIFACTS_DIR)"
