"""As-at picture latency over HTTP as history grows.

    python -m bench.latency URL [URL ...] [--requests N] [--concurrency C]

For each store URL (each holding a history of a different size, loaded with
`inspections load`), starts `inspections serve` under uvicorn on a free
loopback port, sends N `picture` queries for random current authorities at
random dates through a bounded number of concurrent connections, and prints
p50 and p99 with the ratio of each to the first store's, measured in the same
run. Flat cost means ratios near 1.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import date, timedelta

import httpx

from bench.generate import current_authorities
from bench.server import free_port, serve

PICTURE = (
    "query Picture($a: ID!, $d: Date) { picture(authority: $a, asAt: $d) "
    "{ position judgements { area theme grade { raw band } publishedOn } } }"
)


async def measure(base: str, requests: int, concurrency: int, seed: int) -> list[float]:
    rng = random.Random(seed)
    codes = current_authorities()[:50]  # every size holds these
    work = [
        (rng.choice(codes), date(2005, 1, 1) + timedelta(days=rng.randrange(7300))) for _ in range(requests)
    ]
    timings: list[float] = []
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def one(code: str, day: date) -> None:
            async with limit:
                started = time.perf_counter()
                response = await client.post(
                    "/graphql", json={"query": PICTURE, "variables": {"a": code, "d": day.isoformat()}}
                )
                timings.append(time.perf_counter() - started)
                body = response.json()
                assert "errors" not in body, body

        await asyncio.gather(*(one(code, day) for code, day in work[:50]))  # warm up
        timings.clear()
        await asyncio.gather(*(one(code, day) for code, day in work))
    return timings


def latency(url: str, requests: int, concurrency: int, seed: int) -> tuple[int, float, float, float]:
    """Events in the store, p50 and p99 in milliseconds, and requests/s."""
    port = free_port()
    # No response cache: every request is answered from the read models.
    server = serve(url, port, response_cache=False)
    try:
        base = f"http://127.0.0.1:{port}"
        events = int(httpx.get(f"{base}/healthz").json()["log_position"])
        started = time.perf_counter()
        timings = asyncio.run(measure(base, requests, concurrency, seed))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    p50 = statistics.median(timings) * 1000
    p99 = sorted(timings)[int(len(timings) * 0.99) - 1] * 1000
    return events, p50, p99, len(timings) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{'store':<48} {'events':>8} {'p50 ms':>8} {'p99 ms':>8} {'p50 ×':>6} {'p99 ×':>6} {'req/s':>7}")
    first: tuple[float, float] | None = None
    for url in args.urls:
        events, p50, p99, rate = latency(url, args.requests, args.concurrency, args.seed)
        first = first or (p50, p99)
        ratios = f"{p50 / first[0]:>6.2f} {p99 / first[1]:>6.2f}"
        print(f"{url[-48:]:<48} {events:>8} {p50:>8.1f} {p99:>8.1f} {ratios} {rate:>7.0f}")


if __name__ == "__main__":
    main()
