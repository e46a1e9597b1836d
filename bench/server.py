"""Starting the service for a benchmark: a process of its own on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from service.adapters.settings import parse_database_url

ROOT = Path(__file__).resolve().parent.parent
# `inspections serve`, as a user runs it.
SERVE = ("-m", "service", "serve")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_store(url: str) -> None:
    """Stop unless the SQLite file at `url` exists: opening it would create an
    empty store, and every figure measured on it would be meaningless."""
    store = parse_database_url(url)
    if store.sqlite_path is not None and not store.sqlite_path.exists():
        raise SystemExit(f"{store.sqlite_path}: no such store; load a history into it first")


def serve(
    url: str,
    port: int,
    *,
    response_cache: bool,
    command: tuple[str, ...] = SERVE,
    wait_seconds: float = 300,
    settings: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """The server on the store at `url`, once it answers /healthz; `settings`
    are more environment variables for it."""
    require_store(url)
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "RESPONSE_CACHE": "on" if response_cache else "off",
        **(settings or {}),
    }
    server = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server for {url} did not start")
