"""The rest of the read API over HTTP: recommendations, history, the national
view, documents, the log, the register and the frameworks."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from tests.e2e.graphql_client import graphql, graphql_errors

if TYPE_CHECKING:
    from starlette.testclient import TestClient

STOCKPORT = "E08000007"

RECOMMENDATIONS = """
query Due($authority: ID!, $asAt: Date, $dueBy: Date) {
  recommendations(authority: $authority, asAt: $asAt, dueBy: $dueBy) {
    text kind theme timescale dueOn publishedOn inspection { title }
  }
}
"""


def test_the_2012_recommendations_fall_due_on_the_right_dates(client: TestClient) -> None:
    found = graphql(client, RECOMMENDATIONS, authority=STOCKPORT, asAt="2012-03-23")["recommendations"]
    assert len(found) == 26
    assert Counter((r["timescale"], r["dueOn"]) for r in found) == {
        ("Immediately", "2012-03-23"): 6,
        ("Within three months", "2012-06-23"): 17,
        ("Within six months", "2012-09-23"): 3,
    }


def test_due_by_keeps_only_recommendations_due_on_or_before_it(client: TestClient) -> None:
    found = graphql(client, RECOMMENDATIONS, authority=STOCKPORT, asAt="2012-04-01", dueBy="2012-06-23")
    assert Counter(r["timescale"] for r in found["recommendations"]) == {
        "Immediately": 6,
        "Within three months": 17,
    }


def test_recommendations_as_at_2006_are_the_2005_letters_areas_for_development_and_exploration(
    client: TestClient,
) -> None:
    found = graphql(client, RECOMMENDATIONS, authority=STOCKPORT, asAt="2006-01-01")["recommendations"]
    assert Counter(r["kind"] for r in found) == {"area for development": 11, "area for exploration": 10}
    assert {r["dueOn"] for r in found} == {None}


HISTORY = """
query History($authority: ID!, $area: String, $theme: String) {
  judgementHistory(authority: $authority, area: $area, theme: $theme) {
    area theme publishedOn recordedAt recordedUntil grade { raw band }
  }
}
"""


def test_the_history_of_an_area_lists_every_judgement_in_publication_order(client: TestClient) -> None:
    history = graphql(client, HISTORY, authority=STOCKPORT, area="overall_effectiveness")["judgementHistory"]
    assert [(h["theme"], h["grade"]["band"]) for h in history] == [
        ("safeguarding", "ADEQUATE"),
        ("looked_after_children", "ADEQUATE"),
    ]
    everything = graphql(client, HISTORY, authority=STOCKPORT)["judgementHistory"]
    assert [h["publishedOn"] for h in everything] == sorted(h["publishedOn"] for h in everything)
    assert len(everything) == 4 + 1 + 22


NATIONAL = """
query National($asAt: Date, $headlineOnly: Boolean) {
  judgements(asAt: $asAt, headlineOnly: $headlineOnly) {
    area theme grade { band } inspection { authority { code } framework { key } }
  }
}
"""


def test_the_national_headline_view_holds_one_headline_per_authority_from_its_latest_inspection(
    client: TestClient,
) -> None:
    # Not the 2009 rating beside the 2012 report, nor both SLAC themes, nor
    # Bury's and Stoke-on-Trent's APA letters: the shape of Ofsted's statistics.
    found = graphql(client, NATIONAL, asAt="2012-12-31", headlineOnly=True)["judgements"]
    by_authority = Counter(j["inspection"]["authority"]["code"] for j in found)
    assert by_authority == {"E08000007": 1}
    assert [(j["theme"], j["area"], j["grade"]["band"]) for j in found] == [
        ("safeguarding", "overall_effectiveness", "ADEQUATE")
    ]


INSPECTIONS = """
query Documents($authority: ID, $first: Int, $after: String) {
  inspections(authority: $authority, first: $first, after: $after) {
    edges { cursor node { id title publishedOn judgementCount recommendationCount framework { key } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def test_documents_page_through_with_opaque_cursors(client: TestClient) -> None:
    first = graphql(client, INSPECTIONS, authority=STOCKPORT, first=2)["inspections"]
    assert [e["node"]["publishedOn"] for e in first["edges"]] == ["2005-12-01", "2009-12-09"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = graphql(client, INSPECTIONS, authority=STOCKPORT, first=2, after=first["pageInfo"]["endCursor"])
    (last,) = rest["inspections"]["edges"]
    assert last["node"]["judgementCount"] == 22 and last["node"]["recommendationCount"] == 26
    assert rest["inspections"]["pageInfo"] == {"hasNextPage": False, "endCursor": last["cursor"]}


def test_one_document_is_read_by_id_with_its_judgements(client: TestClient) -> None:
    edges = graphql(client, INSPECTIONS, authority="E06000021")["inspections"]["edges"]
    document_id = edges[0]["node"]["id"]
    found = graphql(
        client,
        "query One($id: ID!) { inspection(id: $id) { title judgements { area grade { raw band } } "
        "recommendations { kind } authority { name } } }",
        id=document_id,
    )["inspection"]
    assert found["authority"]["name"] == "Stoke-on-Trent"
    assert len(found["judgements"]) == 7 and len(found["recommendations"]) == 20


def test_a_malformed_cursor_is_the_users_mistake_and_says_so(client: TestClient) -> None:
    (message,) = graphql_errors(client, INSPECTIONS, first=2, after="not-a-cursor")
    assert message.startswith("after: not a cursor")
    (message,) = graphql_errors(client, INSPECTIONS, first=100000)
    assert message.startswith("first: must be between 0 and 500")


EVENTS = """
query Log($first: Int, $after: String) {
  events(first: $first, after: $after) {
    edges { cursor node { position type aggregateId recordedAt payload } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def test_the_event_log_pages_in_position_order_with_event_class_names(client: TestClient) -> None:
    page = graphql(client, EVENTS, first=181)["events"]
    assert [e["node"]["position"] for e in page["edges"]] == list(range(1, 182))
    after = graphql(client, EVENTS, first=3, after=page["pageInfo"]["endCursor"])["events"]
    assert next(e["node"]["type"] for e in after["edges"]) == "InspectionPublished"
    types = {e["node"]["type"] for e in graphql(client, EVENTS, first=500)["events"]["edges"]}
    assert {"JudgementRecorded", "RecommendationIssued", "AuthorityReplaced"} <= types


def test_authorities_carry_their_successors(client: TestClient) -> None:
    found = graphql(
        client, 'query { authority(code: "E10000021") { name laNumber replacedOn replacedBy { code name } } }'
    )["authority"]
    assert found["replacedOn"] == "2021-04-01"
    assert {a["name"] for a in found["replacedBy"]} == {"North Northamptonshire", "West Northamptonshire"}
    everyone = graphql(client, "query { authorities { code } }")["authorities"]
    assert len(everyone) == 167


def test_frameworks_state_which_end_of_their_scale_is_best(client: TestClient) -> None:
    frameworks = {
        f["key"]: f for f in graphql(client, "query { frameworks { key series bestGrade } }")["frameworks"]
    }
    assert frameworks["apa"]["bestGrade"] == "4" and frameworks["slac"]["bestGrade"] == "1"
    assert frameworks["apa"]["series"] == frameworks["annual_rating"]["series"] == "annual_assessment"


def test_each_judgement_is_valid_until_the_next_document_of_its_series_is_published(
    client: TestClient,
) -> None:
    history = graphql(
        client,
        "query H($a: ID!) { judgementHistory(authority: $a) { area publishedOn validUntil } }",
        a=STOCKPORT,
    )["judgementHistory"]
    spans = Counter((h["publishedOn"], h["validUntil"]) for h in history)
    assert spans == {("2005-12-01", "2009-12-09"): 4, ("2009-12-09", None): 1, ("2012-03-23", None): 22}


def test_history_as_known_before_anything_was_recorded_is_empty(client: TestClient) -> None:
    history = graphql(
        client,
        "query H($a: ID!, $k: DateTime) { judgementHistory(authority: $a, asKnownAt: $k) { area } }",
        a=STOCKPORT,
        k="2020-01-01T00:00:00Z",
    )["judgementHistory"]
    assert history == []


def test_an_unknown_area_or_theme_is_an_error_not_an_empty_list(client: TestClient) -> None:
    (message,) = graphql_errors(client, HISTORY, authority=STOCKPORT, area="being healthy")
    assert message.startswith("area: not an area key")
    (message,) = graphql_errors(client, 'query { judgements(asAt: "2012-12-31", theme: "schools") { area } }')
    assert message.startswith("theme: not a theme key")


def test_successors_know_when_they_were_established(client: TestClient) -> None:
    found = graphql(client, 'query { authority(code: "E06000061") { name establishedOn replacedOn } }')
    assert found["authority"] == {
        "name": "North Northamptonshire",
        "establishedOn": "2021-04-01",
        "replacedOn": None,
    }
