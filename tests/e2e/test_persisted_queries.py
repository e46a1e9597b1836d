"""Persisted queries: the automatic protocol clients speak, the registered
queries under queries/, and the allow-list that runs only those."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import orjson
import pytest

from service.api.persisted_queries import AUTOMATIC_QUERIES, QUERIES, QueryTexts
from tests.e2e.conftest import STOCK_GRAPHQL
from tests.e2e.test_graphql_writes import a_2013_inspection

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

STOCKPORT = "E08000007"
PICTURE = "query P($a: ID!, $d: Date) { picture(authority: $a, asAt: $d) { judgements { area } } }"
REGISTERED_PICTURE = (QUERIES / "readme" / "Picture.graphql").read_text()
REGISTERED_PUBLISH = (QUERIES / "readme" / "PublishInspection.graphql").read_text()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def get(client: TestClient, digest: str, **variables: Any) -> httpx.Response:
    """A persisted query by GET: the hash and the variables in the query string."""
    response: httpx.Response = client.get(
        "/graphql",
        params={
            "extensions": orjson.dumps(persisted(digest)).decode(),
            "variables": orjson.dumps(variables).decode(),
        },
    )
    return response


def posted(client: TestClient, body: dict[str, Any], **headers: str) -> httpx.Response:
    response: httpx.Response = client.post("/graphql", json=body, headers=headers)
    return response


def test_an_unknown_hash_is_not_found_then_taught_with_its_text_then_runs_by_hash_alone(
    client: TestClient,
) -> None:
    digest = sha256(PICTURE)
    variables = {"a": STOCKPORT, "d": "2012-03-23"}

    unknown = posted(client, {"extensions": persisted(digest), "variables": variables})
    assert unknown.status_code == 200
    assert unknown.json()["errors"] == [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
    assert unknown.headers["cache-control"] == "no-store"

    taught = posted(client, {"query": PICTURE, "extensions": persisted(digest), "variables": variables})
    by_hash = get(client, digest, **variables)

    assert len(taught.json()["data"]["picture"]["judgements"]) == 23
    assert by_hash.status_code == 200
    assert by_hash.content == taught.content


def test_a_text_that_does_not_hash_to_the_hash_sent_is_refused(client: TestClient) -> None:
    answer = posted(
        client, {"query": PICTURE, "extensions": persisted(sha256(PICTURE + " ")), "variables": {}}
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert get(client, sha256(PICTURE + " ")).json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_only_version_1_of_the_protocol_is_spoken(client: TestClient) -> None:
    answer = posted(client, {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": sha256(PICTURE)}}})
    assert answer.status_code == 400
    assert "version 1" in answer.json()["errors"][0]["message"]


def test_a_registered_query_runs_by_hash_without_being_taught(client: TestClient) -> None:
    answer = get(client, sha256(REGISTERED_PICTURE), a=STOCKPORT, d="2012-03-23")
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["data"]["picture"]["judgements"]) == 23


def test_a_registered_mutation_sent_by_get_is_refused_and_records_nothing(
    client: TestClient, seeded_service: Service
) -> None:
    head = seeded_service.records.log_position()
    answer = get(client, sha256(REGISTERED_PUBLISH), input=a_2013_inspection())
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert seeded_service.records.log_position() == head


def test_in_the_spec_media_type_not_found_is_a_request_error(client: TestClient) -> None:
    answer = posted(
        client, {"extensions": persisted(sha256(PICTURE))}, accept="application/graphql-response+json"
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.fixture
def allow_list(seeded_service: Service) -> Iterator[TestClient]:
    """The API with PERSISTED_QUERIES=registered."""
    from starlette.testclient import TestClient

    from service.api.http import create_app

    app = create_app(seeded_service, registered_queries_only=True, stock_graphql=STOCK_GRAPHQL)
    with TestClient(app) as test_client:
        yield test_client


def test_with_the_allow_list_only_registered_queries_run_by_hash_or_by_text(allow_list: TestClient) -> None:
    variables = {"a": STOCKPORT, "d": "2012-03-23"}
    by_hash = get(allow_list, sha256(REGISTERED_PICTURE), **variables)
    by_text = posted(allow_list, {"query": REGISTERED_PICTURE, "variables": variables})
    other = posted(allow_list, {"query": PICTURE, "variables": variables})
    taught = posted(
        allow_list, {"query": PICTURE, "extensions": persisted(sha256(PICTURE)), "variables": variables}
    )
    by_get = allow_list.get(
        "/graphql", params={"query": PICTURE, "variables": orjson.dumps(variables).decode()}
    )

    assert by_hash.status_code == by_text.status_code == 200
    assert by_hash.content == by_text.content
    for refused in (other, taught, by_get):
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == "QUERY_NOT_REGISTERED"
    assert get(allow_list, sha256(PICTURE)).json()["errors"][0]["message"] == "PersistedQueryNotFound"
    # HEAD runs a query as GET does: it is held to the same list.
    head = allow_list.head(
        "/graphql", params={"query": PICTURE, "variables": orjson.dumps(variables).decode()}
    )
    assert head.status_code == 400


def test_texts_learnt_from_clients_are_bounded_least_recently_used_first() -> None:
    texts = QueryTexts({})
    first = "query Q0 { frameworks { key } }"
    texts.learn(sha256(first), first)
    for n in range(1, AUTOMATIC_QUERIES + 1):
        if n == AUTOMATIC_QUERIES // 2:
            assert texts.get(sha256(first)) == first  # used again: kept
        text = f"query Q{n} {{ frameworks {{ key }} }}"
        texts.learn(sha256(text), text)
    assert len(texts) == AUTOMATIC_QUERIES
    assert texts.get(sha256(first)) == first
    assert texts.get(sha256("query Q1 { frameworks { key } }")) is None
