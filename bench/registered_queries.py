"""Registered queries answered from their compiled plans, against the general executor.

    python -m bench.registered_queries URL [--requests N] [--concurrency C] [--rounds R]

Starts two servers on the store at URL (loaded with `inspections load`), as
bench.overhead does (the application plus its plain endpoints), one with
COMPILED_QUERIES=on (as shipped) and one with it off, both with the response
cache off. The same requests go, interleaved in rounds (best round of each),
to: the plain JSON endpoint `/plain/picture` of the first (the baseline: the
same picture's rows as JSON, no GraphQL); the registered picture query of
the comparison kit in ../shared/anchors (queries/anchors/Picture.graphql, a
random authority with documents and a random date) on the first, answered by
its plan; and the same on the second, answered by the general executor. It
prints requests/s and the ratios.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
from datetime import date

import orjson

from bench.overhead import load_arguments, random_day, run
from bench.server import free_port, serve
from service.api.persisted_queries import QUERIES

QUERY = (QUERIES / "anchors" / "Picture.graphql").read_text()


def graphql_request(port: int, code: str, day: date) -> bytes:
    body = orjson.dumps({"query": QUERY, "variables": {"code": code, "at": day.isoformat()}})
    head = (
        f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def plain_request(port: int, code: str, day: date) -> bytes:
    path = f"/plain/picture?authority={code}&asAt={day.isoformat()}"
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def started(url: str, compiled: bool) -> tuple[int, subprocess.Popen[bytes]]:
    port = free_port()
    command: tuple[str, ...] = ("-m", "uvicorn", "--factory", "bench.overhead:app", "--port", str(port))
    command += ("--no-access-log", "--loop", "uvloop", "--http", "httptools")
    settings = {"COMPILED_QUERIES": "on" if compiled else "off"}
    return port, serve(url, port, response_cache=False, command=command, settings=settings)


def codes_with_documents(url: str) -> list[str]:
    from service.adapters.settings import parse_database_url
    from service.bootstrap import open_service

    service = open_service(parse_database_url(url))
    try:
        rows = service.questions.inspections_page(None, None, 100_000)
        return sorted({row.authority_code for row in rows if row.series is not None})
    finally:
        service.close()


def main() -> None:
    args = load_arguments(__doc__ or "", seed=17)
    codes = codes_with_documents(args.url)
    compiled_port, compiled = started(args.url, compiled=True)
    general_port, general = started(args.url, compiled=False)
    ways = {
        "plain JSON endpoint (baseline)": (compiled_port, plain_request),
        "registered query, compiled plan": (compiled_port, graphql_request),
        "registered query, general executor": (general_port, graphql_request),
    }
    best = dict.fromkeys(ways, 0.0)
    try:
        for round_number in range(args.rounds):
            rng = random.Random(args.seed + round_number)
            asks = [(rng.choice(codes), random_day(rng)) for _ in range(args.requests)]
            for name, (port, request) in ways.items():
                requests = [request(port, code, day) for code, day in asks]
                best[name] = max(best[name], asyncio.run(run(port, requests, args.concurrency)))
    finally:
        for server in (compiled, general):
            server.terminate()
            server.wait(timeout=30)
    plain = best["plain JSON endpoint (baseline)"]
    plans = best["registered query, compiled plan"]
    print(f"{len(codes)} authorities; {args.concurrency} connections; best of {args.rounds} rounds")
    print(f"{'picture, cold (no response cache)':<40} {'r/s':>9} {'× plain':>8}")
    for name, rate in best.items():
        print(f"{name:<40} {rate:>9,.0f} {rate / plain:>8.2f}")
    general_rate = best["registered query, general executor"]
    print(f"compiled plan × general executor: {plans / general_rate:.2f}", flush=True)


if __name__ == "__main__":
    main()
