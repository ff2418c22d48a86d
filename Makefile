# TTCS — the two commands a newcomer needs:
#   make run    set up everything, migrate, seed the demo province and serve http://127.0.0.1:8000
#               (with a loopback Icecast on port ICECAST_PORT for relays and live broadcasts)
#   make test   set up everything, lint (ruff, mypy) and run the whole test suite (PostgreSQL on the real
#               clock, SQLite with the clock moved to next year: scripts/run-tests.sh)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
# the hub's streaming server (relays, live broadcasts): hub/streams/icecast.py configures it in var/icecast/
# and starts it unless TTCS_STREAM_SOURCE_URL points the hub at another Icecast
ICECAST_PORT ?= 8001
PYTEST_ARGS ?=
export TTCS_PUBLIC_URL ?= http://$(HOST):$(PORT)

.PHONY: run test setup system-run system-test lint bench bench-tts clean handbook handbook-pdf

run: system-run $(STAMP)
	$(BIN)/ttcs db upgrade
	$(BIN)/ttcs seed --demo
	$(BIN)/python -m hub.streams.icecast --port $(ICECAST_PORT) -- $(BIN)/ttcs serve --host $(HOST) --port $(PORT)

test: system-test $(STAMP) lint
	scripts/run-tests.sh $(PYTEST_ARGS)

setup: $(STAMP)

system-run:
	@scripts/ensure-system.sh run

system-test:
	@scripts/ensure-system.sh test

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "TTCS needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

handbook: system-test $(STAMP)  ## retake the handbook's screenshots from the current pages
	TTCS_UPDATE_HANDBOOK=1 TTCS_TEST_BACKENDS=sqlite $(BIN)/pytest tests/hub/web/browser

handbook-pdf: $(STAMP)  ## the handbook as one printable PDF (so-tay-ttcs.pdf), printed by the system's Chromium
	$(BIN)/ttcs handbook pdf -o so-tay-ttcs.pdf

lint: $(STAMP)  ## ruff, then mypy (configured in pyproject.toml; its incremental cache is .mypy_cache)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python bench/api.py
	$(BIN)/python bench/web.py

bench-tts: system-run $(STAMP)
	$(BIN)/python bench/tts.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache
