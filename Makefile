# The two commands a newcomer needs: `make dev` and `make test`. Both set everything up.
SHELL := /bin/bash
# The Python of the Lambda runtime (template.yaml: python3.12, docs/decisions/0015-runtime.md): the venv,
# the build's bytecode and the layer's wheels are all for it. Found on PATH, else among pyenv's versions.
PYTHON_VERSION := 3.12
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python$(PYTHON_VERSION) $(HOME)/.pyenv/versions/$(PYTHON_VERSION).*/bin/python$(PYTHON_VERSION); \
	do "$$p" -c '' 2>/dev/null && command -v "$$p" && break; done)
endif
NEED_PYTHON = @test -n "$(PYTHON)" || { echo "Python $(PYTHON_VERSION) not found: put python$(PYTHON_VERSION) on PATH \
	(or pyenv install $(PYTHON_VERSION)), or name it with PYTHON=" >&2; exit 1; }
VENV := .venv
PY := $(VENV)/bin/python
SAM_VENV := .venv-sam
STAMP := $(VENV)/.installed-stamp
SAM_STAMP := $(SAM_VENV)/.installed-stamp
# aws-sam-cli pins boto3 and pydantic older than ours: it lives in its own environment.
SAM_CLI_VERSION := 1.170.0
comma := ,

# The web app (web/): Node.js 20 and npm from the machine, packages from the lock file.
WEB_STAMP := web/node_modules/.installed-stamp
WEB_OUT := web/out/index.html
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/next.config.ts web/tsconfig.json \
	web/postcss.config.mjs web/package-lock.json
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: dev test lint typecheck migrate demo clean help web web-check chromium

help:
	@echo "make dev   - set up and run the web app on http://127.0.0.1:3001 and the API on http://127.0.0.1:3000"
	@echo "make test  - set up and run the whole test suite"
	@echo "make template - write the functions of template.yaml after adding an endpoint (docs/deploy.md)"
	@echo "make deploy [STAGE=dev] [GUIDED=1] - build the stacks (make build) and deploy them (docs/deploy.md)"
	@echo "make deploy-function NAME=<function> [STAGE=dev] [CANARY=<percent>] - deploy one function's code (docs/deploy.md)"
	@echo "make rollback-function NAME=<function> [STAGE=dev] [VERSION=<n>]  - move its live alias back"

$(STAMP): pyproject.toml
	$(NEED_PYTHON)
	@# A venv of another Python (the project ran 3.11 before) is made anew, not patched.
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != ($(subst .,$(comma),$(PYTHON_VERSION))))'; \
		then echo "$(VENV) is not Python $(PYTHON_VERSION): making it anew"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(SAM_STAMP):
	$(NEED_PYTHON)
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet aws-sam-cli==$(SAM_CLI_VERSION)
	touch $@

dev: $(STAMP) web
	$(PY) -m infra.local.dev

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# The static export (web/out) that make dev serves and the browser tests drive; rebuilt when a source changes.
$(WEB_OUT): $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build
	touch $@

web: $(WEB_OUT)

# The web app's own checks: its API types match docs/api/openapi.json, and its unit tests (Vitest).
# Types are checked by `next build` (make web).
web-check: $(WEB_STAMP)
	cd web && node scripts/check-api-types.mjs
	cd web && npx vitest run

# Browser tests drive Debian's chromium: Playwright cannot download a browser of its own here.
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy functions shared infra bench

# pytest on every core (docs/testing.md); schemathesis' generated tests report nothing under xdist
# (they were counted and never shown run), so the contract tests run in a process of their own.
test: $(STAMP) $(SAM_STAMP) lint web-check web chromium
	SAM_CLI=$(abspath $(SAM_VENV))/bin/sam $(PY) -m pytest -n auto --dist loadfile --ignore=tests/test_api_contract.py
	$(PY) -m pytest tests/test_api_contract.py

migrate: $(STAMP)
	$(PY) -m infra.migrate

# A living example organization (HIMA Informatika: 30 members, programs in every status, tasks, budgets,
# notifications, a report) to explore; see README. Into make dev's database, whether or not it runs;
# `PORT` as for make dev (the functions run in-process, their calls to one another too: infra/demo/).
demo: $(STAMP)
	$(PY) -m infra.demo

# Benchmarks: scripts that print figures (docs/performance.md records them), on a scratch database.
.PHONY: bench
bench: $(STAMP)
	$(PY) -m bench.program_summary
	$(PY) -m bench.lists
	$(PY) -m bench.events_throughput
	$(PY) -m bench.report_generation
	$(PY) -m bench.lpj_render
	$(PY) -m bench.cold_start
	$(PY) -m bench.deploy_function
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) -m bench.gateway

# The scheduled jobs of template.yaml: `make job` lists them, `make job NAME=ReportsWeeklyReportsFunction`
# runs one now against make dev's database (infra/jobs.py); its links name make dev's gateway on `PORT` (3000).
.PHONY: job
job: $(STAMP)
	@if [ -z "$(NAME)" ]; then $(PY) -m infra.jobs list; else $(PY) -m infra.jobs run $(NAME); fi

# The outbox of make dev's database (infra/events.py): `make events` prints its counts (pending, failed,
# dead, the oldest undelivered); `make events DO=sweep` delivers what is due now, `DO=requeue` gives dead
# events a fresh start (after fixing their cause).
.PHONY: events
events: $(STAMP)
	$(PY) -m infra.events $(or $(DO),status)

# The API's OpenAPI document, generated from the code (tests/test_openapi.py fails when it is stale).
.PHONY: openapi
openapi: $(STAMP)
	$(PY) -m infra.openapi

# After a deploy: the Supabase trigger that wakes the dispatcher on every event (infra/supabase/wake.py;
# docs/deploy.md). DATABASE_URL and EVENTS_WAKE_SECRET_ARN (or EVENTS_WAKE_SECRET) from the environment.
.PHONY: wake-trigger
wake-trigger: $(STAMP)
	@test -n "$(API_URL)" || { echo "usage: make wake-trigger API_URL=<the stack output ApiUrl>" >&2; exit 1; }
	$(PY) -m infra.supabase.wake --api-url "$(API_URL)"

# The stacks that deploy (infra/stack.py; docs/decisions/0016-stack-split.md): template.yaml split into a root stack
# and one per service, built by SAM into .aws-sam/build and deployed as the stack STAGE (at most 18 characters: it
# begins every function's name). GUIDED=1 asks for the parameters and keeps the answers in samconfig.toml.
STAGE ?= dev
SAM := $(SAM_VENV)/bin/sam
SAM_CONFIG := --config-file $(abspath samconfig.toml)
.PHONY: stack build deploy
stack: $(STAMP)
	$(PY) -m infra.stack

build: $(STAMP) $(SAM_STAMP) stack
	$(SAM) build $(SAM_CONFIG) --template-file build/stack/template.yaml

deploy: build
	@test $$(printf %s "$(STAGE)" | wc -c) -le 18 || { echo "STAGE=$(STAGE): at most 18 characters" >&2; exit 1; }
	$(SAM) deploy $(SAM_CONFIG) --stack-name "$(STAGE)" $(if $(GUIDED),--guided)

# One function's code to a deployed stage, without a stack deploy (infra/deploy.py; docs/deploy.md): a new version
# behind its `live` alias, after a canary of CANARY percent of its calls (CANARY_SECONDS, 300) when given; it refuses
# when the function's configuration or the layer changed. `rollback-function` moves the alias back. AWS credentials
# and region (AWS_REGION) from the environment.
.PHONY: deploy-function rollback-function
deploy-function: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make deploy-function NAME=<its logical id in template.yaml, e.g. \
	ProgramsCreateProgramFunction> [STAGE=dev] [CANARY=<percent> [CANARY_SECONDS=300]]" >&2; exit 1; }
	$(PY) -m infra.deploy function "$(NAME)" --stage $(STAGE) \
		$(if $(CANARY),--canary $(CANARY) --canary-seconds $(or $(CANARY_SECONDS),300))

rollback-function: $(STAMP)
	@test -n "$(NAME)" || { echo "usage: make rollback-function NAME=<its logical id in template.yaml> [STAGE=dev] \
	[VERSION=<n>; default: the version before the last deploy-function]" >&2; exit 1; }
	$(PY) -m infra.deploy rollback "$(NAME)" --stage $(STAGE) $(if $(VERSION),--to-version $(VERSION))

# The functions of template.yaml, written from each service's functions/<service>/functions.yaml and the routes of
# its handlers' @router decorators (infra/template.py; tests/test_template_generated.py fails when stale); then
# the dashboard, which lists them.
.PHONY: template
template: $(STAMP)
	$(PY) -m infra.template
	$(PY) -m infra.dashboard

# The CloudWatch dashboard of template.yaml, written from its functions (tests/test_template.py fails when stale).
.PHONY: dashboard
dashboard: $(STAMP)
	$(PY) -m infra.dashboard

clean:
	rm -rf $(VENV) $(SAM_VENV) .aws-sam .pytest_cache .mypy_cache .ruff_cache web/node_modules web/.next web/out

# `sam build` calls this once per function (BuildMethod: makefile): every function gets
# the same code asset, the project's shared/ and functions/, compiled ahead (no .pyc at
# cold start costs about twice the import time). checked-hash: `sam deploy` zips every file
# with the date 1980-01-01, so timestamp-checked .pyc would be stale on Lambda and ignored.
build-%:
	$(NEED_PYTHON)
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -R shared functions "$(ARTIFACTS_DIR)/"
	find "$(ARTIFACTS_DIR)" -name '__pycache__' -prune -exec rm -rf {} +
	$(PYTHON) -m compileall -q --invalidation-mode checked-hash "$(ARTIFACTS_DIR)"

# ... and this for the layer (DependenciesLayer, BuildMethod: makefile): the wheels of layer/requirements.txt
# made for the runtime of template.yaml (CPython 3.12, arm64, Amazon Linux 2023's glibc 2.34) whatever machine
# builds it, never a package built here; infra/layer.py checks each fits. Compiled as above, for the same reason.
build-DependenciesLayer: $(STAMP)
	$(NEED_PYTHON)
	rm -rf "$(ARTIFACTS_DIR)/python"
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile --target "$(ARTIFACTS_DIR)/python" \
		$$($(PY) -m infra.layer pip-arguments) -r layer/requirements.txt
	rm -rf "$(ARTIFACTS_DIR)/python/bin"
	$(PYTHON) -m compileall -q --invalidation-mode checked-hash "$(ARTIFACTS_DIR)/python"
	$(PY) -m infra.layer check "$(ARTIFACTS_DIR)/python"
