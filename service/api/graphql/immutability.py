"""Which recorded moment an answer is bound by, if every date in it is explicit.

An answer can be final only when nothing in it depends on "today" or "now":
every field it selects that takes `asAt` names one, every root field names
`asKnownAt`, and no field reports where the read models stand (`position`,
which moves with every batch applied). Such an answer is a function of the
events recorded up to the latest `asKnownAt` it names; `known_at_bound`
returns that moment as the fixed-width UTC text recorded times are compared
with (projections.recorded_event), or None when the answer is not of this
kind. service.api.http_caching compares it with the moment the read models
have fully reflected (docs/architecture.md, "Answers that never change").

Variables count as arguments: a date passed in a variable is explicit, and
so is a variable's default written in the query. A root field without
`asKnownAt` (the register, the log, the catalogue, introspection) is never
bound: it shows the record as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    build_schema,
    value_from_ast_untyped,
    visit,
)
from graphql.language import OperationDefinitionNode

from projections.recorded_event import timestamp_text
from service.api.graphql.scalars import InvalidScalar, parse_date_time

AS_AT = "asAt"
AS_KNOWN_AT = "asKnownAt"
# Fields whose value moves with the read models whatever the dates asked about.
MOVING_FIELDS = frozenset({"position"})


class Printable(Protocol):
    def as_str(self) -> str: ...

    def __hash__(self) -> int: ...


@cache
def typed_schema(schema: Printable) -> GraphQLSchema:
    """The schema's types, built once from its SDL (public API only, so that
    the stock executor has it too)."""
    return build_schema(schema.as_str())


@dataclass(frozen=True)
class DateArguments:
    """What a query says of its dates, found once per query text:
    whether anything in it moves whatever the dates (`bound` False), and each
    `asAt` or `asKnownAt` a selected field takes, as written (None: left out)."""

    bound: bool
    dates: tuple[tuple[str, ValueNode | None], ...]
    defaults: dict[str, Any]


class _DatesFound(Visitor):
    def __init__(self, schema: GraphQLSchema, type_info: TypeInfo) -> None:
        super().__init__()
        self.query_type = schema.query_type
        self.type_info = type_info
        self.bound = True
        self.dates: list[tuple[str, ValueNode | None]] = []

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        name = node.name.value
        if name.startswith("__") and name != "__typename":
            self.bound = False  # introspection: the schema, not the record
            return
        if name in MOVING_FIELDS:
            self.bound = False
            return
        definition = self.type_info.get_field_def()
        if definition is None:
            return
        at_root = self.type_info.get_parent_type() is self.query_type
        if at_root and name != "__typename" and AS_KNOWN_AT not in definition.args:
            self.bound = False
            return
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        self.dates += [
            (argument, given.get(argument))
            for argument in (AS_AT, AS_KNOWN_AT)
            if argument in definition.args
        ]


def date_arguments(schema: Printable, query: str, document: DocumentNode) -> DateArguments:
    """The dates of a query's document, read once per text: walking the
    document with the schema's types cost more than answering a picture."""
    key = (schema, query)
    analysed = _ANALYSED.get(key)
    if analysed is not None:
        return analysed
    defaults: dict[str, Any] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for declared in definition.variable_definitions or ():
                if declared.default_value is not None:
                    defaults[declared.variable.name.value] = value_from_ast_untyped(declared.default_value)
    typed = typed_schema(schema)
    type_info = TypeInfo(typed)
    found = _DatesFound(typed, type_info)
    visit(document, TypeInfoVisitor(type_info, found))
    analysed = DateArguments(found.bound, tuple(found.dates), defaults)
    if len(_ANALYSED) >= ANALYSED_QUERIES:
        _ANALYSED.clear()
    _ANALYSED[key] = analysed
    return analysed


# Queries analysed, by schema and text; cleared when full.
ANALYSED_QUERIES = 1024
_ANALYSED: dict[tuple[Printable, str], DateArguments] = {}


def known_at_bound(
    schema: Printable, query: str, document: DocumentNode, variables: Mapping[str, Any] | None
) -> str | None:
    """The latest `asKnownAt` the answer is a function of, as recorded-time
    text, if every date in it is explicit; else None. `document` is `query`
    parsed."""
    arguments = date_arguments(schema, query, document)
    if not arguments.bound:
        return None
    given = dict(variables or {})
    latest: str | None = None
    for name, node in arguments.dates:
        value = _value(node, given, arguments.defaults)
        if value is None:
            return None
        if name == AS_KNOWN_AT:
            try:
                text = timestamp_text(parse_date_time(value))
            except InvalidScalar:
                return None
            if latest is None or text > latest:
                latest = text
    return latest


def _value(node: ValueNode | None, variables: dict[str, Any], defaults: dict[str, Any]) -> Any:
    if node is None:
        return None
    if isinstance(node, VariableNode):
        name = node.name.value
        return variables.get(name, defaults.get(name))
    return value_from_ast_untyped(node, variables)
