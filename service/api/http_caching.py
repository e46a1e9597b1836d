"""HTTP caching by the rules of time: ETags, 304s and Cache-Control.

A successful query sent by GET without credentials is answered with a
strong ETag and honours If-None-Match with 304. Its Cache-Control is:

* `public, max-age=31536000, immutable` when the answer is final: every date
  in it is explicit (service.api.graphql.immutability) and the latest
  `asKnownAt` it names is earlier than the recorded time of the last event
  the read models had all applied when it was read. Recorded times never run
  backwards along the log, so every event recorded later, or not yet
  projected, carries a time at or after that one: none can be known at the
  moment asked about (docs/architecture.md, "Answers that never change").
  Its ETag is of the bytes and media type alone, so it stays the same for
  ever.
* `no-cache` otherwise: a cache may keep it but must ask again, and the ETag
  includes the read models' version, so it changes whenever they do.

Everything else is `no-store`: answers with errors, mutations, requests that
carry credentials (an Authorization header or cookies: shared caches would
need `private`, and browsers could still keep a write's answer or a token's
refusal on disk; no read needs credentials, so nothing is lost), and every
POST (HTTP caches do not key by bodies).
"""

from __future__ import annotations

import hashlib

from starlette.types import Scope

IMMUTABLE = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"
NO_STORE = b"no-store"
Headers = list[tuple[bytes, bytes]]


def final(known_at_bound: str | None, reflected_at: str | None) -> bool:
    """Whether an answer bound by `known_at_bound` (recorded-time text) can no
    longer change, given the recorded time of the last event the read models
    had all applied before it was read. Strictly earlier: events after that
    one may carry the very same time."""
    return known_at_bound is not None and reflected_at is not None and known_at_bound < reflected_at


def entity_tag(body: bytes, media_type: str, version: int | None) -> bytes:
    """A strong ETag of the answer's bytes in its media type, and of the read
    models' version unless the answer is final (None)."""
    digest = hashlib.sha256(media_type.encode())
    if version is not None:
        digest.update(b"\0v%d" % version)
    digest.update(b"\0")
    digest.update(body)
    return b'"' + digest.hexdigest()[:32].encode() + b'"'


def revalidated(scope: Scope, tag: bytes) -> bool:
    """Whether the request's If-None-Match names the tag (weak comparison, as
    RFC 9110 13.1.2 asks of If-None-Match)."""
    header = dict(scope.get("headers") or []).get(b"if-none-match")
    if header is None:
        return False
    if header.strip() == b"*":
        return True
    named = {t.strip().removeprefix(b"W/") for t in header.split(b",")}
    return tag in named


def carries_credentials(scope: Scope) -> bool:
    headers = dict(scope.get("headers") or [])
    return b"authorization" in headers or b"cookie" in headers


def caching_headers(tag: bytes, immutable: bool) -> Headers:
    return [
        (b"etag", tag),
        (b"cache-control", IMMUTABLE if immutable else REVALIDATE),
        (b"vary", b"Accept"),
    ]
