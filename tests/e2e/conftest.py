from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import REPLICA_URL, ROOT, postgres_store, read_store_of, served_environment, sqlite_store

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

# GRAPHQL_EXECUTOR=stock runs the end-to-end suite on strawberry's own
# executor and validation (`make test` does so once for the GraphQL tests).
STOCK_GRAPHQL = os.environ.get("GRAPHQL_EXECUTOR") == "stock"


def run_cli(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python -m service ...` as a user would, against a given store."""
    return run_cli_in({**os.environ, "DATABASE_URL": database_url}, *args, check=check)


def run_cli_in(
    environment: dict[str, str], *args: str, check: bool = True, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python -m service ...` as a user would, in an environment of its own
    (reading from the replica in replica mode)."""
    completed = subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=ROOT,
        env=served_environment(environment),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"exit {completed.returncode}\n{completed.stdout}\n{completed.stderr}")
    return completed


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_store(tmp_path).url
    return postgres_store(request.getfixturevalue("postgres_database")).url


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("postgres-worker", marks=pytest.mark.postgres),
    ]
)
def seeded_service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    """The service on a store holding the register and the five seed documents:
    embedded on SQLite, embedded on PostgreSQL, and on PostgreSQL with the read
    models kept by a separate projection worker (the API process only writes
    and reads), so that the whole end-to-end suite runs against every mode."""
    import threading

    from service.bootstrap import open_service
    from service.cli.worker import run_worker
    from tests.conftest import SEED_EVENTS
    from tests.factories import load_seeds

    if request.param == "sqlite":
        if REPLICA_URL:
            pytest.skip("replica mode: SQLite has no replicas")
        store = sqlite_store(tmp_path)
    else:
        store = postgres_store(request.getfixturevalue("postgres_database"))
    setup = open_service(store)
    load_seeds(setup.recording, SEED_EVENTS)
    setup.projector.catch_up()
    if request.param != "postgres-worker" and not REPLICA_URL:
        try:
            yield setup
        finally:
            setup.close()
        return
    setup.close()
    in_process = request.param != "postgres-worker"
    service = open_service(
        store, read_store=read_store_of(store), create_tables=False, projections_in_process=in_process
    )
    if in_process:
        try:
            yield service
        finally:
            service.close()
        return
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(store, stop), kwargs={"poll_seconds": 0.1})
    worker.start()
    try:
        caught_up(service)
        yield service
    finally:
        stop.set()
        worker.join(timeout=30)
        service.close()


def caught_up(service: Service) -> None:
    """Wait until the read models answers are read from reflect the whole log
    (a worker may keep them; in replica mode, the replica's copy of them)."""
    import time

    deadline = time.monotonic() + 30
    while service.questions.position() < service.records.log_position():
        assert time.monotonic() < deadline, "the read models did not catch up"
        time.sleep(0.05)


@pytest.fixture
def client(seeded_service: Service) -> Iterator[TestClient]:
    """An HTTP client talking to the real ASGI app in process."""
    from starlette.testclient import TestClient

    from service.api.http import create_app

    app = create_app(seeded_service, cors_origins=("https://dashboard.example",), stock_graphql=STOCK_GRAPHQL)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def editor(seeded_service: Service) -> str:
    """A token of the role that may publish, correct and withdraw."""
    return seeded_service.tokens.create("ana", "editor")


@pytest.fixture
def recorder(seeded_service: Service) -> str:
    """A token of the role that may only publish."""
    return seeded_service.tokens.create("ravi", "recorder")
