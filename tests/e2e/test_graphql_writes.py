"""Recording documents and corrections through the API, with tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.e2e.graphql_client import graphql, read_your_write

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

STOCKPORT = "E08000007"

PUBLISH = """
mutation Publish($input: PublishInspectionInput!) {
  publishInspection(input: $input) { id title publishedOn position judgementCount recommendationCount
    judgements { id area grade { raw band } } recommendations { timescale dueOn } }
}
"""
CORRECT = """
mutation Correct($input: CorrectJudgementInput!) {
  correctJudgement(input: $input) { id grade { raw label band } correctionReason correctedBy publishedOn
    source { position } }
}
"""
WITHDRAW = """
mutation Withdraw($id: ID!, $reason: String!) {
  withdrawInspection(id: $id, reason: $reason) { id withdrawnAt }
}
"""


def a_2013_inspection(**overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "authority": STOCKPORT,
        "framework": "sif",
        "title": "Inspection of services for children in need of help and protection",
        "publishedOn": "2014-05-02",
        "firstDay": "2014-03-10",
        "lastDay": "2014-04-02",
        "judgements": [
            {"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Good"},
            {
                "area": "leadership_and_management",
                "areaLabel": "Leadership, management and governance",
                "raw": "Requires improvement",
            },
        ],
        "recommendations": [],
    }
    document.update(overrides)
    return document


def post(client: TestClient, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body: dict[str, Any] = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    ).json()
    return body


def published_2013_inspection(client: TestClient, recorder: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Publish `a_2013_inspection()`: the document as the mutation answers it, and the whole body."""
    body = post(client, PUBLISH, recorder, input=a_2013_inspection())
    assert "errors" not in body, body
    read_your_write(client, body)
    return body["data"]["publishInspection"], body


def test_a_recorder_publishes_a_document_and_reads_it_back_at_the_position_written(
    client: TestClient, recorder: str
) -> None:
    published, body = published_2013_inspection(client, recorder)
    assert body["extensions"]["position"] >= published["position"]
    assert {j["grade"]["band"] for j in published["judgements"]} == {"GOOD", "ADEQUATE"}
    picture = graphql(
        client,
        "query P($a: ID!, $d: Date, $p: Int) { picture(authority: $a, asAt: $d, minPosition: $p) "
        "{ position inspections { publishedOn } } }",
        a=STOCKPORT,
        d="2014-06-01",
        p=body["extensions"]["position"],
    )["picture"]
    assert [i["publishedOn"] for i in picture["inspections"]] == ["2009-12-09", "2014-05-02"]
    assert picture["position"] >= body["extensions"]["position"]


def test_writes_without_a_valid_token_are_refused_with_distinct_errors_and_record_nothing(
    client: TestClient, seeded_service: Service, recorder: str
) -> None:
    position = seeded_service.records.log_position()
    missing = post(client, PUBLISH, None, input=a_2013_inspection())
    unknown = post(client, PUBLISH, "irs_not-a-token", input=a_2013_inspection())
    seeded_service.tokens.revoke("ravi")
    revoked = post(client, PUBLISH, recorder, input=a_2013_inspection())
    messages = [r["errors"][0]["message"] for r in (missing, unknown, revoked)]
    assert messages[0].startswith("authentication required")
    assert messages[1] == "unknown token"
    assert messages[2] == "the token 'ravi' was revoked"
    assert {r["errors"][0]["extensions"]["code"] for r in (missing, unknown, revoked)} == {"UNAUTHENTICATED"}
    assert seeded_service.records.log_position() == position


def test_a_recorder_may_not_correct_or_withdraw(client: TestClient, recorder: str) -> None:
    body = post(client, CORRECT, recorder, input={"judgement": "x", "raw": "Good", "reason": "r"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "editor" in body["errors"][0]["message"]
    body = post(client, WITHDRAW, recorder, id="x", reason="r")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_an_invalid_document_gets_one_error_per_problem_naming_its_field_and_records_nothing(
    client: TestClient, seeded_service: Service, recorder: str
) -> None:
    position = seeded_service.records.log_position()
    document = a_2013_inspection(
        judgements=[
            {"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Grade 2"},
            {"area": "quality_of_provision", "areaLabel": "Quality", "raw": "Good"},
            {"area": "staying safe", "areaLabel": "Staying safe", "raw": "Good"},
        ],
        recommendations=[{"text": "do better", "kind": "recommendation", "timescale": "Within a year"}],
    )
    body = post(client, PUBLISH, recorder, input=document)
    fields = [e["extensions"]["field"] for e in body["errors"]]
    assert fields == [
        "input.judgements[0].raw",
        "input.judgements[1].area",
        "input.judgements[2].area",
        "input.recommendations[0].timescale",
    ]
    assert body["errors"][0]["message"].startswith("input.judgements[0].raw: not a grade on the words scale")
    assert seeded_service.records.log_position() == position


def test_dates_and_authority_are_checked_before_anything_is_recorded(
    client: TestClient, seeded_service: Service, recorder: str
) -> None:
    position = seeded_service.records.log_position()
    late = post(client, PUBLISH, recorder, input=a_2013_inspection(lastDay="2014-06-01"))
    assert late["errors"][0]["extensions"]["field"] == "input.lastDay"
    unknown = post(client, PUBLISH, recorder, input=a_2013_inspection(authority="E08000099"))
    assert unknown["errors"][0]["extensions"]["field"] == "input.authority"
    future = post(
        client,
        PUBLISH,
        recorder,
        input=a_2013_inspection(publishedOn="2099-01-01", firstDay=None, lastDay=None),
    )
    assert future["errors"][0]["extensions"]["field"] == "input.publishedOn"
    assert seeded_service.records.log_position() == position


def test_the_same_document_twice_is_refused(client: TestClient, recorder: str) -> None:
    assert "errors" not in post(client, PUBLISH, recorder, input=a_2013_inspection())
    again = post(client, PUBLISH, recorder, input=a_2013_inspection())
    assert "already recorded" in again["errors"][0]["message"]


def test_a_document_with_too_many_judgements_is_refused(client: TestClient, recorder: str) -> None:
    many = [{"area": "overall_effectiveness", "areaLabel": "x", "raw": "Good"}] * 201
    body = post(client, PUBLISH, recorder, input=a_2013_inspection(judgements=many))
    assert body["errors"][0]["extensions"]["field"] == "input.judgements"


def test_a_read_waiting_for_a_position_never_written_is_refused_at_once_naming_the_head(
    client: TestClient, seeded_service: Service
) -> None:
    head = seeded_service.records.log_position()
    body = client.post(
        "/graphql",
        json={"query": "query { events(first: 1, minPosition: 999999) { edges { cursor } } }"},
    ).json()
    assert body["errors"][0]["message"] == (
        f"minPosition: the log's head is at position {head}: position 999999 has not been written"
    )


def test_every_event_says_who_recorded_it_and_through_what(client: TestClient, recorder: str) -> None:
    body = post(client, PUBLISH, recorder, input=a_2013_inspection())
    position = body["extensions"]["position"]
    events = graphql(
        client,
        "query E($p: Int) { events(first: 500, minPosition: $p) "
        "{ edges { node { position type recordedBy recordedVia payload } } } }",
        p=position,
    )["events"]["edges"]
    written = [e["node"] for e in events if e["node"]["position"] > position - 3]
    assert {(e["recordedBy"], e["recordedVia"]) for e in written} == {("ravi", "GraphQL publishInspection")}
    seeded = events[200]["node"]
    assert seeded["recordedBy"] == "inspections load" and seeded["recordedVia"].startswith("seed file ")
    assert "recorded_by" not in seeded["payload"]
