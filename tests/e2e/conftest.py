from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, postgres_store, sqlite_store


def run_cli(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python -m service ...` as a user would, against a given store."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    completed = subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and completed.returncode != 0:
        raise AssertionError(f"exit {completed.returncode}\n{completed.stdout}\n{completed.stderr}")
    return completed


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_store(tmp_path).url
    return postgres_store(request.getfixturevalue("postgres_database")).url


@pytest.fixture
def seeded_service(database_url: str):
    """The service on a store holding the register and the five seed documents."""
    from service.bootstrap import open_service
    from service.loading import load
    from service.settings import parse_database_url
    from tests.conftest import SEED_EVENTS

    service = open_service(parse_database_url(database_url))
    load(service.records, SEED_EVENTS)
    service.projector.catch_up()
    try:
        yield service
    finally:
        service.close()


@pytest.fixture
def client(seeded_service):
    """An HTTP client talking to the real ASGI app in process."""
    from starlette.testclient import TestClient

    from service.http import create_app

    app = create_app(seeded_service, cors_origins=("https://dashboard.example",))
    with TestClient(app) as test_client:
        yield test_client
