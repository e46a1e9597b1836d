"""Registered queries answered by their compiled plans (service.api.graphql.compiled).

ASGI middleware in front of the GraphQL app, behind the response cache (so
that hits, ETags and Cache-Control work as for any answer) and behind
persisted queries (so that a query sent by hash arrives as its text). A
request whose text is a compiled registered query, sent by POST as JSON or
by GET, without credentials, is answered from one statement run on the event
loop (service.adapters.answer_reads): no worker thread, no GraphQL
execution. Everything else, and any request the plan cannot answer exactly
as the general executor would (a variable of another kind, an unknown
authority, a database that cannot be reached), goes on to the GraphQL app.

Like the schema's pipeline, it marks a successful answer as one the
response cache may keep, with the `asKnownAt` it is bound by, and counts its
latency for /metrics.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from service.adapters.answer_reads import AnswerReads
from service.adapters.metrics import METRICS
from service.adapters.picture_statement import PictureFound, PictureStatement, picture_found
from service.api.graphql.compiled import Plan
from service.api.graphql.immutability import Printable, known_at_bound
from service.api.http_caching import carries_credentials
from service.api.media_types import JSON, MEDIA_TYPE, content_type
from service.api.response_cache import CACHEABLE, KNOWN_AT_BOUND, read_body, replay
from service.api.today import today_of
from service.application.questions import Moment

_REQUEST_KEYS = frozenset({"query", "variables", "operationName"})


class CompiledAnswers:
    def __init__(
        self,
        app: ASGIApp,
        plans: Mapping[str, Plan],
        reads: AnswerReads,
        statement: PictureStatement,
        schema: Printable,
    ) -> None:
        self.app = app
        self.plans = plans
        self.reads = reads
        self.statement = statement
        self.schema = schema
        self._sql = {
            (shown, lineage): statement.sql(with_position=shown, with_lineage=lineage)
            for shown in (True, False)
            for lineage in (True, False)
        }
        # The authorities a replacement is recorded into, as far as answers
        # have found (replacements are never unrecorded): their pictures are
        # read with the lineage at once, the others' without it first.
        self._successors: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method not in ("GET", "POST") or carries_credentials(scope):
            await self.app(scope, receive, send)
            return
        if method == "POST":
            body, more = await read_body(receive)
            receive = replay(body, more, receive)
            request = None if more or not _json(scope) else _posted(body)
        else:
            request = _from_query_string(scope.get("query_string", b""))
        plan = self.plans.get(request[0]) if request is not None else None
        if plan is None or request is None:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        answer: bytes | None
        try:
            answer = await self._answer(scope, plan, request[1], request[2])
        except Exception:
            # PlanRefused, AnswersUnavailable, or anything the plan could not
            # write: the general executor answers, as it would have anyway.
            answer = None
        if answer is None:
            METRICS.count_compiled("general")
            await self.app(scope, receive, send)
            return
        METRICS.count_compiled("plan")
        METRICS.observe_request("query", plan.operation_name, time.perf_counter() - started, succeeded=True)
        media_type = scope.get(MEDIA_TYPE, JSON)
        headers = [
            (b"content-type", content_type(media_type).encode()),
            (b"content-length", str(len(answer)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer})

    async def _answer(
        self, scope: Scope, plan: Plan, name: str | None, variables: dict[str, Any]
    ) -> bytes | None:
        if name is not None and name != plan.operation_name:
            return None
        asked = plan.asked(variables)
        moment = Moment.of(asked.as_at, asked.known_at, today_of(scope))
        shown = plan.shows_position
        lineage = asked.follow_lineage and asked.authority in self._successors
        found = await self._picture(asked.authority, moment, shown, lineage, asked.follow_lineage)
        if found is None:
            self._successors.add(asked.authority)
            found = await self._picture(asked.authority, moment, shown, True, asked.follow_lineage)
        if found is None or not found.registered:
            return None
        body = orjson.dumps(plan.answer(asked, moment.as_at, found))
        scope[CACHEABLE] = True
        scope[KNOWN_AT_BOUND] = (
            known_at_bound(self.schema, plan.text, plan.document, variables) if plan.bindable else None
        )
        return body

    async def _picture(
        self, code: str, moment: Moment, shown: bool, lineage: bool, follow_lineage: bool
    ) -> PictureFound | None:
        params = self.statement.parameters(code, moment.as_at, moment.known_at, shown, lineage)
        rows = await self.reads.rows(self._sql[shown, lineage], params)
        return picture_found(rows, code, moment.as_at, follow_lineage, lineage)


def _json(scope: Scope) -> bool:
    for name, value in scope.get("headers") or ():
        if name == b"content-type":
            return bool(value.split(b";")[0].strip().lower() == b"application/json")
    return False


def _request(query: object, name: object, variables: object) -> tuple[str, str | None, dict[str, Any]] | None:
    if not isinstance(query, str) or not (name is None or isinstance(name, str)):
        return None
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        return None
    return query, name, variables


def _posted(body: bytes) -> tuple[str, str | None, dict[str, Any]] | None:
    try:
        request = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(request, dict) or not request.keys() <= _REQUEST_KEYS:
        return None
    return _request(request.get("query"), request.get("operationName"), request.get("variables"))


def _from_query_string(query_string: bytes) -> tuple[str, str | None, dict[str, Any]] | None:
    fields = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
    if not fields.keys() <= _REQUEST_KEYS or any(len(v) != 1 for v in fields.values()):
        return None
    variables_text = fields.get("variables", [""])[0]
    try:
        variables = orjson.loads(variables_text) if variables_text else None
    except orjson.JSONDecodeError:
        return None
    return _request(fields.get("query", [None])[0], fields.get("operationName", [None])[0], variables)
