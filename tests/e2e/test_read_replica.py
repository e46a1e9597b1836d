"""READ_DATABASE_URL: the read side on a PostgreSQL streaming replica.

The tests that need a real replica run in replica mode (REPLICA_URL, set by
`scripts/replica.sh run`; `make test` runs tests/e2e so once) and skip
otherwise; the refusals need none.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from service.adapters.replication import ReplicaRefused
from service.adapters.settings import parse_database_url
from service.api.http import create_app
from service.bootstrap import Service, open_service
from tests.conftest import ADMIN_URL, REPLICA_URL, SEED_EVENTS, postgres_store, read_store_of
from tests.e2e.conftest import run_cli_in
from tests.e2e.database_link import DatabaseLink
from tests.e2e.test_graphql_writes import PUBLISH, a_2013_inspection
from tests.factories import load_seeds

needs_a_replica = pytest.mark.skipif(not REPLICA_URL, reason="replica mode only (REPLICA_URL)")

STOCKPORT = "E08000007"
INSPECTIONS = """
query Documents($authority: ID!, $position: Int) {
  inspections(authority: $authority, first: 50, minPosition: $position) { edges { node { id } } }
}
"""


@pytest.fixture
def seeded_store_url(postgres_database: str) -> Iterator[str]:
    store = postgres_store(postgres_database)
    setup = open_service(store)
    load_seeds(setup.recording, SEED_EVENTS)
    setup.projector.catch_up()
    setup.close()
    yield store.url


@pytest.fixture
def on_the_replica(seeded_store_url: str) -> Iterator[tuple[TestClient, Service]]:
    """The API, projecting in process on the primary and reading the replica."""
    store = parse_database_url(seeded_store_url)
    service = open_service(store, read_store=read_store_of(store), create_tables=False)
    try:
        with TestClient(create_app(service)) as client:
            yield client, service
    finally:
        service.close()


@pytest.mark.postgres
@needs_a_replica
def test_a_write_is_read_back_from_the_replica_with_the_position_it_answered(
    on_the_replica: tuple[TestClient, Service],
) -> None:
    client, service = on_the_replica
    editor = service.tokens.create("ana", "editor")
    written = client.post(
        "/graphql",
        json={"query": PUBLISH, "variables": {"input": a_2013_inspection()}},
        headers={"authorization": f"Bearer {editor}"},
    ).json()
    position = written["extensions"]["position"]
    asked = {"authority": STOCKPORT, "position": position}
    read = client.post("/graphql", json={"query": INSPECTIONS, "variables": asked})
    ids = [edge["node"]["id"] for edge in read.json()["data"]["inspections"]["edges"]]
    assert written["data"]["publishInspection"]["id"] in ids
    assert service.read_store.port != service.store.port
    assert service.questions.position() >= position


@pytest.mark.postgres
@needs_a_replica
def test_readiness_and_metrics_report_the_replicas_replay_lag_and_the_read_models_on_both(
    on_the_replica: tuple[TestClient, Service],
) -> None:
    client, _ = on_the_replica
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.text
    report = ready.json()
    replica = report["replica"]
    assert replica["reachable"] and replica["replaying"]
    assert replica["replay_lag_bytes"] >= 0 and replica["replay_lag_seconds"] >= 0
    head = report["log_position"]
    assert replica["read_models_position"] == replica["primary_read_models_position"] == head
    assert {lag["lag_events"] for lag in report["projections"].values()} == {0}
    metrics = client.get("/metrics").text
    assert "inspections_replica_replay_lag_bytes " in metrics
    assert "inspections_replica_replay_lag_seconds " in metrics


@pytest.mark.postgres
@needs_a_replica
def test_a_replica_that_cannot_be_reached_is_not_ready_and_says_why(seeded_store_url: str) -> None:
    store = parse_database_url(seeded_store_url)
    replica = read_store_of(store)
    with DatabaseLink(replica.host, replica.port) as link:
        through = replace(replica, port=link.port)
        service = open_service(store, read_store=through, create_tables=False)
        try:
            with TestClient(create_app(service)) as client:
                assert client.get("/readyz").status_code == 200
                link.cut()
                away = client.get("/readyz")
                link.restore()
                back = client.get("/readyz")
        finally:
            service.close()
    assert away.status_code == 503
    assert away.json()["ready"] is False
    assert away.json()["replica"]["reachable"] is False
    assert "connection" in away.json()["replica"]["problem"].lower()
    assert back.status_code == 200 and back.json()["replica"]["reachable"]


@pytest.mark.postgres
def test_a_read_store_whose_schema_is_not_the_stores_is_refused_naming_the_setting(
    seeded_store_url: str,
) -> None:
    store = parse_database_url(seeded_store_url)
    # The same schema name in another database, where it does not exist.
    elsewhere = replace(parse_database_url(ADMIN_URL), schema=store.schema)
    with pytest.raises(ReplicaRefused) as refused:
        open_service(store, read_store=elsewhere, create_tables=False)
    assert f"READ_DATABASE_URL: schema {store.schema!r}" in str(refused.value)
    assert "table api_tokens is missing on the replica" in str(refused.value)


def test_the_command_line_refuses_a_replica_of_a_sqlite_store_naming_the_setting() -> None:
    environment = {
        **os.environ,
        "DATABASE_URL": "sqlite:///var/never.sqlite",
        "READ_DATABASE_URL": "postgresql://postgres@127.0.0.1:5433/test",
    }
    completed = run_cli_in(environment, "events", check=False)
    assert completed.returncode == 2
    assert "READ_DATABASE_URL: SQLite has no replicas" in completed.stderr
