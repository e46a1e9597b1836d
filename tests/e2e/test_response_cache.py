"""The response cache is exact: it never answers with what a newer event changed."""

from __future__ import annotations

import time
from datetime import date
from typing import TYPE_CHECKING, Any

import httpx
from prometheus_client import REGISTRY

from service.api.response_cache import ResponseCache
from tests.e2e.conftest import caught_up
from tests.e2e.test_graphql_corrections import correct_being_healthy
from tests.e2e.test_graphql_writes import PUBLISH, a_2013_inspection, post

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

STOCKPORT = "E08000007"
PICTURE = """
query Picture($authority: ID!, $asAt: Date) {
  picture(authority: $authority, asAt: $asAt) {
    position judgements { id theme area grade { raw band } publishedOn }
  }
}
"""


def ask(client: TestClient, **variables: Any) -> httpx.Response:
    # TestClient's own annotations name httpx2, which is not installed: its responses type as Any.
    response: httpx.Response = client.post("/graphql", json={"query": PICTURE, "variables": variables})
    return response


def hits() -> float:
    return REGISTRY.get_sample_value("inspections_response_cache_requests_total", {"outcome": "hit"}) or 0.0


def test_the_same_query_again_is_answered_from_the_cache_byte_for_byte(client: TestClient) -> None:
    first = ask(client, authority=STOCKPORT, asAt="2012-03-23")
    before = hits()
    again = ask(client, authority=STOCKPORT, asAt="2012-03-23")
    assert hits() == before + 1
    assert again.content == first.content
    assert again.headers["content-type"] == "application/json"
    assert len(again.json()["data"]["picture"]["judgements"]) == 23


def test_variables_in_another_order_are_the_same_request_and_other_values_are_not(client: TestClient) -> None:
    ask(client, authority=STOCKPORT, asAt="2012-03-23")
    before = hits()
    reordered = client.post(
        "/graphql", json={"variables": {"asAt": "2012-03-23", "authority": STOCKPORT}, "query": PICTURE}
    )
    assert hits() == before + 1
    other = ask(client, authority=STOCKPORT, asAt="2010-01-01")
    assert hits() == before + 1
    assert len(reordered.json()["data"]["picture"]["judgements"]) == 23
    assert len(other.json()["data"]["picture"]["judgements"]) == 1


def test_a_correction_is_seen_by_the_very_next_identical_query(
    client: TestClient, seeded_service: Service
) -> None:
    editor = seeded_service.tokens.create("ana", "editor")
    before = ask(client, authority=STOCKPORT, asAt="2012-03-23").json()["data"]["picture"]
    ask(client, authority=STOCKPORT, asAt="2012-03-23")  # now surely cached
    healthy, _ = correct_being_healthy(client, editor, before["judgements"])
    caught_up(seeded_service)

    after = ask(client, authority=STOCKPORT, asAt="2012-03-23").json()["data"]["picture"]

    (now_healthy,) = [j for j in after["judgements"] if j["id"] == healthy["id"]]
    assert healthy["grade"] == {"raw": "Grade 4", "band": "INADEQUATE"}
    assert now_healthy["grade"] == {"raw": "Grade 3", "band": "ADEQUATE"}
    assert after["position"] > before["position"]


def test_a_document_recorded_by_another_process_is_seen_by_the_next_query(
    client: TestClient, seeded_service: Service
) -> None:
    from service.application.documents import DocumentToPublish, JudgementToRecord
    from service.bootstrap import open_service

    asked = {"authority": STOCKPORT, "asAt": "2014-06-01"}
    before = ask(client, **asked).json()["data"]["picture"]["judgements"]
    assert "2014-05-02" not in {j["publishedOn"] for j in before}
    ask(client, **asked)
    # Another process on the same store: a second service, as `inspections load` would be.
    other = open_service(
        seeded_service.store,
        create_tables=False,
        projections_in_process=seeded_service.projections_in_process,
    )
    try:
        other.recording.publish(
            DocumentToPublish(
                authority=STOCKPORT,
                framework="sif",
                title="Inspection of services for children in need of help and protection",
                published_on=date(2014, 5, 2),
                judgements=(
                    JudgementToRecord(
                        area="overall_effectiveness", area_label="Overall effectiveness", raw="Good"
                    ),
                ),
            )
        )
    finally:
        other.close()
    caught_up(seeded_service)

    after = ask(client, **asked).json()["data"]["picture"]["judgements"]

    assert "2014-05-02" in {j["publishedOn"] for j in after}


def test_errors_mutations_and_requests_with_credentials_are_never_cached(
    client: TestClient, seeded_service: Service
) -> None:
    recorder = seeded_service.tokens.create("ravi", "recorder")
    before = hits()
    for _ in range(2):
        refused = ask(client, authority="E99999999")
        assert refused.json()["errors"]
        with_credentials = client.post(
            "/graphql",
            json={"query": PICTURE, "variables": {"authority": STOCKPORT}},
            headers={"authorization": f"Bearer {recorder}"},
        )
        assert "errors" not in with_credentials.json()
    published = post(client, PUBLISH, recorder, input=a_2013_inspection())
    assert "errors" not in published, published
    again = post(client, PUBLISH, recorder, input=a_2013_inspection())
    assert again["errors"], "a second identical mutation must run, and be refused, not be replayed"
    assert hits() == before


def test_a_rebuild_empties_the_cache_even_at_the_same_position(
    client: TestClient, seeded_service: Service
) -> None:
    # As `inspections rebuild judgements` would, from this process even where a worker keeps the models.
    ask(client, authority=STOCKPORT, asAt="2012-03-23")
    version = seeded_service.questions.version()
    seeded_service.rebuilder.rebuild("judgements")
    # Read where answers are read: a replica has it once it has replayed the rebuild.
    deadline = time.monotonic() + 10
    while seeded_service.questions.version() == version and time.monotonic() < deadline:
        time.sleep(0.01)
    assert seeded_service.questions.version() > version
    before = hits()
    rebuilt = ask(client, authority=STOCKPORT, asAt="2012-03-23")
    assert hits() == before
    assert len(rebuilt.json()["data"]["picture"]["judgements"]) == 23


def test_the_cache_drops_the_least_recently_used_responses_beyond_its_size() -> None:
    cache = ResponseCache(max_bytes=320)  # so at most 20 bytes a response
    cache.at_version(7)
    keys = [("2026-01-01", f"query Q{n} {{ frameworks {{ key }} }}", None, b"{}") for n in range(17)]
    for key in keys[:16]:
        cache.put(7, key, b"x" * 20)
    assert cache.get(keys[0]) is not None  # now the most recently used
    cache.put(7, keys[16], b"y" * 20)
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is not None and len(cache) == 16
    cache.put(7, ("2026-01-01", "big", None, b"{}"), b"z" * 21)
    assert cache.get(("2026-01-01", "big", None, b"{}")) is None
    cache.put(6, ("2026-01-01", "stale", None, b"{}"), b"old")  # computed at an older version
    assert cache.get(("2026-01-01", "stale", None, b"{}")) is None
    cache.at_version(8)
    assert len(cache) == 0 and cache.get(keys[0]) is None
