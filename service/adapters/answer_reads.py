"""Statements for answers read on the event loop, without a worker thread:
compiled registered queries (service.api.compiled_answers) and the response
cache's version check.

PostgreSQL: psycopg's AsyncConnectionPool, each statement in autocommit, so
one statement is one snapshot. SQLite: the snapshot pool's connections in a
worker thread (SQLite has no asynchronous driver here; one SELECT is one
read transaction).

A failure to reach the database raises `AnswersUnavailable`, and the pool
is left alone for a moment (`REST_SECONDS`): the caller answers by the
general path meanwhile, whose connections say what is wrong (and come back
at once when the database does, where this pool backs off).
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Sequence
from typing import Any, Protocol

import anyio.to_thread

from projections.database import PostgresConnection, Row
from projections.tracking import VERSION_TABLE
from service.adapters.answer_threads import answer_threads
from service.adapters.settings import Store
from service.adapters.snapshots import SnapshotPool

# As many connections as the kit's plain endpoint and PostGraphile keep.
POOL_SIZE = 10
# How long a statement may wait for a connection of the pool.
WAIT_SECONDS = 0.5
# After a failure to reach the database, how long the pool is not asked.
REST_SECONDS = 1.0

VERSION = f"SELECT version FROM {VERSION_TABLE} WHERE id = 1"


class AnswersUnavailable(Exception):
    """The statement could not be run: answer by the general path."""


class AnswerReads(Protocol):
    async def rows(self, sql: str, params: Sequence[Any]) -> list[Row]: ...

    async def close(self) -> None: ...


async def read_models_version(reads: AnswerReads) -> int:
    """The read models' version (projections.tracking.Tracking.version)."""
    rows = await reads.rows(VERSION, ())
    return int(rows[0][0]) if rows else 0


def answer_reads(store: Store, snapshots: SnapshotPool) -> AnswerReads:
    """The reads for the store the read side reads (with a read replica, point
    `store` at it: this is the one place its address is taken from)."""
    if store.kind == "sqlite":
        return SQLiteAnswerReads(snapshots)
    return PostgresAnswerReads(store)


class SQLiteAnswerReads:
    def __init__(self, snapshots: SnapshotPool) -> None:
        self._snapshots = snapshots

    async def rows(self, sql: str, params: Sequence[Any]) -> list[Row]:
        return await anyio.to_thread.run_sync(self._rows, sql, params, limiter=answer_threads())

    def _rows(self, sql: str, params: Sequence[Any]) -> list[Row]:
        connection = self._snapshots.checkout()
        try:
            found = connection.execute(sql, params)
        except BaseException:
            connection.close()
            raise
        self._snapshots.checkin(connection)
        return found

    async def close(self) -> None:
        pass


class PostgresAnswerReads:
    """One pool per event loop, opened by the first statement run in it (a
    server has one loop; tests run apps on several, side by side)."""

    def __init__(self, store: Store) -> None:
        self._arguments = {
            **store.connect_arguments(),
            # A generic plan: the picture's statement took 1.2 ms to plan and
            # 0.5 to run, and PostgreSQL kept planning it for each call's
            # parameters (0.71 ms a call on the national history; 0.49 generic).
            "options": f"-c search_path={store.schema} -c plan_cache_mode=force_generic_plan",
            "connect_timeout": 5,
            "autocommit": True,
        }
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()
        self._resting_until = 0.0

    async def rows(self, sql: str, params: Sequence[Any]) -> list[Row]:
        import psycopg
        from psycopg_pool import PoolTimeout

        if time.monotonic() < self._resting_until:
            raise AnswersUnavailable("resting after a failure to reach the database")
        pool = await self._opened()
        try:
            async with pool.connection(timeout=WAIT_SECONDS) as connection:
                cursor = await connection.execute(PostgresConnection._adapt(sql), tuple(params))
                return list(await cursor.fetchall())
        except PoolTimeout as error:
            # Every connection busy, or none back yet after an outage (the
            # pool reconnects with a backoff): this answer goes the general way.
            raise AnswersUnavailable(str(error)) from error
        except (psycopg.OperationalError, psycopg.InterfaceError) as error:
            self._resting_until = time.monotonic() + REST_SECONDS
            raise AnswersUnavailable(str(error)) from error

    async def _opened(self) -> Any:
        from psycopg_pool import AsyncConnectionPool

        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            pool = self._pools[loop] = AsyncConnectionPool(
                kwargs=self._arguments,
                min_size=2,
                max_size=POOL_SIZE,
                open=False,
                timeout=WAIT_SECONDS,
                configure=_prepared_at_once,
            )
            await pool.open(wait=False)
        return pool

    async def close(self) -> None:
        """Close the pool of this event loop (those of loops that have ended
        went with them)."""
        pool = self._pools.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            await pool.close()


async def _prepared_at_once(connection: Any) -> None:
    """Statements prepared on their first run, not their sixth: the same few
    run on every connection, for ever."""
    connection.prepare_threshold = 0
