"""An answer about a moment shows only what was known at that moment, in
every field: later corrections, withdrawals and replacements have not
happened yet, whatever the calendar says the moment is."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from tests.e2e.graphql_client import graphql, graphql_errors, read_your_write
from tests.e2e.test_graphql_writes import (
    CORRECT,
    PUBLISH,
    STOCKPORT,
    WITHDRAW,
    post,
    published_2013_inspection,
)

if TYPE_CHECKING:
    from starlette.testclient import TestClient

PICTURE = """
query Picture($authority: ID!, $asAt: Date, $asKnownAt: DateTime) {
  picture(authority: $authority, asAt: $asAt, asKnownAt: $asKnownAt) {
    authority { code replacedOn replacedBy { code } }
    inspections { id withdrawnAt withdrawalReason judgementCount judgements { id } }
    judgements { id area theme recordedAt recordedUntil correctionReason grade { raw label labelPrinted }
      inspection { withdrawnAt } }
  }
}
"""
INSPECTION = """
query Document($id: ID!, $asKnownAt: DateTime) {
  inspection(id: $id, asKnownAt: $asKnownAt) {
    publishedOn judgementCount recommendationCount withdrawnAt withdrawalReason
    judgements { area recordedUntil } recommendations { text }
  }
}
"""


def before(moment: str) -> str:
    """The last moment before `moment` that a DateTime can name."""
    return (datetime.fromisoformat(moment) - timedelta(microseconds=1)).isoformat()


def being_healthy(picture: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any]
    (found,) = [
        j
        for j in picture["judgements"]
        if (j["theme"], j["area"]) == ("looked_after_children", "being_healthy")
    ]
    return found


def test_a_correction_recorded_later_has_not_happened_as_known_before_it(
    client: TestClient, editor: str
) -> None:
    original = being_healthy(graphql(client, PICTURE, authority=STOCKPORT, asAt="2012-06-01")["picture"])
    body = post(client, CORRECT, editor, input={"judgement": original["id"], "raw": "Grade 3", "reason": "r"})
    assert "errors" not in body, body
    read_your_write(client, body)
    versions = graphql(
        client,
        'query { judgementHistory(authority: "E08000007", area: "being_healthy",'
        ' theme: "looked_after_children") { recordedAt recordedUntil correctionReason } }',
    )["judgementHistory"]
    corrected_at = versions[1]["recordedAt"]
    assert versions[0]["recordedUntil"] == corrected_at
    then = graphql(client, PICTURE, authority=STOCKPORT, asAt="2012-06-01", asKnownAt=before(corrected_at))
    old = being_healthy(then["picture"])
    assert (old["grade"]["raw"], old["recordedUntil"], old["correctionReason"]) == ("Grade 4", None, None)
    history_then = graphql(
        client,
        'query H($k: DateTime) { judgementHistory(authority: "E08000007", area: "being_healthy",'
        ' theme: "looked_after_children", asKnownAt: $k) { recordedUntil correctionReason } }',
        k=before(corrected_at),
    )["judgementHistory"]
    assert history_then == [{"recordedUntil": None, "correctionReason": None}]
    national_then = graphql(
        client,
        'query N($k: DateTime) { judgements(asAt: "2012-06-01", area: "being_healthy",'
        ' theme: "looked_after_children", asKnownAt: $k) { id recordedUntil grade { raw } } }',
        k=before(corrected_at),
    )["judgements"]
    assert [(j["recordedUntil"], j["grade"]["raw"]) for j in national_then if j["id"] == original["id"]] == [
        (None, "Grade 4")
    ]


def test_a_withdrawal_recorded_later_has_not_happened_as_known_before_it(
    client: TestClient, editor: str
) -> None:
    report = graphql(client, PICTURE, authority=STOCKPORT, asAt="2012-06-01")["picture"]["inspections"][-1]
    withdrawn = post(client, WITHDRAW, editor, id=report["id"], reason="published in error")
    assert "errors" not in withdrawn, withdrawn
    read_your_write(client, withdrawn)
    withdrawn_at = withdrawn["data"]["withdrawInspection"]["withdrawnAt"]
    then = graphql(client, PICTURE, authority=STOCKPORT, asAt="2012-06-01", asKnownAt=before(withdrawn_at))
    (document,) = [d for d in then["picture"]["inspections"] if d["id"] == report["id"]]
    assert (document["withdrawnAt"], document["withdrawalReason"]) == (None, None)
    assert {j["inspection"]["withdrawnAt"] for j in then["picture"]["judgements"]} == {None}
    as_then = graphql(client, INSPECTION, id=report["id"], asKnownAt=before(withdrawn_at))["inspection"]
    assert (as_then["withdrawnAt"], as_then["withdrawalReason"]) == (None, None)
    assert {j["recordedUntil"] for j in as_then["judgements"]} == {None}
    now = graphql(client, INSPECTION, id=report["id"])["inspection"]
    assert (now["withdrawnAt"], now["withdrawalReason"]) == (withdrawn_at, "published in error")
    # The document still states what it stated; its counts and its lists agree.
    assert now["judgementCount"] == len(now["judgements"]) == 22
    assert now["recommendationCount"] == len(now["recommendations"]) == 26
    assert {j["recordedUntil"] for j in now["judgements"]} == {withdrawn_at}


def test_a_document_recorded_later_is_no_document_as_known_before_it(
    client: TestClient, recorder: str
) -> None:
    document, _ = published_2013_inspection(client, recorder)
    recorded_at = graphql(
        client, "query D($id: ID!) { inspection(id: $id) { recordedAt } }", id=document["id"]
    )["inspection"]["recordedAt"]
    assert graphql(client, INSPECTION, id=document["id"], asKnownAt=before(recorded_at))["inspection"] is None
    assert graphql(client, INSPECTION, id=document["id"], asKnownAt=recorded_at)["inspection"] is not None
    listed = graphql(
        client,
        'query L($k: DateTime) { inspections(authority: "E08000007", first: 50, asKnownAt: $k)'
        " { edges { node { id } } } }",
        k=before(recorded_at),
    )["inspections"]["edges"]
    assert document["id"] not in [e["node"]["id"] for e in listed] and len(listed) == 3


def test_an_authority_replaced_later_is_not_yet_replaced_as_known_before_the_replacement(
    client: TestClient,
) -> None:
    northamptonshire = "E10000021"
    now = graphql(client, PICTURE, authority=northamptonshire, asAt="2019-01-01")["picture"]["authority"]
    assert now["replacedOn"] == "2021-04-01"
    assert [a["code"] for a in now["replacedBy"]] == ["E06000061", "E06000062"]
    # The register and its replacements were recorded when the seeds were loaded.
    events = graphql(client, "query { events(first: 300) { edges { node { type recordedAt } } } }")
    replaced_at = next(
        e["node"]["recordedAt"] for e in events["events"]["edges"] if e["node"]["type"] == "AuthorityReplaced"
    )
    then = graphql(
        client, PICTURE, authority=northamptonshire, asAt="2019-01-01", asKnownAt=before(replaced_at)
    )["picture"]["authority"]
    assert (then["replacedOn"], then["replacedBy"]) == (None, [])


def test_moments_anywhere_in_the_calendar_compare_as_moments(client: TestClient) -> None:
    for nothing_known_yet in ("0999-12-31T00:00:00Z", "0001-01-01T00:00:00+01:00", "1970-01-01T00:00:00Z"):
        picture = graphql(
            client, PICTURE, authority=STOCKPORT, asAt="2012-06-01", asKnownAt=nothing_known_yet
        )
        assert picture["picture"]["judgements"] == [], nothing_known_yet
    for everything_known in ("9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.999999+23:59"):
        picture = graphql(client, PICTURE, authority=STOCKPORT, asAt="2012-06-01", asKnownAt=everything_known)
        assert len(picture["picture"]["judgements"]) == 23, everything_known
    for outside in ("0000-01-01T00:00:00Z", "2012-02-30T00:00:00Z", "2012-01-01T00:00:00+24:00"):
        (message,) = graphql_errors(client, PICTURE, authority=STOCKPORT, asKnownAt=outside)
        assert "asKnownAt" in message and "0001-01-01 to 9999-12-31" in message, message
    (message,) = graphql_errors(client, PICTURE, authority=STOCKPORT, asAt="0000-12-31")
    assert "asAt" in message and "0001-01-01 to 9999-12-31" in message, message


def test_a_malformed_document_id_is_an_error_naming_it(client: TestClient) -> None:
    (message,) = graphql_errors(client, INSPECTION, id="not-a-uuid")
    assert message == "id: not a document id this service issued (got 'not-a-uuid')"
    missing = graphql(client, INSPECTION, id="00000000-0000-0000-0000-000000000000")
    assert missing == {"inspection": None}


def test_every_graded_judgement_has_a_label_from_the_letter_or_its_key(client: TestClient) -> None:
    apa_2005 = graphql(client, PICTURE, authority=STOCKPORT, asAt="2006-01-01")["picture"]["judgements"]
    labels = {j["area"]: (j["grade"]["label"], j["grade"]["labelPrinted"]) for j in apa_2005}
    assert labels["capacity_to_improve"] == ("Good/promising", False)
    assert labels["childrens_services"] == (
        "A service that consistently delivers above minimum requirements for users",
        False,
    )
    apa_2007 = graphql(client, PICTURE, authority="E06000021", asAt="2008-01-01")["picture"]["judgements"]
    grades = {j["area"]: (j["grade"]["raw"], j["grade"]["label"]) for j in apa_2007}
    assert grades["overall_effectiveness"] == ("Grade 2", "Adequate")
    assert grades["staying_safe"] == ("Grade 1", "Inadequate")
    rating = graphql(client, PICTURE, authority=STOCKPORT, asAt="2010-01-01")["picture"]["judgements"]
    assert [(j["grade"]["label"], j["grade"]["labelPrinted"]) for j in rating] == [("Performs well", True)]
    history = graphql(client, 'query { judgementHistory(authority: "E08000002") { grade { label } } }')
    assert all(j["grade"]["label"] for j in history["judgementHistory"])


def test_of_two_documents_of_a_series_published_the_same_day_the_one_recorded_later_stands(
    client: TestClient, recorder: str
) -> None:
    bury = "E08000002"
    rating = {
        "authority": bury,
        "framework": "annual_rating",
        "title": "Children's services annual rating",
        "publishedOn": "2009-06-01",
        "judgements": [
            {
                "area": "childrens_services_rating",
                "areaLabel": "Children's services rating",
                "raw": "Performs well",
            }
        ],
    }
    assessment = {
        **rating,
        "framework": "apa",
        "title": "Annual performance assessment",
        "judgements": [
            {"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Grade 2"}
        ],
    }
    for document in (rating, assessment):
        body = post(client, PUBLISH, recorder, input=document)
        assert "errors" not in body, body
        read_your_write(client, body)
    picture = graphql(client, PICTURE, authority=bury, asAt="2009-06-01")["picture"]
    assert [j["area"] for j in picture["judgements"]] == ["overall_effectiveness"]
    history = graphql(
        client, 'query { judgementHistory(authority: "E08000002") { area publishedOn validUntil } }'
    )["judgementHistory"]
    spans = {(h["area"], h["publishedOn"]): h["validUntil"] for h in history}
    assert spans[("childrens_services_rating", "2009-06-01")] == "2009-06-01"
    assert spans[("overall_effectiveness", "2009-06-01")] is None
