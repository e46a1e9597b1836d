"""Which media type a GraphQL answer is sent in, from the request's Accept
header (GraphQL over HTTP).

`application/graphql-response+json` is sent when the client prefers it: it
names it with a higher weight than `application/json`, or with the same
weight. Otherwise, and when the header is absent or admits anything (`*/*`,
as curl and most HTTP libraries send), the legacy `application/json`. A
request for a GraphQL answer whose Accept admits neither gets 406; a GET
without a query is left alone, for GraphiQL to be served to a browser.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# The ASGI scope's key for the media type chosen for the request.
MEDIA_TYPE = "inspections.media_type"

_WEIGHT = re.compile(r"0(\.\d{0,3})?|1(\.0{0,3})?")
# How closely a media range names a type: its own name, then type/*, then */*.
_NAMED, _SUBTYPES, _ANY, _UNNAMED = 2, 1, 0, -1


def content_type(media_type: str) -> str:
    """The Content-Type header of an answer sent in a media type."""
    return f"{media_type}; charset=utf-8" if media_type == GRAPHQL_RESPONSE else media_type


def preferred_media_type(accept: str | None) -> str | None:
    """The media type to answer in, or None if the header admits neither."""
    if accept is None or not accept.strip():
        return JSON
    ranges = _media_ranges(accept)
    spec_weight, spec_named = _weight(ranges, GRAPHQL_RESPONSE)
    legacy_weight, _ = _weight(ranges, JSON)
    if spec_weight == legacy_weight == 0:
        return None
    # A client that names the spec's type beside application/json with the
    # same weight reads it; one that only admits anything may not.
    if spec_weight > legacy_weight or (spec_weight == legacy_weight and spec_named == _NAMED):
        return GRAPHQL_RESPONSE
    return JSON


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """Each media range of an Accept header with its weight; a malformed one is left out."""
    ranges = []
    for item in accept.split(","):
        name, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                weight = float(value) if _WEIGHT.fullmatch(value.strip()) else -1.0
        if "/" in name and weight >= 0:
            ranges.append((name.lower(), weight))
    return ranges


def _weight(ranges: list[tuple[str, float]], media_type: str) -> tuple[float, int]:
    """The weight the most specific range matching a media type gives it (RFC 9110
    12.5.1), and how closely that range names it."""
    kind = media_type.split("/")[0]
    weight, closeness = 0.0, _UNNAMED
    for name, given in ranges:
        match = {media_type: _NAMED, f"{kind}/*": _SUBTYPES, "*/*": _ANY}.get(name, _UNNAMED)
        if match > closeness or (match == closeness and match != _UNNAMED and given > weight):
            weight, closeness = given, match
    return weight, closeness


class Negotiation:
    """ASGI middleware for the GraphQL endpoint over HTTP: notes the media type
    to answer in, in the scope, or answers 406."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            accept = dict(scope.get("headers") or []).get(b"accept")
            media_type = preferred_media_type(accept.decode("latin-1") if accept is not None else None)
            if media_type is None and _asks_for_an_answer(scope):
                refusal = PlainTextResponse(
                    f"Not Acceptable: GraphQL answers are sent as {GRAPHQL_RESPONSE} or {JSON}", 406
                )
                await refusal(scope, receive, send)
                return
            scope[MEDIA_TYPE] = media_type or JSON
        await self.app(scope, receive, send)


def _asks_for_an_answer(scope: Scope) -> bool:
    if scope.get("method") != "GET":
        return True
    return "query" in parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
