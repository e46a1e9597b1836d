"""GraphQL over HTTP as its specification has it: the answer's media type
from Accept, the status codes of application/graphql-response+json beside
the legacy application/json, and operations sent by the wrong method."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.e2e.test_graphql_api import STOCKPORT
from tests.e2e.test_graphql_front_door import PAGE
from tests.e2e.test_response_cache import hits

if TYPE_CHECKING:
    from starlette.testclient import TestClient

SPEC = "application/graphql-response+json"
SPEC_CONTENT_TYPE = "application/graphql-response+json; charset=utf-8"
FRAMEWORKS = "query Frameworks { frameworks { key } }"
# Fails before execution: it does not parse, does not validate, its variables
# do not fit, it costs too much, or it does not say which operation to run.
REQUEST_ERRORS: list[dict[str, Any]] = [
    {"query": "{ frameworks { key "},
    {"query": "{ frameworks { nosuchfield } }"},
    {"query": "query P($a: ID!) { picture(authority: $a) { position } }", "variables": {"a": [1]}},
    {
        "query": 'query P($d: Date) { picture(authority: "E08000007", asAt: $d) { position } }',
        "variables": {"d": "2012-02-30"},
    },
    {"query": PAGE, "variables": {"n": 200}},
    {"query": "query A { frameworks { key } } query B { frameworks { name } }"},
]


def post(client: TestClient, request: dict[str, Any], accept: str | None) -> httpx.Response:
    headers = {"accept": accept} if accept is not None else {}
    response: httpx.Response = client.post("/graphql", json=request, headers=headers)
    return response


def test_a_request_that_fails_before_execution_is_a_400_without_data_in_graphql_response_json(
    client: TestClient,
) -> None:
    for request in REQUEST_ERRORS:
        response = post(client, request, SPEC)
        assert response.status_code == 400, (request, response.text)
        assert response.headers["content-type"] == SPEC_CONTENT_TYPE
        body = response.json()
        assert "data" not in body and body["errors"], (request, body)


def test_a_legacy_client_gets_200_and_application_json_for_the_same_requests(client: TestClient) -> None:
    for accept in (None, "application/json", "*/*", "application/*", "application/json, */*"):
        for request in REQUEST_ERRORS:
            response = post(client, request, accept)
            assert response.status_code == 200, (accept, request, response.text)
            assert response.headers["content-type"] == "application/json"
            assert response.json()["data"] is None and response.json()["errors"]


def test_an_executed_request_is_200_in_either_media_type_with_its_field_errors(client: TestClient) -> None:
    partial = {
        "query": "query Q($id: ID!) { frameworks { key } inspection(id: $id) { title } }",
        "variables": {"id": "not-a-uuid"},
    }
    refused_cursor = {"query": 'query E { events(after: "!!!") { edges { cursor } } }'}
    for accept in (SPEC, "application/json"):
        answer = post(client, partial, accept)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["data"]["inspection"] is None and len(body["data"]["frameworks"]) > 5
        assert body["errors"][0]["path"] == ["inspection"]
        # A field error that empties the data is still an answer to an executed request.
        nulled = post(client, refused_cursor, accept)
        assert nulled.status_code == 200 and nulled.json()["data"] is None, nulled.text
        assert nulled.json()["errors"][0]["message"].startswith("after: not a cursor")


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (SPEC, SPEC_CONTENT_TYPE),
        (f"{SPEC}, application/json;q=0.9", SPEC_CONTENT_TYPE),
        (f"application/json, {SPEC}", SPEC_CONTENT_TYPE),
        (f"application/json;q=0.5, {SPEC}", SPEC_CONTENT_TYPE),
        (f"{SPEC};q=0.5, application/json", "application/json"),
        (f"{SPEC}; charset=utf-8, application/json; charset=utf-8", SPEC_CONTENT_TYPE),
        ("text/html, */*;q=0.8", "application/json"),
        ("application/json;q=0, */*", SPEC_CONTENT_TYPE),
    ],
)
def test_the_answer_is_in_the_media_type_accept_prefers(client: TestClient, accept: str, chosen: str) -> None:
    response = post(client, {"query": "{ frameworks { nosuchfield } }"}, accept)
    assert response.headers["content-type"] == chosen
    assert response.status_code == (400 if chosen == SPEC_CONTENT_TYPE else 200)


def test_an_accept_that_admits_neither_media_type_is_a_406(client: TestClient) -> None:
    for accept in ("text/html", "application/xml", "application/json;q=0", f"{SPEC};q=0, text/*"):
        response = post(client, {"query": FRAMEWORKS}, accept)
        assert response.status_code == 406, (accept, response.text)
        assert SPEC in response.text
        by_get = client.get("/graphql", params={"query": FRAMEWORKS}, headers={"accept": accept})
        assert by_get.status_code == 406
    # A browser asking for the page still gets GraphiQL.
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_a_subscription_sent_by_post_or_get_is_a_400_pointing_to_the_websocket(client: TestClient) -> None:
    subscription = "subscription Feed { events { position } }"
    for accept in (SPEC, "application/json", None):
        headers = {"accept": accept} if accept else {}
        for response in (
            client.post("/graphql", json={"query": subscription}, headers=headers),
            client.get("/graphql", params={"query": subscription}, headers=headers),
        ):
            assert response.status_code == 400, response.text
            (error,) = response.json()["errors"]
            assert "WebSocket to /graphql" in error["message"] and "graphql-transport-ws" in error["message"]
            assert response.headers["content-type"] == (
                SPEC_CONTENT_TYPE if accept == SPEC else "application/json"
            )


def test_a_mutation_sent_by_get_is_a_405_that_allows_post(client: TestClient) -> None:
    mutation = 'mutation W { withdrawInspection(id: "x", reason: "r") { id } }'
    for accept in (SPEC, "application/json"):
        response = client.get("/graphql", params={"query": mutation}, headers={"accept": accept})
        assert response.status_code == 405, response.text
        assert response.headers["allow"] == "POST"
        (error,) = response.json()["errors"]
        assert "POST" in error["message"]
    # A query by GET is answered.
    answered = client.get("/graphql", params={"query": FRAMEWORKS}, headers={"accept": SPEC})
    assert answered.status_code == 200 and answered.headers["content-type"] == SPEC_CONTENT_TYPE


def test_a_body_that_is_not_a_graphql_request_is_a_400_with_errors_in_the_chosen_media_type(
    client: TestClient,
) -> None:
    for accept, content_type in ((SPEC, SPEC_CONTENT_TYPE), ("application/json", "application/json")):
        response = client.post(
            "/graphql", content=b"{not json", headers={"content-type": "application/json", "accept": accept}
        )
        assert response.status_code == 400
        assert response.headers["content-type"] == content_type
        assert "JSON" in response.json()["errors"][0]["message"]


def test_a_cached_answer_is_sent_in_the_media_type_each_request_prefers(client: TestClient) -> None:
    request = {
        "query": 'query P($a: ID!) { picture(authority: $a, asAt: "2012-03-23") { position } }',
        "variables": {"a": STOCKPORT},
    }
    first = post(client, request, "application/json")
    before = hits()
    spec = post(client, request, SPEC)
    legacy = post(client, request, None)
    assert hits() == before + 2
    assert spec.status_code == legacy.status_code == 200
    assert spec.headers["content-type"] == SPEC_CONTENT_TYPE
    assert legacy.headers["content-type"] == "application/json"
    assert spec.content == legacy.content == first.content
    # Refused before the cache is asked.
    assert post(client, request, "text/html").status_code == 406
    # Errors are never cached: a spec client's 400 stays a 400, a legacy client's 200 a 200.
    for _ in range(2):
        assert post(client, REQUEST_ERRORS[1], SPEC).status_code == 400
        assert post(client, REQUEST_ERRORS[1], "application/json").status_code == 200


def test_head_is_answered_as_get_without_a_body_as_the_allow_header_promises(client: TestClient) -> None:
    params = {"query": "{ frameworks { key } }"}
    head = client.head("/graphql", params=params)
    get = client.get("/graphql", params=params, headers={"accept": "application/json"})
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert "HEAD" in client.put("/graphql").headers["allow"]
