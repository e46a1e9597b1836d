"""HTTP caching by the rules of time: an answer about a past moment that the
read models have passed is immutable; any other answer is revalidated, and
its ETag changes with the read models; nothing personal or failed is kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
import orjson
import pytest

from tests.e2e.conftest import STOCK_GRAPHQL
from tests.e2e.conftest import caught_up as read_side_caught_up
from tests.e2e.graphql_client import read_your_write
from tests.e2e.test_graphql_writes import PUBLISH, a_2013_inspection, post

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

STOCKPORT = "E08000007"
IMMUTABLE = "public, max-age=31536000, immutable"
AS_KNOWN = """
query AsKnown($a: ID!, $d: Date!, $k: DateTime!) {
  picture(authority: $a, asAt: $d, asKnownAt: $k) {
    asKnownAt judgements { area publishedOn grade { raw band } }
  }
}
"""
CURRENT = "query Current($a: ID!) { picture(authority: $a) { position judgements { area publishedOn } } }"


def get(
    client: TestClient, query: str, headers: dict[str, str] | None = None, /, **variables: Any
) -> httpx.Response:
    response: httpx.Response = client.get(
        "/graphql",
        params={"query": query, "variables": orjson.dumps(variables).decode()},
        headers=headers or {},
    )
    return response


def now() -> str:
    return datetime.now(UTC).isoformat()


def publish(client: TestClient, token: str, published_on: str) -> None:
    """Record a document (which moves the recorded time the read models reach) and wait for it."""
    body = post(client, PUBLISH, token, input=a_2013_inspection(publishedOn=published_on))
    assert "errors" not in body, body
    read_your_write(client, body)


def test_a_current_answer_is_revalidated_and_its_etag_changes_with_the_read_models(
    client: TestClient, recorder: str
) -> None:
    first = get(client, CURRENT, a=STOCKPORT)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-cache"
    assert "Accept" in first.headers["vary"]
    tag = first.headers["etag"]
    assert tag.startswith('"') and not tag.startswith("W/")

    unchanged = get(client, CURRENT, {"if-none-match": tag}, a=STOCKPORT)
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == tag

    publish(client, recorder, "2014-05-02")
    changed = get(client, CURRENT, {"if-none-match": tag}, a=STOCKPORT)
    assert changed.status_code == 200
    assert changed.headers["etag"] != tag
    assert "2014-05-02" in {j["publishedOn"] for j in changed.json()["data"]["picture"]["judgements"]}


def test_an_answer_as_known_before_what_the_read_models_passed_is_immutable_and_stays_so(
    client: TestClient, editor: str
) -> None:
    asked = {"a": STOCKPORT, "d": "2015-01-01", "k": now()}
    before = get(client, AS_KNOWN, **asked)
    # Nothing recorded after the moment asked about has been seen yet: it may still come.
    assert before.headers["cache-control"] == "no-cache"

    publish(client, editor, "2014-05-02")  # recorded after k: the read models now pass k
    final = get(client, AS_KNOWN, **asked)
    assert final.headers["cache-control"] == IMMUTABLE
    assert final.content == before.content  # the document recorded after k is not in it

    publish(client, editor, "2014-06-02")
    later = get(client, AS_KNOWN, {"if-none-match": final.headers["etag"]}, **asked)
    assert later.status_code == 304
    assert later.headers["cache-control"] == IMMUTABLE
    assert get(client, AS_KNOWN, **asked).content == final.content


def test_a_date_left_to_its_default_or_a_moving_field_is_never_immutable(
    client: TestClient, editor: str
) -> None:
    k = now()
    publish(client, editor, "2014-05-02")
    without_as_at = "query($a: ID!, $k: DateTime) { picture(authority: $a, asKnownAt: $k) { asAt } }"
    with_position = (
        "query($a: ID!, $d: Date, $k: DateTime)"
        " { picture(authority: $a, asAt: $d, asKnownAt: $k) { position } }"
    )
    register = "query { authorities { code name } }"
    defaulted = (
        'query($a: ID!, $d: Date = "2015-01-01", $k: DateTime)'
        " { picture(authority: $a, asAt: $d, asKnownAt: $k) { asAt } }"
    )

    assert get(client, without_as_at, a=STOCKPORT, k=k).headers["cache-control"] == "no-cache"
    assert get(client, with_position, a=STOCKPORT, d="2015-01-01", k=k).headers["cache-control"] == "no-cache"
    assert get(client, register).headers["cache-control"] == "no-cache"
    assert get(client, AS_KNOWN, a=STOCKPORT, d="2015-01-01", k=k).headers["cache-control"] == IMMUTABLE
    # A variable's default written in the query is explicit too.
    assert get(client, defaulted, a=STOCKPORT, k=k).headers["cache-control"] == IMMUTABLE


def test_the_same_text_is_judged_by_each_request_s_own_variables(client: TestClient, editor: str) -> None:
    k = now()
    publish(client, editor, "2014-05-02")
    text = (
        "query($a: ID!, $d: Date, $k: DateTime) { picture(authority: $a, asAt: $d, asKnownAt: $k) { asAt } }"
    )

    assert get(client, text, a=STOCKPORT, d="2015-01-01", k=k).headers["cache-control"] == IMMUTABLE
    assert get(client, text, a=STOCKPORT, d="2015-01-01").headers["cache-control"] == "no-cache"
    assert get(client, text, a=STOCKPORT, k=k).headers["cache-control"] == "no-cache"
    assert get(client, text, a=STOCKPORT, d="2015-01-01", k=k).headers["cache-control"] == IMMUTABLE


def test_errors_credentials_and_posts_are_never_stored(client: TestClient, editor: str) -> None:
    k = now()
    publish(client, editor, "2014-05-02")
    asked = {"a": STOCKPORT, "d": "2015-01-01", "k": k}

    unknown = get(client, AS_KNOWN, a="E08999999", d="2015-01-01", k=k)
    with_token = get(client, AS_KNOWN, {"authorization": f"Bearer {editor}"}, **asked)
    with_cookie = get(client, AS_KNOWN, {"cookie": "session=1"}, **asked)
    by_post = client.post("/graphql", json={"query": AS_KNOWN, "variables": asked})

    assert "errors" in unknown.json()
    for answer in (unknown, with_token, with_cookie, by_post):
        assert answer.headers["cache-control"] == "no-store"
        assert "etag" not in answer.headers
    assert with_token.content == by_post.content == get(client, AS_KNOWN, **asked).content


def test_the_two_media_types_have_their_own_etags(client: TestClient) -> None:
    legacy = get(client, CURRENT, a=STOCKPORT)
    spec = get(client, CURRENT, {"accept": "application/graphql-response+json"}, a=STOCKPORT)
    assert legacy.content == spec.content
    assert legacy.headers["etag"] != spec.headers["etag"]
    cross = get(
        client,
        CURRENT,
        {"accept": "application/graphql-response+json", "if-none-match": legacy.headers["etag"]},
        a=STOCKPORT,
    )
    assert cross.status_code == 200


@pytest.fixture
def lagging(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, Service, Service]]:
    """PROJECTIONS=worker with the worker paused: an API process that records
    writes and reads the read models, and a worker's service whose projector
    the test runs when it chooses."""
    from starlette.testclient import TestClient

    from service.api.http import create_app
    from service.bootstrap import open_service
    from tests.conftest import SEED_EVENTS, postgres_store, read_store_of
    from tests.factories import load_seeds

    store = postgres_store(request.getfixturevalue("postgres_database"))
    setup = open_service(store)
    load_seeds(setup.recording, SEED_EVENTS)
    setup.projector.catch_up()
    setup.close()
    api = open_service(
        store, read_store=read_store_of(store), create_tables=False, projections_in_process=False
    )
    worker = open_service(store, create_tables=False, projections_in_process=False)
    try:
        with TestClient(create_app(api, stock_graphql=STOCK_GRAPHQL)) as client:
            yield client, api, worker
    finally:
        worker.close()
        api.close()


@pytest.mark.postgres
def test_a_lagging_worker_never_makes_an_answer_immutable_that_would_later_change(
    lagging: tuple[TestClient, Service, Service],
) -> None:
    client, api, worker = lagging
    editor = api.tokens.create("ana", "editor")
    recorded = post(client, PUBLISH, editor, input=a_2013_inspection(publishedOn="2014-05-02"))
    assert "errors" not in recorded
    asked = {"a": STOCKPORT, "d": "2015-01-01", "k": now()}  # after the document was recorded

    behind = get(client, AS_KNOWN, **asked)
    # The answer lacks a document known at k: it must not be called final.
    assert "2014-05-02" not in {j["publishedOn"] for j in behind.json()["data"]["picture"]["judgements"]}
    assert behind.headers["cache-control"] == "no-cache"

    later = post(client, PUBLISH, editor, input=a_2013_inspection(publishedOn="2014-06-02"))
    assert "errors" not in later
    # The log has passed k, the read models have not.
    assert get(client, AS_KNOWN, **asked).headers["cache-control"] == "no-cache"
    # One read model caught up is not all of them.
    worker.projector.catch_up(["event_log"])
    assert get(client, AS_KNOWN, **asked).headers["cache-control"] == "no-cache"

    worker.projector.catch_up()
    read_side_caught_up(api)  # in replica mode, until the replica has replayed it
    caught_up = get(client, AS_KNOWN, {"if-none-match": behind.headers["etag"]}, **asked)

    assert caught_up.status_code == 200
    assert caught_up.headers["cache-control"] == IMMUTABLE
    published = {j["publishedOn"] for j in caught_up.json()["data"]["picture"]["judgements"]}
    assert "2014-05-02" in published and "2014-06-02" not in published
