"""Corrections and withdrawals through the API: an editor's token, a reason,
and the earlier versions kept."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tests.e2e.graphql_client import graphql, read_your_write
from tests.e2e.test_graphql_writes import CORRECT, STOCKPORT, WITHDRAW, post

if TYPE_CHECKING:
    from starlette.testclient import TestClient


def correct_being_healthy(
    client: TestClient, editor: str, judgements: list[dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Correct Stockport's 2012 looked after children's being healthy from Grade 4
    to Grade 3: the judgement as it was, and the correction's response."""
    (healthy,) = [
        j for j in judgements if (j["theme"], j["area"]) == ("looked_after_children", "being_healthy")
    ]
    correction = {"judgement": healthy["id"], "raw": "Grade 3", "reason": "keyed wrongly"}
    body = post(client, CORRECT, editor, input=correction)
    assert "errors" not in body, body
    read_your_write(client, body)
    return healthy, body


def test_an_editor_corrects_a_judgement_and_the_history_shows_both_versions(
    client: TestClient, editor: str
) -> None:
    picture = graphql(
        client,
        'query { picture(authority: "E08000007", asAt: "2012-03-23") '
        "{ judgements { id theme area grade { raw } } } }",
    )["picture"]
    before = datetime.now(UTC).isoformat()
    healthy, body = correct_being_healthy(client, editor, picture["judgements"])
    corrected = body["data"]["correctJudgement"]
    # No label was given with the correction: the 2012 scale names Grade 3 "Adequate".
    assert corrected["grade"] == {"raw": "Grade 3", "label": "Adequate", "band": "ADEQUATE"}
    assert (corrected["correctionReason"], corrected["correctedBy"]) == ("keyed wrongly", "ana")
    assert corrected["publishedOn"] == "2012-03-23"
    # Read your write: with separate workers the read models may not hold it yet.
    history = graphql(
        client,
        'query H($a: ID!, $p: Int) { judgementHistory(authority: $a, area: "being_healthy", '
        'theme: "looked_after_children", minPosition: $p) '
        "{ grade { band } recordedAt recordedUntil correctionReason } }",
        a=STOCKPORT,
        p=body["extensions"]["position"],
    )["judgementHistory"]
    assert [h["grade"]["band"] for h in history] == ["INADEQUATE", "ADEQUATE"]
    assert history[0]["recordedUntil"] == history[1]["recordedAt"]
    then = graphql(
        client,
        'query P($k: DateTime) { picture(authority: "E08000007", asAt: "2012-03-23", asKnownAt: $k) '
        "{ judgements { id grade { band } } } }",
        k=before,
    )["picture"]
    assert next(j for j in then["judgements"] if j["id"] == healthy["id"])["grade"]["band"] == "INADEQUATE"


def test_an_editor_withdraws_a_document_and_the_previous_one_returns(client: TestClient, editor: str) -> None:
    documents = graphql(
        client, 'query { inspections(authority: "E08000007") { edges { node { id publishedOn } } } }'
    )
    report = next(
        e["node"] for e in documents["inspections"]["edges"] if e["node"]["publishedOn"] == "2012-03-23"
    )
    body = post(client, WITHDRAW, editor, id=report["id"], reason="published in error")
    assert body["data"]["withdrawInspection"]["withdrawnAt"]
    picture = graphql(
        client,
        'query P($p: Int) { picture(authority: "E08000007", asAt: "2012-06-01", minPosition: $p) '
        "{ inspections { publishedOn } } }",
        p=body["extensions"]["position"],
    )["picture"]
    assert [i["publishedOn"] for i in picture["inspections"]] == ["2009-12-09"]


def test_a_correction_of_an_unknown_judgement_names_the_field(client: TestClient, editor: str) -> None:
    body = post(client, CORRECT, editor, input={"judgement": "nope", "raw": "Good", "reason": "r"})
    assert body["errors"][0]["extensions"]["field"] == "input.judgement"
