"""Registered queries compiled once, at start, into plans that write their
answer straight from the rows of one statement (service.adapters.picture_statement).

A plan is made for a query that asks `picture(authority, asAt, asKnownAt,
followLineage)` (each given by a variable, or left out) and selects only
fields this module knows how to write: the picture's `position`, `asAt`,
`asKnownAt` and `judgements`, and of each judgement its plain fields and
`grade`. Anything else (fragments, directives, literals, variables with
defaults, other fields) is left to the general executor: `compile_query`
returns None. At run time a plan answers only when every variable is of
the exact kind it expects; otherwise `PlanRefused`, and the general
executor answers (with whatever error the request deserves).

The answer is the general executor's, byte for byte: the same keys in the
same order, values shaped by the same functions (dates, enums, labels). A
test compares the two over many requests (tests/e2e/test_compiled_answers.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    NamedTypeNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    parse,
    validate,
)

from domain.authorities import GSS_CODE
from domain.frameworks import label_of
from domain.grades import Band
from projections.database import Row
from service.adapters.picture_statement import JUDGEMENT_COLUMNS, PictureFound
from service.api.graphql.scalars import InvalidScalar, parse_date, parse_date_time

Writer = Callable[[Row], Any]
_AT = {name: i for i, name in enumerate(JUDGEMENT_COLUMNS)}
_BANDS = {band.value: band.name for band in Band}
# The picture's arguments, by GraphQL name, and the variable types each accepts.
_ARGUMENTS = {
    "authority": ("ID",),
    "asAt": ("Date",),
    "asKnownAt": ("DateTime",),
    "followLineage": ("Boolean",),
}


class PlanRefused(Exception):
    """This request is not one the plan answers: the general executor does."""


def _column(name: str, shape: Callable[[Any], Any] | None = None) -> Writer:
    at = _AT[name]
    if shape is None:
        return lambda row: row[at]
    return lambda row: shape(row[at])


def _label(row: Row) -> Any:
    return label_of(
        row[_AT["framework"]], row[_AT["raw"]], row[_AT["label"]], row[_AT["area"]], row[_AT["published_on"]]
    )


def _band(text: str) -> str:
    return _BANDS[text]


def _moment(text: str) -> str:
    return datetime.fromisoformat(text).isoformat()


GRADE_FIELDS: dict[str, Writer] = {
    "raw": _column("raw"),
    "label": _label,
    "labelPrinted": _column("label", lambda printed: printed is not None),
    "band": _column("band", _band),
    "__typename": lambda row: "Grade",
}
JUDGEMENT_FIELDS: dict[str, Writer] = {
    "id": _column("judgement_id"),
    "theme": _column("theme"),
    "area": _column("area"),
    "areaLabel": _column("area_label"),
    "headline": _column("headline", bool),
    "framework": _column("framework"),
    "publishedOn": _column("published_on", lambda text: date.fromisoformat(text).isoformat()),
    "recordedAt": _column("recorded_from", _moment),
    "correctionReason": _column("correction_reason"),
    "correctedBy": _column("corrected_by"),
    "__typename": lambda row: "Judgement",
}


@dataclass(frozen=True)
class Asked:
    """A picture's arguments, as a request's variables give them."""

    authority: str
    as_at: date | None
    known_at: datetime | None
    follow_lineage: bool


# What the picture writes besides its judgements, from what was asked and found.
PictureWriter = Callable[[Asked, date, PictureFound], Any]


@dataclass(frozen=True)
class Plan:
    text: str
    document: DocumentNode
    operation_name: str | None
    # Each variable's type name and whether it may be null.
    variables: Mapping[str, tuple[str, bool]]
    # The picture's arguments: GraphQL name -> variable name.
    arguments: Mapping[str, str]
    response_key: str
    picture: tuple[tuple[str, PictureWriter | None], ...]
    judgement: Callable[[Row], dict[str, Any]]
    # Whether the answer may be bound by asKnownAt (service.api.graphql.immutability):
    # both dates given and `position` not selected.
    bindable: bool
    # Whether the answer shows `position`: reading it costs the statement about
    # a fifth of its time on PostgreSQL, so a plan that does not show it does not read it.
    shows_position: bool

    def asked(self, variables: Mapping[str, Any]) -> Asked:
        """The picture's arguments, or PlanRefused for anything the general
        executor would coerce otherwise or refuse."""
        given: dict[str, Any] = {}
        for name, (type_name, nullable) in self.variables.items():
            if name not in variables:
                if not nullable:
                    raise PlanRefused(f"${name} missing")
                continue
            given[name] = _coerced(variables[name], type_name, nullable)
        values = {argument: given.get(variable) for argument, variable in self.arguments.items()}
        authority = values.get("authority")
        if not isinstance(authority, str) or not GSS_CODE.match(authority):
            raise PlanRefused("authority")
        follow_lineage = values.get("followLineage", True)
        if "followLineage" in self.arguments and self.arguments["followLineage"] not in given:
            follow_lineage = True
        if not isinstance(follow_lineage, bool):
            raise PlanRefused("followLineage")
        return Asked(authority, values.get("asAt"), values.get("asKnownAt"), follow_lineage)

    def answer(self, asked: Asked, as_at: date, found: PictureFound) -> dict[str, Any]:
        picture: dict[str, Any] = {}
        for key, write in self.picture:
            if write is None:
                picture[key] = [self.judgement(row) for row in found.judgements]
            else:
                picture[key] = write(asked, as_at, found)
        return {"data": {self.response_key: picture}}


def _coerced(value: Any, type_name: str, nullable: bool) -> Any:
    if value is None:
        if not nullable:
            raise PlanRefused("null for a non-null variable")
        return None
    try:
        if type_name == "ID" and isinstance(value, str):
            return value
        if type_name == "Boolean" and isinstance(value, bool):
            return value
        if type_name == "Date":
            return parse_date(value)
        if type_name == "DateTime":
            return parse_date_time(value)
    except InvalidScalar:
        raise PlanRefused(f"not a {type_name}") from None
    raise PlanRefused(f"not a {type_name}")


PICTURE_FIELDS: dict[str, PictureWriter] = {
    "position": lambda asked, as_at, found: found.position,
    "asAt": lambda asked, as_at, found: as_at.isoformat(),
    "asKnownAt": lambda asked, as_at, found: asked.known_at.isoformat() if asked.known_at else None,
    "__typename": lambda asked, as_at, found: "Picture",
}


class NotCompiled(Exception):
    pass


def compile_query(text: str, schema: Any = None) -> Plan | None:
    """The plan of a query text, or None when it is not one this module
    compiles. With `schema` (a graphql-core schema) the text must also
    validate against it."""
    try:
        document = parse(text)
        if schema is not None and validate(schema, document):
            return None
        return _plan(text, document)
    except (GraphQLError, NotCompiled):
        return None


def _plan(text: str, document: DocumentNode) -> Plan:
    if len(document.definitions) != 1 or not isinstance(document.definitions[0], OperationDefinitionNode):
        raise NotCompiled("one operation")
    operation = document.definitions[0]
    if operation.operation is not OperationType.QUERY or operation.directives:
        raise NotCompiled("a query")
    variables: dict[str, tuple[str, bool]] = {}
    for declared in operation.variable_definitions or ():
        if declared.default_value is not None or declared.directives:
            raise NotCompiled("variables without defaults")
        kind, nullable = declared.type, True
        if isinstance(kind, NonNullTypeNode):
            kind, nullable = kind.type, False
        if not isinstance(kind, NamedTypeNode):
            raise NotCompiled("named variable types")
        variables[declared.variable.name.value] = (kind.name.value, nullable)
    roots = _fields(operation.selection_set)
    if len(roots) != 1 or roots[0].name.value != "picture":
        raise NotCompiled("picture alone")
    root = roots[0]
    arguments: dict[str, str] = {}
    for argument in root.arguments or ():
        name = argument.name.value
        if name not in _ARGUMENTS or not isinstance(argument.value, VariableNode):
            raise NotCompiled(f"argument {name}")
        variable = argument.value.name.value
        if variables.get(variable, ("", True))[0] not in _ARGUMENTS[name]:
            raise NotCompiled(f"the type of ${variable}")
        arguments[name] = variable
    if "authority" not in arguments:
        raise NotCompiled("authority")
    picture: list[tuple[str, PictureWriter | None]] = []
    judgement: Callable[[Row], dict[str, Any]] | None = None
    for field in _fields(root.selection_set):
        name = field.name.value
        if name == "judgements":
            if judgement is not None:
                raise NotCompiled("judgements once")
            judgement = _judgement_writer(field)
            picture.append((_key(field), None))
        elif name in PICTURE_FIELDS and field.selection_set is None:
            picture.append((_key(field), PICTURE_FIELDS[name]))
        else:
            raise NotCompiled(f"picture.{name}")
    keys = [key for key, _ in picture]
    if len(set(keys)) != len(keys):
        raise NotCompiled("each key once")
    selected = {field.name.value for field in _fields(root.selection_set)}
    return Plan(
        text=text,
        document=document,
        operation_name=operation.name.value if operation.name else None,
        variables=variables,
        arguments=arguments,
        response_key=_key(root),
        picture=tuple(picture),
        judgement=judgement or (lambda row: {}),
        bindable="position" not in selected and {"asAt", "asKnownAt"} <= set(arguments),
        shows_position="position" in selected,
    )


def _judgement_writer(field: FieldNode) -> Callable[[Row], dict[str, Any]]:
    writers: list[tuple[str, Writer]] = []
    for selected in _fields(field.selection_set):
        name = selected.name.value
        if name == "grade":
            grade = [(_key(g), _leaf(g, GRADE_FIELDS)) for g in _fields(selected.selection_set)]
            _distinct(grade)
            writers.append((_key(selected), _object_writer(grade)))
        else:
            writers.append((_key(selected), _leaf(selected, JUDGEMENT_FIELDS)))
    _distinct(writers)
    return _object_writer(writers)


def _object_writer(writers: list[tuple[str, Writer]]) -> Callable[[Row], dict[str, Any]]:
    return lambda row: {key: write(row) for key, write in writers}


def _leaf(field: FieldNode, known: Mapping[str, Writer]) -> Writer:
    name = field.name.value
    if name not in known or field.selection_set is not None or field.arguments:
        raise NotCompiled(name)
    return known[name]


def _distinct(writers: list[tuple[str, Writer]]) -> None:
    keys = [key for key, _ in writers]
    if len(set(keys)) != len(keys):
        raise NotCompiled("each key once")


def _fields(selection_set: SelectionSetNode | None) -> list[FieldNode]:
    if selection_set is None:
        raise NotCompiled("a selection")
    fields = []
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise NotCompiled("plain fields")
        fields.append(selection)
    return fields


def _key(field: FieldNode) -> str:
    return field.alias.value if field.alias else field.name.value


def compiled(texts: Mapping[str, str], schema: Any = None) -> dict[str, Plan]:
    """The plans of those texts that compile, by text."""
    plans = {}
    for text in texts.values():
        plan = compile_query(text, schema)
        if plan is not None:
            plans[text] = plan
    return plans
