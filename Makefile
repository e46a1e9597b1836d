# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

PG_URL ?= postgresql://postgres@127.0.0.1:5432/test?schema=inspections
API_PROCESSES ?= 2

BENCH := var/bench

.PHONY: run run-postgres test chaos bench lint typecheck unit install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/inspections serve --load seed_events

# PostgreSQL mode: tables created once, one projection worker, several API processes.
run-postgres: $(STAMP)
	DATABASE_URL='$(PG_URL)' $(BIN)/inspections setup
	DATABASE_URL='$(PG_URL)' PROJECTIONS=worker $(BIN)/inspections load seed_events
	DATABASE_URL='$(PG_URL)' PROJECTIONS=worker CREATE_TABLES=n $(BIN)/inspections worker & \
	  trap 'kill $$!' EXIT INT TERM; \
	  DATABASE_URL='$(PG_URL)' PROJECTIONS=worker CREATE_TABLES=n \
	  $(BIN)/uvicorn service.asgi:app --host $(HOST) --port $(PORT) --workers $(API_PROCESSES)

# The long chaos run: minutes of kills and terminated connections; prints the counts.
chaos: $(STAMP)
	CHAOS_SECONDS=$${CHAOS_SECONDS:-180} CHAOS_KILLS=$${CHAOS_KILLS:-40} CHAOS_TERMINATIONS=$${CHAOS_TERMINATIONS:-10} \
	  CHAOS_DOCUMENTS=$${CHAOS_DOCUMENTS:-200} $(BIN)/python -m pytest -q -s tests/integration/test_chaos.py

# The benchmarks built so far (see docs/performance.md): synthetic histories,
# ingest and full rebuild against raw baselines, as-at latency as history grows.
bench: $(STAMP)
	rm -rf $(BENCH) && mkdir -p $(BENCH)
	$(BIN)/python -m bench.generate small $(BENCH)/small
	$(BIN)/python -m bench.generate national $(BENCH)/national
	DATABASE_URL=sqlite:///$(BENCH)/small.sqlite $(BIN)/inspections load $(BENCH)/small
	DATABASE_URL=sqlite:///$(BENCH)/national.sqlite $(BIN)/inspections load $(BENCH)/national
	$(BIN)/python -m bench.ingest --postgres 'postgresql://postgres@127.0.0.1:5432/test'
	DATABASE_URL=sqlite:///$(BENCH)/small.sqlite $(BIN)/python -m bench.rebuild
	$(BIN)/python -m bench.latency sqlite:///$(BENCH)/small.sqlite sqlite:///$(BENCH)/national.sqlite

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check domain projections service tests bench
	$(BIN)/ruff format --check domain projections service tests bench

typecheck: $(STAMP)
	$(BIN)/mypy domain projections service bench

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
