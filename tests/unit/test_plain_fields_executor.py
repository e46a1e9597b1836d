"""The plain-fields executor answers exactly as graphql-core's own executor does."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import strawberry

from service.api.graphql.execution import PlainFieldsExecutor


@strawberry.type
class Grade:
    raw: str
    label: str | None
    number: int


@strawberry.type
class Judgement:
    area: str
    area_label: str
    headline: bool
    grade: Grade
    tags: list[str]

    @strawberry.field
    def shouted(self) -> str:
        return self.area.upper()


@strawberry.type
class Query:
    @strawberry.field
    def judgements(self, broken: bool = False) -> list[Judgement]:
        found = [
            Judgement(
                area="being_healthy",
                area_label="Being healthy",
                headline=False,
                grade=Grade(raw="Grade 4", label="Inadequate", number=4),
                tags=["lac"],
            ),
            Judgement(
                area="staying_safe",
                area_label="Staying safe",
                headline=True,
                grade=Grade(raw="3", label=None, number=3),
                tags=[],
            ),
        ]
        if broken:
            # A null where the schema promises a string: an error graphql-core must word.
            found[1].grade.raw = None  # type: ignore[assignment]
        return found


fast = strawberry.Schema(query=Query, execution_context_class=PlainFieldsExecutor)
ordinary = strawberry.Schema(query=Query)


def both(query: str, **variables: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The response of each executor, as JSON text would carry it (order included)."""

    def answer(schema: strawberry.Schema) -> dict[str, Any]:
        result = asyncio.run(schema.execute(query, variable_values=variables))
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [e.formatted for e in result.errors]
        as_json: dict[str, Any] = json.loads(json.dumps(response))
        return as_json

    return answer(fast), answer(ordinary)


@pytest.mark.parametrize(
    "query",
    [
        "{ judgements { area areaLabel headline tags grade { raw label number } } }",
        "{ judgements { __typename grade { __typename raw } } }",
        "{ judgements { b: area a: areaLabel g: grade { n: number } } }",
        "{ judgements { ...Parts grade { ...GradeParts } } } fragment Parts on Judgement { area headline }"
        " fragment GradeParts on Grade { label }",
        "{ judgements { area shouted grade { raw } } }",
        "{ judgements { shouted } }",
    ],
)
def test_plain_fields_give_the_same_response_as_graphql_core(
    query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    completed_directly: list[Any] = []
    original = PlainFieldsExecutor.complete_plain_object

    def counted(self: PlainFieldsExecutor, plan: Any, value: Any) -> dict[str, Any]:
        completed_directly.append(value)
        return original(self, plan, value)

    monkeypatch.setattr(PlainFieldsExecutor, "complete_plain_object", counted)
    mine, theirs = both(query)
    assert "errors" not in theirs
    assert mine == theirs
    # The nested grades took the direct path, not graphql-core's.
    assert bool(completed_directly) is ("grade {" in query)
    assert list(mine["data"]["judgements"][0]) == list(theirs["data"]["judgements"][0])


def test_a_null_in_a_non_null_field_is_the_same_error_at_the_same_path() -> None:
    mine, theirs = both("{ judgements(broken: true) { area grade { raw } } }")
    assert mine == theirs
    (error,) = mine["errors"]
    assert error["path"] == ["judgements", 1, "grade", "raw"]


def test_skip_and_include_follow_each_request_s_variables_through_the_shared_plan() -> None:
    query = (
        "query Q($withGrade: Boolean!, $withLabel: Boolean!) { judgements { area"
        " grade @include(if: $withGrade) { raw label @include(if: $withLabel) } } }"
    )
    for with_grade, with_label in [(True, True), (True, False), (False, True), (True, True)]:
        mine, theirs = both(query, withGrade=with_grade, withLabel=with_label)
        assert "errors" not in mine
        assert mine == theirs
        first = mine["data"]["judgements"][0]
        assert ("grade" in first) is with_grade
        if with_grade:
            assert ("label" in first["grade"]) is with_label


def test_a_directive_inside_a_fragment_is_decided_per_request_too() -> None:
    query = (
        "query Q($withLabel: Boolean!) { judgements { area grade { ...G } } }"
        " fragment G on Grade { raw label @include(if: $withLabel) }"
    )
    for with_label in (True, False, True):
        mine, theirs = both(query, withLabel=with_label)
        assert "errors" not in mine
        assert mine == theirs
        assert ("label" in mine["data"]["judgements"][0]["grade"]) is with_label
