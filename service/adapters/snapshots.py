"""Read transactions for answering questions: each answer reads one snapshot
of the read models, on a connection of its own taken from a small pool.

A snapshot is a `Connection` that begins its read-only transaction at its
first statement and ends it when closed; every statement between sees the
database as it stood at that first one (PostgreSQL: REPEATABLE READ; SQLite:
one read transaction in WAL mode).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from projections.database import Connection, Row

# Connections kept open between answers; more are opened under load and
# closed when they come back beyond this many. Enough for every answer in
# flight at a busy moment: when the limit was 8, 16 concurrent clients made
# half the answers open a PostgreSQL connection of their own, which took the
# cold picture from 0.66 to 0.45 of the plain endpoint (docs/performance.md).
IDLE = 32


class SnapshotPool:
    """Connections kept between answers. A kept connection is checked as
    its snapshot begins: on PostgreSQL a session its server has ended since
    (terminated, restarted) is replaced then, and one found lost at BEGIN is
    replaced and begun again, as nothing was read yet (see
    projections.database.PostgresConnection). So after the database comes
    back, the first answer is read on a fresh session, and none fails for a
    session lost while it sat here."""

    def __init__(self, connect: Callable[[], Connection], dialect: str, idle: int = IDLE) -> None:
        self._connect = connect
        self.dialect = dialect
        self._idle_limit = idle
        self._idle: list[Connection] = []
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        return Snapshot(self)

    def checkout(self) -> Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def checkin(self, connection: Connection) -> None:
        with self._lock:
            if len(self._idle) < self._idle_limit:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


class Snapshot:
    """One read transaction, begun at its first statement."""

    def __init__(self, pool: SnapshotPool) -> None:
        self._pool = pool
        self.dialect = pool.dialect
        self._held: Connection | None = None
        self._lock = threading.Lock()

    def _connection(self) -> Connection:
        with self._lock:
            if self._held is None:
                held = self._pool.checkout()
                try:
                    held.begin_reading()
                except Exception:
                    held.close()
                    raise
                self._held = held
            return self._held

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._connection().execute(sql, params)

    def write(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise RuntimeError("a snapshot only reads")

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise RuntimeError("a snapshot only reads")

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], streamed: bool = False
    ) -> None:
        raise RuntimeError("a snapshot only reads")

    def transaction(self) -> Any:
        raise RuntimeError("a snapshot is a transaction already")

    def begin_reading(self) -> None:
        self._connection()

    def end_reading(self) -> None:
        self.close()

    def close(self) -> None:
        """End the transaction and give the connection back; a connection
        that cannot end it cleanly is not given back."""
        with self._lock:
            held, self._held = self._held, None
        if held is None:
            return
        try:
            held.end_reading()
        except Exception:
            held.close()
            raise
        self._pool.checkin(held)
