"""Every place this service relies on uvicorn (0.54) beyond its public API.

Each hook has a contract test in tests/integration/test_library_contracts.py
that fails, naming the hook, when an upgrade removes or changes what it
relies on.

* `NoDelayH11Protocol`: uvicorn's HTTP/1.1 protocol class
  (`uvicorn.protocols.http.h11_impl.H11Protocol`, what `--http auto` picks
  without httptools), which `--http` also takes as an import string, and its
  `connection_made(transport)`. Used by the several API processes of `make
  run-postgres` (`--http service.library_hooks.uvicorn:NoDelayH11Protocol`).
  Stock: leave `--http` out, and every request on a kept-alive connection
  after its first waits about 40 ms. One process (`inspections serve`) never
  needs it. Drop it once uvicorn binds the socket of `--workers` with
  `IPPROTO_TCP` (Kludex/uvicorn#3149; its contract test then says so).
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

# Each has a contract test of the same name in tests/integration/test_library_contracts.py.
HOOKS = ("NoDelayH11Protocol",)

# What `--http` takes to serve with the protocol below.
NO_DELAY_HTTP = "service.library_hooks.uvicorn:NoDelayH11Protocol"


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with Nagle's algorithm off on every connection.

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

    # Narrower than asyncio's BaseTransport, as uvicorn's own: a server's protocol is given a Transport.
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
