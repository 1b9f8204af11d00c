# Crossnote: `make demo` runs it on this machine, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export CROSSNOTE_DATA_DIR ?= $(CURDIR)/var
# The PostgreSQL + Redis half of the test run (the scale-out profile).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/crossnote
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_WORKERS ?= 2

.PHONY: cluster-test wrk install demo serve translate-server test test-sqlite test-postgres faults lint browser screenshots messages bench clean s3-server audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PyICU (TR39 look-alike usernames) builds against the system's ICU: Debian's libicu-dev.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@pkg-config --exists icu-i18n 2>/dev/null || ! command -v apt-get >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		libicu-dev pkg-config g++ >/dev/null; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/crossnote migrate --noinput
	$(BIN)/crossnote collectstatic --noinput --verbosity 0
	$(BIN)/crossnote load_demo
	$(BIN)/crossnote serve

serve: install
	$(BIN)/crossnote serve

# A neural translation engine beside Crossnote: LibreTranslate with only the en and zh models,
# in var/translate-venv (docs/TRANSLATION-ENGINES.md). Needs internet access for the models;
# without it, it stops at once with a message saying so.
translate-server:
	scripts/translate-server $(ENGINE)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-sqlite: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:logging

test-postgres: install
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:logging

# The end-to-end tests drive Debian's Chromium (never a browser Playwright downloads); the
# catalog test extracts strings with GNU gettext, as `make messages` does.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		chromium fonts-noto-cjk gettext >/dev/null; }

test: lint browser test-sqlite test-postgres

# Several machines on this one (needs root): PostgreSQL, Redis, the S3 server, two web nodes
# and a worker, each in its own network namespace; a note travels from node A through the
# worker to node B, and a SIGKILL of node A mid-stream loses no acknowledged write. 1-3
# minutes, so not part of `make test`; .ci/run runs it after. tests/cluster/netns.py.
cluster-test: install
	CROSSNOTE_CLUSTER_TEST=1 $(BIN)/pytest tests/cluster -q -p no:logging -n 0 -s

# Only the fault suite (also part of `make test`): kill -9, Redis unreachable, database
# connections dropped, each injected for real, on both profiles.
faults: install
	$(BIN)/pytest -q -p no:logging -m faults
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -q -p no:logging -m faults

# Screenshots of the main pages from a throw-away demo instance, into docs/screenshots/.
SHOTS_DIR := $(CURDIR)/var/screenshots-instance
screenshots: install browser
	@command -v fc-list >/dev/null && fc-list | grep -qi "color emoji" || \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null
	rm -rf $(SHOTS_DIR)
	CROSSNOTE_DATA_DIR=$(SHOTS_DIR) $(BIN)/crossnote migrate --noinput -v0
	CROSSNOTE_DATA_DIR=$(SHOTS_DIR) $(BIN)/crossnote collectstatic --noinput -v0
	CROSSNOTE_DATA_DIR=$(SHOTS_DIR) $(BIN)/crossnote load_demo
	CROSSNOTE_DATA_DIR=$(SHOTS_DIR) $(BIN)/crossnote serve --bind 127.0.0.1:8001 & echo $$! > $(SHOTS_DIR).pid; \
		sleep 4; CROSSNOTE_DATA_DIR=$(SHOTS_DIR) $(BIN)/crossnote screenshots --base-url http://127.0.0.1:8001; \
		status=$$?; kill `cat $(SHOTS_DIR).pid`; rm -f $(SHOTS_DIR).pid; exit $$status

# Refresh the translation catalog after changing strings (needs GNU gettext).
messages: install
	cd crossnote && ../$(BIN)/crossnote makemessages -l zh_Hans --ignore "demo/*" --no-obsolete
	msgfmt --check -o crossnote/locale/zh_Hans/LC_MESSAGES/django.mo crossnote/locale/zh_Hans/LC_MESSAGES/django.po

# A throw-away S3-compatible server (moto) on loopback for trying media in object storage by
# hand or across hosts (the tests start their own): then
#   CROSSNOTE_MEDIA_STORAGE_URL=s3://test:test@127.0.0.1:$(S3_PORT)/crossnote?tls=0 crossnote media_bucket
S3_HOST ?= 127.0.0.1
S3_PORT ?= 9100
s3-server: install
	$(BIN)/moto_server -H $(S3_HOST) -p $(S3_PORT)

bench: install
	$(BIN)/python -m bench.run

# Debian's wrk, for the peer comparison (python -m bench.takahe, bench/README.md "Takahē").
wrk:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# Lighthouse (mobile) on Discover, a note, compose and a profile of a throw-away demo
# instance (or BASE_URL=...), with Debian's Chromium; prints the scores table. Needs npm.
audit: install browser
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python scripts/audit

clean:
	rm -rf $(VENV) var
