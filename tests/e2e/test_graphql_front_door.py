"""The front door over HTTP: limits on what a query may ask, malformed
requests, the schema as exported, GraphiQL and browsers' origins."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.graphql_client import graphql, graphql_errors
from tests.e2e.test_graphql_api import EVENTS, INSPECTIONS, STOCKPORT

if TYPE_CHECKING:
    from starlette.testclient import TestClient


def test_too_deep_a_query_is_refused(client: TestClient) -> None:
    nested = "{ replacedBy " * 10 + "{ code }" + " }" * 10
    query = f'query {{ authority(code: "{STOCKPORT}") {nested} }}'
    (message,) = graphql_errors(client, query)
    assert "exceeds maximum operation depth" in message


def test_a_query_that_does_not_parse_says_where(client: TestClient) -> None:
    (message,) = graphql_errors(client, "{ frameworks { key ")
    assert message == "Syntax Error: Expected Name, found <EOF>."
    (message,) = graphql_errors(client, "{ " + "key " * 2500 + "}")
    assert message == "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."


def test_too_many_aliases_are_refused(client: TestClient) -> None:
    aliases = " ".join(f"a{i}: frameworks {{ key }}" for i in range(40))
    (message,) = graphql_errors(client, f"query {{ {aliases} }}")
    assert "aliases" in message


def test_an_oversized_body_is_refused(client: TestClient) -> None:
    response = client.post(
        "/graphql", content=b"{" + b" " * (300 * 1024) + b"}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_graphiql_is_served_to_a_browser(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


def test_a_configured_origin_may_call_from_a_browser(client: TestClient) -> None:
    response = client.options(
        "/graphql",
        headers={"origin": "https://dashboard.example", "access-control-request-method": "POST"},
    )
    assert response.headers["access-control-allow-origin"] == "https://dashboard.example"


def test_the_exported_schema_matches_the_served_one_on_either_executor() -> None:
    from service.api.graphql.schema import build_schema

    exported = (Path(__file__).resolve().parents[2] / "docs" / "schema.graphql").read_text(encoding="utf-8")
    for stock in (False, True):
        assert exported.strip() == build_schema(stock=stock).as_str().strip(), (
            "run: .venv/bin/inspections schema > docs/schema.graphql"
        )


def test_a_short_query_that_fans_out_through_nested_lists_is_refused_before_it_runs(
    client: TestClient,
) -> None:
    cycle = "judgements { inspection { " * 4 + "judgements { id }" + " } }" * 4
    (message,) = graphql_errors(client, f'query Fan {{ picture(authority: "{STOCKPORT}") {{ {cycle} }} }}')
    assert "over the limit" in message
    hidden = (
        'query Hidden { picture(authority: "E08000007") { ...A } } '
        "fragment A on Picture { judgements { inspection { ...B } } } "
        "fragment B on Inspection "
        "{ judgements { inspection { judgements { inspection { recommendations { id } } } } } }"
    )
    (message,) = graphql_errors(client, hidden)
    assert "over the limit" in message


def test_a_body_that_is_not_a_json_object_is_a_400_saying_why(client: TestClient) -> None:
    for body in (b'"hello"', b"null", b"123", b"[1]", b'{"query": "\xff"}', b"{not json"):
        response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, (body, response.text)
        assert "JSON" in response.text


def test_tampered_cursors_are_refused_with_the_same_message(client: TestClient) -> None:
    import base64

    def cursor(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode()

    for tampered in (
        cursor("event:99999999999999999999999"),
        cursor("event:-5"),
        cursor("inspection:1:2"),
        "!!!",
    ):
        (message,) = graphql_errors(client, EVENTS, first=1, after=tampered)
        assert message.startswith("after: not a cursor this API issued for this list"), message
    for tampered in (
        cursor("inspection:bad-date:x"),
        cursor("inspection:2012-03-23:nosuch"),
        cursor("event:5"),
    ):
        (message,) = graphql_errors(client, INSPECTIONS, first=1, after=tampered)
        assert message.startswith("after: not a cursor this API issued for this list"), message


def test_dates_written_in_the_query_are_checked_strictly(client: TestClient) -> None:
    for literal in ('"2012-02-30"', '"20120323"', '"yesterday"'):
        (message,) = graphql_errors(
            client, f'query {{ picture(authority: "{STOCKPORT}", asAt: {literal}) {{ asAt }} }}'
        )
        assert "Expected value of type 'Date'" in message and "not a" in message


def test_a_document_with_several_operations_must_name_the_one_to_run(client: TestClient) -> None:
    document = "query A { frameworks { key } } query B { frameworks { name } }"
    (message,) = graphql_errors(client, document)
    assert "send operationName" in message
    named = client.post("/graphql", json={"query": document, "operationName": "B"}).json()
    assert "errors" not in named and named["data"]["frameworks"][0]["name"] == "Annual performance assessment"


PAGE = """
query Page($n: Int!) {
  inspections(first: $n) {
    pageInfo { hasNextPage }
    edges { cursor node { id title publishedOn judgementCount recommendationCount recordedAt withdrawnAt
      framework { key name series bestGrade grades { number label band } }
      judgements { id theme area areaLabel publishedOn validUntil recordedAt recordedUntil correctionReason
        grade { raw label labelPrinted band } source { section quote eventId position } }
      recommendations { id kind theme text timescale dueOn section quote } } }
  }
}
"""


def test_a_page_of_fifty_documents_with_all_they_state_is_answered_and_a_larger_one_refused(
    client: TestClient,
) -> None:
    page = graphql(client, PAGE, n=50)["inspections"]["edges"]
    assert len(page) == 5
    assert sum(len(e["node"]["judgements"]) for e in page) == 38
    assert sum(len(e["node"]["recommendations"]) for e in page) == 26 + 21 + 17 + 20
    one = graphql(client, "{ inspections(first: 1) { edges { node { judgements { area } } } } }")
    assert len(one["inspections"]["edges"]) == 1
    (message,) = graphql_errors(client, PAGE, n=200)
    assert message.startswith("Page would resolve about 43,604 fields, over the limit of 30,000")


def test_a_get_whose_variables_are_not_json_is_told_so_not_about_a_body(client: TestClient) -> None:
    response = client.get(
        "/graphql",
        params={"query": "query P($a: ID!) { authority(code: $a) { name } }", "variables": "{a:"},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 400
    assert "a GET's variables" in response.text
    assert "body is not valid" not in response.text


@pytest.mark.parametrize(
    ("query", "variables", "field"),
    [
        ('{ picture(authority: "E08000007", asAt: "2012-13-01") { position } }', {}, "asAt"),
        (
            'query P($d: Date) { picture(authority: "E08000007", asAt: $d) { position } }',
            {"d": "2012-02-30"},
            "asAt",
        ),
        (
            'query P($n: Int) { picture(authority: "E08000007", minPosition: $n) { position } }',
            {"n": 2**31},
            "minPosition",
        ),
        (
            'mutation { publishInspection(input: {authority: "E08000007", framework: "sif", title: "t", '
            'publishedOn: "2014-02-31", judgements: []}) { id } }',
            {},
            "input.publishedOn",
        ),
    ],
)
def test_a_value_not_of_its_arguments_type_is_refused_naming_the_argument(
    client: TestClient, query: str, variables: dict[str, object], field: str
) -> None:
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
