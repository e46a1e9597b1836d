"""The mutations' inputs, derived from the write path's dataclasses
(service.application.documents): a field added there appears here, with its
type and default, and reaches the write path unchanged."""

from __future__ import annotations

import dataclasses
import types
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, Union, get_args, get_origin, get_type_hints

import strawberry

from service.application.documents import (
    KEY,
    CorrectionToRecord,
    DocumentToPublish,
    JudgementToRecord,
    RecommendationToIssue,
)

Statement = TypeVar("Statement")
# Each dataclass and the input type derived from it.
_INPUTS: dict[type, type] = {}


def _input_of(cls: type, name: str) -> type:
    hints = get_type_hints(cls)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__module__": __name__}
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        if get_origin(hint) is tuple:
            annotations[field.name] = list[_INPUTS[get_args(hint)[0]]]  # type: ignore[misc]
        elif field.metadata.get("key") is KEY["key"]:
            optional = get_origin(hint) in (Union, types.UnionType)
            annotations[field.name] = strawberry.ID | None if optional else strawberry.ID
        else:
            annotations[field.name] = hint
        if field.default is not dataclasses.MISSING:
            # A default that is a tuple of statements is a list in GraphQL.
            default = field.default
            namespace[field.name] = (
                strawberry.field(default_factory=list) if isinstance(default, tuple) else default
            )
    derived = strawberry.input(type(name, (), namespace))
    _INPUTS[cls] = derived
    return derived


if TYPE_CHECKING:
    # Made at run time, so a type checker cannot see their fields.
    JudgementInput: TypeAlias = Any
    RecommendationInput: TypeAlias = Any
    PublishInspectionInput: TypeAlias = Any
    CorrectJudgementInput: TypeAlias = Any
else:
    JudgementInput = _input_of(JudgementToRecord, "JudgementInput")
    RecommendationInput = _input_of(RecommendationToIssue, "RecommendationInput")
    PublishInspectionInput = _input_of(DocumentToPublish, "PublishInspectionInput")
    CorrectJudgementInput = _input_of(CorrectionToRecord, "CorrectJudgementInput")


def statement_from(cls: type[Statement], given: Any, **overrides: Any) -> Statement:
    """The write path's dataclass for an input the client sent."""
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        value = getattr(given, field.name)
        hint = hints[field.name]
        if get_origin(hint) is tuple:
            item = get_args(hint)[0]
            value = tuple(statement_from(item, v) for v in value)
        elif field.metadata.get("key") is KEY["key"] and value is not None:
            value = str(value)
        values[field.name] = value
    values.update(overrides)
    return cls(**values)
