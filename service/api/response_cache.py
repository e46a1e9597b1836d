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
subscriptions, are never stored. A query sent by GET (service.api.persisted_queries
has already put a persisted query's text in it) shares the key of the same
query sent by POST.

Each answer is kept with the latest `asKnownAt` it is bound by, if every date
in it is explicit (service.api.graphql.immutability), so that a hit is given
the same HTTP caching headers as the answer it repeats (service.api.http_caching).

The media type an answer is sent in (service.api.media_types) is not part of
the key: a successful answer is 200 and the same bytes in either, and only
its Content-Type differs, which a hit sends as the request chose.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import date
from typing import NamedTuple
from urllib.parse import parse_qs

import anyio.to_thread
import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.adapters.answer_reads import AnswersUnavailable
from service.adapters.answer_threads import answer_threads
from service.adapters.metrics import METRICS
from service.adapters.stores import unavailability
from service.api.http_caching import (
    NO_STORE,
    Headers,
    caching_headers,
    carries_credentials,
    entity_tag,
    final,
    revalidated,
)
from service.api.media_types import JSON, MEDIA_TYPE, content_type
from service.api.today import today_of
from service.application.questions import Standing

Key = tuple[str, str, str | None, bytes]

# Set in the ASGI scope by the schema when the operation was a query that
# succeeded: only then may its response be stored.
CACHEABLE = "inspections.cacheable"
# Set beside it: the latest asKnownAt the answer is bound by, if every date in it is explicit.
KNOWN_AT_BOUND = "inspections.known_at_bound"


class Stored(NamedTuple):
    body: bytes
    known_at_bound: str | None


class ResponseCache:
    """Responses by request, for one version of the read models, least
    recently used dropped first once they hold more than `max_bytes`."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.version: int | None = None
        self._responses: OrderedDict[Key, Stored] = OrderedDict()
        self._bytes = 0

    def at_version(self, version: int) -> None:
        """Forget every response if the read models have changed."""
        if version != self.version:
            self._responses.clear()
            self._bytes = 0
            self.version = version

    def get(self, key: Key) -> Stored | None:
        stored = self._responses.get(key)
        if stored is not None:
            self._responses.move_to_end(key)
        return stored

    def put(self, version: int, key: Key, body: bytes, known_at_bound: str | None = None) -> None:
        if version != self.version or len(body) > self.max_bytes // 16 or key in self._responses:
            return
        self._responses[key] = Stored(body, known_at_bound)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            _, dropped = self._responses.popitem(last=False)
            self._bytes -= len(dropped.body)

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
    return _key(query, name, variables, today)


def query_string_key(query_string: bytes, today: date) -> Key | None:
    """The key of a GraphQL request sent by GET, or None if it is not one we keep."""
    fields = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
    if set(fields) - {"query", "variables", "operationName"} or any(len(v) != 1 for v in fields.values()):
        return None
    query, name = fields.get("query", [None])[0], fields.get("operationName", [None])[0]
    variables_text = fields.get("variables", [""])[0]
    try:
        variables = orjson.loads(variables_text) if variables_text else None
    except orjson.JSONDecodeError:
        return None
    return _key(query, name or None, variables, today)


def _key(query: object, name: object, variables: object, today: date) -> Key | None:
    if not isinstance(query, str) or not (name is None or isinstance(name, str)):
        return None
    if not (variables is None or isinstance(variables, dict)):
        return None
    # Today's date: asAt defaults to it.
    return (today.isoformat(), query, name, orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS))


# Where the read models stand, when nothing needs to know.
UNREAD = Standing(0, 0, None)


class CachedQueries:
    """ASGI middleware for the GraphQL endpoint over HTTP: answers queries
    (JSON POSTs and GETs) from the cache when it can, stores what the schema
    marks as cacheable, and gives each answer its HTTP caching headers
    (service.api.http_caching)."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        version: Callable[[], int],
        standing: Callable[[], Standing],
        version_on_loop: Callable[[], Awaitable[int]] | None = None,
    ) -> None:
        """`version` and `standing` are run in a worker thread; `version_on_loop`,
        if given, reads the version without one, and falls back to `version`
        when it cannot."""
        self.app = app
        self.cache = cache
        self.version = version
        self.standing = standing
        self.version_on_loop = version_on_loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method not in ("GET", "POST") or (method == "GET" and not _asks(scope)):
            await self.app(scope, receive, send)  # GraphiQL's page, HEAD, OPTIONS
            return
        if carries_credentials(scope):
            await self.app(scope, receive, _with_headers(send, [(b"cache-control", NO_STORE)]))
            return
        # A POST's answer is never kept by HTTP caches: the version alone
        # keys the response cache, one statement cheaper than where the read
        # models stand, which only a GET's caching headers need; and with
        # the response cache off, a POST needs neither, nor a key.
        keeping = self.cache.max_bytes > 0
        if method == "POST":
            key = None
            if keeping:
                body, more = await read_body(receive)
                key = request_key(body, today_of(scope)) if not more and _json(scope) else None
                receive = replay(body, more, receive)
        else:
            key = query_string_key(scope.get("query_string", b""), today_of(scope))
        if method == "POST" and not keeping:
            standing: Standing | None = UNREAD
        else:
            standing = await self._standing(full=method == "GET")
        if standing is None:
            # The database cannot say: answered uncached, by the schema,
            # which says what is wrong.
            await self.app(scope, receive, _with_headers(send, [(b"cache-control", NO_STORE)]))
            return
        self.cache.at_version(standing.version)
        cached = self.cache.get(key) if key is not None else None
        if cached is not None:
            METRICS.count_cache("hit")
            # Sent in the media type this request prefers (the bytes are the same in either).
            typed = [(b"content-type", content_type(scope.get(MEDIA_TYPE, JSON)).encode())]
            bound = cached.known_at_bound
            await self._answer(scope, send, 200, typed, cached.body, bound, standing, cacheable=True)
            return
        if key is not None and keeping:
            METRICS.count_cache("miss")
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    status = int(start["status"])
                    headers = list(start.get("headers") or [])
                    await self._answer(
                        scope,
                        send,
                        status,
                        headers,
                        b"".join(chunks),
                        scope.get(KNOWN_AT_BOUND),
                        standing,
                        cacheable=bool(scope.get(CACHEABLE)),
                    )
            else:
                await send(message)

        await self.app(scope, receive, capture)
        if keeping and key is not None and start.get("status") == 200 and scope.get(CACHEABLE):
            after = await self._standing(full=False)
            if after is not None and after.version == standing.version:
                self.cache.put(standing.version, key, b"".join(chunks), scope.get(KNOWN_AT_BOUND))

    async def _answer(
        self,
        scope: Scope,
        send: Send,
        status: int,
        headers: Headers,
        body: bytes,
        known_at_bound: str | None,
        standing: Standing,
        *,
        cacheable: bool,
    ) -> None:
        """Send an answer with its caching headers, or 304 when the client holds it."""
        media_type = scope.get(MEDIA_TYPE, JSON)
        headers = [(n, v) for n, v in headers if n.lower() != b"content-length"]
        if status != 200 or scope.get("method") != "GET" or not cacheable:
            # Errors, mutations, POSTs: never kept.
            await _send(send, status, [*headers, (b"cache-control", NO_STORE)], body)
            return
        immutable = final(known_at_bound, standing.reflected_at)
        tag = entity_tag(body, media_type, None if immutable else standing.version)
        caching = caching_headers(tag, immutable)
        if revalidated(scope, tag):
            await _send(send, 304, caching, b"")
            return
        await _send(send, status, [*headers, *caching], body)

    async def _standing(self, *, full: bool) -> Standing | None:
        """Where the read models stand (without `full`, their version alone);
        None while the database cannot be reached."""
        try:
            if full:
                return await anyio.to_thread.run_sync(self.standing, limiter=answer_threads())
            if self.version_on_loop is not None:
                with suppress(AnswersUnavailable):
                    return Standing(await self.version_on_loop(), 0, None)
            return Standing(await anyio.to_thread.run_sync(self.version, limiter=answer_threads()), 0, None)
        except Exception as error:
            if unavailability(error) is None:
                raise
            return None


def _asks(scope: Scope) -> bool:
    """Whether a GET carries a GraphQL request (else it is for GraphiQL's page)."""
    return b"query=" in scope.get("query_string", b"")


def _json(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    media_type: bytes = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    return media_type == b"application/json"


def _with_headers(send: Send, extra: Headers) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*(message.get("headers") or []), *extra]}
        await send(message)

    return sending


async def read_body(receive: Receive, limit: int = 64 * 1024) -> tuple[bytes, bool]:
    """The request body, up to `limit` bytes; the flag says whether more is to come."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body", False):
            return b"".join(chunks), False
        if size > limit:
            return b"".join(chunks), True


def replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A receive that gives the body already read, then whatever follows it."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replayed


async def _send(send: Send, status: int, headers: Headers, body: bytes) -> None:
    if status != 304:
        headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
