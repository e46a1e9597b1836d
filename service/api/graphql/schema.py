"""The schema with its limits, caches and error policy."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types.graphql import OperationType

from domain.errors import DomainError
from service.api.graphql.errors import InputProblems
from service.api.graphql.mutation import Mutation
from service.api.graphql.pipeline import OperationPipeline, operation_type
from service.api.graphql.query import Query
from service.api.graphql.scalars import Date as DateScalar
from service.api.graphql.scalars import DateTime as DateTimeScalar
from service.api.graphql.scalars import InvalidScalar
from service.api.graphql.subscription import Subscription
from service.application.questions import QueryError

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000

USER_ERRORS = (QueryError, DomainError, InputProblems, InvalidScalar)


def should_mask(error: GraphQLError) -> bool:
    """Hide unexpected failures; show the user's own mistakes, and errors
    graphql-core raises about the query itself (syntax, validation, variables)."""
    original = error.original_error
    if original is None:
        return False
    return not isinstance(original, (*USER_ERRORS, GraphQLError))


class OperationTypeRefused(Exception):
    """`execute` was asked for an operation of a type it does not run: a
    subscription (a stream: `subscribe` serves it), or a type the caller did
    not allow (a mutation sent by GET), for the app to say what to do instead."""

    def __init__(self, operation_type: OperationType) -> None:
        super().__init__(operation_type.value)
        self.operation_type = operation_type


class InspectionSchema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # Log only what is unexpected; a user's mistake is answered, not logged as a failure.
        super().process_errors([e for e in errors if should_mask(e)], execution_context)

    async def execute(self, query: str | None, *args: Any, **kwargs: Any) -> Any:
        _note_operation_name(kwargs)
        # Checked here rather than left to strawberry, whose HTTP view allows
        # subscriptions on GET and POST (for streaming transports this app does
        # not serve: one would run into "Cannot return null") and turns any
        # refusal into a plain 400 saying neither why nor what to do instead.
        allowed = set(kwargs.get("allowed_operation_types") or OperationType) - {OperationType.SUBSCRIPTION}
        named = operation_type(query or "", kwargs.get("operation_name"), MAX_TOKENS)
        if named is not None and named not in allowed:
            raise OperationTypeRefused(named)
        kwargs["allowed_operation_types"] = allowed
        return await super().execute(query, *args, **kwargs)

    async def subscribe(self, query: str | None, *args: Any, **kwargs: Any) -> Any:
        _note_operation_name(kwargs)
        return await super().subscribe(query, *args, **kwargs)


def _note_operation_name(arguments: dict[str, Any]) -> None:
    """Tell the context which operation the client named, if any: strawberry
    reports the first operation's name when none was sent, and a document with
    several operations must name one (see errors.operation_name_missing)."""
    context = arguments.get("context_value")
    if hasattr(context, "provided_operation_name"):
        setattr(context, "provided_operation_name", arguments.get("operation_name"))  # noqa: B010


@cache
def build_schema(*, stock: bool = False) -> InspectionSchema:
    """The schema. `stock` runs on strawberry's own executor, parser and
    validation and its limit extensions, and never imports the parts of
    service.library_hooks.strawberry, so that it still runs after an upgrade
    has broken them."""
    config = StrawberryConfig(scalar_map={date: DateScalar, datetime: DateTimeScalar})
    masked = lambda: MaskErrors(should_mask_error=should_mask, error_message="Unexpected error.")  # noqa: E731
    if stock:
        # Factories, not instances: strawberry builds each extension per request.
        limits: list[Any] = [
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        ]
        return InspectionSchema(
            config=config,
            query=Query,
            mutation=Mutation,
            subscription=Subscription,
            extensions=[masked, *limits, lambda: OperationPipeline((), MAX_TOKENS, core_schema=None)],
        )
    from service.api.graphql.execution import PlainFieldsExecutor
    from service.library_hooks.strawberry import core_schema, limit_rules

    # The rule classes are built once: the validation cache is keyed by them,
    # so rules created per request would make every request miss it.
    rules = limit_rules(MAX_DEPTH, MAX_ALIASES)

    def pipeline() -> SchemaExtension:
        return OperationPipeline(rules, MAX_TOKENS, core_schema=core_schema)

    return InspectionSchema(
        config=config,
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        execution_context_class=PlainFieldsExecutor,
        # The pipeline after MaskErrors, so that it runs first on the way out and
        # MaskErrors sees the errors it expanded (extensions unwind in reverse).
        extensions=[masked, pipeline],
    )
