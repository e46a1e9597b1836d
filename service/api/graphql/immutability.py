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


class _Explicitness(Visitor):
    def __init__(
        self, schema: GraphQLSchema, type_info: TypeInfo, variables: dict[str, Any], defaults: dict[str, Any]
    ) -> None:
        super().__init__()
        self.query_type = schema.query_type
        self.type_info = type_info
        self.variables = variables
        self.defaults = defaults
        self.bound = True
        self.latest: str | None = None

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
        for argument in (AS_AT, AS_KNOWN_AT):
            if argument not in definition.args:
                continue
            value = self._value(given.get(argument))
            if value is None:
                self.bound = False
            elif argument == AS_KNOWN_AT:
                self._known_at(value)

    def _value(self, node: ValueNode | None) -> Any:
        if node is None:
            return None
        if isinstance(node, VariableNode):
            name = node.name.value
            return self.variables.get(name, self.defaults.get(name))
        return value_from_ast_untyped(node, self.variables)

    def _known_at(self, value: Any) -> None:
        try:
            text = timestamp_text(parse_date_time(value))
        except InvalidScalar:
            self.bound = False
            return
        if self.latest is None or text > self.latest:
            self.latest = text


def known_at_bound(
    schema: Printable, document: DocumentNode, variables: Mapping[str, Any] | None
) -> str | None:
    """The latest `asKnownAt` the answer is a function of, as recorded-time
    text, if every date in it is explicit; else None."""
    defaults: dict[str, Any] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for declared in definition.variable_definitions or ():
                if declared.default_value is not None:
                    defaults[declared.variable.name.value] = value_from_ast_untyped(declared.default_value)
    typed = typed_schema(schema)
    type_info = TypeInfo(typed)
    explicitness = _Explicitness(typed, type_info, dict(variables or {}), defaults)
    visit(document, TypeInfoVisitor(type_info, explicitness))
    return explicitness.latest if explicitness.bound else None
