"""/metrics stays bounded whatever operation names clients send, and sums
every API process when uvicorn runs several. Each test runs a real server of
its own, so that the names it learned are this test's alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from service.adapters.metrics import OPERATION_NAMES
from tests.conftest import ROOT
from tests.e2e.conftest import run_cli_in
from tests.e2e.graphql_client import graphql, graphql_errors
from tests.e2e.test_serve import SEED_EVENT_COUNT, free_port, wait_until_serving

OPERATION_LABEL = re.compile(r'operation="([^"]*)"')


def latency_count(exposition: str, kind: str, operation: str) -> float:
    line = f'inspections_request_duration_seconds_count{{kind="{kind}",operation="{operation}"}} '
    (count,) = [float(row.removeprefix(line)) for row in exposition.splitlines() if row.startswith(line)]
    return count


@contextmanager
def serving(command: list[str], environment: dict[str, str], port: int) -> Iterator[httpx.Client]:
    server = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env={**environment, "HOST": "127.0.0.1", "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_until_serving(server, port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.terminate()
        server.wait(timeout=30)


def seeded_environment(tmp_path: Path) -> dict[str, str]:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}"}
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    run_cli_in(environment, "load", "seed_events")
    return environment


def test_a_thousand_operation_names_leave_metrics_bounded_and_failed_names_out(tmp_path: Path) -> None:
    environment = seeded_environment(tmp_path)
    with serving(["-m", "service", "serve"], environment, free_port()) as client:
        graphql_errors(client, 'query Late { authority(code: "E99999999") { name } }')
        before_success = client.get("/metrics").text
        graphql(client, "query Late { frameworks { key } }")
        graphql(client, "{ frameworks { key } }")
        sizes = []
        for n in range(1000):
            graphql(client, f"query Name{n} {{ frameworks {{ key }} }}")
            if n % 10 == 0:
                graphql_errors(client, f'query Wrong{n} {{ authority(code: "E9999999{n % 10}") {{ name }} }}')
                graphql_errors(client, f"query Invalid{n} {{ noSuchField }}")
            if n in (OPERATION_NAMES * 2, 999):
                sizes.append(len(client.get("/metrics").content))
        exposition = client.get("/metrics").text

    assert "Late" not in before_success
    # Late, then the first names to succeed until the limit; everything else is `other`.
    assert set(OPERATION_LABEL.findall(exposition)) == {
        "Late",
        *(f"Name{n}" for n in range(OPERATION_NAMES - 1)),
        "other",
        "anonymous",
    }
    assert "Wrong" not in exposition and "Invalid" not in exposition
    assert latency_count(exposition, "query", "Late") == 1
    assert latency_count(exposition, "query", "Name0") == 1
    # Every request is counted: the failed ones and the names beyond the limit.
    failed = 1 + 2 * 100
    assert latency_count(exposition, "query", "other") == 1000 - (OPERATION_NAMES - 1) + failed
    assert latency_count(exposition, "query", "anonymous") == 1
    # From the limit on, only the counts' digits grow: 800 more names cost nothing.
    after_limit, after_thousand = sizes
    assert after_thousand < after_limit * 1.01
    assert after_thousand < 256 * 1024
    assert "process_resident_memory_bytes " in exposition and "python_gc_collections_total{" in exposition
    assert 'inspections_response_cache_requests_total{outcome="miss"}' in exposition
    assert f"inspections_log_position {float(SEED_EVENT_COUNT)}" in exposition


def test_two_uvicorn_processes_report_the_requests_of_both(tmp_path: Path) -> None:
    environment = seeded_environment(tmp_path)
    directory = tmp_path / "metrics"
    directory.mkdir()
    # Without the response cache, so that every request runs the operation and is timed.
    environment |= {"PROMETHEUS_MULTIPROC_DIR": str(directory), "CREATE_TABLES": "n", "RESPONSE_CACHE": "off"}
    port = free_port()
    uvicorn = ["-m", "uvicorn", "service.api.asgi:app", "--workers", "2", "--no-access-log"]
    command = [*uvicorn, "--port", str(port)]
    with serving(command, environment, port) as client:
        # Each process creates its files as it imports the metrics, named after its pid.
        deadline = time.monotonic() + 60
        while len(list(directory.glob("counter_*.db"))) < 2:
            assert time.monotonic() < deadline, "the second process did not start"
            time.sleep(0.1)
        for _ in range(60):
            # A connection each, so that either process may take it.
            response = httpx.post(
                client.base_url.join("/graphql"), json={"query": "query Counted { frameworks { key } }"}
            )
            assert "errors" not in response.json()
        scrapes = [httpx.get(client.base_url.join("/metrics")).text for _ in range(6)]

    served_by = {path.stem.rsplit("_", 1)[1] for path in directory.glob("histogram_*.db")}
    assert len(served_by) == 2, "one process took every request; the sum proves nothing"
    assert [latency_count(s, "query", "Counted") for s in scrapes] == [60] * 6
    assert f"inspections_log_position {float(SEED_EVENT_COUNT)}" in scrapes[0]
    # Per-process figures would describe whichever process answered: left out.
    assert "process_resident_memory_bytes" not in scrapes[0] and "python_info{" in scrapes[0]
