"""Serving an app as `uvicorn --workers N` serves it in each process, and
asking the server's own sockets whether Nagle's algorithm is off.

Under `--workers` uvicorn binds the listening socket once with
`Config.bind_socket()` and each process serves on it with
`Server.run(sockets=[...])`; here the same two calls run in a thread, so
that the server's accepted sockets can be read without timing anything.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp


@contextmanager
def served_as_a_worker_process(
    app: ASGIApp, http: str, loop: str = "asyncio"
) -> Iterator[tuple[str, uvicorn.Server]]:
    """The base URL of `app` served with the HTTP protocol `http` (a name
    or an import string, as `--http` takes) on the event loop `loop` (as
    `--loop` takes), and its server."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, http=http, loop=loop, lifespan="off", log_level="warning"
    )
    listener = config.bind_socket()
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started, "uvicorn did not start serving"
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", server
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def nagle_off(server: uvicorn.Server) -> list[bool]:
    """For each connection the server holds open, whether TCP_NODELAY is set on its side."""
    found = []
    for connection in server.server_state.connections:
        accepted = connection.transport.get_extra_info("socket")
        found.append(bool(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
    return found
