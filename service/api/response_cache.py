"""Whole GraphQL responses, kept while the read models have not changed.

A query's answer depends only on the request (query text, operation name,
variables), on the date when it defaults `asAt` to today, and on the read
models. The read models carry a version that every change advances (each
batch of events applied, each rebuild), so a response stored under the
version it was computed at is exact for as long as the version stays the
same: no event the store has applied since can have changed it. Each request
reads the version first; a new version empties the cache.

Only successful queries are stored, and only when the version was the same
before and after they ran (an answer computed while a batch was applied
might mix two versions). Requests that carry credentials, and mutations and
subscriptions, are never stored.

The media type an answer is sent in (service.api.media_types) is not part of
the key: a successful answer is 200 and the same bytes in either, and only
its Content-Type differs, which a hit sends as the request chose.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date

import anyio.to_thread
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.adapters.metrics import METRICS
from service.adapters.stores import unavailability
from service.api.media_types import JSON, MEDIA_TYPE, content_type
from service.api.today import today_of

Key = tuple[str, str, str | None, bytes]

# Set in the ASGI scope by the schema when the operation was a query that
# succeeded: only then may its response be stored.
CACHEABLE = "inspections.cacheable"


class ResponseCache:
    """Responses by request, for one version of the read models, least
    recently used dropped first once they hold more than `max_bytes`."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.version: int | None = None
        self._responses: OrderedDict[Key, bytes] = OrderedDict()
        self._bytes = 0

    def at_version(self, version: int) -> None:
        """Forget every response if the read models have changed."""
        if version != self.version:
            self._responses.clear()
            self._bytes = 0
            self.version = version

    def get(self, key: Key) -> bytes | None:
        body = self._responses.get(key)
        if body is not None:
            self._responses.move_to_end(key)
        return body

    def put(self, version: int, key: Key, body: bytes) -> None:
        if version != self.version or len(body) > self.max_bytes // 16 or key in self._responses:
            return
        self._responses[key] = body
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            _, dropped = self._responses.popitem(last=False)
            self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._responses)


def request_key(body: bytes, today: date) -> Key | None:
    """The key of a JSON GraphQL request, or None if it is not one we keep."""
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(request, dict) or set(request) - {"query", "variables", "operationName"}:
        return None
    query, variables, name = request.get("query"), request.get("variables"), request.get("operationName")
    if not isinstance(query, str) or not (name is None or isinstance(name, str)):
        return None
    if not (variables is None or isinstance(variables, dict)):
        return None
    # Today's date: asAt defaults to it.
    return (today.isoformat(), query, name, orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS))


class CachedQueries:
    """ASGI middleware for the GraphQL endpoint: answers JSON POSTs from the
    cache when it can, and stores what the schema marks as cacheable."""

    def __init__(self, app: ASGIApp, cache: ResponseCache, version: Callable[[], int]) -> None:
        self.app = app
        self.cache = cache
        self.version = version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._may_cache(scope):
            await self.app(scope, receive, send)
            return
        body, more = await _read_body(receive)
        key = request_key(body, today_of(scope)) if not more else None
        if key is None:
            await self.app(scope, _replay(body, more, receive), send)
            return
        version = await self._version()
        if version is None:
            # The database cannot say: answered uncached, by the schema,
            # which says what is wrong.
            await self.app(scope, _replay(body, False, receive), send)
            return
        self.cache.at_version(version)
        cached = self.cache.get(key)
        if cached is not None:
            METRICS.count_cache("hit")
            await _send_answer(send, cached, scope.get(MEDIA_TYPE, JSON))
            return
        METRICS.count_cache("miss")
        status = 0
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
            await send(message)

        await self.app(scope, _replay(body, False, receive), capture)
        if status == 200 and scope.get(CACHEABLE) and await self._version() == version:
            self.cache.put(version, key, b"".join(chunks))

    async def _version(self) -> int | None:
        """The read models' version; None while the database cannot be reached."""
        try:
            return await anyio.to_thread.run_sync(self.version)
        except Exception as error:
            if unavailability(error) is None:
                raise
            return None

    @staticmethod
    def _may_cache(scope: Scope) -> bool:
        if scope["type"] != "http" or scope.get("method") != "POST":
            return False
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        return content_type == b"application/json" and b"authorization" not in headers


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The request body, up to 64 KiB; the flag says whether more is to come."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body", False):
            return b"".join(chunks), False
        if size > 64 * 1024:
            return b"".join(chunks), True


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A receive that gives the body already read, then whatever follows it."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replayed


async def _send_answer(send: Send, body: bytes, media_type: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", content_type(media_type).encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
