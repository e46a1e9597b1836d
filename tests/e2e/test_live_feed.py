"""The live feed over graphql-transport-ws: new events after a cursor, none missed, none twice."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.conftest import run_cli_in
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


@pytest.fixture
def served(seeded_service: Service) -> Iterator[str]:
    """The app under uvicorn in a thread, on a free port: a real websocket,
    with its close handshake, which the in-process test client does not have."""
    import uvicorn

    from service.api.http import create_app
    from tests.e2e.test_serve import free_port

    port = free_port()
    config = uvicorn.Config(create_app(seeded_service), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"ws://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_a_client_that_stops_in_the_middle_of_the_backlog_closes_at_once_with_1000(served: str) -> None:
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    from service.cli.watch import stop_following

    with connect(served, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(ws.recv())["type"] == "connection_ack"
        # From the start of the log: hundreds of events are on their way.
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        first = [json.loads(ws.recv())["payload"]["data"]["events"]["position"] for _ in range(3)]
        started = time.monotonic()
        stop_following(ws, "1")
        ws.close()
        took = time.monotonic() - started
    assert first == [1, 2, 3]
    assert ws.close_code == 1000
    # Generous: it takes milliseconds; a close that is not read takes 10 s and ends in 1006.
    assert took < 2, took


def test_watch_with_a_limit_returns_at_once_and_refuses_a_position_of_five_thousand_digits(
    served: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli.watch import watch

    started = time.monotonic()
    assert watch(served, None, 3) == 0
    took = time.monotonic() - started
    printed = [json.loads(line)["position"] for line in capsys.readouterr().out.splitlines()]
    assert printed == [1, 2, 3]
    assert took < 2, took
    refused = run_cli_in({**os.environ}, "watch", "--url", served, "--after", "1" * 5000, check=False)
    assert refused.returncode == 1
    assert refused.stderr.startswith("inspections watch: after: not a cursor this API issued"), (
        refused.stderr[:300]
    )
