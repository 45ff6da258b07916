# Safiran — the two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what they call. Python 3.11+, make and git are the only prerequisites.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
export PORT
# Every process logs in the programme's time zone (gunicorn's master starts before Django sets it).
export TZ := Asia/Tehran

# Debian packages: Chromium for browser tests; Pango/HarfBuzz for PDF letters (WeasyPrint); poppler's
# pdftotext for tests that read those PDFs back; gettext for translators.
SYSTEM_PACKAGES_RUN  := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
SYSTEM_PACKAGES_TEST := $(SYSTEM_PACKAGES_RUN) chromium poppler-utils

.PHONY: run test bench loadtest lock messages lint check-deploy clean install install-dev

run: $(VENV)/.installed-run ## Install, migrate, load demo data, serve on http://127.0.0.1:$(PORT)
	@scripts/system-packages $(SYSTEM_PACKAGES_RUN)
	$(PY) manage.py migrate --no-input
	@echo "Collecting the static files (about half a minute the first time)…"
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py seed_demo
	@echo "Safiran: http://127.0.0.1:$(PORT)  (Ctrl+C stops the web server and the task worker)"
	SAFIRAN_DEMO=1 SAFIRAN_PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

test: $(VENV)/.installed-dev ## Install and run the whole suite (browser tests included)
	@scripts/system-packages $(SYSTEM_PACKAGES_TEST)
	$(VENV)/bin/ruff check --quiet .
	$(PY) manage.py makemigrations --check --dry-run > /dev/null
	$(PY) -m pytest

bench: $(VENV)/.installed-dev ## Heavy measurements (roster import, cross-tabs, a province's monthly report, every page's cost per role); never part of `make test`. FULL=1: 1.5 M rows; PAGES_ARGS="--scale national --fraction 0.01"
	$(PY) benchmarks/roster.py $(if $(FULL),--full,) $(BENCH_ARGS)
	$(PY) benchmarks/monthly.py
	$(PY) benchmarks/pages.py $(PAGES_ARGS)

loadtest: $(VENV)/.installed-dev ## Locust on loopback against gunicorn as `make run` serves it; SCALE=national FRACTION=0.1 USERS=50 RUN_TIME=60s SERVERS=1|2 (docs/operations.md#load-test); never part of `make test`
	scripts/loadtest

$(VENV)/.installed-run: requirements/requirements.lock
	@scripts/ensure-venv $(PYTHON) $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/requirements.lock
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run requirements/dev.lock
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	@touch $@

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

otp: ## Current second-step code of a demo admin or manager: make otp USER=admin
	@$(PY) manage.py otp_code $(USER)

lock: ## Re-pin dependencies after editing requirements/*.in
	$(PY) -m pip install --quiet pip-tools
	cd requirements && ../$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements.lock base.in
	cd requirements && ../$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o dev.lock dev.in

messages: ## Refresh locale/fa after changing user-facing text (needs GNU gettext)
	$(PY) manage.py makemessages --locale fa --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) scripts/compile-messages

lint:
	$(VENV)/bin/ruff check .

check-deploy:
	DJANGO_ENV=production SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
		SAFIRAN_DATA_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=safiran.example.ir \
		PAYESH_TAG_AUTHORITY=payesh.example.ir $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
