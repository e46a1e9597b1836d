"""A PostgreSQL connection of the read models outlives its session: a
statement or a read transaction begun after the session was ended runs on a
fresh one, a write transaction that loses its session fails whole and says
the database was unavailable, and a database that refuses is said to be
unavailable, not left as a driver's error."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace

import pytest

from projections.database import Connection, DatabaseUnavailable
from service.adapters.settings import Store
from service.adapters.stores import connect
from tests.conftest import direct_connection, postgres_store
from tests.e2e.test_serve import free_port

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(postgres_database: str) -> Store:
    return postgres_store(postgres_database)


@pytest.fixture
def db(store: Store) -> Iterator[Connection]:
    connection = connect(store)
    connection.execute("CREATE TABLE facts (n INTEGER)")
    try:
        yield connection
    finally:
        connection.close()


def end_session(db: Connection, store: Store) -> None:
    """Terminate the connection's session, as an administrator or a restarting
    server would, and return once it is gone."""
    ((pid,),) = db.execute("SELECT pg_backend_pid()")
    with direct_connection(store.url) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchall():
            time.sleep(0.01)


def test_a_statement_after_the_session_was_ended_runs_on_a_fresh_one(db: Connection, store: Store) -> None:
    ((before,),) = db.execute("SELECT pg_backend_pid()")
    end_session(db, store)
    ((after,),) = db.execute("SELECT pg_backend_pid()")
    assert after != before
    assert db.execute("SELECT count(*) FROM facts") == [(0,)], "the fresh session reads the same schema"


def test_a_read_transaction_begun_after_the_session_was_ended_reads_on_a_fresh_one(
    db: Connection, store: Store
) -> None:
    db.execute("INSERT INTO facts VALUES (1)")
    end_session(db, store)
    db.begin_reading()
    try:
        assert db.execute("SELECT n FROM facts") == [(1,)]
    finally:
        db.end_reading()


def test_a_read_transaction_that_loses_its_session_fails_as_unavailable_and_ends_quietly(
    db: Connection, store: Store
) -> None:
    db.begin_reading()
    end_session(db, store)
    with pytest.raises(DatabaseUnavailable):
        db.execute("SELECT n FROM facts")
    db.end_reading()
    assert db.execute("SELECT count(*) FROM facts") == [(0,)]


def test_a_write_transaction_that_loses_its_session_fails_whole_and_the_next_one_commits(
    db: Connection, store: Store
) -> None:
    with pytest.raises(DatabaseUnavailable), db.transaction():
        db.write("INSERT INTO facts VALUES (1)")
        end_session(db, store)
        db.execute("SELECT count(*) FROM facts")
    with db.transaction():
        db.write("INSERT INTO facts VALUES (2)")
    assert db.execute("SELECT n FROM facts") == [(2,)]


def test_a_database_that_refuses_connections_is_said_to_be_unavailable(store: Store) -> None:
    with pytest.raises(DatabaseUnavailable, match="refused"):
        connect(replace(store, port=free_port()))
