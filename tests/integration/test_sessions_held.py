"""How many PostgreSQL sessions an idle process holds: several API processes,
workers and a replica's readers share the server's `max_connections` (100 by
default), and each idle session is one a peer cannot have."""

from __future__ import annotations

import pytest

from service.bootstrap import open_service
from tests.conftest import direct_connection, postgres_store

pytestmark = pytest.mark.postgres


def _sessions_on(database: str) -> int:
    with direct_connection() as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_an_idle_service_on_postgresql_holds_five_sessions_at_most(postgres_database: str) -> None:
    store = postgres_store(postgres_database)
    before = _sessions_on(store.dbname)
    service = open_service(store)
    try:
        # Two of the projector and the questions, two kept by the event store's
        # pool, one snapshot: three fewer than the event store's default pool.
        assert _sessions_on(store.dbname) - before <= 5
    finally:
        service.close()
