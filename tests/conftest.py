"""Shared fixtures: real stores on both databases, each test in its own space.

PostgreSQL: each test run creates its own database and drops it afterwards;
each test gets its own schema in it. With CI=true a missing server fails the
run instead of skipping.

Replica mode: with REPLICA_URL (`postgresql://user@host:port`, no database;
`scripts/replica.sh run` sets it) naming a streaming replica of the test
server, the services and servers the end-to-end tests start read from it
(READ_DATABASE_URL) and write to the primary (`make test` runs tests/e2e so).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from service.adapters.log_reader import LogReader
from service.adapters.settings import Store, parse_database_url
from service.adapters.stores import connect, open_records
from service.application.recording import Recording
from service.application.records import InspectionRecords

if TYPE_CHECKING:
    import psycopg

ROOT = Path(__file__).resolve().parent.parent
SEED_EVENTS = ROOT / "seed_events"
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REPLICA_URL = os.environ.get("REPLICA_URL", "").rstrip("/")
# How long a database made on the primary may take to appear on the replica.
REPLICA_WAIT_SECONDS = 30.0


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def direct_connection(url: str = ADMIN_URL) -> psycopg.Connection[tuple[Any, ...]]:
    """A plain autocommit connection to a PostgreSQL database, for setting up and tearing down."""
    import psycopg

    return psycopg.connect(autocommit=True, connect_timeout=5, **parse_database_url(url).connect_arguments())


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this test run's own, dropped when the run ends."""
    try:
        connection = direct_connection()
    except Exception as error:  # any failure to reach the server
        message = f"PostgreSQL at {ADMIN_URL} is not reachable: {error}"
        if _in_ci():
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(message)
    name = f"inspections_test_{uuid.uuid4().hex[:12]}"
    with connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    admin = parse_database_url(ADMIN_URL)
    password = f":{admin.password}" if admin.password else ""
    try:
        if REPLICA_URL:
            _on_the_replica(name)
        yield f"postgresql://{admin.user}{password}@{admin.host}:{admin.port}/{name}"
    finally:
        with direct_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _on_the_replica(database: str) -> None:
    """Wait until the replica has replayed the making of a database."""
    import psycopg

    deadline = time.monotonic() + REPLICA_WAIT_SECONDS
    while True:
        try:
            direct_connection(f"{REPLICA_URL}/{database}").close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def read_store_of(store: Store) -> Store:
    """Where a service on `store` reads: in replica mode, on PostgreSQL, the
    replica's copy of the same database and schema; else the store itself."""
    if not REPLICA_URL or store.kind != "postgres":
        return store
    return parse_database_url(f"{REPLICA_URL}/{store.dbname}?schema={store.schema}", "READ_DATABASE_URL")


def served_environment(environment: Mapping[str, str]) -> dict[str, str]:
    """A process's environment with READ_DATABASE_URL added in replica mode,
    when its DATABASE_URL is a PostgreSQL store."""
    served = dict(environment)
    url = served.get("DATABASE_URL", "")
    if REPLICA_URL and url.startswith("postgres") and "READ_DATABASE_URL" not in served:
        served["READ_DATABASE_URL"] = read_store_of(parse_database_url(url)).url
    return served


def postgres_store(database_url: str) -> Store:
    """A fresh schema in the run's database."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with direct_connection(database_url) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return parse_database_url(f"{database_url}?schema={schema}")


def sqlite_store(directory: Path) -> Store:
    return parse_database_url(f"sqlite:///{directory / 'inspections.sqlite'}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """An empty store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_store(tmp_path)
    return postgres_store(request.getfixturevalue("postgres_database"))


@pytest.fixture
def log(store: Store, records: InspectionRecords) -> Iterator[LogReader]:
    """The log of the records' store, read with its recorded times."""
    connection = connect(store)
    event_log = LogReader(connection, records)
    event_log.set_up(store.schema)
    try:
        yield event_log
    finally:
        connection.close()


@pytest.fixture
def records(store: Store) -> Iterator[InspectionRecords]:
    with closing(open_records(store)) as application:
        yield application


@pytest.fixture
def recording(records: InspectionRecords) -> Recording:
    """The write path on the records' store, without read models."""
    return Recording(records, document_of_judgement=lambda _: None)
