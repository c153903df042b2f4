# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test lint bench clean assets messages

# Report fonts (pinned npm packages, checked by SHA-256) and compiled translation catalogues.
assets: $(VENV)/.run-deps
	$(PY) -m app.reports.fonts.install
	$(VENV)/bin/pybabel compile -d app/translations

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-deps: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.run-deps

# After changing strings: extract them and merge them into every catalogue (then translate what is new).
BABEL_KEYWORDS := -k _l -k lazy_gettext -k Message -k _p:1c,2 -k lazy_pgettext:1c,2
messages: $(VENV)/.run-deps
	PYTHONPATH=. $(VENV)/bin/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --add-location=file --sort-by-file \
		--project "CSDR Hub" -o app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

run: assets
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo ""
	@echo "CSDR Hub is starting on http://127.0.0.1:$(PORT)/"
	@echo "Sign in with an account printed above by 'demo load' (shown once, on the first run)."
	@echo "Lost them? Create one: $(FLASK) users create --email you@example.org --name 'You' --role admin"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check app tests bench migrations wsgi.py

# Tests run on SQLite; when PostgreSQL answers on 127.0.0.1:5432 they run on it too.
test: lint assets
	$(VENV)/bin/pytest
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_TEST_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL answers: running the database tests on PostgreSQL too"; \
		TEST_DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -m "not browser"; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true but PostgreSQL does not answer at $(PG_TEST_URL): failing rather than skipping."; exit 1; \
	else \
		echo "== PostgreSQL does not answer at $(PG_TEST_URL): PostgreSQL tests skipped."; \
	fi

bench: $(VENV)/.dev-deps
	$(PY) bench/reports.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
