"""What every operation goes through, in one schema extension.

strawberry runs, for each request, every extension through every phase
(operation, parsing, validation, execution), with a generator per hook: ten
small extensions cost a cold picture about a tenth of its time. So the
policies live here together, in the order they apply:

* before: the token limit for parsing and the limit rules for validation;
* the cost limit, reckoned with the request's page sizes (service.api.graphql.cost);
* parsing and validation, cached by query text (with the parser's token
  limit; without `core_schema` both are left to strawberry), and the operation-name rule;
* execution: a query over HTTP reads one snapshot of the read models, ended
  when the operation ends;
* after: one error per input problem, an unreachable database said as such,
  the operation's latency for /metrics (by name only once a name has
  succeeded: service.adapters.metrics), and whether the response may be
  kept by the response cache;
* results: the log position a mutation wrote, in `extensions.position`.

Masking unexpected errors stays strawberry's `MaskErrors`, listed before this
extension so that it runs after it and sees the expanded errors.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    get_operation_ast,
    parse,
    validate,
)
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from service.adapters.metrics import METRICS
from service.api.graphql.cost import cost_refusal
from service.api.graphql.errors import as_the_client_sees_them, naming_arguments, operation_name_missing
from service.api.graphql.immutability import known_at_bound
from service.api.response_cache import CACHEABLE, KNOWN_AT_BOUND

CACHED_QUERIES = 512


@lru_cache(maxsize=CACHED_QUERIES)
def _parsed(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


@lru_cache(maxsize=CACHED_QUERIES)
def _validated(
    schema: GraphQLSchema, rules: tuple[type[ASTValidationRule], ...], query: str, max_tokens: int
) -> list[GraphQLError]:
    # Keyed by the query's text, whose hash Python keeps: graphql-core's nodes
    # hash their whole tree again on every lookup.
    return validate(schema, _parsed(query, max_tokens), rules)


def operation_type(query: str, operation_name: str | None, max_tokens: int) -> OperationType | None:
    """The type of the operation a request names, or None where the query does
    not parse or does not say which operation to run (execution reports those).
    Parsed through the pipeline's cache, which the operation's own parsing then
    hits (strawberry's executor parses again)."""
    try:
        operation = get_operation_ast(_parsed(query, max_tokens), operation_name)
    except GraphQLError:
        return None
    return OperationType(operation.operation.value) if operation is not None else None


class OperationPipeline(SchemaExtension):
    def __init__(
        self,
        rules: tuple[type[ASTValidationRule], ...],
        max_tokens: int,
        *,
        core_schema: Callable[[Any], GraphQLSchema] | None,
    ) -> None:
        """`core_schema` finds the graphql-core schema to validate against with
        our cache (a library hook); without it strawberry parses and validates."""
        self.rules = rules
        self.max_tokens = max_tokens
        self.core_schema = core_schema

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.max_tokens
        context.validation_rules = (*context.validation_rules, *self.rules)
        started = time.perf_counter()
        try:
            yield
        finally:
            end_operation = getattr(context.context, "end_operation", None)
            if end_operation is not None:
                end_operation()
        result = context.result
        if result is not None and getattr(result, "errors", None):
            errors = as_the_client_sees_them(result.errors or [])
            result.errors = naming_arguments(errors, context.graphql_document)
        # A request that did not parse has no operation, nor a type.
        operation_type = context.operation_type if context.graphql_document is not None else None
        kind = operation_type.value if operation_type else "unknown"
        succeeded = result is not None and not result.errors
        METRICS.observe_request(
            kind, context.operation_name, time.perf_counter() - started, succeeded=succeeded
        )
        request = getattr(context.context, "request", None)
        if operation_type is OperationType.QUERY and succeeded and request is not None:
            request.scope[CACHEABLE] = True
            if context.graphql_document is not None and context.query is not None:
                request.scope[KNOWN_AT_BOUND] = known_at_bound(
                    context.schema, context.query, context.graphql_document, context.variables
                )

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        request = getattr(context.context, "request", None)
        if hasattr(context.context, "one_snapshot"):
            # A query over HTTP reads one snapshot; a mutation must read what
            # it wrote, and a feed runs on, so each of their reads takes its own.
            over_http = request is not None and request.scope.get("type") == "http"
            context.context.one_snapshot = over_http and context.operation_type is OperationType.QUERY
        yield

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query and self.core_schema is not None:
            context.graphql_document = _parsed(context.query, self.max_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            errors: list[GraphQLError] = []
            if self.core_schema is not None and context.query:
                rules = tuple(context.validation_rules)
                core = self.core_schema(context.schema)
                errors = list(_validated(core, rules, context.query, self.max_tokens))
            # strawberry reports the first operation's name where the client
            # sent none; the schema notes the name the client did send.
            provided = getattr(context.context, "provided_operation_name", None)
            refusals = [
                operation_name_missing(document, provided),
                cost_refusal(context.query or "", document, provided, context.variables),
            ]
            errors += [refusal for refusal in refusals if refusal is not None]
            # Set, strawberry validates no more; left unset, it validates as it would.
            if self.core_schema is not None or errors:
                context.pre_execution_errors = errors
        yield

    def get_results(self) -> dict[str, Any]:
        position = getattr(self.execution_context.context, "written_position", None)
        return {"position": position} if position is not None else {}
