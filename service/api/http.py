"""The HTTP application: GraphQL at /graphql (GraphiQL on GET), health at /healthz."""

from __future__ import annotations

from collections.abc import Sequence
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
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from service.adapters.metrics import exposition, gauge
from service.api.graphql.context import Context
from service.api.graphql.positions import PositionWatch
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
        self.positions = PositionWatch(service.questions.position, service.records.log_position)

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


def create_app(
    service: Service,
    *,
    cors_origins: Sequence[str] = (),
    response_cache: bool = True,
    stock_graphql: bool = False,
    metrics_directory: Path | None = None,
) -> Starlette:
    """The HTTP app. `stock_graphql` runs GraphQL on strawberry's own executor
    (see service.library_hooks.strawberry); `metrics_directory`, the
    PROMETHEUS_MULTIPROC_DIR of processes serving side by side, makes /metrics
    sum all of them (see service.adapters.metrics)."""

    async def healthz(request: Request) -> Response:
        # The database is synchronous; keep it off the event loop.
        position = await anyio.to_thread.run_sync(service.questions.position)
        return JSONResponse({"status": "ok", "log_position": position})

    async def readyz(request: Request) -> Response:
        try:
            ready, report = await anyio.to_thread.run_sync(readiness, service)
        except Exception as error:  # the database cannot answer: not ready, and say why
            return JSONResponse(
                {"ready": False, "error": f"{type(error).__name__}: {error}"}, status_code=503
            )
        return JSONResponse(report, status_code=200 if ready else 503)

    async def metrics(request: Request) -> Response:
        head, found = await anyio.to_thread.run_sync(lags, service)
        rebuilds = await anyio.to_thread.run_sync(service.questions.tracking.rebuilds)
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
        body = await anyio.to_thread.run_sync(exposition, gauges, metrics_directory)
        return Response(body, media_type=CONTENT_TYPE_PLAIN_0_0_4)

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
