"""The several API processes of `make run-postgres` answer every request on a
kept-alive connection at once: with Nagle's algorithm on, each one after the
first waited 40 ms for the client's delayed ACK (issue 13)."""

from __future__ import annotations

import shlex
import subprocess

import httpx
import pytest

from service.api.http import create_app
from service.bootstrap import open_service
from tests.conftest import ROOT, SEED_EVENTS, postgres_store, read_store_of
from tests.e2e.graphql_client import graphql
from tests.e2e.uvicorn_workers import nagle_off, served_as_a_worker_process
from tests.factories import load_seeds

pytestmark = pytest.mark.postgres

PICTURE = (
    "query P($a: ID!, $d: Date) { picture(authority: $a, asAt: $d) "
    "{ position judgements { area grade { raw } } } }"
)
DAYS = ("2009-12-31", "2012-03-23")


def uvicorn_options_of_make_run_postgres() -> list[str]:
    """The options `make run-postgres` gives uvicorn, read from its recipe."""
    recipe = subprocess.run(
        ["make", "--dry-run", "run-postgres"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    command = recipe.replace("\\\n", " ").split("/uvicorn ", 1)[1].splitlines()[0]
    return shlex.split(command)


def test_make_run_postgres_serves_each_process_with_the_protocol_that_turns_nagle_off() -> None:
    options = uvicorn_options_of_make_run_postgres()
    assert "--workers" in options
    assert "--http" in options, f"make run-postgres starts uvicorn without --http: {options}"
    assert options[options.index("--http") + 1] == "service.library_hooks.uvicorn:ServedHttpToolsProtocol"
    assert options[options.index("--loop") + 1] == "uvloop"


def test_a_worker_process_answers_kept_alive_requests_on_a_connection_with_nagle_off(
    postgres_database: str,
) -> None:
    store = postgres_store(postgres_database)
    setup = open_service(store)
    load_seeds(setup.recording, SEED_EVENTS)
    setup.projector.catch_up()
    setup.close()
    options = uvicorn_options_of_make_run_postgres()
    service = open_service(
        store, read_store=read_store_of(store), create_tables=False, projections_in_process=False
    )
    try:
        app = create_app(service, response_cache=False)
        with (
            served_as_a_worker_process(
                app, options[options.index("--http") + 1], options[options.index("--loop") + 1]
            ) as (base, server),
            httpx.Client(base_url=base) as client,
        ):
            health = [client.get("/healthz").json()["status"] for _ in range(5)]
            pictures = [graphql(client, PICTURE, a="E08000007", d=day)["picture"] for day in DAYS]
            connections = nagle_off(server)
    finally:
        service.close()
    assert health == ["ok"] * 5
    # Stockport: the 2009 annual rating, then with the 22 grades of 2012 (as the README shows).
    assert [len(picture["judgements"]) for picture in pictures] == [1, 23]
    assert connections == [True], "one kept-alive connection, with TCP_NODELAY set by the server"
