"""A write's answer is the truth: a client is told a write failed only if
nothing of it was recorded, and a write never waits for the read models."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pytest
from starlette.testclient import TestClient

from service.api.http import create_app
from service.bootstrap import open_service
from tests.conftest import SEED_EVENTS, postgres_store, read_store_of
from tests.e2e.conftest import STOCK_GRAPHQL
from tests.e2e.test_graphql_writes import CORRECT, STOCKPORT, a_2013_inspection, post
from tests.factories import load_seeds

if TYPE_CHECKING:
    from service.bootstrap import Service

TWO_PUBLISHES = """
mutation Two($first: PublishInspectionInput!, $second: PublishInspectionInput!) {
  first: publishInspection(input: $first) { id position }
  second: publishInspection(input: $second) { id position }
}
"""
DOCUMENT = """
mutation Publish($input: PublishInspectionInput!) {
  publishInspection(input: $input) {
    id title position judgementCount recommendationCount recordedAt
    judgements { id theme area areaLabel headline grade { raw label band } recordedAt source { position } }
    recommendations { text timescale dueOn }
  }
}
"""
INSPECTIONS = """
query Read($authority: ID!, $position: Int) {
  inspections(authority: $authority, first: 50, minPosition: $position) { edges { node {
    id title position judgementCount recommendationCount recordedAt
    judgements { id theme area areaLabel headline grade { raw label band } recordedAt source { position } }
    recommendations { text timescale dueOn }
  } } }
}
"""


@dataclass
class Unprojected:
    """The API on a seeded PostgreSQL store in worker mode with no worker
    running: what it writes, no read model reflects."""

    client: TestClient
    service: Service
    editor: str


@pytest.fixture
def unprojected(postgres_database: str) -> Iterator[Unprojected]:
    store = postgres_store(postgres_database)
    setup = open_service(store)
    load_seeds(setup.recording, SEED_EVENTS)
    editor = setup.tokens.create("ed", "editor")
    setup.close()
    service = open_service(
        store, read_store=read_store_of(store), create_tables=False, projections_in_process=False
    )
    try:
        with TestClient(create_app(service, stock_graphql=STOCK_GRAPHQL)) as client:
            yield Unprojected(client, service, editor)
    finally:
        service.close()


def test_of_two_publishes_in_one_request_the_recorded_one_answers_and_the_refused_one_is_null(
    client: TestClient, seeded_service: Service, recorder: str
) -> None:
    refused = a_2013_inspection(publishedOn="2099-01-01")
    body = post(client, TWO_PUBLISHES, recorder, first=a_2013_inspection(), second=refused)
    assert body["data"]["first"]["id"] and body["data"]["second"] is None
    assert [error["path"] for error in body["errors"]] == [["second"]]
    assert body["errors"][0]["extensions"]["field"] == "input.publishedOn"
    # The document's three events, the last of them the furthest written.
    assert body["extensions"]["position"] == body["data"]["first"]["position"] + 2
    assert seeded_service.records.contains(UUID(body["data"]["first"]["id"]))


def test_publishing_the_same_document_twice_in_one_request_records_it_once_and_says_so(
    client: TestClient, seeded_service: Service, recorder: str
) -> None:
    before = seeded_service.records.log_position()
    document = a_2013_inspection()
    body = post(client, TWO_PUBLISHES, recorder, first=document, second=document)
    assert body["data"]["first"]["id"] and body["data"]["second"] is None
    assert "already recorded" in body["errors"][0]["message"]
    # The document's three events (published, two judgements), once.
    assert seeded_service.records.log_position() == before + 3


def test_a_write_answers_what_a_later_read_shows(client: TestClient, recorder: str) -> None:
    document = a_2013_inspection(
        recommendations=[{"text": "Improve supervision", "kind": "recommendation", "section": "Next steps"}]
    )
    body = post(client, DOCUMENT, recorder, input=document)
    written = body["data"]["publishInspection"]
    read = post(client, INSPECTIONS, None, authority=STOCKPORT, position=body["extensions"]["position"])
    (shown,) = [e["node"] for e in read["data"]["inspections"]["edges"] if e["node"]["id"] == written["id"]]
    assert written == shown


@pytest.mark.postgres
def test_a_publish_answers_from_what_it_recorded_while_no_worker_projects(unprojected: Unprojected) -> None:
    body = post(unprojected.client, DOCUMENT, unprojected.editor, input=a_2013_inspection())
    read_models_at = unprojected.service.questions.position()
    assert "errors" not in body, body["errors"]
    written = body["data"]["publishInspection"]
    assert read_models_at < body["extensions"]["position"] == written["judgements"][-1]["source"]["position"]
    assert written["judgementCount"] == 2
    assert [(j["area"], j["grade"]["band"], j["headline"]) for j in written["judgements"]] == [
        ("overall_effectiveness", "GOOD", True),
        ("leadership_and_management", "ADEQUATE", False),
    ]


@pytest.mark.postgres
def test_reads_waiting_for_positions_are_bounded_and_past_the_head_refused_at_once(
    unprojected: Unprojected, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.api.graphql import positions

    monkeypatch.setattr(positions, "MAX_WAITING", 3)
    monkeypatch.setattr(positions, "WAIT_SECONDS", 1.0)
    client = unprojected.client
    query = 'query P($p: Int) { picture(authority: "E08000007", minPosition: $p) { position } }'
    head = post(client, DOCUMENT, unprojected.editor, input=a_2013_inspection())["extensions"]["position"]
    past = post(client, query, None, p=head + 1)
    far = post(client, query, None, p=2147483647)
    answers: list[dict[str, Any]] = []

    def wait() -> None:
        answers.append(post(client, query, None, p=head))

    waiters = [threading.Thread(target=wait) for _ in range(6)]
    for waiter in waiters:
        waiter.start()
    for waiter in waiters:
        waiter.join()
    ordinary = post(client, query, None)
    assert past["errors"][0]["message"] == (
        f"minPosition: the log's head is at position {head}: position {head + 1} has not been written"
    )
    assert "has not been written" in far["errors"][0]["message"]
    messages = sorted(answer["errors"][0]["message"] for answer in answers)
    assert sum("already waiting" in m for m in messages) == 3
    assert sum("did not reach" in m for m in messages) == 3
    assert "errors" not in ordinary


def test_a_negative_position_is_refused_naming_the_argument_in_words_and_extensions(
    client: TestClient,
) -> None:
    body = post(client, 'query { picture(authority: "E08000007", minPosition: -1) { position } }')
    assert body["errors"][0]["message"] == "minPosition: must not be negative (got -1)"
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "minPosition"}


def test_a_judgement_published_a_moment_ago_is_corrected_at_once_whatever_the_worker_has_reached(
    client: TestClient, seeded_service: Service
) -> None:
    editor = seeded_service.tokens.create("ed", "editor")
    written = post(client, DOCUMENT, editor, input=a_2013_inspection())["data"]["publishInspection"]
    judgement = written["judgements"][0]["id"]
    correction = {"judgement": judgement, "raw": "Outstanding", "reason": "typed from the wrong report"}
    body = post(client, CORRECT, editor, input=correction)
    assert "errors" not in body, body["errors"]
    assert body["data"]["correctJudgement"]["grade"] == {
        "raw": "Outstanding",
        "label": "Outstanding",
        "band": "OUTSTANDING",
    }
    assert body["data"]["correctJudgement"]["correctionReason"] == "typed from the wrong report"


@pytest.mark.postgres
def test_a_correction_the_read_models_cannot_place_yet_says_so_rather_than_not_recorded(
    unprojected: Unprojected, monkeypatch: pytest.MonkeyPatch
) -> None:
    from service.api.graphql import positions

    monkeypatch.setattr(positions, "WAIT_SECONDS", 0.5)
    client, editor = unprojected.client, unprojected.editor
    written = post(client, DOCUMENT, editor, input=a_2013_inspection())
    judgement = written["data"]["publishInspection"]["judgements"][0]["id"]
    head = written["extensions"]["position"]
    correction = {"judgement": judgement, "raw": "Outstanding", "reason": "typed from the wrong report"}
    body = post(client, CORRECT, editor, input=correction)
    after = unprojected.service.records.log_position()
    [error] = body["errors"]
    assert body["data"] == {"correctJudgement": None}
    assert error["extensions"] == {"code": "READ_MODELS_BEHIND", "field": "input.judgement", "head": head}
    assert f"do not know judgement {judgement} yet" in error["message"]
    assert after == head


NESTED_PUBLISH = """
mutation Publish($input: PublishInspectionInput!) {
  publishInspection(input: $input) {
    id
    judgements { id grade { raw } inspection { id judgementCount judgements { id grade { raw } } } }
    recommendations { text inspection { id } }
  }
}
"""
NESTED_WITHDRAW = """
mutation Withdraw($id: ID!, $reason: String!) {
  withdrawInspection(id: $id, reason: $reason) {
    withdrawnAt withdrawalReason judgements { id inspection { withdrawnAt withdrawalReason } }
  }
}
"""


@pytest.mark.postgres
def test_a_write_answer_leads_back_to_its_document_as_recorded_while_no_worker_projects(
    unprojected: Unprojected,
) -> None:
    client, editor = unprojected.client, unprojected.editor
    document = a_2013_inspection(recommendations=[{"text": "Improve supervision", "kind": "recommendation"}])
    published = post(client, NESTED_PUBLISH, editor, input=document)
    inspection_id = published["data"]["publishInspection"]["id"]
    withdrawn = post(client, NESTED_WITHDRAW, editor, id=inspection_id, reason="published in error")
    assert "errors" not in published, published["errors"]
    written = published["data"]["publishInspection"]
    for judgement in written["judgements"]:
        assert judgement["inspection"]["id"] == inspection_id
        assert judgement["inspection"]["judgementCount"] == 2
        assert {"id": judgement["id"], "grade": judgement["grade"]} in judgement["inspection"]["judgements"]
    assert written["recommendations"] == [
        {"text": "Improve supervision", "inspection": {"id": inspection_id}}
    ]
    assert "errors" not in withdrawn, withdrawn["errors"]
    answer = withdrawn["data"]["withdrawInspection"]
    assert answer["withdrawnAt"] and answer["withdrawalReason"] == "published in error"
    assert {j["inspection"]["withdrawnAt"] for j in answer["judgements"]} == {answer["withdrawnAt"]}
