"""HTTP caching and persisted queries: what a revalidation and a hash save.

    python -m bench.http_caching URL [--requests N] [--rounds R]

Serves the store at URL twice (`inspections serve` on loopback): once with
the response cache off, so that every answer is computed from the read
models, and once with it on. Sends the same pictures (as at random dates, as
known at a moment the read models have passed, so immutable) one at a time
over one kept-alive connection, in interleaved rounds, and prints requests/s
with ratios measured in the same run:

* a full answer (GET, computed) as the baseline; the same answered from the
  response cache; a revalidation answered 304 (If-None-Match, from the cache);
* a POST carrying the query's text against a GET carrying only its hash
  (`extensions.persistedQuery`), both computed (response cache off).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta

import httpx
import orjson

from bench.server import free_port, serve
from service.api.graphql.event import event_cursor

PICTURE = (
    "query Picture($a: ID!, $d: Date!, $k: DateTime!) { picture(authority: $a, asAt: $d, asKnownAt: $k) "
    "{ asAt judgements { area theme grade { raw band } publishedOn } } }"
)
DIGEST = hashlib.sha256(PICTURE.encode()).hexdigest()
PERSISTED = orjson.dumps({"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}).decode()

Ask = Callable[[httpx.Client, dict[str, str]], None]


def by_get(
    client: httpx.Client, variables: dict[str, str], headers: dict[str, str] | None = None
) -> httpx.Response:
    params = {"query": PICTURE, "variables": orjson.dumps(variables).decode()}
    return client.get("/graphql", params=params, headers=headers or {})


def full(client: httpx.Client, variables: dict[str, str]) -> None:
    answer = by_get(client, variables)
    assert answer.status_code == 200 and b'"errors"' not in answer.content, answer.text


def revalidation(tags: dict[str, str]) -> Ask:
    def ask(client: httpx.Client, variables: dict[str, str]) -> None:
        answer = by_get(client, variables, {"if-none-match": tags[variables["a"] + variables["d"]]})
        assert answer.status_code == 304, answer.status_code

    return ask


def posted(client: httpx.Client, variables: dict[str, str]) -> None:
    answer = client.post("/graphql", json={"query": PICTURE, "variables": variables})
    assert answer.status_code == 200 and b'"errors"' not in answer.content, answer.text


def persisted(client: httpx.Client, variables: dict[str, str]) -> None:
    params = {"extensions": PERSISTED, "variables": orjson.dumps(variables).decode()}
    answer = client.get("/graphql", params=params)
    assert answer.status_code == 200 and b'"errors"' not in answer.content, answer.text


def final_moment(client: httpx.Client) -> str:
    """A second before the last event was recorded: the read models have
    passed it, so answers as known then are final."""
    head = int(client.get("/healthz").json()["log_position"])
    last = client.post(
        "/graphql",
        json={
            "query": "query($c: String) { events(first: 1, after: $c) { edges { node { recordedAt } } } }",
            "variables": {"c": event_cursor(head - 1)},
        },
    ).json()["data"]["events"]["edges"][0]["node"]["recordedAt"]
    return (datetime.fromisoformat(last) - timedelta(seconds=1)).isoformat()


def rate(client: httpx.Client, ask: Ask, work: list[dict[str, str]]) -> float:
    started = time.perf_counter()
    for variables in work:
        ask(client, variables)
    return len(work) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=400, help="requests per kind and round")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()

    uncached_port, cached_port = free_port(), free_port()
    uncached = serve(arguments.url, uncached_port, response_cache=False)
    cached = serve(arguments.url, cached_port, response_cache=True)
    try:
        with (
            httpx.Client(base_url=f"http://127.0.0.1:{uncached_port}", timeout=30) as computing,
            httpx.Client(base_url=f"http://127.0.0.1:{cached_port}", timeout=30) as caching,
        ):
            codes = [
                a["code"]
                for a in computing.post("/graphql", json={"query": "{ authorities { code } }"}).json()[
                    "data"
                ]["authorities"]
            ]
            known_at = final_moment(computing)
            rng = random.Random(17)
            pairs = [
                (rng.choice(codes), (date(2005, 1, 1) + timedelta(days=rng.randrange(7300))).isoformat())
                for _ in range(50)
            ]
            work = [{"a": a, "d": d, "k": known_at} for a, d in pairs]
            work = [work[rng.randrange(len(work))] for _ in range(arguments.requests)]
            tags: dict[str, str] = {}
            for variables in work:
                answer = by_get(caching, variables)
                tags[variables["a"] + variables["d"]] = answer.headers["etag"]
            control = answer.headers["cache-control"]
            # The protocol's first round: the text with its hash, learnt for the hash alone.
            computing.post(
                "/graphql",
                json={"query": PICTURE, "variables": work[0], "extensions": orjson.loads(PERSISTED)},
            )
            kinds: dict[str, tuple[httpx.Client, Ask]] = {
                "full answer (GET, computed)": (computing, full),
                "full answer (GET, response cache)": (caching, full),
                "revalidation (304, response cache)": (caching, revalidation(tags)),
                "POST with the query's text (computed)": (computing, posted),
                "GET with the hash alone (computed)": (computing, persisted),
            }
            rates: dict[str, list[float]] = {name: [] for name in kinds}
            for _ in range(arguments.rounds):
                for name, (client, ask) in kinds.items():
                    rates[name].append(rate(client, ask, work))
    finally:
        for server in (uncached, cached):
            server.terminate()
            server.wait(timeout=30)
    best = {name: max(found) for name, found in rates.items()}
    print(f"store {arguments.url}; {arguments.requests} requests a kind, best of {arguments.rounds} rounds;")
    print(f"answers as known at a past moment: Cache-Control {control!r}")
    baseline = best["full answer (GET, computed)"]
    for name in list(kinds)[:3]:
        print(f"  {name:42s} {best[name]:8.0f}/s  {best[name] / baseline:5.2f}x")
    post_rate = best["POST with the query's text (computed)"]
    for name in list(kinds)[3:]:
        print(f"  {name:42s} {best[name]:8.0f}/s  {best[name] / post_rate:5.2f}x")


if __name__ == "__main__":
    main()
