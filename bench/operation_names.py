"""What many distinct GraphQL operation names cost: /metrics size and request rate.

    python -m bench.operation_names [--names N] [--rounds R] [--workers W]

Loads the seed documents into a scratch SQLite store, starts the server on it
(`inspections serve`; with `--workers 2`, uvicorn with two processes sharing a
PROMETHEUS_MULTIPROC_DIR) with the response cache off, so that every request
runs the whole GraphQL pipeline, and sends through a raw-socket client:

* N queries, each under an operation name never sent before (`query Op1_17`);
* the baseline: N of the same query under one name, in the same run.

Rounds alternate the two, with new names each round; the best round of each
counts (these machines are noisy). Prints requests/s, the ratio of unique
names to one name, and the size of /metrics and its distinct `operation`
labels after the first N unique names.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from bench.overhead import Ask, request_bytes, run
from bench.server import ROOT, free_port, serve

QUERY = "query {name} {{ frameworks {{ key }} }}"
OPERATION_LABEL = re.compile(r'operation="((?:[^"\\]|\\.)*)"')


def requests(port: int, names: list[str]) -> list[bytes]:
    return [request_bytes(port, Ask(QUERY.format(name=name), {}, ""), graphql=True) for name in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite'}"
        subprocess.run(
            [sys.executable, "-m", "service", "load", "seed_events"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
            capture_output=True,
        )
        port = free_port()
        command: tuple[str, ...] = ("-m", "service", "serve")
        if args.workers > 1:
            metrics_directory = Path(scratch) / "metrics"
            metrics_directory.mkdir()
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_directory)
            os.environ["CREATE_TABLES"] = "n"
            command = ("-m", "uvicorn", "service.api.asgi:app", "--port", str(port))
            command += ("--workers", str(args.workers), "--no-access-log")
        server = serve(url, port, response_cache=False, command=command)
        try:
            measure(port, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure(port: int, args: argparse.Namespace) -> None:
    best = {"unique": 0.0, "one": 0.0}
    size = labels = 0
    for round_number in range(args.rounds):
        unique = [f"Op{round_number}_{n}" for n in range(args.names)]
        best["unique"] = max(best["unique"], asyncio.run(run(port, requests(port, unique), args.concurrency)))
        if round_number == 0:
            exposition = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
            size = len(exposition.encode())
            labels = len(set(OPERATION_LABEL.findall(exposition)))
        same = ["Same"] * args.names
        best["one"] = max(best["one"], asyncio.run(run(port, requests(port, same), args.concurrency)))
    print(f"{args.workers} process(es), {args.names} requests a batch, best of {args.rounds} rounds")
    print(f"/metrics after {args.names:,} unique names: {size:,} bytes, {labels} operation labels")
    print(f"{'requests':<36} {'r/s':>9} {'× one name':>10}")
    for kind, label in (("one", "one operation name (baseline)"), ("unique", "a new operation name each")):
        print(f"{label:<36} {best[kind]:>9,.0f} {best[kind] / best['one']:>10.2f}")


if __name__ == "__main__":
    main()
