"""Shared fixtures: real stores on both databases, each test in its own space.

PostgreSQL: each test run creates its own database and drops it afterwards;
each test gets its own schema in it. With CI=true a missing server fails the
run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _admin_connection() -> psycopg.Connection[tuple[Any, ...]]:
    import psycopg

    admin = parse_database_url(ADMIN_URL)
    return psycopg.connect(
        host=admin.host,
        port=admin.port,
        user=admin.user,
        password=admin.password or None,
        dbname=admin.dbname,
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this test run's own, dropped when the run ends."""
    try:
        connection = _admin_connection()
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
        yield f"postgresql://{admin.user}{password}@{admin.host}:{admin.port}/{name}"
    finally:
        with _admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_store(database_url: str) -> Store:
    """A fresh schema in the run's database."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    base = parse_database_url(database_url)
    with psycopg.connect(
        host=base.host,
        port=base.port,
        user=base.user,
        password=base.password or None,
        dbname=base.dbname,
        autocommit=True,
    ) as connection:
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
    application = open_records(store)
    try:
        yield application
    finally:
        application.close()


@pytest.fixture
def recording(records: InspectionRecords) -> Recording:
    """The write path on the records' store, without read models."""
    return Recording(records, document_of_judgement=lambda _: None)
