"""The live feed over graphql-transport-ws: new events after a cursor, none missed, none twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.e2e.graphql_client import graphql
from tests.factories import document

if TYPE_CHECKING:
    from starlette.testclient import TestClient, WebSocketTestSession

    from service.bootstrap import Service

SUBSCRIBE = "subscription Feed($after: String) { events(after: $after) { position type cursor } }"


def receive_events(ws: WebSocketTestSession, count: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while len(events) < count:
        message = ws.receive_json()
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        events.append(message["payload"]["data"]["events"])
    return events


def test_the_feed_streams_events_recorded_after_a_cursor_and_resumes_without_gaps(
    client: TestClient, seeded_service: Service
) -> None:
    page = graphql(client, "query { events(first: 500) { pageInfo { endCursor } } }")["events"]
    last_cursor = page["pageInfo"]["endCursor"]
    end = seeded_service.records.log_position()
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"after": last_cursor}},
            }
        )
        seeded_service.recording.publish(
            document(published_on=document().published_on.replace(year=2011), first_day=None, last_day=None)
        )
        first = receive_events(ws, 4)
        ws.send_json({"id": "1", "type": "complete"})
    assert [e["position"] for e in first] == [end + 1, end + 2, end + 3, end + 4]
    assert [e["type"] for e in first] == [
        "InspectionPublished",
        "JudgementRecorded",
        "JudgementRecorded",
        "RecommendationIssued",
    ]
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json({"type": "connection_init"})
        ws.receive_json()
        ws.send_json(
            {
                "id": "2",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"after": first[2]["cursor"]}},
            }
        )
        (resumed,) = receive_events(ws, 1)
        ws.send_json({"id": "2", "type": "complete"})
    assert resumed["position"] == end + 4
