# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

PG_URL ?= postgresql://postgres@127.0.0.1:5432/test?schema=inspections
API_PROCESSES ?= 2
# Where the API processes of run-postgres keep their metrics, so that /metrics
# sums them all; emptied at each start (prometheus_client's multiprocess mode).
METRICS_DIR := var/metrics

BENCH := var/bench

.PHONY: run run-postgres run-cached test chaos bench bench-stress lint typecheck unit install clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

run: $(STAMP)
	$(BIN)/inspections serve --load seed_events

# PostgreSQL mode: tables created once, one projection worker, several API processes.
# --http: our protocol over uvicorn's httptools one, with deadlines for slow
# clients (and Nagle off, which uvicorn's own leaves on under --workers on
# asyncio's loop: every kept-alive request waited 40 ms); --loop uvloop (see
# service/library_hooks/uvicorn.py and docs/performance.md).
run-postgres: $(STAMP)
	DATABASE_URL='$(PG_URL)' $(BIN)/inspections setup
	DATABASE_URL='$(PG_URL)' PROJECTIONS=worker $(BIN)/inspections load seed_events
	rm -rf $(METRICS_DIR) && mkdir -p $(METRICS_DIR)
	DATABASE_URL='$(PG_URL)' PROJECTIONS=worker CREATE_TABLES=n $(BIN)/inspections worker & \
	  trap 'kill $$!' EXIT INT TERM; \
	  DATABASE_URL='$(PG_URL)' PROJECTIONS=worker CREATE_TABLES=n PROMETHEUS_MULTIPROC_DIR='$(CURDIR)/$(METRICS_DIR)' \
	  $(BIN)/uvicorn service.api.asgi:app --host $(HOST) --port $(PORT) --workers $(API_PROCESSES) \
	  --http service.library_hooks.uvicorn:ServedHttpToolsProtocol --loop uvloop

# An HTTP cache in front: Debian's nginx (installed here when run as root) on
# PORT before two API processes and a projection worker on PostgreSQL; it keeps
# the answers the service marks final (see docs/architecture.md) and passes on
# the rest. Each response says X-Cache-Status. See bench/cache_in_front.py.
run-cached: $(STAMP)
	command -v nginx >/dev/null || [ "$$(id -u)" != 0 ] || apt-get install -y nginx-light
	DATABASE_URL='$(PG_URL)' $(BIN)/inspections setup
	DATABASE_URL='$(PG_URL)' PROJECTIONS=worker $(BIN)/inspections load seed_events
	$(BIN)/python -m bench.cache_in_front '$(PG_URL)' --serve --port $(PORT)

# The long chaos run: minutes of kills and terminated connections; prints the counts.
chaos: $(STAMP)
	CHAOS_SECONDS=$${CHAOS_SECONDS:-180} CHAOS_KILLS=$${CHAOS_KILLS:-40} CHAOS_TERMINATIONS=$${CHAOS_TERMINATIONS:-10} \
	  CHAOS_DOCUMENTS=$${CHAOS_DOCUMENTS:-200} $(BIN)/python -m pytest -q -s tests/integration/test_chaos.py

# The benchmark suite on the small and national histories (about 3 minutes);
# each figure is printed with its ratio to a baseline measured in the same run.
# See docs/performance.md. PG_BENCH is a database the suite may make schemas in.
# Step 11 makes a streaming replica of the local cluster and removes it
# (scripts/replica.sh; it needs replication allowed from 127.0.0.1, as .ci/run does).
PG_BENCH ?= postgresql://postgres@127.0.0.1:5432/test
bench: $(BENCH_STAMP)
	rm -rf $(BENCH) && mkdir -p $(BENCH)
	$(BIN)/python -m bench.generate small $(BENCH)/small
	$(BIN)/python -m bench.generate national $(BENCH)/national
	DATABASE_URL=sqlite:///$(BENCH)/small.sqlite $(BIN)/inspections load $(BENCH)/small
	DATABASE_URL=sqlite:///$(BENCH)/national.sqlite $(BIN)/inspections load $(BENCH)/national
	$(BIN)/python -m bench.drop_schema '$(PG_BENCH)' bench_small
	$(BIN)/python -m bench.drop_schema '$(PG_BENCH)' bench_national
	DATABASE_URL='$(PG_BENCH)?schema=bench_small' $(BIN)/inspections load $(BENCH)/small
	DATABASE_URL='$(PG_BENCH)?schema=bench_national' $(BIN)/inspections load $(BENCH)/national
	@echo; echo '== 1. ingest (small) =='
	$(BIN)/python -m bench.ingest --postgres '$(PG_BENCH)'
	@echo; echo '== 2. full rebuild (small) =='
	$(BIN)/python -m bench.rebuild sqlite:///$(BENCH)/small.sqlite '$(PG_BENCH)?schema=bench_small'
	@echo; echo '== 3. as-at latency and rebuild time as history grows =='
	$(BIN)/python -m bench.growth sqlite:///$(BENCH)/small.sqlite sqlite:///$(BENCH)/national.sqlite \
	  --plot $(BENCH)/growth.png
	@echo; echo '== 4. GraphQL against a plain JSON endpoint (national; SQLite, then PostgreSQL) =='
	$(BIN)/python -m bench.overhead sqlite:///$(BENCH)/national.sqlite --requests 1000
	$(BIN)/python -m bench.overhead '$(PG_BENCH)?schema=bench_national' --requests 1000
	@echo; echo '== 5. peak memory (national) =='
	$(BIN)/python -m bench.memory sqlite:///$(BENCH)/national.sqlite
	@echo; echo '== 6. PostgreSQL mode per request: API processes and a projection worker against one process (national) =='
	$(BIN)/python -m bench.processes '$(PG_BENCH)?schema=bench_national'
	@echo; echo '== 7. many operation names: /metrics size and request rate (seed documents) =='
	$(BIN)/python -m bench.operation_names
	@echo; echo '== 8. ordinary requests beside 200 waiting on minPosition (seed documents) =='
	$(BIN)/python -m bench.waiting
	@echo; echo '== 9. the national export, one row per authority each year, against plain SQL (national) =='
	$(BIN)/python -m bench.export sqlite:///$(BENCH)/national.sqlite '$(PG_BENCH)?schema=bench_national'
	@echo; echo '== 10. HTTP caching: a 304 revalidation against a full answer, a persisted GET against a POST (national) =='
	$(BIN)/python -m bench.http_caching sqlite:///$(BENCH)/national.sqlite
	$(BIN)/python -m bench.http_caching '$(PG_BENCH)?schema=bench_national'
	@echo; echo '== 11. reads from a streaming replica: picture latency against the primary, lag after a burst of writes (national) =='
	scripts/replica.sh run $(BIN)/python -m bench.replica '$(PG_BENCH)?schema=bench_national'
	@echo; echo '== 12. registered queries: compiled plans against the general executor and a plain endpoint (national; SQLite, then PostgreSQL) =='
	$(BIN)/python -m bench.registered_queries sqlite:///$(BENCH)/national.sqlite
	$(BIN)/python -m bench.registered_queries '$(PG_BENCH)?schema=bench_national'
	@echo; echo '== 13. an HTTP cache in front: a mix of pictures through nginx against the same mix straight to the API, with the hit ratio (national) =='
	command -v nginx >/dev/null || [ "$$(id -u)" != 0 ] || apt-get install -y nginx-light
	$(BIN)/python -m bench.cache_in_front '$(PG_BENCH)?schema=bench_national' --rounds 3
	$(BIN)/python -m bench.drop_schema '$(PG_BENCH)' bench_small
	$(BIN)/python -m bench.drop_schema '$(PG_BENCH)' bench_national

# The same at about a million events (stress): half an hour; writes docs/growth.png.
bench-stress: $(BENCH_STAMP)
	mkdir -p $(BENCH)
	test -f $(BENCH)/small.sqlite && test -f $(BENCH)/national.sqlite || $(MAKE) bench
	rm -rf $(BENCH)/stress $(BENCH)/stress.sqlite
	$(BIN)/python -m bench.generate stress $(BENCH)/stress
	DATABASE_URL=sqlite:///$(BENCH)/stress.sqlite $(BIN)/inspections load $(BENCH)/stress
	$(BIN)/python -m bench.growth sqlite:///$(BENCH)/small.sqlite sqlite:///$(BENCH)/national.sqlite \
	  sqlite:///$(BENCH)/stress.sqlite --plot docs/growth.png
	$(BIN)/python -m bench.memory sqlite:///$(BENCH)/stress.sqlite

# The browser tests (tests/browser) drive Debian's Chromium, installed here when
# this runs as root; elsewhere they skip, and with CI=true they fail.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
	      || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }; \
	  else echo "chromium is not installed and this is not root: the browser tests will skip"; fi; }

test: $(STAMP) chromium lint typecheck
	$(BIN)/python -m pytest -q
	@echo '== the GraphQL end-to-end tests again, on strawberry'"'"'s own executor (GRAPHQL_EXECUTOR=stock) =='
	GRAPHQL_EXECUTOR=stock $(BIN)/python -m pytest -q tests/e2e -k "graphql or as_known_at or live_feed or response_cache or worker_mode or http_caching or persisted_queries"
	@echo '== the PostgreSQL end-to-end tests again, reading from a streaming replica (READ_DATABASE_URL; scripts/replica.sh) =='
	scripts/replica.sh run $(BIN)/python -m pytest -q -m postgres tests/e2e

lint: $(STAMP)
	$(BIN)/ruff check domain projections service tests bench
	$(BIN)/ruff format --check domain projections service tests bench

typecheck: $(STAMP)
	$(BIN)/mypy domain projections service bench tests

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
