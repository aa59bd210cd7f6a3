# The two commands a newcomer needs: `make run` and `make test`.
# Each creates or reuses .venv and installs what is missing first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: run test lint typecheck postgres install chromium assets messages

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(BIN)/pathway dev --demo

# The tests run in TEST_WORKERS processes (pytest-xdist; tests/conftest.py's `work_unit` says
# which run together; ADR 0149), and list the 25 slowest. `.venv/bin/pytest tests/...` alone
# runs in one process.
TEST_WORKERS ?= 2

test: $(STAMP) postgres chromium lint typecheck
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=25

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy .

# The database tests run on SQLite and on PostgreSQL at 127.0.0.1:5432 (database `test`).
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  (command -v pg_ctlcluster >/dev/null && \
	   pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 2) || \
	  echo "PostgreSQL is not running at 127.0.0.1:5432: its tests will fail (or set PATHWAY_TEST_WITHOUT_POSTGRES=1)"

# The browser tests drive Debian's chromium (never a browser download): install it if missing.
chromium:
	@test -x /usr/bin/chromium || \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y chromium; \
	  else echo "/usr/bin/chromium is missing: the browser tests will fail; as root run: apt-get update && apt-get install -y chromium"; fi

# Rebuild the committed GOV.UK Frontend CSS and JS in web/static/govuk/ (needs npm; see web/static/README.md).
assets:
	web/static/build-govuk.sh

# Extract the family pages' words (babel.cfg) and add new ones to the Welsh catalogue; then
# translate each empty msgstr in web/locale/cy/LC_MESSAGES/messages.po (ADR 0144).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header -o web/locale/messages.pot .
	$(BIN)/pybabel update -i web/locale/messages.pot -d web/locale -l cy --width 100 --ignore-pot-creation-date
