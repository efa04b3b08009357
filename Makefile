# Panah: `make run` serves the app with demo data; `make test` runs the whole suite.
# Both create the environment and install what is missing first.

SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Debian packages: pango for WeasyPrint, HarfBuzz subsetting (faster PDFs), fonts for
# Urdu/Dari text, gettext to compile the interface translations, poppler for text
# extraction in tests, chromium for browser tests.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-extra gettext
TEST_PACKAGES := $(RUN_PACKAGES) poppler-utils chromium

.PHONY: run test test-clock env system-run system-test lint messages migrate seed serve clean

run: system-run env messages migrate seed serve

# One pytest worker per core (pytest-xdist); each has its own test database, Redis database
# and media folder (tests/conftest.py). PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= auto
# A module whose tests share a module-wide fixture is one group, run by one worker.
PYTEST := $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

# pytest exits 5 when it ran no test at all: say so, and fail.
define run_pytest
	@status=0; $(PYTEST) $(1) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest ran no test: failing" >&2; fi; exit $$status
endef

test: system-test env messages lint
	$(call run_pytest,$(PYTEST_ARGS))

# The modules that count days or hours, run again as if it were TEST_CLOCK: 20:30 UTC on
# the last day of a month, when the date in Karachi is already the next day and month.
# Tests that freeze their own clock are unaffected; the others must pass at that hour too.
TEST_CLOCK ?= 2026-03-31T20:30:00Z
CLOCK_PATTERN := timezone[.]now[(]|localdate|localtime|date[.]today|datetime[.]now|timedelta[(](days|hours)|hours_ago|days_ago
# Modules that run a real Celery worker against Redis are left out: the broker and the
# worker's own timers live in real time, which a travelled clock in the test cannot move.
REAL_WORKER_TESTS := test_worker[.]py|test_clock_worker[.]py|test_outbox_worker[.]py|test_petition_worker[.]py|test_petition_faults[.]py|test_pdf_worker_broker_restart[.]py
CLOCK_TESTS = $(shell grep -rlE '$(CLOCK_PATTERN)' tests --include='test_*.py' | grep -v '^tests/e2e/' | grep -vE '/($(REAL_WORKER_TESTS))$$' | sort)

test-clock: system-test env messages
	$(call run_pytest,--clock $(TEST_CLOCK) $(CLOCK_TESTS) $(PYTEST_ARGS))

env: $(VENV)/.synced

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

system-run:
	@./scripts/system-packages $(RUN_PACKAGES)

system-test:
	@./scripts/system-packages $(TEST_PACKAGES)

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	env -u DATABASE_URL $(PY) manage.py makemigrations --check --dry-run
	@# Production settings must pass Django's deployment checks; throwaway keys, no database.
	env -u DATABASE_URL -u REDIS_URL DEBUG=false ALLOWED_HOSTS=panah.example.org \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  FIELD_ENCRYPTION_KEYS="$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
	  AUDIT_HEAD_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	  $(PY) manage.py check --deploy --fail-level WARNING

# The translations' .mo files are built, never committed: locale/<language>/LC_MESSAGES/django.po
# is the source. Django recompiles only what changed.
messages: env
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

migrate: env
	$(PY) manage.py migrate --no-input

seed: env
	$(PY) manage.py seed_demo

serve: env
	@echo
	@echo "Panah is starting at http://127.0.0.1:$(PORT)/"
	@echo "(to add or use a passkey, open http://localhost:$(PORT)/ instead: browsers refuse passkeys at an IP address)"
	@echo "Demo logins (password: $${DEMO_PASSWORD:-demo-password}):"
	@echo "  Demo Legal Aid:  admin, supervisor, lawyer, lawyer2, paralegal"
	@echo "  Other Chambers:  other-admin, other-supervisor, other-lawyer, other-paralegal"
	@if [ "$${DEBUG:-true}" != "false" ]; then $(PY) manage.py demo_logins; fi
	@echo
	@./scripts/serve $(PORT)

clean:
	rm -rf $(VENV) $(TOOLS) staticfiles
