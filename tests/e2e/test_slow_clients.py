"""Slow and silent clients cannot hold connections: a request's head must
arrive in time, and so must its body."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from service.api import body_limits
from service.api.body_limits import BodyLimits
from service.library_hooks import uvicorn as uvicorn_hooks
from tests.e2e.uvicorn_workers import served_as_a_worker_process


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"got": await request.json()})


async def big(request: Request) -> PlainTextResponse:
    return PlainTextResponse("x" * 4_000_000)


async def echo_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text(await websocket.receive_text())
    await websocket.close()


# As service.api.http mounts it: inside Starlette's error handling, outside the routes.
APP = Starlette(
    routes=[Route("/", echo, methods=["POST"]), Route("/big", big), WebSocketRoute("/ws", echo_socket)],
    middleware=[Middleware(BodyLimits)],
)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    monkeypatch.setattr(uvicorn_hooks, "REQUEST_HEAD_SECONDS", 0.5)
    monkeypatch.setattr(body_limits, "BODY_SECONDS", 0.5)
    monkeypatch.setattr(uvicorn_hooks, "ANSWER_SECONDS", 0.5)
    with served_as_a_worker_process(APP, uvicorn_hooks.SERVED_HTTP) as (base, server):
        yield [*base.removeprefix("http://").split(":"), server]


def connected(address: list[Any]) -> socket.socket:
    client = socket.create_connection((address[0], int(address[1])), timeout=5)
    return client


def closed_within(client: socket.socket, seconds: float) -> bytes:
    """Everything the server sent until it closed, failing if it did not close in time."""
    client.settimeout(seconds)
    received = b""
    while chunk := client.recv(4096):
        received += chunk
    return received


def test_a_connection_that_sends_nothing_is_closed_once_its_head_is_late(served: list[Any]) -> None:
    with connected(served) as client:
        started = time.monotonic()
        assert closed_within(client, 5) == b""
    assert time.monotonic() - started >= 0.4


def test_a_head_trickled_a_line_at_a_time_is_closed_once_it_is_late(served: list[Any]) -> None:
    with connected(served) as client:
        client.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.3)
        client.sendall(b"X-Slow: 1\r\n")
        assert closed_within(client, 5) == b""


def test_a_body_that_never_arrives_in_full_is_refused_with_408(served: list[Any]) -> None:
    with connected(served) as client:
        client.sendall(
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"
        )
        answer = closed_within(client, 5)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"the request body did not arrive within 0.5 s" in answer


def test_a_prompt_client_keeps_its_connection_across_requests(served: list[Any]) -> None:
    request = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\n\r\n[42]"
    with connected(served) as client:
        answers = []
        for _ in range(3):
            client.sendall(request)
            answer = client.recv(4096)
            while not answer.endswith(b"}"):  # head and body may come in two packets
                answer += client.recv(4096)
            answers.append(answer)
            time.sleep(0.3)  # each pause shorter than the deadline, together longer
    assert all(a.startswith(b"HTTP/1.1 200 ") and a.endswith(b'{"got":[42]}') for a in answers), answers


def test_a_websocket_outlives_the_deadline_for_request_heads(served: list[Any]) -> None:
    from websockets.sync.client import connect

    with connect(f"ws://{served[0]}:{served[1]}/ws") as websocket:
        time.sleep(1.0)
        websocket.send("still here")
        assert websocket.recv(timeout=5) == "still here"


def test_an_answer_the_client_never_takes_is_dropped_with_its_connection(served: list[Any]) -> None:
    server = served[2]
    client = socket.socket()
    client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.connect((served[0], int(served[1])))
    with client:
        client.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
        deadline = time.monotonic() + 10
        time.sleep(0.2)
        while server.server_state.connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not server.server_state.connections, "the server still holds an answer nobody reads"
