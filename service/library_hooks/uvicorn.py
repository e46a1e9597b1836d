"""Every place this service relies on uvicorn (0.54) beyond its public API.

Each hook has a contract test in tests/integration/test_library_contracts.py
that fails, naming the hook, when an upgrade removes or changes what it
relies on.

* `ServedHttpToolsProtocol` and `ServedH11Protocol`: uvicorn's HTTP/1.1
  protocol classes (`uvicorn.protocols.http.httptools_impl.HttpToolsProtocol`,
  what `--http auto` picks with httptools installed, as it is here, and
  `uvicorn.protocols.http.h11_impl.H11Protocol`), which `--http` also takes
  as an import string; their `connection_made(transport)`,
  `data_received(data)`, `on_response_complete()`, `connection_lost(exc)`,
  `pause_writing()` and `resume_writing()`, their `cycle` (set when a
  request's head has arrived), `loop` and `transport`. The httptools one
  serves every API process: `inspections serve`, and `make run-postgres`
  (`--http service.library_hooks.uvicorn:ServedHttpToolsProtocol --loop
  uvloop`); the h11 one is kept for a deployment without httptools. Both
  do three things stock uvicorn does not:
  - Nagle's algorithm off on every connection. On asyncio's loop, stock
    uvicorn under `--workers` leaves it on with either protocol, and every
    request on a kept-alive connection after its first waits about 40 ms
    (one process is spared); uvloop, which we serve on, turns it off on every
    TCP socket it accepts, so there this part is a guard for a deployment
    that runs `--loop asyncio` (the contract test checks all four). Drop it once
    uvicorn binds the socket of `--workers` with `IPPROTO_TCP`
    (Kludex/uvicorn#3149; its contract test then says so).
  - A deadline for each request's head: a connection that sends nothing, or
    trickles its headers, is closed after `REQUEST_HEAD_SECONDS`. Stock
    uvicorn arms its keep-alive timeout only after a first answer, and any
    byte received cancels it: 8,000 silent connections were all held after
    32 s, and 21,000 exhausted the process's files until it answered nothing.
    Stock: put a proxy that enforces header timeouts in front.
  - A deadline for a client to take its answer: a connection whose answer
    has waited unread (the transport paused for writing, uvicorn's
    `pause_writing()` / `resume_writing()`) for `ANSWER_SECONDS` is aborted.
    Stock uvicorn waits for ever: 4,000 clients that asked for 244 KB each
    and never read took the server from 94 MB to 1,375 MB and held it.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Each has a contract test of the same name in tests/integration/test_library_contracts.py.
HOOKS = ("ServedHttpToolsProtocol", "ServedH11Protocol")

# What `--http` takes to serve with the protocol below (with `--loop uvloop`).
SERVED_HTTP = "service.library_hooks.uvicorn:ServedHttpToolsProtocol"
SERVED_LOOP = "uvloop"

# How long a client has, from connecting or from its last answer, to send
# the whole head of its next request (a browser sends it in one packet).
REQUEST_HEAD_SECONDS = 10.0
# How long an answer may wait for a client that has stopped reading it.
ANSWER_SECONDS = 30.0


class _Served:
    """What both protocols below add to uvicorn's: Nagle's algorithm off on
    every connection, a deadline for each request's head and one for a
    client to take its answer.

    `uvicorn --workers N` binds the listening socket itself as
    `socket.socket(AF_INET)`, whose `proto` is 0; accepted sockets inherit
    it, and asyncio turns TCP_NODELAY on only where `proto` is IPPROTO_TCP.
    (One process is spared: asyncio binds it from getaddrinfo, proto 6.)
    uvicorn sends a response's head and body in two writes, so Nagle held the
    body back until the client acknowledged the head, and clients delay that
    acknowledgement by 40 ms. Under `make run-postgres` every request on a
    kept-alive connection after its first took 44 ms (/healthz p50 44.0 ms,
    a picture 47.3 ms, against 1.1 and 2.5 ms for one `inspections serve` on
    the same store); with this protocol 1.1 and 2.5 ms (docs/performance.md).
    """

    _head_deadline: asyncio.TimerHandle | None = None
    _answer_deadline: asyncio.TimerHandle | None = None
    # Set by the uvicorn protocol this is mixed into.
    cycle: Any
    loop: Any
    transport: Any

    def connection_made(self, transport: asyncio.Transport) -> None:
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[misc]
        self._await_head()

    def data_received(self, data: bytes) -> None:
        cycle = self.cycle
        super().data_received(data)  # type: ignore[misc]
        # A head arrived (a new request cycle), or the connection became a
        # websocket, whose protocol takes over the transport.
        if self.cycle is not cycle or self.transport.get_protocol() is not self:
            self._cancel_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if not self.transport.is_closing():
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_deadline()
        self._cancel_answer_deadline()
        super().connection_lost(exc)  # type: ignore[misc]

    def pause_writing(self) -> None:
        super().pause_writing()  # type: ignore[misc]
        if self._answer_deadline is None:
            self._answer_deadline = self.loop.call_later(ANSWER_SECONDS, self._answer_not_taken)

    def resume_writing(self) -> None:
        self._cancel_answer_deadline()
        super().resume_writing()  # type: ignore[misc]

    def _cancel_answer_deadline(self) -> None:
        if self._answer_deadline is not None:
            self._answer_deadline.cancel()
            self._answer_deadline = None

    def _answer_not_taken(self) -> None:
        self._answer_deadline = None
        # Abort, not close: closing would wait to send what the client will not take.
        self.transport.abort()

    def _await_head(self) -> None:
        self._cancel_head_deadline()
        self._head_deadline = self.loop.call_later(REQUEST_HEAD_SECONDS, self._head_too_late)

    def _cancel_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_late(self) -> None:
        self._head_deadline = None
        if self.transport.get_protocol() is self and not self.transport.is_closing():
            self.transport.close()


# The mixin's connection_made takes a Transport, as uvicorn's own do.
class ServedHttpToolsProtocol(_Served, HttpToolsProtocol):  # type: ignore[misc]
    """uvicorn's httptools protocol, served by every API process (see _Served)."""


class ServedH11Protocol(_Served, H11Protocol):  # type: ignore[misc]
    """uvicorn's h11 protocol, for where httptools is not installed (see _Served)."""
