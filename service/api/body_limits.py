"""Limits on a request's body, in size and in time: Starlette has neither.

A body over `MAX_BODY_BYTES`, declared or streamed, is refused with 413. A
body that has not arrived in full `BODY_SECONDS` after the app first asks
for it is refused with 408, so that a client that announces ten bytes and
sends one cannot hold a connection, and a worker's attention, for ever.
"""

from __future__ import annotations

import math

import anyio
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 256 * 1024
BODY_SECONDS = 30.0


class BodyLimits:
    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, 413, f"request body over {self.max_bytes} bytes")
            return
        received = 0
        complete = False
        deadline = math.inf

        async def limited() -> Message:
            nonlocal received, complete, deadline
            if complete:
                # Once the body is in, a further receive waits for the client to
                # go away, which may take as long as the answer does.
                return await receive()
            if deadline == math.inf:
                deadline = anyio.current_time() + BODY_SECONDS
            with anyio.move_on_after(max(deadline - anyio.current_time(), 0)) as waiting:
                message = await receive()
            if waiting.cancelled_caught:
                raise _TooSlow
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
                complete = not message.get("more_body", False)
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._refuse(scope, receive, send, 413, f"request body over {self.max_bytes} bytes")
        except _TooSlow:
            await self._refuse(
                scope, receive, send, 408, f"the request body did not arrive within {BODY_SECONDS:g} s"
            )

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
        # Closing: what is left of a body that was refused is not worth reading.
        response = JSONResponse(
            {"errors": [{"message": message}]}, status_code=status, headers={"connection": "close"}
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass
