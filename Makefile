# make run    start the dashboard (creates .venv on first use; installs the CJK font)
# make test   lint, format check and the whole test suite, browser tests included
# make lint   ruff check and format check only
# make bench  page run times and memory, written to bench/RESULTS.md

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench venv deps dev-deps fonts browser format

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

run: deps fonts
	$(BIN)/streamlit run app.py

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: dev-deps browser
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/python -m pytest

bench: dev-deps fonts
	$(BIN)/python bench/run_bench.py

format: dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
