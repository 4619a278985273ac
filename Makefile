# make run    start the dashboard (creates .venv on first use; installs the CJK font)
# make test   lint, format check and the whole test suite, browser and PostgreSQL tests included
# make lint   ruff check, format check, mypy against mypy-baseline.txt, every type: ignore explained
# make bench  page run times and memory, written to bench/RESULTS.md

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench venv deps dev-deps fonts browser servers format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python

deps: venv
	$(BIN)/python -m pip install --quiet -r requirements.txt

dev-deps: venv
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt

# Noto Sans CJK (Debian's fonts-noto-cjk): the briefing's PDF and map picture are drawn
# with it on this machine, with no download at run time.
fonts:
	@if [ ! -e $(CJK_FONT) ]; then \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			fonts-noto-cjk; \
	fi

# Debian's chromium and CJK fonts for the browser tests; never `playwright install`.
browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -e $(CJK_FONT) ]; then \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			chromium fonts-noto-cjk; \
	fi

# Debian's postgresql: the tests start a throw-away cluster of their own (tests/postgres.py)
# and run the store, import, editing, scenario and page tests on it as well as on SQLite.
# nginx: the tests check deploy/nginx.conf with `nginx -t`.
servers:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ ! -x /usr/sbin/nginx ]; then \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			postgresql nginx; \
	fi

run: deps fonts
	$(BIN)/streamlit run app.py

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/mypy_baseline.py
	$(BIN)/python scripts/check_type_ignores.py

test: lint browser servers
	$(BIN)/python -m pytest

bench: dev-deps fonts
	$(BIN)/python bench/run_bench.py

format: dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
