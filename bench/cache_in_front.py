"""An HTTP cache in front of the service, measured: Debian's nginx with
`proxy_cache` before two API processes and a projection worker (the
PostgreSQL mode of `make run-postgres`).

    python -m bench.cache_in_front URL [--requests N] [--concurrency C] [--historical F]
    python -m bench.cache_in_front URL --serve [--port P]

On the PostgreSQL store at URL (loaded with `inspections load`), starts the
worker, `uvicorn --workers 2` and nginx on loopback ports. nginx keeps what
the service marks `public` (answers about a past moment: every date explicit
and `asKnownAt` before what the read models have passed, `max-age` a year)
and passes everything else on (`no-cache`, `no-store`). The mix: N `picture`
queries sent by GET, a fraction F of them about the past (a random authority
and day, known as at a moment before the last recorded event) (as at 31 March of a year
from 2006 to 2025, as national figures compare years) and the rest about
today; the same mix is sent once through nginx and once straight to the
API, in turns, and each prints requests/s, with nginx's hit ratio from its
`X-Cache-Status` header. `--serve` keeps the stack up for a person to try
(`make run-cached`), nginx on port P.

Creates no schema; stops every process it started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import signal
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx

from bench.generate import current_authorities
from bench.processes import api_processes, projection_worker, running
from bench.server import free_port
from service.api.graphql.event import event_cursor
from service.library_hooks.uvicorn import SERVED_HTTP

PICTURE = (
    "query Picture($a: ID!, $d: Date!, $k: DateTime) { picture(authority: $a, asAt: $d, asKnownAt: $k) "
    "{ judgements { area theme grade { raw band } publishedOn } } }"
)
LAST_EVENT = (
    "query Last($after: String) { events(first: 1, after: $after) { edges { node { recordedAt } } } }"
)

# What nginx is told: keep what the answer's Cache-Control allows, keyed by
# the whole request line (a GET's query and variables are in it), and say
# whether each answer was a hit.
NGINX_CONF = """\
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  proxy_cache_path {prefix}/cache levels=1:2 keys_zone=answers:16m max_size=1g inactive=1d use_temp_path=off;
  upstream api {{ server 127.0.0.1:{api_port}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_cache answers;
      proxy_cache_key $request_method$request_uri;
      proxy_cache_methods GET HEAD;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      add_header X-Cache-Status $upstream_cache_status always;
    }}
  }}
}}
"""


@contextmanager
def nginx(api_port: int, port: int) -> Iterator[Path]:
    """nginx on `port` in front of the API on `api_port`, its files in a temporary folder."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise SystemExit("nginx is not installed: apt-get install -y nginx-light (as root)")
    with tempfile.TemporaryDirectory(prefix="inspections-nginx-") as folder:
        prefix = Path(folder)
        # Run as root, nginx's workers run as another user, who must reach its files.
        prefix.chmod(0o755)
        (prefix / "nginx.conf").write_text(NGINX_CONF.format(prefix=prefix, api_port=api_port, port=port))
        process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with running(process):
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise SystemExit((prefix / "error.log").read_text()) from None
                    time.sleep(0.1)
            yield prefix


def past_moment(base: str) -> str:
    """A moment just before the last recorded event: answers about it can be final."""
    head = int(httpx.get(f"{base}/healthz").json()["log_position"])
    variables = {"after": event_cursor(head - 1)}
    body = httpx.post(f"{base}/graphql", json={"query": LAST_EVENT, "variables": variables}).json()
    recorded = body["data"]["events"]["edges"][0]["node"]["recordedAt"]
    moment = datetime.fromisoformat(recorded.replace("Z", "+00:00")) - timedelta(milliseconds=1)
    return moment.isoformat().replace("+00:00", "Z")


def workload(requests: int, historical: float, known_at: str, seed: int) -> list[str]:
    """Each request's path: a GET of `picture` with its variables."""
    rng = random.Random(seed)
    codes = current_authorities()[:50]
    paths = []
    for _ in range(requests):
        code = rng.choice(codes)
        variables: dict[str, str | None]
        if rng.random() < historical:
            # Dashboards compare years: the end of each year that national figures use.
            day = date(rng.randrange(2006, 2026), 3, 31)
            variables = {"a": code, "d": day.isoformat(), "k": known_at}
        else:
            variables = {"a": code, "d": date.today().isoformat(), "k": None}
        query = httpx.QueryParams({"query": PICTURE, "variables": json.dumps(variables)})
        paths.append(f"/graphql?{query}")
    return paths


async def send(base: str, paths: list[str], concurrency: int) -> tuple[float, Counter[str]]:
    """Requests per second, and the X-Cache-Status answers counted."""
    statuses: Counter[str] = Counter()
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(path: str) -> None:
            async with limit:
                response = await client.get(path)
                assert response.status_code == 200, response.text
                statuses[response.headers.get("x-cache-status", "-")] += 1

        started = time.perf_counter()
        await asyncio.gather(*(one(path) for path in paths))
        return len(paths) / (time.perf_counter() - started), statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--historical", type=float, default=0.8, help="the share of questions about the past")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serve", action="store_true", help="keep the stack up (make run-cached)")
    parser.add_argument("--port", type=int, default=8000)
    arguments = parser.parse_args()
    api_port = free_port()
    port = arguments.port if arguments.serve else free_port()
    with ExitStack() as stack:
        stack.enter_context(running(projection_worker(arguments.url)))
        stack.enter_context(running(api_processes(arguments.url, api_port, SERVED_HTTP)))
        stack.enter_context(nginx(api_port, port))
        if arguments.serve:
            print(f"nginx on http://127.0.0.1:{port}/ in front of the API on port {api_port}; Ctrl+C stops")
            # A TERM (make stopped, a supervisor) stops the stack as Ctrl+C does.
            signal.signal(signal.SIGTERM, signal.default_int_handler)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return
        direct, cached = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{port}"
        known_at = past_moment(direct)
        paths = workload(arguments.requests, arguments.historical, known_at, seed=7)
        print(
            f"{arguments.requests} picture GETs, {arguments.historical:.0%} about the past "
            f"(asKnownAt {known_at}), concurrency {arguments.concurrency}"
        )
        print(f"{'round':>5} {'straight to the API':>20} {'through nginx':>14}", end="")
        print(f" {'ratio':>6} {'hit ratio':>10}")
        for round_number in range(1, arguments.rounds + 1):
            straight, _ = asyncio.run(send(direct, paths, arguments.concurrency))
            through, statuses = asyncio.run(send(cached, paths, arguments.concurrency))
            hits = statuses["HIT"] / sum(statuses.values())
            print(
                f"{round_number:>5} {straight:>16.0f} r/s {through:>10.0f} r/s "
                f"{through / straight:>6.2f} {hits:>10.1%}   {dict(statuses)}"
            )


if __name__ == "__main__":
    main()
