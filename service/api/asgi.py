"""The ASGI app for running several API processes:

    uvicorn service.api.asgi:app --workers N --loop uvloop \
        --http service.library_hooks.uvicorn:ServedHttpToolsProtocol

(`--http`: see that module; without it each kept-alive request waits 40 ms.)

Each process opens the store from the environment (DATABASE_URL, READ_DATABASE_URL, PROJECTIONS,
CREATE_TABLES, CORS_ORIGINS, RESPONSE_CACHE, PERSISTED_QUERIES, COMPILED_QUERIES, GRAPHQL_EXECUTOR,
EVENT_RECORDER,
PROMETHEUS_MULTIPROC_DIR); run `inspections setup` once before, and set
CREATE_TABLES=n, so that processes never race to create tables. Set
PROMETHEUS_MULTIPROC_DIR to an emptied directory so that /metrics sums every
process (`make run-postgres` does).
"""

from service.api.http import create_app
from service.bootstrap import service_from_environment

settings, service = service_from_environment()
if service.projections_in_process:
    service.projector.catch_up()
app = create_app(
    service,
    cors_origins=settings.cors_origins,
    response_cache=settings.response_cache,
    registered_queries_only=settings.registered_queries_only,
    compiled_queries=settings.compiled_queries,
    stock_graphql=settings.stock_graphql_executor,
    metrics_directory=settings.metrics_directory,
)
