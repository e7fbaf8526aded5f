# Two commands: `make run` (set up everything and serve) and `make test` (the whole suite).
# Without DATABASE_URL/REDIS_URL: SQLite under var/ and a Celery worker fed through a folder under var/
# (`make run` starts it with the server and stops both on Ctrl-C).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# `make test` runs the suite on this many pytest-xdist workers: one per core, at most 8 (each worker takes
# the next Redis database after REDIS_URL's, and Redis has 16). TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 8 ] && n=8; echo $$n)
# Tests go out two at a time (--maxschedchunk=2) in the order tests/conftest.py sorts them, so no worker holds
# a long queue behind a long test while another worker has nothing left (docs/benchmarks.md, "Test suite").
# Development defaults; production sets DEBUG=false and SECRET_KEY itself.
export DEBUG ?= true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup system-deps venv migrate demo certificate run test lint bench loadtest loadtest-ratings loadtest-province audit mutation clean

help:
	@echo "make run    - set up (system packages, .venv, migrations, demo data) and serve on 127.0.0.1:$(PORT)"
	@echo "make setup  - everything but serving"
	@echo "make test   - run the whole test suite (TEST_WORKERS=… processes, default one per core)"
	@echo "make lint   - ruff, the import layers (lint-imports) and the migrations check"
	@echo "make loadtest - gunicorn + PostgreSQL with 1,000,000 dossiers, 50 users (locust), then loadtest-ratings; ROWS=… REUSE=1 DURATION=…"
	@echo "make loadtest-ratings - 50 citizens submit ratings at once (gunicorn, PostgreSQL, Redis DB REDIS_DB=…); RATINGS=… REUSE=1"
	@echo "make audit  - known vulnerabilities in the pinned dependencies (pip-audit)"
	@echo "make mutation [TARGET=compute|voting|council|import_rows|bundle] - mutation testing (mutmut), one target at a time"
	@echo "make bench  - district bundle for 50 nominees, the 1,000,000-row import/export benchmark against DuckDB, then the province (100 communes × 3 years × 10,000 dossiers; PostgreSQL needed)"
	@echo "make loadtest-province - 50 users on the comparison page and the communes' dashboards of the province bench; REUSE=1"

setup: system-deps venv migrate demo certificate

system-deps:
	@bash scripts/system-deps.sh

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(BIN)/python manage.py migrate --noinput -v 0

# Python decides what DEBUG and DEMO_DATA mean (tanbinh_portal/env.py): 1/true/yes/on, 0/false/no/off, else
# an error. The demo app (demo/: seed_demo, demo_accounts, create_demo_certificate) is loaded only when
# DEMO_DATA is on, which by default it is exactly when DEBUG is (tanbinh_portal/settings.py).
DEMO_ON = debug=$$($(BIN)/python -m tanbinh_portal.env DEBUG) || exit 2; \
	demo=$$($(BIN)/python -m tanbinh_portal.env DEMO_DATA $$debug) || exit 2

demo: migrate
	@$(DEMO_ON); \
	if [ "$$demo" = "true" ]; then $(BIN)/python manage.py seed_demo --if-empty; \
	else echo "DEBUG is off: demo data not loaded."; fi

# A self-signed demo certificate for signing the district bundle, unless SIGNING_P12_PATH is set.
certificate: venv
	@$(DEMO_ON); \
	if [ "$$demo" = "true" ]; then $(BIN)/python manage.py create_demo_certificate; \
	else echo "DEBUG is off: no demo certificate; set SIGNING_P12_PATH to the commune's certificate."; fi

# Development only, as before the demo had its own app: without the demo (DEBUG off) it stops here.
run: setup
	@$(DEMO_ON); \
	if [ "$$demo" != "true" ]; then echo "make run is for development (DEBUG=true); production: README." >&2; exit 2; fi
	@echo "Tài khoản mẫu (đăng nhập tại http://127.0.0.1:$(PORT)/):"
	@$(BIN)/python manage.py demo_accounts
	$(BIN)/python manage.py serve 127.0.0.1:$(PORT)

# What `make test` sets up first: everything (`make setup`); `.ci/run`, which has just run it, says venv.
TEST_SETUP ?= setup
test: $(TEST_SETUP)
	@bash scripts/system-deps.sh --test || echo "SoftHSM2 missing: the PKCS#11 token-signing tests will be skipped."
	@bash scripts/system-deps.sh chromium || echo "Chromium missing: browser journeys will be skipped."
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxschedchunk=2

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: venv
	-$(BIN)/python scripts/bench_documents.py --nominees $(or $(NOMINEES),50)
	$(BIN)/python scripts/bench_kpi.py --rows $(or $(ROWS),1000000) --write-doc
	$(BIN)/python scripts/bench_province.py --communes $(or $(PROVINCE_COMMUNES),100) --rows $(or $(PROVINCE_ROWS),1000000) \
		$(if $(REUSE),--reuse) --write-doc

# Load test (PostgreSQL needed): ROWS=50000 for a trial, REUSE=1 to keep an already imported database.
loadtest: venv
	$(BIN)/python scripts/load_test.py --rows $(or $(ROWS),1000000) --duration $(or $(DURATION),60) \
		$(if $(REUSE),--reuse) $(if $(CONFIGS),--configs $(CONFIGS)) $(LOADTEST_ARGS)
	$(MAKE) --no-print-directory loadtest-ratings
	$(MAKE) --no-print-directory loadtest-province

# The province's variant (scripts/load_province.py): the bench_province database (built first unless REUSE=1),
# 50 users on the comparison page and the communes' dashboards; page cache in Redis DB PROVINCE_REDIS_DB.
loadtest-province: venv
	$(BIN)/python scripts/load_province.py --communes $(or $(PROVINCE_COMMUNES),100) --rows $(or $(PROVINCE_ROWS),1000000) \
		--duration $(or $(DURATION),60) --cache-url redis://127.0.0.1:6379/$(or $(PROVINCE_REDIS_DB),14) \
		$(if $(REUSE),--reuse) $(if $(CONFIGS),--configs $(CONFIGS))

# The rating page's variant of the load test (scripts/load_ratings.py, figures in docs/benchmarks.md).
loadtest-ratings: venv
	$(BIN)/python scripts/load_ratings.py --ratings $(or $(RATINGS),50) --redis-url redis://127.0.0.1:6379/$(or $(REDIS_DB),10) \
		$(if $(REUSE),--reuse) $(if $(CONFIGS),--configs $(CONFIGS)) $(LOADTEST_ARGS)

audit: venv
	$(BIN)/python scripts/audit_deps.py

# Mutation testing: the targets, their modules and tests are in pyproject.toml [tool.mutation.targets];
# the method and the scores in docs/benchmarks.md ("Mutation testing"). Niced: the machine is shared.
mutation: venv
	nice -n 10 $(BIN)/python scripts/mutation.py $(TARGET) $(if $(JOBS),--jobs $(JOBS))

clean:
	rm -rf $(VENV) var mutants .pytest_cache .ruff_cache
