"""`inspections serve` under uvicorn, as `make run` starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT
from tests.e2e.graphql_client import graphql


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_loads_the_seeds_and_answers_graphql_under_uvicorn_on_the_configured_port(tmp_path: Path):
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--load", "seed_events"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None, "the server did not answer within 60 s"
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "ok"
        assert body["log_position"] == 161 + 5 + 38 + 26 + 41 + 17
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            data = graphql(
                client,
                "query P($a: ID!, $d: Date) {"
                " picture(authority: $a, asAt: $d) { judgements { grade { band } } } }",
                a="E08000007",
                d="2012-03-23",
            )
        assert len(data["picture"]["judgements"]) == 23
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "5 document(s) recorded" in output
