"""Persisted queries: the automatic protocol common GraphQL clients speak,
and a registry of the project's own queries.

A client sends `extensions.persistedQuery = {"version": 1, "sha256Hash": H}`
(by POST, or by GET in the query string), H being the SHA-256 of the query's
text in hexadecimal:

* without `query`: the text registered under H is run; none known is answered
  `PersistedQueryNotFound` (code `PERSISTED_QUERY_NOT_FOUND`), and the client
  sends the hash again with the text;
* with `query`: the text must hash to H (else a 400 naming the mismatch); it
  is remembered under H for the hash alone next time.

Registered queries are the `.graphql` files under `queries/` (one operation
a file, hashed as the file's exact text), loaded at start. Texts learnt from
clients are kept per process in an LRU of at most `AUTOMATIC_QUERIES` texts
and `AUTOMATIC_BYTES` of text, so clients sending ever new queries cannot
grow it; a process that has forgotten a text, or another process behind the
same address, answers not found and the client sends it again.

With `PERSISTED_QUERIES=registered` the server runs registered queries only
(an allow-list), whether sent by hash or as text, and learns none.

This middleware only puts the text in the request (a POST's body, a GET's
query string) and takes `extensions` out; everything after it (the response
cache, GraphQL over HTTP, a mutation sent by GET refused with 405) sees an
ordinary request.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.http_caching import NO_STORE
from service.api.media_types import GRAPHQL_RESPONSE, JSON, MEDIA_TYPE, content_type
from service.api.response_cache import read_body, replay

QUERIES = Path(__file__).resolve().parents[2] / "queries"
AUTOMATIC_QUERIES = 1000
AUTOMATIC_BYTES = 4 * 1024 * 1024
# Bodies over this are left alone (BodyLimits refuses over 256 KiB anyway).
LARGEST_BODY = 256 * 1024

NOT_FOUND = "PersistedQueryNotFound"


def query_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def query_file_text(path: Path) -> str:
    """A query file's text byte for byte: read_text() would turn CRLF into
    LF, and register the file under a hash that `sha256sum` does not print."""
    return path.read_bytes().decode("utf-8")


def registered_queries(directory: Path = QUERIES) -> dict[str, str]:
    """Every `.graphql` file under the directory, by the hash of its text."""
    return {query_hash(text): text for text in map(query_file_text, sorted(directory.rglob("*.graphql")))}


class QueryTexts:
    """Query texts by hash: the registered ones, and (unless only those are
    allowed) those clients taught, least recently used forgotten first."""

    def __init__(self, registered: Mapping[str, str], *, registered_only: bool = False) -> None:
        self.registered = dict(registered)
        self.registered_only = registered_only
        self._learnt: OrderedDict[str, str] = OrderedDict()
        self._bytes = 0

    def get(self, digest: str) -> str | None:
        found = self.registered.get(digest)
        if found is None and (found := self._learnt.get(digest)) is not None:
            self._learnt.move_to_end(digest)
        return found

    def learn(self, digest: str, text: str) -> None:
        if self.registered_only or digest in self.registered or digest in self._learnt:
            return
        if len(text) > AUTOMATIC_BYTES // 16:
            return
        self._learnt[digest] = text
        self._bytes += len(text)
        while len(self._learnt) > AUTOMATIC_QUERIES or self._bytes > AUTOMATIC_BYTES:
            _, dropped = self._learnt.popitem(last=False)
            self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._learnt)


class Refusal(Exception):
    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class PersistedQueries:
    """ASGI middleware for the GraphQL endpoint over HTTP."""

    def __init__(self, app: ASGIApp, texts: QueryTexts) -> None:
        self.app = app
        self.texts = texts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method not in ("GET", "HEAD", "POST"):
            await self.app(scope, receive, send)
            return
        try:
            if method != "POST":  # HEAD is run as GET is
                scope = self._get(scope)
            else:
                body, more = await read_body(receive, LARGEST_BODY)
                if more and self.texts.registered_only:
                    raise Refusal(
                        413,
                        "only registered queries are accepted here, and this body is larger",
                        "QUERY_NOT_REGISTERED",
                    )
                settled = body if more else self._posted(body)
                if settled is not body:
                    scope = _with_length(scope, len(settled))
                receive = replay(settled, more, receive)
        except Refusal as refusal:
            await _refuse(scope, send, refusal)
            return
        await self.app(scope, receive, send)

    def _get(self, scope: Scope) -> Scope:
        fields = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if "extensions" not in fields and not self.texts.registered_only:
            return scope
        if "query" not in fields and "extensions" not in fields:
            return scope  # GraphiQL's page
        extensions = _json_object(fields.pop("extensions", ["{}"])[-1])
        query = fields.pop("query", [None])[-1]
        text = self._text(query, extensions)
        if text is None:
            return scope  # not ours to decide: GraphQL over HTTP answers
        fields["query"] = [text]
        if extensions:
            fields["extensions"] = [orjson.dumps(extensions).decode()]
        return {**scope, "query_string": urlencode(fields, doseq=True).encode()}

    def _posted(self, body: bytes) -> bytes:
        if b'"extensions"' not in body and not self.texts.registered_only:
            return body  # most requests: not parsed twice
        try:
            request = orjson.loads(body)
        except orjson.JSONDecodeError:
            return body  # refused after, by GraphQL over HTTP
        if not isinstance(request, dict):
            return body
        if "extensions" not in request and not self.texts.registered_only:
            return body
        extensions = request.pop("extensions", None) or {}
        if not isinstance(extensions, dict):
            raise Refusal(400, "extensions: must be a JSON object", "BAD_REQUEST")
        text = self._text(request.get("query"), extensions)
        if text is None:
            return body
        request["query"] = text
        if extensions:
            request["extensions"] = extensions
        return orjson.dumps(request)

    def _text(self, query: object, extensions: dict[str, Any]) -> str | None:
        """The query text to run, once `persistedQuery` (taken out of the
        extensions) is settled; None for a request with no query to settle."""
        persisted = extensions.pop("persistedQuery", None)
        if persisted is None:
            if (
                isinstance(query, str)
                and self.texts.registered_only
                and self.texts.get(query_hash(query)) is None
            ):
                raise Refusal(400, "only registered queries are accepted here", "QUERY_NOT_REGISTERED")
            return query if isinstance(query, str) else None
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise Refusal(400, "persistedQuery: only version 1 is supported", "PERSISTED_QUERY_VERSION")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            raise Refusal(400, "persistedQuery.sha256Hash: must be 64 hexadecimal digits", "BAD_REQUEST")
        digest = digest.lower()
        if query is None:
            found = self.texts.get(digest)
            if found is None:
                raise Refusal(200, NOT_FOUND, "PERSISTED_QUERY_NOT_FOUND")
            return found
        if not isinstance(query, str) or query_hash(query) != digest:
            raise Refusal(400, "provided sha does not match query", "PERSISTED_QUERY_HASH_MISMATCH")
        if self.texts.registered_only and self.texts.get(digest) is None:
            raise Refusal(400, "only registered queries are accepted here", "QUERY_NOT_REGISTERED")
        self.texts.learn(digest, query)
        return query


def _json_object(text: str) -> dict[str, Any]:
    try:
        decoded = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise Refusal(400, f"extensions: not valid JSON: {error}", "BAD_REQUEST") from None
    if not isinstance(decoded, dict):
        raise Refusal(400, "extensions: must be a JSON object", "BAD_REQUEST")
    return decoded


async def _refuse(scope: Scope, send: Send, refusal: Refusal) -> None:
    """A refusal as a GraphQL answer with errors only. Not found is 200 in
    application/json (what clients of the protocol expect) and, as every
    request error, 400 in application/graphql-response+json; never stored."""
    media_type = scope.get(MEDIA_TYPE, JSON)
    status = 400 if media_type == GRAPHQL_RESPONSE else refusal.status
    body = orjson.dumps({"errors": [{"message": str(refusal), "extensions": {"code": refusal.code}}]})
    headers = [
        (b"content-type", content_type(media_type).encode()),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", NO_STORE),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _with_length(scope: Scope, length: int) -> Scope:
    headers = [(n, v) for n, v in scope.get("headers") or [] if n != b"content-length"]
    return {**scope, "headers": [*headers, (b"content-length", str(length).encode())]}
