# Two commands matter: `make run` and `make test`. Each installs everything it needs first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := var/.stamps
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` works on the embedded SQLite database in DEBUG; set DATABASE_URL for PostgreSQL.
# Links in e-mails follow the address the app is served on: SITE_URL is http://HOST:PORT (a HOST
# of 0.0.0.0, every interface, is reached from this machine as localhost), and ALLOWED_HOSTS lets
# that host in, unless the environment, the command line or .env sets them.
comma := ,
space := $(subst ,, )
dotenv = $(shell sed -n 's/^[[:space:]]*$(1)[[:space:]]*=[[:space:]]*//p' .env 2>/dev/null | tail -n 1 | tr -d "\"'")
ifeq ($(origin SITE_URL),undefined)
SITE_URL := $(or $(call dotenv,SITE_URL),http://$(if $(filter 0.0.0.0 :: [::],$(HOST)),localhost,$(HOST)):$(PORT))
endif
SITE_HOST := $(shell printf '%s' '$(SITE_URL)' | sed -E 's#^[a-zA-Z]+://##; s#[:/].*##')
ifeq ($(origin ALLOWED_HOSTS),undefined)
ALLOWED_HOSTS := $(or $(call dotenv,ALLOWED_HOSTS),$(subst $(space),$(comma),$(sort 127.0.0.1 localhost $(HOST) $(SITE_HOST))))
endif
RUN_ENV := DEBUG=$${DEBUG:-true} SITE_URL='$(SITE_URL)' ALLOWED_HOSTS='$(ALLOWED_HOSTS)'

.PHONY: help install python-deps node-deps assets chromium run test lint format lock clean

help:
	@echo "make run    install everything, load the seed records and serve $(SITE_URL)"
	@echo "            (HOST= and PORT= choose the address, e.g. make run PORT=8100)"
	@echo "make test   install everything and run the whole test suite"
	@echo "make lint   ruff check and ruff format --check"

$(STAMP):
	@mkdir -p $(STAMP)

# A venv from a Python 3.12+ interpreter (bin/find-python looks for one; PYTHON= overrides).
$(STAMP)/python: pyproject.toml requirements.lock | $(STAMP)
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); interpreter=$$(bin/find-python) && echo "Using $$interpreter" && \
		$$interpreter -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint requirements.lock --editable '.[dev]'
	@touch $@

$(STAMP)/node: package.json package-lock.json | $(STAMP)
	@command -v npm >/dev/null || { echo "npm is needed (Node 18 or newer): apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

python-deps: $(STAMP)/python
node-deps: $(STAMP)/node

# Compiles the stylesheet and copies GOV.UK Frontend and MOJ Frontend scripts and images into
# var/build, which the static files finder serves under /static/.
$(STAMP)/assets: $(STAMP)/node $(wildcard static/scss/*.scss) | $(STAMP)
	@mkdir -p var/build/css var/build/vendor/govuk/assets/images var/build/vendor/js var/staticfiles
	npx sass --no-source-map --load-path=node_modules --load-path=. --style=compressed \
		--quiet-deps static/scss/app.scss var/build/css/app.css 2> >(grep -v -e 'deprecated' -e '^ ' -e '^$$' >&2)
	cp node_modules/govuk-frontend/dist/govuk/assets/images/* var/build/vendor/govuk/assets/images/
	cp node_modules/@ministryofjustice/frontend/moj/assets/images/* var/build/vendor/govuk/assets/images/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js var/build/vendor/js/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js var/build/vendor/js/
	cp node_modules/axe-core/axe.min.js var/build/vendor/js/
	@touch $@

assets: $(STAMP)/assets

# A developer's checkout runs in DEBUG, so `manage.py` works without exporting anything.
.env:
	printf '# Local settings for this checkout (see README: Configuration).\nDEBUG=true\n' > $@

install: .env python-deps node-deps assets

# Browser tests drive Debian's Chromium; Playwright cannot download a browser here. The PDF
# record is set in Liberation Sans (metric-compatible with Arial), which Debian packages apart.
chromium:
	@missing=""; command -v chromium >/dev/null || missing="chromium"; \
	fc-list 2>/dev/null | grep -q "Liberation Sans" || missing="$$missing fonts-liberation"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's$$missing for the browser tests and the PDF record"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "Not installed and cannot be installed here:$$missing (browser tests will be skipped)"; fi

run: install
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_seed_records
	$(RUN_ENV) $(PY) manage.py rebuild_pdfs --missing
	$(RUN_ENV) $(PY) manage.py create_demo_users
	@echo "Serving $(SITE_URL): sign in at $(SITE_URL)/sign-in/, help for each task at $(SITE_URL)/help/."
	@echo "E-mails (sign-off requests, invitations) are printed below, in this terminal, unless EMAIL_HOST is set."
	@# The import worker reads uploaded past records; it stops with the server.
	$(RUN_ENV) $(PY) manage.py run_imports --loop & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist, a test database per worker); TEST_WORKERS=0 runs
# it in one process, PYTEST_ARGS passes anything else to pytest.
TEST_WORKERS ?= auto
test: install chromium
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: python-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refreshes the pinned versions after a change to pyproject.toml's ranges.
lock:
	rm -rf var/lock-venv && $$(bin/find-python) -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet '.[dev]'
	var/lock-venv/bin/pip freeze --exclude-editable | grep -v '^opcc-decisions' > requirements.lock
	rm -rf var/lock-venv

clean:
	rm -rf $(VENV) node_modules var/build var/staticfiles $(STAMP)
