"""The README's walk-through, as a new user runs it: `inspections serve` under
uvicorn, a token from the CLI, a publication over HTTP, the live feed over a
real websocket, a correction, and both versions in the history."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from service.api.graphql.event import event_cursor
from service.library_hooks.uvicorn import REQUEST_HEAD_SECONDS
from tests.conftest import ROOT
from tests.e2e.conftest import run_cli_in
from tests.e2e.graphql_client import graphql

SEED_EVENT_COUNT = 181 + 5 + 38 + 26 + 41 + 17


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_serving(server: subprocess.Popen[str], port: int) -> httpx.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not answer within 60 s")


PUBLISH = """
mutation Publish($input: PublishInspectionInput!) {
  publishInspection(input: $input) { id judgements { id area grade { raw band } } }
}
"""


def test_the_walk_through_serve_token_publish_watch_correct_history(tmp_path: Path) -> None:
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
    watcher = None
    try:
        health = wait_until_serving(server, port).json()
        assert health == {"status": "ok", "log_position": SEED_EVENT_COUNT}
        # A client that connects and says nothing is let go (checked at the end).
        silent = socket.create_connection(("127.0.0.1", port), timeout=5)
        token = run_cli_in(environment, "token", "create", "ana", "--role", "editor").stdout.strip()
        refused = run_cli_in(environment, "watch", "--after", "not-a-cursor", timeout=30, check=False)
        assert refused.returncode == 1
        assert refused.stderr.startswith("inspections watch: after: not a cursor this API issued"), (
            refused.stderr
        )
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            # A position does as well as the cursor the events list gives for it.
            end = graphql(client, "query { events(first: 500) { pageInfo { endCursor } } }")["events"]
            assert end["pageInfo"]["endCursor"] == event_cursor(SEED_EVENT_COUNT)
            watcher = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "service",
                    "watch",
                    "--after",
                    str(SEED_EVENT_COUNT),
                    "--limit",
                    "4",
                ],
                cwd=ROOT,
                env=environment,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            time.sleep(1.0)  # let the watcher subscribe before the write
            document = {
                "authority": "E08000007",
                "framework": "ilacs",
                "title": "Inspection of children's social care services",
                "publishedOn": "2019-02-20",
                "firstDay": "2019-01-21",
                "lastDay": "2019-02-01",
                "judgements": [
                    {"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Good"},
                    {"area": "help_and_protection", "areaLabel": "Experiences and progress", "raw": "Good"},
                ],
            }
            auth = {"authorization": f"Bearer {token}"}
            published = client.post(
                "/graphql", json={"query": PUBLISH, "variables": {"input": document}}, headers=auth
            ).json()
            assert "errors" not in published, published
            overall = published["data"]["publishInspection"]["judgements"][0]
            corrected = client.post(
                "/graphql",
                json={
                    "query": "mutation C($input: CorrectJudgementInput!) { correctJudgement(input: $input) "
                    "{ grade { raw band } } }",
                    "variables": {
                        "input": {
                            "judgement": overall["id"],
                            "raw": "Requires improvement to be good",
                            "reason": "typed from the wrong report",
                        }
                    },
                },
                headers=auth,
            ).json()
            assert corrected["data"]["correctJudgement"]["grade"]["band"] == "ADEQUATE"
            history = graphql(
                client,
                'query H($a: ID!) { judgementHistory(authority: $a, area: "overall_effectiveness") '
                "{ publishedOn grade { raw band } recordedUntil correctionReason } }",
                a="E08000007",
            )["judgementHistory"]
        watched, errors = watcher.communicate(timeout=30)
        events = [json.loads(line) for line in watched.splitlines()]
        assert [e["type"] for e in events] == [
            "InspectionPublished",
            "JudgementRecorded",
            "JudgementRecorded",
            "JudgementCorrected",
        ], errors
        assert [e["position"] for e in events] == list(range(SEED_EVENT_COUNT + 1, SEED_EVENT_COUNT + 5))
        assert {e["recordedBy"] for e in events} == {"ana"}
        ilacs = [h for h in history if h["publishedOn"] == "2019-02-20"]
        assert [(h["grade"]["band"], h["correctionReason"]) for h in ilacs] == [
            ("GOOD", None),
            ("ADEQUATE", "typed from the wrong report"),
        ]
        silent.settimeout(REQUEST_HEAD_SECONDS + 5)
        assert silent.recv(1) == b"", "the server still holds a connection that never sent a request"
        silent.close()
    finally:
        if watcher is not None and watcher.poll() is None:
            watcher.kill()
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert "5 document(s) recorded" in output
