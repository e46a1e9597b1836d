"""While documents are recorded and corrected, every picture is read from one
snapshot: no fact in an answer was recorded after the position it reports.

Two writers and six readers against a real server: on SQLite, with the read
models kept by the server itself; on PostgreSQL, kept by a separate worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import ROOT, postgres_store, served_environment, sqlite_store
from tests.e2e.conftest import run_cli_in
from tests.e2e.test_graphql_writes import CORRECT, PUBLISH
from tests.e2e.test_serve import free_port, wait_until_serving

READS = 2_000
WRITERS, READERS = 2, 6
AUTHORITIES = ("E08000007", "E08000002", "E06000021")
PICTURE = """
query Picture($authority: ID!) {
  picture(authority: $authority) {
    position inspections { position } judgements { source { position } }
  }
}
"""


@contextmanager
def server(
    database_url: str, *, worker: bool, serving: Mapping[str, str] | None = None
) -> Iterator[tuple[str, str]]:
    """A server on the seeds (and a projection worker beside it); its URL and
    an editor's token. `serving` is more environment for the server and the
    worker only (the store is set up and loaded without it)."""
    environment = {**os.environ, "DATABASE_URL": database_url, "HOST": "127.0.0.1", "RESPONSE_CACHE": "on"}
    run_cli_in(environment, "setup")
    if worker:
        environment |= {"PROJECTIONS": "worker", "CREATE_TABLES": "n"}
    run_cli_in(environment, "load", "seed_events")
    token = run_cli_in(environment, "token", "create", "writer", "--role", "editor").stdout.strip()
    environment |= serving or {}
    port = free_port()
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "service", "serve"],
            cwd=ROOT,
            env=served_environment({**environment, "PORT": str(port)}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    if worker:
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "service", "worker", "--poll", "0.1"],
                cwd=ROOT,
                env=environment,  # the worker projects on the primary
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        wait_until_serving(processes[0], port)  # type: ignore[arg-type]
        yield f"http://127.0.0.1:{port}", token
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def write(url: str, token: str, writer: int, stop: threading.Event, written: list[int]) -> None:
    """Publish inspections one day apart, correcting each one's judgement after it."""
    grades = ("Good", "Requires improvement to be good", "Outstanding", "Inadequate")
    with httpx.Client(base_url=url, timeout=30, headers={"authorization": f"Bearer {token}"}) as client:
        for n in range(500):
            if stop.is_set():
                return
            document = {
                "authority": AUTHORITIES[n % len(AUTHORITIES)],
                "framework": "ilacs",
                "title": f"Inspection {writer}/{n}",
                "publishedOn": f"{2018 + n // 300}-{1 + (n // 25) % 12:02d}-{1 + writer * 14 + n % 14:02d}",
                "judgements": [
                    {"area": "overall_effectiveness", "areaLabel": "Overall", "raw": grades[n % 4]}
                ],
            }
            body = client.post("/graphql", json={"query": PUBLISH, "variables": {"input": document}}).json()
            if "errors" in body:
                continue
            written.append(body["extensions"]["position"])
            judgement = body["data"]["publishInspection"]["judgements"][0]["id"]
            correction = {"judgement": judgement, "raw": grades[(n + 1) % 4], "reason": "retyped"}
            client.post("/graphql", json={"query": CORRECT, "variables": {"input": correction}})


COUNTING = threading.Lock()


def read(url: str, stop: threading.Event, counts: dict[str, int], mixed: list[dict[str, Any]]) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        n = 0
        while not stop.is_set():
            authority = AUTHORITIES[n % len(AUTHORITIES)]
            n += 1
            response = client.post("/graphql", json={"query": PICTURE, "variables": {"authority": authority}})
            picture = response.json()["data"]["picture"]
            facts = [d["position"] for d in picture["inspections"]]
            facts += [j["source"]["position"] for j in picture["judgements"]]
            with COUNTING:
                counts["reads"] += 1
                if any(fact > picture["position"] for fact in facts):
                    mixed.append(picture)
                if counts["reads"] >= READS:
                    stop.set()


@pytest.mark.parametrize("mode", ["sqlite", pytest.param("postgres-worker", marks=pytest.mark.postgres)])
def test_no_answer_holds_a_fact_recorded_after_its_position_while_writers_run(
    mode: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if mode == "sqlite":
        url = sqlite_store(tmp_path).url
    else:
        url = postgres_store(request.getfixturevalue("postgres_database")).url
    counts = {"reads": 0}
    mixed: list[dict[str, Any]] = []
    written: list[int] = []
    stop = threading.Event()
    with server(url, worker=mode != "sqlite") as (base, token):
        threads = [
            threading.Thread(target=write, args=(base, token, w, stop, written)) for w in range(WRITERS)
        ]
        threads += [threading.Thread(target=read, args=(base, stop, counts, mixed)) for _ in range(READERS)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        elapsed = time.monotonic() - started
    done = f"{counts['reads']} reads, {len(written)} documents written, {len(mixed)} mixed, {elapsed:.1f} s"
    print(f"\n{mode}: {done}")
    assert counts["reads"] >= READS
    assert written, "the writers recorded nothing"
    assert mixed == []
