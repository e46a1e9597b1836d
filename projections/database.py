"""A small SQL connection that read models use on SQLite and PostgreSQL alike.

Read models live beside the events, in the same SQLite file or PostgreSQL
schema. SQL is written once with `?` placeholders and portable types (dates
and times as ISO text, which sorts as it should); this module adapts it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

Row = tuple[Any, ...]


def rows_in(db: Connection, select: str, column: str, values: Sequence[Any], *rest: Any) -> list[Row]:
    """The rows of `select` whose `column` is one of `values` (none for no
    values); `select` may go on after the condition, with `rest` its parameters."""
    if not values:
        return []
    head, _, tail = select.partition("{in}")
    marks = ",".join("?" * len(values))
    return db.execute(f"{head}{column} IN ({marks}){tail}", [*values, *rest])


class Connection(Protocol):
    dialect: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def write(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def transaction(self) -> Any: ...

    def begin_reading(self) -> None:
        """Start a read-only transaction: every statement until `end_reading`
        sees the database as it stood at the first of them."""

    def end_reading(self) -> None: ...

    def close(self) -> None: ...


class _ReadTransactions:
    """Read transactions and closing, the same on both databases but for the
    statement that begins one."""

    begin_read_transaction: str
    _connection: Any
    _lock: threading.RLock

    def begin_reading(self) -> None:
        with self._lock:
            self._connection.execute(self.begin_read_transaction)

    def end_reading(self) -> None:
        with self._lock:
            self._connection.execute("ROLLBACK")

    def close(self) -> None:
        self._connection.close()


class SQLiteConnection(_ReadTransactions):
    dialect = "sqlite"
    # Deferred: in WAL mode the snapshot is taken at the first read.
    begin_read_transaction = "BEGIN"
    _connection: sqlite3.Connection

    def __init__(self, path: str, cache_kib: int | None = None) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        if cache_kib is not None:
            self._connection.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
        self._lock = threading.RLock()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return self._connection.execute(sql, tuple(params)).fetchall()

    def write(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._lock:
            self._connection.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock:
            self._connection.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            # IMMEDIATE takes the write lock up front, so two writers never
            # both read a tracking position and then race to advance it.
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")


class PostgresConnection(_ReadTransactions):
    dialect = "postgres"
    begin_read_transaction = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def __init__(self, schema: str, **connect_arguments: Any) -> None:
        import psycopg

        self._connection = psycopg.connect(
            autocommit=True, options=f"-c search_path={schema}", connect_timeout=5, **connect_arguments
        )
        self._lock = threading.RLock()
        self._pipeline: Any = None

    @staticmethod
    def _adapt(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock, self._connection.cursor() as cursor:
            cursor.execute(self._adapt(sql), tuple(params))
            if self._pipeline is not None:
                # A read needs its answer now: flush the writes queued before it.
                self._pipeline.sync()
            return cursor.fetchall() if cursor.description else []

    def write(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A statement whose result is not needed: inside a transaction it is
        pipelined, so a batch of writes costs one round trip, not one each."""
        with self._lock, self._connection.cursor() as cursor:
            cursor.execute(self._adapt(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        with self._lock, self._connection.cursor() as cursor:
            cursor.executemany(self._adapt(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, self._connection.pipeline() as pipeline:
            self._pipeline = pipeline
            try:
                with self._connection.transaction():
                    yield
            finally:
                self._pipeline = None
