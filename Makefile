# The README promises two set-up commands, `make demo` and `make test`; both start from a
# fresh clone and install what they need. `make eval` and `make bench` are conveniences.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Installing takes minutes; redo it only when the pinned requirements change.
STAMP := $(VENV)/.requirements-installed
SHARED ?= ../shared

# `make demo DEMO_ADDR=127.0.0.1:8001` when 8000 is taken.
DEMO_ADDR ?= 127.0.0.1:8000
SEED_SLUG := gaza-ceasefire-2024
SEED_YAML := seeds/gaza-negotiation.yaml
SEED_ARTICLES := seeds/gaza-seed-articles.jsonl

PG_HOST := 127.0.0.1
PG_PORT := 5432
PG_URL := postgres://postgres@$(PG_HOST):$(PG_PORT)/parley
# The cache would be one more thing to keep out of the work tree.
PYTEST := $(PY) -m pytest -p no:cacheprovider
# `make test` spreads each run over every core (pytest-xdist), each worker with its own test
# database (test_parley_gw0, test_parley_gw1...): one after the other on 2 cores, the SQLite and
# the PostgreSQL runs took 6 and 13 minutes, and the PostgreSQL one computed less than half of
# its time (15 minutes of wall time for 6 of the test process's CPU, beside a benchmark): the rest
# is waiting on the server, which a second worker fills.
# xdist's default `load` hands each worker its tests in pytest-django's order, the transactional
# ones last; `worksteal` does not, and a test then finds the tables emptied by a transactional
# one before it, without what the migrations created (the annotators group).
XDIST := -n auto
# When `make test` started, for the total it prints at the end.
TEST_START := $(shell date +%s)
# The browser tests (tests/browser) drive Debian's Chromium: Playwright's own builds are a
# download that is not always allowed, the distribution's package is.
CHROMIUM := /usr/bin/chromium
APT_CHROMIUM := apt-get install -y --no-install-recommends chromium
SCREENSHOTS := docs/screenshots

.PHONY: demo test chromium screenshots eval eval-stance bench bench-pages robustness

demo: export DEBUG := 1
demo: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_negotiation $(SEED_YAML)
	$(MANAGE) ingest --negotiation $(SEED_SLUG) $(SEED_ARTICLES)
	$(MANAGE) create_demo_user
	$(MANAGE) poll_sources --schedule
	@echo
	@echo "Parley is at http://$(DEMO_ADDR)/ (the seed negotiation: http://$(DEMO_ADDR)/n/$(SEED_SLUG)/)."
	@echo "Sign in at http://$(DEMO_ADDR)/accounts/login/ with the demo account above."
	@echo "The background worker runs beside the server; Ctrl-C stops both."
	@echo
	@# The worker goes to the background and the server stays in front. Ctrl-C reaches both (the
	@# worker sets its own SIGINT handler, though a script's background job starts with SIGINT
	@# ignored); the trap stops the worker however else the server ends. A worker told twice
	@# drops the task in hand: a batch cut short keeps its stored articles and is resumed from
	@# its page. No autoreload for the worker: its reloader would outlive the kill.
	$(MANAGE) db_worker --no-reload --no-startup-delay & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	$(MANAGE) runserver $(DEMO_ADDR)

# SQLite in memory, so that the checks never touch the demo's db.sqlite3. PostgreSQL is the
# deployment database: CI (CI=true) must run on it; elsewhere it is run when a server answers.
test: $(STAMP) chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run
	DATABASE_URL=sqlite://:memory: $(PYTEST) $(XDIST) -m "not browser"
	@# The browser tests run on PostgreSQL when there is one: on SQLite, CPython 3.13.0's sqlite3
	@# module crashes (a segfault) restoring the serialized rollback beside the live server's
	@# threads, with this repository's code of before as well.
	@# The PostgreSQL run leaves out the tests that never reach a database (tests/conftest.py says
	@# how it tells): the extractor's, the settings', the template tags'. They ran on SQLite just
	@# before, and would run the same again, since pytest-django refuses them any query.
	@if [ "$${CI:-}" = true ] || pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null; then \
		echo "DATABASE_URL=$(PG_URL) $(PYTEST) $(XDIST) --database-tests-only"; \
		DATABASE_URL=$(PG_URL) $(PYTEST) $(XDIST) --database-tests-only; \
	else \
		echo "skipping PostgreSQL run: no server at $(PG_HOST):$(PG_PORT); the browser tests on SQLite"; \
		DATABASE_URL=sqlite://:memory: $(PYTEST) -m browser; \
	fi
	@echo "make test: $$(( $$(date +%s) - $(TEST_START) )) s in all"

# CI starts from a bare image, so it installs Chromium and fails here if it cannot. Elsewhere
# only root or a sudo that needs no password installs it (make never waits on a prompt);
# without it the browser tests are skipped, each saying how to install it.
chromium:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=no; fi; \
	if [ "$$sudo" != no ] && command -v apt-get >/dev/null; then \
		echo "installing Chromium for the browser tests: $${sudo:+$$sudo }$(APT_CHROMIUM)"; \
		{ $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		  $$sudo env DEBIAN_FRONTEND=noninteractive $(APT_CHROMIUM); } || true; \
	fi; \
	if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$${CI:-}" = true ]; then \
		echo "error: the browser tests need Chromium at $(CHROMIUM), and \`$(APT_CHROMIUM)\` could not" \
			"install it (it needs apt-get, and root or sudo without a password)." >&2; \
		exit 1; \
	fi; \
	echo "warning: no Chromium at $(CHROMIUM), so the browser tests will be skipped;" \
		"install it with \`sudo $(APT_CHROMIUM)\`." >&2

# The README's screenshots: browser tests save them through tests.browser.screenshot() when
# PARLEY_SCREENSHOT_DIR is set. Skipped tests would leave them silently stale, hence the check.
screenshots: $(STAMP) chromium
	@[ -x $(CHROMIUM) ] || { echo "error: screenshots need Chromium at $(CHROMIUM)." >&2; exit 1; }
	mkdir -p $(SCREENSHOTS)
	DATABASE_URL=sqlite://:memory: PARLEY_SCREENSHOT_DIR=$(CURDIR)/$(SCREENSHOTS) $(PYTEST) tests/browser

# Fails below the analysis issue's bars on stance and proposal accuracy.
EVAL_BARS := --min-stance-acc 0.75 --min-proposal-acc 0.85
# Windsor and farc came after the rules and are scored without bars; PolNeAR (real news) only
# where it was converted into .polnear/ (see ../shared/eval/polnear/README.md: never committed).
POLNEAR := .polnear
eval: $(STAMP)
	$(SHARED)/eval/run_eval.sh gaza $(EVAL_BARS)
	$(SHARED)/eval/run_eval.sh iran $(EVAL_BARS)
	$(SHARED)/eval/run_eval.sh windsor
	$(SHARED)/eval/run_eval.sh farc
	@if [ -f $(POLNEAR)/polnear-dev-speech-gold.jsonl ]; then \
		$(SHARED)/eval/run_eval.sh $(POLNEAR)/polnear-dev-speech; \
	else echo "skipping PolNeAR: convert it into $(POLNEAR)/ first ($(SHARED)/eval/polnear/README.md)"; fi

# Stance and proposal figures of every dev negotiation, leave one negotiation out, with the
# calibration of the stance confidence (bench/eval_stance.py says how).
eval-stance: $(STAMP)
	$(PY) bench/eval_stance.py

bench: $(STAMP)
	$(PY) bench/ingest.py

# Every reading page at 500,000 statements on PostgreSQL under gunicorn (bench/pages.py says how).
bench-pages: $(STAMP)
	$(PY) bench/pages.py

# Every PolNeAR dev and train article through the real ingest path: failures, time per article.
robustness: $(STAMP)
	$(PY) bench/robustness.py

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --require-hashes -r requirements.txt
	touch $@

$(PY):
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "Parley needs Python 3.12 or newer, and python3 is $$(python3 --version 2>&1)." >&2; \
		echo "Install 3.13 (pyenv picks it up from .python-version) and run make again." >&2; \
		exit 1; }
	python3 -m venv $(VENV)
