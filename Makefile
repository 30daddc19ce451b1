# The Makefile is the project's documentation of how to do things.
#   make run    set up everything on SQLite (no server needed) and serve http://127.0.0.1:8000
#   make test   set up everything and run the whole test suite
# Use PostgreSQL instead by exporting DATABASE_URL=postgres://postgres@127.0.0.1:5432/rmc_kb

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install setup run test test-fast lint format migrations-check deploy-check browser-deps wrk import bench-quality bench-import bench-web bench-load messages clean fuzz

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check pip==26.3
	$(VENV)/bin/pip install --quiet -e . --group dev
	touch $@

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_reference
	$(PY) manage.py import_articles fixtures/demo_pages

import: install  ## make import PAGES="path/or/url ..."
	$(PY) manage.py import_articles $(PAGES)

# The import worker runs beside the server and stops with it: the shell's pid becomes
# runserver's (exec), and the worker watches it (--stop-with).
run: setup
	$(PY) manage.py import_worker --no-reload --stop-with $$$$ & exec $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's Chromium and a CJK font for the browser tests (never a downloaded browser).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi -e wqy -e "noto sans cjk"; then \
		echo "Installing Debian packages chromium and fonts-wqy-microhei"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

test: install browser-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: install
	$(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

# A long fuzzing run of the importer's entry point (the suite runs a short one).
fuzz: install
	FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),20000) $(VENV)/bin/pytest -q tests/ingest/test_fuzz.py tests/ingest/test_stalls.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# Production, before serving: with the production environment (DEBUG=false SECRET_KEY=…
# ALLOWED_HOSTS=… DATABASE_URL=…), collect the static files (the manifest every page
# needs) and run Django's deployment checks; any warning fails.
deploy-check: install
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py check --deploy --fail-level WARNING

bench-quality: install  ## extraction quality per field: ours, gne and trafilatura on the gold set
	$(VENV)/bin/pip install --quiet --group bench
	$(PY) manage.py bench_quality $(if $(VERBOSE),--verbose)

bench-import: install  ## our importer vs gne and trafilatura on the same pages
	$(VENV)/bin/pip install --quiet --group bench
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_reference
	$(PY) manage.py bench_import --pages $(or $(BENCH_PAGES),500) --rounds $(or $(BENCH_ROUNDS),3)

# The public pages on a synthetic corpus (articles/benchdata.py), each in its own
# database: p50/p95 server time with the page cache off, queries and page-cache hits per
# page, SQLite then PostgreSQL; and the corpus's per-article figures beside the demo
# pages' (imported into a throw-away database). The corpus is kept and reused while
# BENCH_ARTICLES stays the same.
# PostgreSQL: BENCH_PG_DB=name picks the database (created with createdb on PGHOST as
# PGUSER when missing; default rmc_kb_bench); BENCH_PG=postgres://… gives the whole URL
# instead (its last path part is the database createdb makes, on PGHOST as PGUSER, so
# a URL to another host needs its database made beforehand); BENCH_PG= (empty) skips
# PostgreSQL.
BENCH_ARTICLES ?= 100000
BENCH_SQLITE ?= sqlite:///$(CURDIR)/var/bench_web.sqlite3
PGHOST ?= 127.0.0.1
PGUSER ?= postgres
BENCH_PG_DB ?= rmc_kb_bench
BENCH_PG ?= postgres://$(PGUSER)@$(PGHOST):5432/$(BENCH_PG_DB)

bench-web: install  ## make bench-web BENCH_ARTICLES=100000
	mkdir -p var
	DATABASE_URL=$(BENCH_SQLITE) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_SQLITE) $(PY) manage.py load_reference
	DATABASE_URL=$(BENCH_SQLITE) $(PY) manage.py bench_web --articles $(BENCH_ARTICLES) --reuse
	if [ -n "$(BENCH_PG)" ]; then \
		createdb -h $(PGHOST) -U $(PGUSER) $(lastword $(subst /, ,$(BENCH_PG))) 2>/dev/null || true; \
		DATABASE_URL=$(BENCH_PG) $(PY) manage.py migrate --noinput -v0 && \
		DATABASE_URL=$(BENCH_PG) $(PY) manage.py load_reference && \
		DATABASE_URL=$(BENCH_PG) $(PY) manage.py bench_web --articles $(BENCH_ARTICLES) --reuse; \
	fi

# Requests/s under load: gunicorn (2 workers, DEBUG off, 127.0.0.1 only) on a demo-imported
# database, pages from the page cache in Redis (CACHE_URL, default redis://127.0.0.1:6379/13),
# wrk with 64 connections for 30 s against home, an article, search, the timeline and a
# province, and a static CSS file (whitenoise) in the same run, each page's requests/s
# printed as a share of the static file's; SQLite, then PostgreSQL (database rmc_kb_load;
# LOAD_PG= skips it). Needs Debian's wrk (installed when missing).
LOAD_SQLITE ?= sqlite:///$(CURDIR)/var/bench_load.sqlite3
LOAD_PG_DB ?= rmc_kb_load
LOAD_PG ?= postgres://$(PGUSER)@$(PGHOST):5432/$(LOAD_PG_DB)

wrk:
	@command -v wrk >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

bench-load: install wrk
	mkdir -p var
	scripts/bench_load.sh $(LOAD_SQLITE)
	if [ -n "$(LOAD_PG)" ]; then \
		createdb -h $(PGHOST) -U $(PGUSER) $(LOAD_PG_DB) 2>/dev/null || true; \
		scripts/bench_load.sh $(LOAD_PG); \
	fi

messages: install  ## refresh and compile the English catalogue (locale/en)
	$(PY) manage.py makemessages -l en --ignore ".venv/*" --ignore "tests/*" --ignore "fixtures/*"
	$(PY) manage.py compilemessages -l en --ignore ".venv"

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles var .pytest_cache
