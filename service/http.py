"""The HTTP application."""

from __future__ import annotations

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from service.application import InspectionRecords


def create_app(records: InspectionRecords) -> Starlette:
    async def healthz(request: Request) -> JSONResponse:
        # The store is synchronous; keep it off the event loop.
        position = await anyio.to_thread.run_sync(records.log_position)
        return JSONResponse({"status": "ok", "log_position": position})

    return Starlette(routes=[Route("/healthz", healthz)])
