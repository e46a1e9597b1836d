"""GraphQL's overhead: the full HTTP stack against a plain JSON endpoint in the same process.

    python -m bench.overhead URL [--requests N] [--concurrency C] [--rounds R]

Starts one uvicorn process on the store at URL (loaded with `inspections
load`) serving the real application plus two plain Starlette endpoints that
return the same read-model rows as JSON: `/plain/picture` and
`/plain/judgements`. A bounded async client on loopback then sends the same
requests to both, interleaved in rounds (the best round of each counts,
since these machines are noisy), and prints requests/s and the ratio to the
plain endpoint:

* picture, cold: one authority's picture at random dates, response cache off;
* national headline judgements, cold: `judgements(headlineOnly: true)` for the
  whole country at random dates, response cache off;
* warm mix: the current picture of every authority plus, one request in ten,
  a picture at a random historical date, response cache on (the server is
  restarted with it).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import anyio.to_thread
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.server import free_port, serve
from service.adapters.answer_threads import answer_threads, national_answer_threads
from service.api.today import today_of
from service.application.questions import Moment

PICTURE = """query Picture($authority: ID!, $asAt: Date) {
  picture(authority: $authority, asAt: $asAt) {
    asAt position
    authority { code name }
    inspections { id title framework { key } publishedOn }
    judgements {
      id theme area areaLabel headline framework publishedOn validUntil recordedAt
      grade { raw label band }
      source { section quote eventId position }
    }
  }
}"""

NATIONAL = """query National($asAt: Date) {
  judgements(asAt: $asAt, headlineOnly: true) {
    id theme area areaLabel framework publishedOn validUntil recordedAt grade { raw label band }
  }
}"""


def app() -> Starlette:
    """The application as `inspections serve` builds it, plus the plain endpoints."""
    from service.api.http import create_app
    from service.bootstrap import service_from_environment

    settings, service = service_from_environment()
    application = create_app(
        service,
        cors_origins=settings.cors_origins,
        response_cache=settings.response_cache,
        compiled_queries=settings.compiled_queries,
    )
    questions = service.questions

    def json(content: Any) -> Response:
        return Response(orjson.dumps(content), media_type="application/json")

    async def plain_picture(request: Request) -> Response:
        day = request.query_params.get("asAt")
        moment = Moment.of(date.fromisoformat(day) if day else None, None, today_of(request.scope))
        code = request.query_params["authority"]
        return json(await anyio.to_thread.run_sync(questions.picture, code, moment, limiter=answer_threads()))

    async def plain_judgements(request: Request) -> Response:
        day = request.query_params.get("asAt")
        moment = Moment.of(date.fromisoformat(day) if day else None, None, today_of(request.scope))
        rows = await anyio.to_thread.run_sync(
            questions.national_judgements, moment, None, None, True, limiter=national_answer_threads()
        )
        return json(rows)

    application.router.routes.extend(
        [Route("/plain/picture", plain_picture), Route("/plain/judgements", plain_judgements)]
    )
    return application


@dataclass(frozen=True)
class Ask:
    """One request, in both forms: GraphQL variables and plain query parameters."""

    query: str
    variables: dict[str, str]
    plain_path: str


def picture(code: str, day: date | None) -> Ask:
    variables = {"authority": code} | ({"asAt": day.isoformat()} if day else {})
    return Ask(PICTURE, variables, "/plain/picture")


def national(day: date) -> Ask:
    return Ask(NATIONAL, {"asAt": day.isoformat()}, "/plain/judgements")


def request_bytes(port: int, ask: Ask, graphql: bool) -> bytes:
    """The whole HTTP/1.1 request, encoded once before the clock starts."""
    if graphql:
        body = orjson.dumps({"query": ask.query, "variables": ask.variables})
        head = (
            f"POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body
    query = "&".join(f"{k}={v}" for k, v in ask.variables.items())
    return f"GET {ask.plain_path}?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


async def run(port: int, requests: list[bytes], concurrency: int) -> float:
    """Requests per second for `requests`, sent through `concurrency` keep-alive
    connections. A client of raw sockets, so that the load generator, which
    shares the machine's two cores with the server, takes as little as it can."""
    queue = list(reversed(requests))

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                writer.write(queue.pop())
                head = await reader.readuntil(b"\r\n\r\n")
                status = head[9:12]
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                body = await reader.readexactly(length)
                if status != b"200" or b'"errors":' in body:
                    raise SystemExit(f"request refused: {status.decode()} {body[:300]!r}")
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return len(requests) / (time.perf_counter() - started)


def compare(
    url: str, label: str, make: Callable[[random.Random], list[Ask]], args: argparse.Namespace, cache: bool
) -> tuple[float, float]:
    """Best requests/s of GraphQL and of the plain endpoint over interleaved rounds."""
    port = free_port()
    command = ("-m", "uvicorn", "--factory", "bench.overhead:app", "--port", str(port), "--no-access-log")
    server = serve(url, port, response_cache=cache, command=command)
    best = {True: 0.0, False: 0.0}
    try:
        for round_number in range(args.rounds):
            for graphql in (False, True):
                # The same requests for both, new ones each round.
                asks = make(random.Random(args.seed + round_number))
                requests = [request_bytes(port, ask, graphql) for ask in asks]
                best[graphql] = max(best[graphql], asyncio.run(run(port, requests, args.concurrency)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"{label:<44} {best[False]:>9,.0f} {best[True]:>9,.0f} {best[True] / best[False]:>8.2f}", flush=True
    )
    return best[True], best[False]


def random_day(rng: random.Random) -> date:
    return date(2005, 1, 1) + timedelta(days=rng.randrange(7300))


def load_arguments(doc: str, seed: int) -> argparse.Namespace:
    """The command line of a bench that loads a server with rounds of requests."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=seed)
    return parser.parse_args()


def main() -> None:
    args = load_arguments(__doc__ or "", seed=11)
    codes = current_codes(args.url)
    n = args.requests

    def cold_pictures(rng: random.Random) -> list[Ask]:
        return [picture(rng.choice(codes), random_day(rng)) for _ in range(n)]

    def cold_national(rng: random.Random) -> list[Ask]:
        return [national(random_day(rng)) for _ in range(max(n // 20, 20))]

    def warm_mix(rng: random.Random) -> list[Ask]:
        return [picture(rng.choice(codes), random_day(rng) if rng.random() < 0.1 else None) for _ in range(n)]

    print(f"{len(codes)} authorities; {args.concurrency} connections; best of {args.rounds} rounds")
    print(f"{'requests':<44} {'plain r/s':>9} {'GraphQL':>9} {'× plain':>8}")
    compare(args.url, "picture, cold (no response cache)", cold_pictures, args, cache=False)
    compare(args.url, "national headline judgements, cold", cold_national, args, cache=False)
    compare(args.url, "warm mix (response cache on)", warm_mix, args, cache=True)


def current_codes(url: str) -> list[str]:
    """The authorities current today in the store at `url`."""
    from service.adapters.settings import parse_database_url
    from service.bootstrap import open_service

    service = open_service(parse_database_url(url))
    try:
        return [a.gss_code for a in service.questions.authorities() if a.replaced_on is None]
    finally:
        service.close()


if __name__ == "__main__":
    main()
