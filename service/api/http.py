"""The HTTP application: GraphQL at /graphql (GraphiQL on GET), health at /healthz,
the pages for people at / and /national (service.api.pages).

GraphQL over HTTP: answers in the media type the request's Accept prefers
(service.api.media_types). In `application/graphql-response+json` a request
that fails before execution (it does not parse or validate, its variables do
not fit, it names no operation it holds) has no `data` and gets 400; once
executed, an answer is 200 whatever its field errors. In `application/json`
every GraphQL answer is 200, as legacy clients expect. A subscription sent
by GET or POST is a 400 pointing to the websocket; a mutation sent by GET is
a 405 that allows POST.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
import orjson
from cross_web import HTTPException
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from service.adapters.answer_reads import read_models_version
from service.adapters.metrics import exposition, gauge
from service.adapters.picture_statement import PictureStatement
from service.adapters.stores import unavailability
from service.api.body_limits import BodyLimits
from service.api.compiled_answers import CompiledAnswers
from service.api.graphql.compiled import compiled
from service.api.graphql.context import Context
from service.api.graphql.immutability import typed_schema
from service.api.graphql.positions import PositionWatch
from service.api.graphql.schema import OperationTypeRefused, build_schema
from service.api.health import lags, readiness
from service.api.media_types import GRAPHQL_RESPONSE, JSON, MEDIA_TYPE, Negotiation, content_type
from service.api.pages import ContentSecurityPolicy, graphiql_page, page_routes
from service.api.persisted_queries import PersistedQueries, QueryTexts, registered_queries
from service.api.response_cache import CachedQueries, ResponseCache
from service.api.today import today_of
from service.bootstrap import Service

# The ASGI scope's key for the HTTP status of an answer that failed before execution.
REQUEST_ERROR_STATUS = "inspections.request_error_status"
SUBSCRIPTIONS_ELSEWHERE = (
    "subscriptions are not served over HTTP GET or POST: open a WebSocket to /graphql "
    "with the graphql-transport-ws protocol"
)


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, service: Service, *, stock: bool = False) -> None:
        super().__init__(build_schema(stock=stock), graphql_ide="graphiql")
        self.service = service
        self.positions = PositionWatch(service.questions.position, service.log.head)

    async def get_context(self, request: Any, response: Any) -> Context:
        return Context(
            reading=self.service.reading,
            positions=self.positions,
            recording=self.service.recording,
            recorded=self.service.recorded,
            tokens=self.service.tokens,
            today=today_of(request.scope),
            request=request,
            response=response,
        )

    async def render_graphql_ide(self, request: Any) -> Response:
        # GraphiQL from the repository (service/api/static/graphiql), not a CDN.
        return graphiql_page()

    def decode_json(self, data: str | bytes) -> object:
        """Request bodies (and query-string variables, and websocket messages)
        must be JSON objects; anything else is the client's mistake, not a 500."""
        try:
            decoded = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            # One hook decodes a POST's body and a GET's variables and
            # extensions alike, so the message names both.
            raise HTTPException(
                400, f"not valid JSON (a POST's body, or a GET's variables or extensions): {error}"
            ) from None
        if not isinstance(decoded, dict):
            raise HTTPException(
                400,
                "must be a JSON object (a POST's body, with a 'query' member, "
                "or a GET's variables or extensions)",
            )
        return decoded

    def encode_json(self, data: object) -> str:
        # Text, not bytes: the same encoder feeds websocket frames, which
        # graphql-transport-ws requires to be text.
        return orjson.dumps(data).decode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        media_type = scope.get(MEDIA_TYPE, JSON)
        # HEAD is answered as GET is (the server sends no body), as the Allow
        # header of every 405 here promises.
        request = Request({**scope, "method": "GET"} if scope["method"] == "HEAD" else scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as refusal:
            response = _refusal(media_type, refusal.status_code, refusal.reason)
        except OperationTypeRefused as refused:
            if refused.operation_type is OperationType.SUBSCRIPTION:
                response = _refusal(media_type, 400, SUBSCRIPTIONS_ELSEWHERE)
            else:
                response = _refusal(media_type, 405, f"{refused} operations are sent by POST, not GET")
                response.headers["allow"] = "POST"
        else:
            if response.media_type == JSON:  # a GraphQL answer, not GraphiQL's page
                response.headers["content-type"] = content_type(media_type)
                response.status_code = scope.get(REQUEST_ERROR_STATUS, response.status_code)
        await response(scope, receive, send)

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        answer = await super().process_result(request, result)
        if request.scope.get(MEDIA_TYPE) == GRAPHQL_RESPONSE and _failed_before_execution(result):
            # A request error: the answer has no data entry, and says so in its status.
            del answer["data"]
            request.scope[REQUEST_ERROR_STATUS] = 400
        return answer


def _failed_before_execution(result: ExecutionResult) -> bool:
    """Whether an answer reports a request error: no data, and no error raised
    by a field (each of those has a path)."""
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors or [])


def _refusal(media_type: str, status: int, message: str) -> Response:
    """A request refused before execution, as a GraphQL answer with errors only."""
    body = orjson.dumps({"errors": [{"message": message}]})
    return Response(body, status_code=status, headers={"content-type": content_type(media_type)})


def _problem(error: Exception) -> str:
    return unavailability(error) or f"{type(error).__name__}: {error}"


def _unavailable(error: Exception, **report: object) -> JSONResponse:
    """503, naming what keeps the database from answering."""
    return JSONResponse({**report, "status": "unavailable", "database": _problem(error)}, status_code=503)


def create_app(
    service: Service,
    *,
    cors_origins: Sequence[str] = (),
    response_cache: bool = True,
    registered_queries_only: bool = False,
    stock_graphql: bool = False,
    metrics_directory: Path | None = None,
    compiled_queries: bool = True,
) -> Starlette:
    """The HTTP app. `stock_graphql` runs GraphQL on strawberry's own executor
    (see service.library_hooks.strawberry); `metrics_directory`, the
    PROMETHEUS_MULTIPROC_DIR of processes serving side by side, makes /metrics
    sum all of them (see service.adapters.metrics); `registered_queries_only`
    runs only the queries under queries/ (service.api.persisted_queries);
    `compiled_queries` answers the registered queries it can compile from
    their plans (service.api.compiled_answers), the others by GraphQL."""

    async def healthz(request: Request) -> Response:
        try:
            # The database is synchronous; keep it off the event loop.
            position = await anyio.to_thread.run_sync(service.questions.position)
        except Exception as error:  # the database cannot answer: say why
            return _unavailable(error)
        return JSONResponse({"status": "ok", "log_position": position})

    async def readyz(request: Request) -> Response:
        try:
            ready, report = await anyio.to_thread.run_sync(readiness, service)
        except Exception as error:  # the database cannot answer: not ready, and say why
            return _unavailable(error, ready=False)
        return JSONResponse(report, status_code=200 if ready else 503)

    async def metrics(request: Request) -> Response:
        try:
            head, found = await anyio.to_thread.run_sync(lags, service)
            rebuilds = await anyio.to_thread.run_sync(service.questions.tracking.rebuilds)
            replica = await anyio.to_thread.run_sync(service.replica_lag)
        except Exception as error:  # a failed scrape, that says why
            return PlainTextResponse(f"# database unavailable: {_problem(error)}\n", status_code=503)
        projections = [({"projection": g.name}, g) for g in found]
        gauges = [
            gauge("inspections_log_position", "The position of the last event in the log.", [({}, head)]),
            gauge(
                "inspections_projection_position",
                "The position of the last event each read model has applied.",
                [(labels, g.position) for labels, g in projections],
            ),
            gauge(
                "inspections_projection_lag_events",
                "Events in the log that each read model has not applied yet.",
                [(labels, g.events) for labels, g in projections],
            ),
            gauge(
                "inspections_projection_lag_seconds",
                "How long ago the oldest event each read model has not applied was recorded.",
                [(labels, g.seconds) for labels, g in projections],
            ),
            gauge(
                "inspections_rebuild_applied_events",
                "Events a shadow rebuild in progress has applied, by read model.",
                [({"projection": n}, a) for n, (a, _) in rebuilds.items()],
            ),
            gauge(
                "inspections_rebuild_position",
                "The log position a shadow rebuild in progress has reached, by read model.",
                [({"projection": n}, p) for n, (_, p) in rebuilds.items()],
            ),
        ]
        if replica is not None:
            gauges += [
                gauge(
                    "inspections_replica_replay_lag_bytes",
                    "Write-ahead log the primary has flushed and the read replica has not replayed.",
                    [({}, replica.bytes)],
                ),
                gauge(
                    "inspections_replica_replay_lag_seconds",
                    "The read replica's replay lag, as the primary's sender last measured it.",
                    [({}, replica.seconds)],
                ),
            ]
        body = await anyio.to_thread.run_sync(exposition, gauges, metrics_directory)
        return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4)

    graphql = GraphQLApp(service, stock=stock_graphql)
    schema = build_schema(stock=stock_graphql)
    registered = registered_queries()
    endpoint: ASGIApp = graphql
    if compiled_queries:
        plans = compiled(registered, typed_schema(schema))
        statement = PictureStatement(service.reading.read_models, service.snapshots.dialect)
        endpoint = CompiledAnswers(graphql, plans, service.answers, statement, schema)
    # Without the response cache, answers still get their caching headers.
    cache = ResponseCache() if response_cache else ResponseCache(max_bytes=0)

    async def version() -> int:
        return await read_models_version(service.answers)

    endpoint = CachedQueries(endpoint, cache, service.questions.version, service.questions.standing, version)
    texts = QueryTexts(registered, registered_only=registered_queries_only)
    endpoint = PersistedQueries(endpoint, texts)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await service.answers.close()

    middleware = [Middleware(ContentSecurityPolicy), Middleware(BodyLimits)]
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["Content-Type", "Authorization"],
            )
        )
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics),
            Route("/graphql", Negotiation(endpoint), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *page_routes(),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
