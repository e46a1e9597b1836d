"""A small SQL connection that read models use on SQLite and PostgreSQL alike.

Read models live beside the events, in the same SQLite file or PostgreSQL
schema. SQL is written once with `?` placeholders and portable types (dates
and times as ISO text, which sorts as it should); this module adapts it.
On PostgreSQL a parameter cast to an array type (`?::text[]`, only ever a
list) is sent in binary: in text, psycopg quotes every item of a text array
with regular expressions.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from select import POLLIN, poll
from typing import Any, Protocol, TypeVar

Row = tuple[Any, ...]
T = TypeVar("T")


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

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], streamed: bool = False
    ) -> None:
        """Rows into a table, each a value for each of `columns`, in a
        transaction. `streamed`: into one COPY left open for the next rows of
        the same table, for a fill that writes one table at a time."""

    def transaction(self) -> Any: ...

    def begin_reading(self) -> None:
        """Start a read-only transaction: every statement until `end_reading`
        sees the database as it stood at the first of them."""

    def end_reading(self) -> None: ...

    def close(self) -> None: ...


class SQLiteConnection:
    dialect = "sqlite"

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

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], streamed: bool = False
    ) -> None:
        marks = ",".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

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

    def begin_reading(self) -> None:
        with self._lock:
            # Deferred: in WAL mode the snapshot is taken at the first read.
            self._connection.execute("BEGIN")

    def end_reading(self) -> None:
        with self._lock:
            self._connection.execute("ROLLBACK")

    def close(self) -> None:
        self._connection.close()


_ARRAY_PARAMETER = re.compile(r"\?(?=::\w+\[\])")


@lru_cache(maxsize=4096)
def _psycopg_placeholders(sql: str) -> str:
    """`?` as psycopg's `%s`, or `%b` (binary) where cast to an array type."""
    return _ARRAY_PARAMETER.sub("%b", sql.replace("%", "%%")).replace("?", "%s")


class DatabaseUnavailable(Exception):
    """The database cannot be reached, or dropped the session in the middle
    of a transaction: nothing the question got wrong; asked again once the
    database is back, it is answered."""


# Every statement until the ROLLBACK sees the database as it stood at the first.
BEGIN_READING = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"


class PipelinePause(Protocol):
    """How a COPY runs inside a pipelined transaction: the pipeline set aside
    for it, then taken up again (psycopg offers no public way)."""

    def pause(self, connection: Any, pipeline: Any) -> None: ...

    def resume(self, connection: Any, pipeline: Any) -> None: ...


class PostgresConnection:
    """One session at a time, replaced when it is lost (a terminated backend,
    a restarted server), so that no restart of the process is needed.

    A statement outside a transaction runs in autocommit; when its session
    turns out lost, it runs again once on a fresh one. That is safe because
    outside a transaction we only read, or set up idempotently: every write
    of ours is in a transaction. A transaction, read or write, begins on a
    session checked first (`_looks_lost`, a poll, not a round trip), and a
    read transaction's BEGIN runs again like any statement, as nothing was
    read yet. Once begun, a transaction that loses its session fails with
    `DatabaseUnavailable`, and is not run again here: its caller decides (the
    worker starts its batch again; an answer says the database is
    unavailable, and the next one is read on a fresh session).
    """

    dialect = "postgres"

    def __init__(
        self, schema: str, pipeline_pause: PipelinePause | None = None, **connect_arguments: Any
    ) -> None:
        """`pipeline_pause` lets a COPY run inside a pipelined transaction (a
        library hook: service.library_hooks.psycopg); without it, streamed
        rows go as INSERTs of arrays."""
        import psycopg

        self._pipeline_pause = pipeline_pause

        self._errors = psycopg.Error
        # Recorded times come back in UTC, which psycopg gives as the stdlib's
        # `timezone.utc`: turned into text four times faster than a zoneinfo's
        # (rebuilds turn every event's). Nothing of ours reads a local time.
        options = f"-c search_path={schema} -c TimeZone=UTC"
        self._arguments = {"options": options, "connect_timeout": 5, **connect_arguments}
        self._connection = self._open()
        self._lock = threading.RLock()
        self._pipeline: Any = None
        self._in_transaction = False
        # A COPY left open for more rows of the same table (`insert_many`),
        # and the pipeline it paused.
        self._copying: tuple[tuple[str, tuple[str, ...]], Any, Any] | None = None
        self._paused_pipeline: Any = None
        # Tables' column types by name, read once a transaction.
        self._column_types: dict[str, dict[str, int]] = {}

    def _open(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(autocommit=True, **self._arguments)
        except psycopg.OperationalError as error:
            raise DatabaseUnavailable(str(error)) from error

    @staticmethod
    def _adapt(sql: str) -> str:
        return _psycopg_placeholders(sql)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._run(lambda connection: self._fetch(connection, sql, params))

    def _fetch(self, connection: Any, sql: str, params: Sequence[Any]) -> list[Row]:
        with connection.cursor() as cursor:
            cursor.execute(self._adapt(sql), tuple(params))
            if self._pipeline is not None:
                # A read needs its answer now: flush the writes queued before it.
                self._pipeline.sync()
            return cursor.fetchall() if cursor.description else []

    def write(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A statement whose result is not needed: inside a transaction it is
        pipelined, so a batch of writes costs one round trip, not one each."""
        self._run(lambda connection: connection.execute(self._adapt(sql), tuple(params)))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return

        def run(connection: Any) -> None:
            with connection.cursor() as cursor:
                cursor.executemany(self._adapt(sql), rows)

        self._run(run)

    def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], streamed: bool = False
    ) -> None:
        """One statement, each column sent as one array in binary, pipelined.

        Streamed: one binary COPY, left open for the next rows of the same
        table until another statement. PostgreSQL takes in a batch's rows
        while the process reads the next batch on another connection, as it
        does pipelined statements, for about half the CPU a row on both
        sides. But COPY cannot run in pipeline mode: the pipeline pauses,
        and starting and ending a COPY each wait for the server, which costs
        more than it saves when a fill writes to two tables in turn."""
        if not rows:
            return
        if not streamed or self._pipeline_pause is None:
            self._insert_arrays(table, columns, rows)
            return
        with self._lock:
            if not self._in_transaction:
                with self.transaction():
                    self.insert_many(table, columns, rows, streamed)
                return
            with self._unavailable_if_lost():
                write_row = self._copy_into(table, tuple(columns)).write_row
                for row in rows:
                    write_row(row)

    def _insert_arrays(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        selected: list[str] = []
        arrays: list[str] = []
        params: list[list[Any]] = []
        for name, column in zip(columns, zip(*rows, strict=True), strict=True):
            kind = _array_type(table, name, column)
            if kind is None:
                # No value but NULL: a plain NULL takes the column's type.
                selected.append("NULL")
                continue
            selected.append(f"c{len(arrays)}")
            arrays.append(f"?::{kind}[]")
            params.append(list(column))
        aliases = ", ".join(f"c{i}" for i in range(len(arrays)))
        self.write(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selected)}"
            f" FROM unnest({', '.join(arrays)}) AS r({aliases})",
            params,
        )

    def _copy_into(self, table: str, columns: tuple[str, ...]) -> Any:
        if self._copying is not None:
            if self._copying[0] == (table, columns):
                return self._copying[2]
            self._end_copy()
        self._pause_pipeline()
        try:
            types = self._column_types.get(table)
            if types is None:
                # Binary COPY takes each column's own type (int4 is not int8).
                types = self._column_types[table] = dict(
                    self._connection.execute(
                        "SELECT attname, atttypid::int FROM pg_attribute"
                        " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                        (table,),
                    ).fetchall()
                )
            started = self._connection.cursor().copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            )
            copy = started.__enter__()
            self._copying = ((table, columns), started, copy)
            copy.set_types([types[column] for column in columns])
        except BaseException as error:
            self._end_copy(error)
            raise
        return copy

    def _end_copy(self, error: BaseException | None = None) -> None:
        """End the open COPY, if any (waiting for PostgreSQL to take in its
        last rows; with an error, abandoning it), and resume the pipeline."""
        copying, self._copying = self._copying, None
        try:
            if copying is not None:
                copying[1].__exit__(type(error) if error else None, error, None)
        finally:
            self._resume_pipeline()

    def _pause_pipeline(self) -> None:
        pipeline = self._pipeline
        if pipeline is None or self._pipeline_pause is None:
            return
        self._pipeline_pause.pause(self._connection, pipeline)
        self._paused_pipeline = pipeline

    def _resume_pipeline(self) -> None:
        pipeline, self._paused_pipeline = self._paused_pipeline, None
        if pipeline is None or self._pipeline_pause is None:
            return
        self._pipeline_pause.resume(self._connection, pipeline)

    def _run(self, statement: Callable[[Any], T]) -> T:
        with self._lock:
            if self._in_transaction:
                with self._unavailable_if_lost():
                    if self._copying is not None:
                        self._end_copy()
                    return statement(self._connection)
            if self._looks_lost():
                self._reconnect()
            try:
                return statement(self._connection)
            except self._errors:
                if not self._connection.closed:
                    raise
            # Lost before or while running in autocommit: nothing of it was
            # committed, so it runs again on a fresh session.
            self._reconnect()
            with self._unavailable_if_lost():
                return statement(self._connection)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._looks_lost():
                self._reconnect()
            self._in_transaction = True
            self._column_types = {}
            try:
                with self._unavailable_if_lost(), self._connection.pipeline() as pipeline:
                    self._pipeline = pipeline
                    with self._connection.transaction():
                        try:
                            yield
                        except BaseException as error:
                            self._end_copy(error)
                            raise
                        self._end_copy()
            finally:
                self._copying = self._paused_pipeline = None
                self._pipeline = None
                self._in_transaction = False

    def begin_reading(self) -> None:
        with self._lock:
            self._run(lambda connection: connection.execute(BEGIN_READING))
            self._in_transaction = True

    def end_reading(self) -> None:
        with self._lock:
            self._in_transaction = False
            try:
                self._connection.execute("ROLLBACK")
            except self._errors:
                # A lost session took its read transaction with it.
                if not self._connection.closed:
                    raise

    def _looks_lost(self) -> bool:
        """Whether the session is gone: closed, or its server has spoken while
        it sat idle, which a server does to a session only to end it
        (terminated, shutting down). A poll, not a round trip."""
        if self._connection.closed:
            return True
        idle = poll()
        idle.register(self._connection.pgconn.socket, POLLIN)
        return bool(idle.poll(0))

    def close(self) -> None:
        self._connection.close()

    def _reconnect(self) -> None:
        self._connection.close()
        self._connection = self._open()

    @contextmanager
    def _unavailable_if_lost(self) -> Iterator[None]:
        try:
            yield
        except self._errors as error:
            if not self._connection.closed:
                raise
            raise DatabaseUnavailable(str(error)) from error


def _array_type(table: str, column: str, values: Sequence[Any]) -> str | None:
    """The type of array a column's values travel in: read models hold text
    and whole numbers (the column's own type is applied on insert)."""
    for value in values:
        if value is None:
            continue
        if isinstance(value, str):
            return "text"
        if isinstance(value, int) and not isinstance(value, bool):
            return "int8"
        raise TypeError(f"{table}.{column}: no array type for {type(value).__name__} values")
    return None
