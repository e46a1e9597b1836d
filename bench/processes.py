"""Per-request latency of the several-process PostgreSQL mode against one process.

    python -m bench.processes URL [--requests N] [--concurrency C] [--rounds R] [--stock-http]

On the PostgreSQL store at URL (loaded with `inspections load`), starts what
`make run-postgres` runs: a projection worker (`inspections worker`) and
`uvicorn service.api.asgi:app --workers 2` with PROJECTIONS=worker,
CREATE_TABLES=n and the `--http` of service/library_hooks/uvicorn.py; and,
beside it, one `inspections serve` on the same store. Each is sent the same
`picture` queries (bench.latency's client and queries: current authorities
at random dates, response cache off) through C kept-alive connections, one
at a time by default, so that the figure is the cost of a request and not
of a queue; the servers take turns for R rounds. Prints p50 and p99 of
each, and the ratio of the several processes' to one process's: near 1
means the mode adds nothing of its own per request (issue 13 found 44 ms, 31×
one process, which `--stock-http` shows again: uvicorn's own protocol).

Creates no schema; stops every process it started.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from bench.latency import measure
from bench.server import ROOT, free_port, serve
from service.library_hooks.uvicorn import SERVED_HTTP, SERVED_LOOP

# As `make run-postgres` sets them for its API processes.
WORKER_MODE = {"PROJECTIONS": "worker", "CREATE_TABLES": "n"}
API_PROCESSES = 2


@contextmanager
def running(process: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    """Terminate the process (uvicorn's supervisor stops its workers) and wait for it."""
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def projection_worker(url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "service", "worker"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, **WORKER_MODE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def api_processes(url: str, port: int, http: str | None) -> subprocess.Popen[bytes]:
    """`uvicorn --workers` as `make run-postgres` starts it with our protocol
    (`http`, on uvloop); without, uvicorn's own on asyncio, where Nagle stays on."""
    command = ["-m", "uvicorn", "service.api.asgi:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(API_PROCESSES), "--no-access-log"]
    command += ["--http", http, "--loop", SERVED_LOOP] if http else ["--http", "h11", "--loop", "asyncio"]
    return serve(url, port, response_cache=False, command=tuple(command), settings=WORKER_MODE)


def start(name: str, url: str, port: int) -> subprocess.Popen[bytes]:
    if name == "one":
        return serve(url, port, response_cache=False)
    return api_processes(url, port, SERVED_HTTP if name == "workers" else None)


def percentiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(timings)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=300, help="per server and round")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--stock-http", action="store_true", help="also uvicorn --workers without --http")
    args = parser.parse_args()
    if not args.url.startswith("postgresql:"):
        raise SystemExit("the several-process mode needs a PostgreSQL store")
    labels = {
        "one": "one `inspections serve` process",
        "workers": f"uvicorn --workers {API_PROCESSES} + projection worker",
        "stock": "… without --http (uvicorn's own protocol)",
    }
    with ExitStack() as stack:
        stack.enter_context(running(projection_worker(args.url)))
        bases: dict[str, str] = {}
        for name in ("one", "workers", "stock") if args.stock_http else ("one", "workers"):
            port = free_port()
            stack.enter_context(running(start(name, args.url, port)))
            bases[name] = f"http://127.0.0.1:{port}"
        timings: dict[str, list[float]] = {name: [] for name in bases}
        for round_number in range(args.rounds):
            for name, base in bases.items():
                timings[name] += asyncio.run(
                    measure(base, args.requests, args.concurrency, args.seed + round_number)
                )
    print(
        f"picture, response cache off: {args.requests} requests a round, {args.rounds} rounds taken in turn, "
        f"{args.concurrency} kept-alive connection(s)"
    )
    print(f"{'server':<46} {'p50 ms':>7} {'p99 ms':>7} {'p50 ×':>6} {'p99 ×':>6}")
    one = percentiles(timings["one"])
    for name, found in timings.items():
        p50, p99 = percentiles(found)
        print(f"{labels[name]:<46} {p50:>7.1f} {p99:>7.1f} {p50 / one[0]:>6.2f} {p99 / one[1]:>6.2f}")


if __name__ == "__main__":
    main()
