"""Opening the store a DATABASE_URL names: the event log through the
eventsourcing library, and a connection for the read models beside it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from eventsourcing.persistence import InterfaceError, OperationalError

from projections.database import Connection, DatabaseUnavailable, PostgresConnection, SQLiteConnection
from service.adapters.settings import Store
from service.application.records import InspectionRecords
from service.library_hooks.psycopg import PIPELINE_PAUSE


class NoStore(LookupError):
    """A command that only reads was pointed at a store that does not exist."""


def open_records(
    store: Store, *, create_tables: bool = True, stock_recorder: bool = False
) -> InspectionRecords:
    """The record on the configured event store, its tables created unless
    `create_tables` is false."""
    if store.kind == "sqlite":
        _sqlite_file(store)
    if store.kind == "postgres" and create_tables:
        # Connect once directly, so that a wrong host or database is reported
        # as the server says it, not as a pool timing out; and create the
        # schema, since the library creates tables, not schemas.
        db = connect(replace(store, schema="public"))
        try:
            db.execute(f'CREATE SCHEMA IF NOT EXISTS "{store.schema}"')
        finally:
            db.close()
    env = store.eventsourcing_env(stock_recorder=stock_recorder)
    env["CREATE_TABLE"] = "y" if create_tables else "n"
    return InspectionRecords(env=env)


# The page cache of each connection that answers questions. SQLite's default
# is 2 MiB per connection, and the snapshot pool keeps one connection per
# answer in flight: at 16 concurrent clients the server peaked at 127 MiB
# against 103 with 512 KiB, answering as fast (the OS caches the file).
READING_CACHE_KIB = 512


def connect(store: Store, *, reading: bool = False) -> Connection:
    """A connection to the database the read models share with the events;
    `reading` for one that only answers questions."""
    if store.kind == "sqlite":
        return SQLiteConnection(_sqlite_file(store), READING_CACHE_KIB if reading else None)
    return PostgresConnection(store.schema, pipeline_pause=PIPELINE_PAUSE, **store.connect_arguments())


def _sqlite_file(store: Store) -> str:
    """The SQLite file's path, its folder made if missing."""
    assert store.sqlite_path is not None
    store.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return str(store.sqlite_path)


def unavailability(error: BaseException) -> str | None:
    """What keeps the database from answering, when that is why `error` was
    raised (our connections' `DatabaseUnavailable`, or the event store's
    failure once the eventsourcing library's own retries are spent), on one
    line; None for any other error."""
    if isinstance(error, DatabaseUnavailable | OperationalError | InterfaceError):
        return " ".join(str(error).split()) or type(error).__name__
    return None


def require_existing(store: Store) -> None:
    """Refuse, rather than create, a store that does not exist yet."""
    if store.kind == "sqlite":
        assert store.sqlite_path is not None
        if not store.sqlite_path.is_file():
            raise NoStore(f"no store at {store.sqlite_path}")
        if not _holds_a_store(store.sqlite_path):
            raise NoStore(f"{store.sqlite_path} is not a store of this service")
        return
    db = connect(replace(store, schema="public"))
    try:
        found = db.execute(
            "SELECT 1 FROM information_schema.tables"
            " WHERE table_schema = ? AND table_name = 'projection_tracking'",
            (store.schema,),
        )
    finally:
        db.close()
    if not found:
        raise NoStore(f"no store in schema {store.schema!r} of {store.host}:{store.port}/{store.dbname}")


def _holds_a_store(path: Path) -> bool:
    """Whether a SQLite file holds this service's tables; opened read-only, so
    that an empty or foreign file is left as it was."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'projection_tracking'"
            ).fetchall()
    except sqlite3.DatabaseError:
        return False
    return bool(found)
