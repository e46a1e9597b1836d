"""A real server survives its database: sessions terminated under load, and
the database away for a while and back. No restart: answers are correct again
within seconds, none fails after that, health says what is wrong meanwhile,
and the projection worker and a live feed go on.

Only this test's own backends are terminated: the server and its worker run
under an application name of their own, in the run's own database.
"""

from __future__ import annotations

import json
import math
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from service.adapters.settings import parse_database_url
from service.api.graphql.event import event_cursor
from tests.conftest import direct_connection, postgres_store, read_store_of
from tests.e2e.database_link import DatabaseLink
from tests.e2e.test_graphql_writes import PUBLISH
from tests.e2e.test_snapshots_under_load import server

pytestmark = pytest.mark.postgres

RECOVERY_SECONDS = 5.0
READERS = 4
TERMINATIONS = 3
AUTHORITIES = ("E08000007", "E08000002", "E06000021")
PICTURE = """
query Picture($authority: ID!, $knownAt: DateTime!) {
  picture(authority: $authority, asKnownAt: $knownAt) {
    position inspections { id publishedOn } judgements { area grade { raw } }
  }
}
"""
FEED = "subscription Feed($after: String) { events(after: $after) { position type } }"


@dataclass
class Reading:
    """Picture requests sent by a few threads, each with when it was sent,
    when it was answered and whether the answer was the right one."""

    base: str
    expected: dict[str, Any]
    stop: threading.Event = field(default_factory=threading.Event)
    answers: list[tuple[float, float, bool, str]] = field(default_factory=list)
    _count: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                with self._lock:
                    self._count += 1
                    n = self._count
                authority = AUTHORITIES[n % len(AUTHORITIES)]
                sent = time.monotonic()
                right, said = _asked(client, authority, n, self.expected[authority])
                with self._lock:
                    self.answers.append((sent, time.monotonic(), right, said))

    def recovery_after(self, moment: float, until: float = math.inf) -> tuple[float, list[str]]:
        """Seconds from `moment` to the first right answer to a request sent
        after it (infinite if none was), and what was said to every request
        sent after that answer, and answered before `until`, that was not
        answered rightly."""
        with self._lock:
            answers = sorted(self.answers)
        rightly = [done for sent, done, right, _ in answers if sent >= moment and right]
        recovered = min(rightly, default=math.inf)
        after = [(right, said) for sent, done, right, said in answers if recovered < sent and done < until]
        failed = [said for right, said in after if not right]
        return recovered - moment, failed


def _ask(client: httpx.Client, authority: str, n: int) -> httpx.Response:
    """Ask for a picture as known at a moment after everything recorded: the
    answer of as known now, under a key of its own for each `n`, so that it
    is never a cached response."""
    known_at = f"2100-01-01T00:00:00.{n % 1_000_000:06d}Z"
    variables = {"authority": authority, "knownAt": known_at}
    return client.post("/graphql", json={"query": PICTURE, "variables": variables})


def _asked(client: httpx.Client, authority: str, n: int, expected: Any) -> tuple[bool, str]:
    """Whether the picture was answered rightly, and if not what was said."""
    try:
        response = _ask(client, authority, n)
    except httpx.HTTPError as error:
        return False, repr(error)
    body = response.json() if response.headers.get("content-type") == "application/json" else None
    if response.status_code != 200 or body is None or "errors" in body:
        return False, f"{response.status_code} {response.text[:300]}"
    return body["data"]["picture"] == expected, ""


def _pictures(base: str) -> dict[str, Any]:
    with httpx.Client(base_url=base, timeout=30) as client:
        found = {}
        for authority in AUTHORITIES:
            body = _ask(client, authority, 0).json()
            assert "errors" not in body, body
            found[authority] = body["data"]["picture"]
        return found


def _terminate_sessions(database_url: str, application_name: str) -> int:
    """Terminate every session of the application name in the test's own
    database, and return once they are gone: how many there were."""
    database = parse_database_url(database_url).dbname
    with direct_connection(database_url) as admin:
        terminated = [
            pid
            for pid, done in admin.execute(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND application_name = %s AND pid <> pg_backend_pid()",
                (database, application_name),
            )
            if done
        ]
        deadline = time.monotonic() + 10
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = ANY(%s)", (terminated,)).fetchall():
            assert time.monotonic() < deadline, "terminated sessions still there after 10 s"
            time.sleep(0.01)
    return len(terminated)


@pytest.fixture(scope="module")
def served(postgres_database: str) -> Iterator[tuple[str, str, str, str]]:
    """A server and a projection worker on the seeds, under an application
    name of their own: the server's URL, an editor's token, the store's URL
    and the application name."""
    url = postgres_store(postgres_database).url
    application_name = f"survive-{uuid.uuid4().hex[:8]}"
    with server(url, worker=True, serving={"PGAPPNAME": application_name}) as (base, token):
        yield base, token, url, application_name


def test_after_every_session_is_terminated_under_load_answers_are_right_within_5_s_and_none_fails_after(
    served: tuple[str, str, str, str],
) -> None:
    base, _, url, application_name = served
    reading = Reading(base, _pictures(base))
    readers = [threading.Thread(target=reading.run) for _ in range(READERS)]
    for reader in readers:
        reader.start()
    terminated, begun, gone = [], [], []
    try:
        for _ in range(TERMINATIONS):
            time.sleep(1.0)
            begun.append(time.monotonic())
            terminated.append(_terminate_sessions(url, application_name))
            gone.append(time.monotonic())
        time.sleep(2.0)
    finally:
        reading.stop.set()
        for reader in readers:
            reader.join(timeout=60)
    # Each recovery lasts until the next termination begins: a request still
    # in flight then may fail by that one.
    ends = [*begun[1:], math.inf]
    recoveries = [reading.recovery_after(moment, until) for moment, until in zip(gone, ends, strict=True)]
    with httpx.Client(base_url=base, timeout=30) as client:
        health, ready = client.get("/healthz"), client.get("/readyz")
    wrong = sum(1 for _, _, right, _ in reading.answers if not right)
    print(
        f"\nsessions terminated under load: {terminated}; first right answer after each, in seconds: "
        + ", ".join(f"{seconds:.3f}" for seconds, _ in recoveries)
        + f"; {len(reading.answers)} requests, {wrong} not answered rightly, "
        + f"{sum(len(failed) for _, failed in recoveries)} of them after a recovery"
    )
    assert min(terminated) >= 3, "the server's and the worker's sessions were terminated each time"
    assert max(seconds for seconds, _ in recoveries) < RECOVERY_SECONDS, reading.answers[-1]
    assert [failed for _, failed in recoveries] == [[]] * TERMINATIONS
    assert health.status_code == 200 and health.json()["status"] == "ok"
    assert ready.status_code == 200


def test_the_worker_and_a_live_feed_go_on_after_their_sessions_are_terminated(
    served: tuple[str, str, str, str],
) -> None:
    base, token, url, application_name = served
    with _feed(base) as (ws, end):
        assert _terminate_sessions(url, application_name) >= 3
        published = _publish(base, token, "2024-03-01")
        # Recorded by the server, projected by the worker, read by the feed.
        fed = [json.loads(ws.recv(timeout=30)) for _ in range(2)]
    assert "errors" not in published, published
    assert [m["type"] for m in fed] == ["next", "next"] and all(m["payload"]["data"] for m in fed), fed
    assert [m["payload"]["data"]["events"] for m in fed] == [
        {"position": end + 1, "type": "InspectionPublished"},
        {"position": end + 2, "type": "JudgementRecorded"},
    ]


def test_while_the_database_is_away_health_says_why_and_answers_are_right_within_5_s_of_its_return(
    postgres_database: str,
) -> None:
    url = postgres_store(postgres_database).url
    store = parse_database_url(url)
    # In replica mode the replica goes away with the primary.
    replica = read_store_of(store)
    with (
        DatabaseLink(store.host, store.port) as link,
        DatabaseLink(replica.host, replica.port) as replica_link,
    ):
        through = url.replace(f"@{store.host}:{store.port}/", f"@127.0.0.1:{link.port}/")
        serving = {"DATABASE_URL": through}
        if replica != store:
            serving["READ_DATABASE_URL"] = replica.url.replace(
                f"@{replica.host}:{replica.port}/", f"@127.0.0.1:{replica_link.port}/"
            )
        with (
            server(url, worker=False, serving=serving) as (base, token),
            _feed(base) as (ws, end),
            httpx.Client(base_url=base, timeout=30) as client,
        ):
            stockport = _pictures(base)[AUTHORITIES[0]]
            link.cut()
            replica_link.cut()
            health, ready = client.get("/healthz"), client.get("/readyz")
            away = _ask(client, AUTHORITIES[0], 1)
            time.sleep(1.5)  # the feed finds the database away a few times
            link.restore()
            replica_link.restore()
            back = time.monotonic()
            answers: dict[str, float] = {}
            while len(answers) < 3 and time.monotonic() - back < 30:
                if "healthz" not in answers and client.get("/healthz").status_code == 200:
                    answers["healthz"] = time.monotonic() - back
                if "readyz" not in answers and client.get("/readyz").status_code == 200:
                    answers["readyz"] = time.monotonic() - back
                if "picture" not in answers and _asked(client, AUTHORITIES[0], 2, stockport)[0]:
                    answers["picture"] = time.monotonic() - back
                time.sleep(0.01)
            published = _publish(base, token, "2024-04-01")
            written = time.monotonic() - back
            fed = [json.loads(ws.recv(timeout=30)) for _ in range(2)]
    print(
        f"\nwhile away: /healthz {health.json()}; seconds after the return until answered again: "
        + ", ".join(f"{name} {seconds:.3f}" for name, seconds in answers.items())
        + f"; a document written {written:.3f}"
    )
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable" and "refused" in health.json()["database"]
    assert ready.status_code == 503
    assert ready.json()["ready"] is False and "refused" in ready.json()["database"]
    assert away.status_code == 200
    (error,) = away.json()["errors"]
    assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
    assert error["message"].startswith("the database is unavailable")
    assert set(answers) == {"healthz", "readyz", "picture"}
    assert max(answers.values()) < RECOVERY_SECONDS
    assert "errors" not in published, published
    assert [m["type"] for m in fed] == ["next", "next"] and all(m["payload"]["data"] for m in fed), fed
    assert [m["payload"]["data"]["events"]["position"] for m in fed] == [end + 1, end + 2]


@contextmanager
def _feed(base: str) -> Iterator[tuple[ClientConnection, int]]:
    """A live feed subscribed after the last event: its websocket, and that event's position."""
    with httpx.Client(base_url=base, timeout=30) as client:
        end = int(client.get("/healthz").json()["log_position"])
    url = base.replace("http", "ws", 1) + "/graphql"
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        ws.send(json.dumps({"type": "connection_init"}))
        assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
        subscribe = {"query": FEED, "variables": {"after": event_cursor(end)}}
        ws.send(json.dumps({"id": "feed", "type": "subscribe", "payload": subscribe}))
        time.sleep(0.5)  # the feed has read its first, empty, page
        yield ws, end


def _publish(base: str, token: str, published_on: str) -> dict[str, Any]:
    document = {
        "authority": "E08000007",
        "framework": "ilacs",
        "title": f"Inspection published on {published_on}",
        "publishedOn": published_on,
        "judgements": [{"area": "overall_effectiveness", "areaLabel": "Overall", "raw": "Good"}],
    }
    with httpx.Client(base_url=base, timeout=120, headers={"authorization": f"Bearer {token}"}) as client:
        body: dict[str, Any] = client.post(
            "/graphql", json={"query": PUBLISH, "variables": {"input": document}}
        ).json()
    return body
