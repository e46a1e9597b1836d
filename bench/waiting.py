"""Ordinary requests' latency while many requests wait on `minPosition`.

    python -m bench.waiting [--waiters W] [--requests N] [--rounds R]

Loads the seed documents into a fresh SQLite store, starts `inspections
serve` with PROJECTIONS=worker and no worker (so that the read models stay
behind the log), and publishes one document, so that the log's head is a
position the read models never reach. Then, in turns for R rounds, sends N
ordinary `picture` queries one at a time over a kept-alive connection: alone
(the baseline), and while W other connections each keep a `picture(minPosition:
head)` waiting (each waits 5 s, is refused, and asks again). Prints p50 and p99
of each and the ratio: near 1 means waiting requests cost the others nothing
(issue 13 found 60 of them took ordinary requests from about 2 ms to 4.8 s).

Removes the store and stops the server it started.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.server import ROOT, free_port, serve

PICTURE = (
    "query Picture($a: ID!, $p: Int) { picture(authority: $a, minPosition: $p) "
    "{ position judgements { area theme grade { raw band } publishedOn } } }"
)
PUBLISH = "mutation P($input: PublishInspectionInput!) { publishInspection(input: $input) { id } }"
DOCUMENT = {
    "authority": "E08000002",
    "framework": "ilacs",
    "title": "Inspection of children's social care services",
    "publishedOn": "2019-07-12",
    "judgements": [{"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Good"}],
}


def cli(url: str, *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "service", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


async def ordinary(base: str, requests: int) -> list[float]:
    timings = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(requests):
            started = time.perf_counter()
            response = await client.post("/graphql", json={"query": PICTURE, "variables": {"a": "E08000007"}})
            timings.append(time.perf_counter() - started)
            assert "errors" not in response.json(), response.text
    return timings


async def with_waiters(base: str, requests: int, waiters: int, head: int) -> tuple[list[float], int, int]:
    """Ordinary timings while `waiters` requests wait; how many waits were
    answered "did not reach" and how many refused for too many waiting."""
    stop = asyncio.Event()
    outcomes = {"timed out": 0, "refused": 0}
    limits = httpx.Limits(max_connections=waiters, max_keepalive_connections=waiters)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def wait() -> None:
            while not stop.is_set():
                response = await client.post(
                    "/graphql", json={"query": PICTURE, "variables": {"a": "E08000007", "p": head}}
                )
                message = response.json()["errors"][0]["message"]
                outcomes["refused" if "already waiting" in message else "timed out"] += 1

        waiting = [asyncio.create_task(wait()) for _ in range(waiters)]
        await asyncio.sleep(1.0)  # every waiter is waiting
        timings = await ordinary(base, requests)
        stop.set()
        await asyncio.gather(*waiting)
    return timings, outcomes["timed out"], outcomes["refused"]


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--waiters", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'waiting.sqlite'}"
        cli(url, "load", "seed_events")
        token = cli(url, "token", "create", "bench", "--role", "recorder")
        port = free_port()
        server = serve(url, port, response_cache=False, settings={"PROJECTIONS": "worker"})
        try:
            base = f"http://127.0.0.1:{port}"
            published = httpx.post(
                f"{base}/graphql",
                json={"query": PUBLISH, "variables": {"input": DOCUMENT}},
                headers={"authorization": f"Bearer {token}"},
            ).json()
            head = int(published["extensions"]["position"])
            asyncio.run(ordinary(base, 50))  # warm up
            alone: list[float] = []
            beside: list[float] = []
            timed_out = refused = 0
            for _ in range(args.rounds):
                alone += asyncio.run(ordinary(base, args.requests))
                timings, out, turned = asyncio.run(with_waiters(base, args.requests, args.waiters, head))
                beside += timings
                timed_out, refused = timed_out + out, refused + turned
        finally:
            server.terminate()
            server.wait(timeout=30)
    (p50, p99), (w50, w99) = percentiles(alone), percentiles(beside)
    print(f"{'ordinary picture':<34} {'p50 ms':>8} {'p99 ms':>8}")
    print(f"{'alone':<34} {p50:>8.1f} {p99:>8.1f}")
    print(f"{f'beside {args.waiters} waiting':<34} {w50:>8.1f} {w99:>8.1f}")
    print(f"{'ratio':<34} {w50 / p50:>8.2f} {w99 / p99:>8.2f}")
    print(f"waits that timed out after 5 s: {timed_out}; refused as too many waiting: {refused}")


if __name__ == "__main__":
    main()
