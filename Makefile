# Didgah: `make run` serves the demo site, `make test` runs the whole suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# granian's worker processes and threads per worker; empty: chosen by database for the
# two cores this project is built and measured on (didgah/serve.py, default_concurrency,
# says why; bench/results/concurrency-*.txt has the figures).
WORKERS ?=
THREADS ?=
DATA_DIR ?= $(CURDIR)/var
export DATA_DIR
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install install-dev system-deps browser prod run serve migrate demo test test-postgres test-fast check-deploy bench clean

# The run path installs only what the site needs (requirements.lock); `make test` adds the
# test and benchmark tools (requirements-dev.lock). Both locks pin every package, so pip
# installs them as they are (--no-deps: no resolver, and no warning about an extra a
# dependency names in a spelling this pip does not match) and `pip check` confirms that
# nothing a package needs is missing.
PIP_INSTALL := $(BIN)/pip install --disable-pip-version-check --progress-bar on --no-deps

$(VENV)/.installed: requirements.lock
	@echo "==> installing the site's Python packages into $(VENV)"
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	$(BIN)/pip check --disable-pip-version-check
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	@echo "==> installing the test and benchmark tools into $(VENV)"
	$(PIP_INSTALL) -r requirements-dev.lock
	$(BIN)/pip check --disable-pip-version-check
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Debian's packages the tests drive: Chromium (Playwright's own browser download cannot
# work here), nginx (the production profile) and wrk (load benchmarks).
SYSTEM_PACKAGES := chromium nginx wrk
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "==> installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  (service nginx stop || true) >/dev/null 2>&1; fi

browser: system-deps
	@test -d node_modules/axe-core || { echo "==> installing axe-core from npm"; npm ci --no-audit --no-fund --silent; }

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "==> serving on http://$(HOST):$(PORT) (data in $(DATA_DIR))"
	$(BIN)/python -m didgah.serve --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS)) $(if $(THREADS),--threads $(THREADS))

test: install-dev browser
	TESTING=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install-dev browser
	TESTING=1 DATABASE_URL=$(POSTGRES_URL) TEST_DB_NAME=$${TEST_DB_NAME:-test_didgah} $(BIN)/python -m pytest $(PYTEST_ARGS)

# The production profile: nginx in front, granian behind, PostgreSQL and Redis.
prod: install system-deps
	@test -n "$$DATABASE_URL" || { echo "set DATABASE_URL (PostgreSQL) and REDIS_URL first"; exit 1; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python -m didgah.prod --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS)) $(if $(THREADS),--threads $(THREADS))

check-deploy: install
	PRODUCTION=1 SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '+/=')} \
	  ALLOWED_HOSTS=didgah.example $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules var/static
