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

DEMO_ADDR := 127.0.0.1:8000
SEED_SLUG := gaza-ceasefire-2024
SEED_YAML := seeds/gaza-negotiation.yaml
SEED_ARTICLES := seeds/gaza-seed-articles.jsonl

PG_HOST := 127.0.0.1
PG_PORT := 5432
PG_URL := postgres://postgres@$(PG_HOST):$(PG_PORT)/parley
# The cache would be one more thing to keep out of the work tree.
PYTEST := $(PY) -m pytest -p no:cacheprovider

.PHONY: demo test eval bench

demo: export DEBUG := 1
demo: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_negotiation $(SEED_YAML)
	$(MANAGE) ingest --negotiation $(SEED_SLUG) $(SEED_ARTICLES)
	$(MANAGE) create_demo_user
	@echo
	@echo "Parley is at http://$(DEMO_ADDR)/ (the seed negotiation: http://$(DEMO_ADDR)/n/$(SEED_SLUG)/)."
	@echo "Sign in at http://$(DEMO_ADDR)/accounts/login/ with the demo account above. Ctrl-C stops the server."
	@echo
	$(MANAGE) runserver $(DEMO_ADDR)

# SQLite in memory, so that the checks never touch the demo's db.sqlite3. PostgreSQL is the
# deployment database: CI (CI=true) must run on it; elsewhere it is run when a server answers.
test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run
	DATABASE_URL=sqlite://:memory: $(PYTEST)
	@if [ "$${CI:-}" = true ] || pg_isready -q -h $(PG_HOST) -p $(PG_PORT) 2>/dev/null; then \
		echo "DATABASE_URL=$(PG_URL) $(PYTEST)"; \
		DATABASE_URL=$(PG_URL) $(PYTEST); \
	else \
		echo "skipping PostgreSQL run: no server at $(PG_HOST):$(PG_PORT)"; \
	fi

eval: $(STAMP)
	$(SHARED)/eval/run_eval.sh gaza
	$(SHARED)/eval/run_eval.sh iran

bench: $(STAMP)
	$(PY) bench/ingest.py

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --require-hashes -r requirements.txt
	touch $@

$(PY):
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "Parley needs Python 3.12 or newer, and python3 is $$(python3 --version 2>&1)." >&2; \
		echo "Install 3.13 (pyenv picks it up from .python-version) and run make again." >&2; \
		exit 1; }
	python3 -m venv $(VENV)
