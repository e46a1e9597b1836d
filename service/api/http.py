"""The HTTP application: GraphQL at /graphql (GraphiQL on GET), health at /healthz."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio.to_thread
import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from service.adapters.metrics import METRICS
from service.adapters.stores import unavailability
from service.api.graphql.context import Context
from service.api.graphql.schema import build_schema
from service.api.health import lags, readiness
from service.api.response_cache import CachedQueries, ResponseCache
from service.api.today import today_of
from service.bootstrap import Service

MAX_BODY_BYTES = 256 * 1024


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, service: Service, *, stock: bool = False) -> None:
        super().__init__(build_schema(stock=stock), graphql_ide="graphiql")
        self.service = service

    async def get_context(self, request: Any, response: Any) -> Context:
        return Context(
            reading=self.service.reading,
            latest=self.service.questions,
            recording=self.service.recording,
            tokens=self.service.tokens,
            today=today_of(request.scope),
            request=request,
            response=response,
        )

    def decode_json(self, data: str | bytes) -> object:
        """Request bodies (and query-string variables, and websocket messages)
        must be JSON objects; anything else is the client's mistake, not a 500."""
        try:
            decoded = orjson.loads(data)
        except orjson.JSONDecodeError as error:
            raise HTTPException(400, f"the request body is not valid JSON: {error}") from None
        if not isinstance(decoded, dict):
            raise HTTPException(400, "the request body must be a JSON object with a 'query' member")
        return decoded

    def encode_json(self, data: object) -> str:
        # Text, not bytes: the same encoder feeds websocket frames, which
        # graphql-transport-ws requires to be text.
        return orjson.dumps(data).decode()


class BodyLimit:
    """Refuse request bodies over a size, declared or streamed (Starlette has no limit of its own)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"errors": [{"message": f"request body over {self.max_bytes} bytes"}]}, status_code=413
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


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
    stock_graphql: bool = False,
) -> Starlette:
    """The HTTP app. `stock_graphql` runs GraphQL on strawberry's own executor
    (see service.library_hooks.strawberry)."""

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
        except Exception as error:  # a failed scrape, that says why
            return PlainTextResponse(f"# database unavailable: {_problem(error)}\n", status_code=503)
        gauges: dict[str, list[tuple[dict[str, str], float]]] = {
            "inspections_log_position": [({}, float(head))],
            "inspections_projection_position": [({"projection": g.name}, float(g.position)) for g in found],
            "inspections_projection_lag_events": [({"projection": g.name}, float(g.events)) for g in found],
            "inspections_projection_lag_seconds": [({"projection": g.name}, g.seconds) for g in found],
            "inspections_rebuild_applied_events": [
                ({"projection": n}, float(a)) for n, (a, _) in rebuilds.items()
            ],
            "inspections_rebuild_position": [({"projection": n}, float(p)) for n, (_, p) in rebuilds.items()],
        }
        return PlainTextResponse(METRICS.render(gauges), media_type="text/plain; version=0.0.4")

    graphql = GraphQLApp(service, stock=stock_graphql)
    endpoint: ASGIApp = graphql
    if response_cache:
        endpoint = CachedQueries(graphql, ResponseCache(), service.questions.version)
    middleware = [Middleware(BodyLimit)]
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
            Route("/graphql", endpoint, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ],
        middleware=middleware,
    )
