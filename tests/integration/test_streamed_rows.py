"""Rows streamed into a table (`insert_many`, streamed: one COPY left open on
PostgreSQL) are there for the next statement of the same transaction, go
with it when it fails, and leave the connection as usable as before."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing

import pytest

from projections.database import Connection
from service.adapters.settings import Store
from service.adapters.stores import connect


@pytest.fixture
def db(store: Store) -> Iterator[Connection]:
    with closing(connect(store)) as connection:
        connection.execute("CREATE TABLE numbers (n BIGINT PRIMARY KEY, small INTEGER, word TEXT)")
        yield connection


def numbers(db: Connection) -> list[tuple[object, ...]]:
    return [tuple(row) for row in db.execute("SELECT n, small, word FROM numbers ORDER BY n")]


def test_streamed_rows_are_seen_by_the_next_statement_and_committed_with_the_rest(db: Connection) -> None:
    with db.transaction():
        db.insert_many("numbers", ["n", "small", "word"], [(1, 1, "one"), (2, None, "two")], streamed=True)
        db.insert_many("numbers", ["n", "word"], [(3, "three")], streamed=True)
        assert db.execute("SELECT count(*) FROM numbers")[0][0] == 3
        db.write("UPDATE numbers SET small = ? WHERE n = ?", (30, 3))
        db.insert_many("numbers", ["n", "small", "word"], [(4, 4, None)], streamed=True)
        db.insert_many("numbers", ["n", "small", "word"], [(5, 5, "five")])
    assert numbers(db) == [(1, 1, "one"), (2, None, "two"), (3, 30, "three"), (4, 4, None), (5, 5, "five")]


def test_streamed_rows_go_with_a_transaction_that_fails_and_the_connection_goes_on(db: Connection) -> None:
    with pytest.raises(ConnectionError), db.transaction():
        db.insert_many("numbers", ["n", "word"], [(1, "one")], streamed=True)
        raise ConnectionError("the log could not be read")
    assert numbers(db) == []
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"), db.transaction():
        db.insert_many("numbers", ["n", "word"], [(1, "one"), (1, "one again")], streamed=True)
    assert numbers(db) == []
    with db.transaction():
        db.insert_many("numbers", ["n", "word"], [(2, "two")], streamed=True)
    assert numbers(db) == [(2, None, "two")]
