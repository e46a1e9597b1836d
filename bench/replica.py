"""Reading from a streaming replica: picture latency, and lag under writes.

    scripts/replica.sh run python -m bench.replica URL [--requests N] [--rounds R] [--burst D]

URL is a loaded PostgreSQL store (`make bench` passes the national history);
REPLICA_URL (set by `scripts/replica.sh run`, which makes the replica and
removes it afterwards) names its streaming replica. Prints:

* the picture's latency over HTTP (p50 and p99, the same requests for random
  authorities and dates, response cache off), from a server reading the
  replica (READ_DATABASE_URL) and from one reading the primary, in
  interleaved rounds, with the ratio replica / primary;
* a burst of D documents recorded back to back on the primary (read models
  projected in process, as `inspections serve` does): the largest replay lag
  the replica showed meanwhile, in bytes of write-ahead log and in seconds,
  and how long after the last write the replica's read models held it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import threading
import time
from datetime import date, timedelta

import httpx

from bench.generate import current_authorities
from bench.latency import measure
from bench.server import free_port, serve
from domain.errors import DomainError
from service.adapters.replication import ReplicaLag
from service.adapters.settings import Store, parse_database_url
from service.application.documents import DocumentRejected, DocumentToPublish, JudgementToRecord
from service.bootstrap import Service, open_service


def replica_of(url: str) -> Store:
    replica = os.environ.get("REPLICA_URL", "").rstrip("/")
    if not replica:
        raise SystemExit("REPLICA_URL is not set: run this under scripts/replica.sh run")
    store = parse_database_url(url)
    return parse_database_url(f"{replica}/{store.dbname}?schema={store.schema}", "READ_DATABASE_URL")


def latencies(url: str, replica: Store, requests: int, rounds: int, concurrency: int) -> None:
    servers = {}
    for side, settings in (("primary", {}), ("replica", {"READ_DATABASE_URL": replica.url})):
        port = free_port()
        servers[side] = (serve(url, port, response_cache=False, settings=settings), port)
    timings: dict[str, list[float]] = {"primary": [], "replica": []}
    try:
        for round_number in range(rounds):
            for side, (_, port) in servers.items():
                # The same requests on both sides, new ones each round.
                found = asyncio.run(
                    measure(f"http://127.0.0.1:{port}", requests, concurrency, 7 + round_number)
                )
                timings[side] += found
        ready = httpx.get(f"http://127.0.0.1:{servers['replica'][1]}/readyz").json()
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=30)
    figures = {side: percentiles(found) for side, found in timings.items()}
    print(f"picture over HTTP: {rounds} interleaved rounds of {requests} requests, {concurrency} connections")
    print(f"{'reads from':<12} {'p50 ms':>8} {'p99 ms':>8}")
    for side, (p50, p99) in figures.items():
        print(f"{side:<12} {p50:>8.2f} {p99:>8.2f}")
    (p50, p99), (base50, base99) = figures["replica"], figures["primary"]
    print(f"{'replica ×':<12} {p50 / base50:>8.2f} {p99 / base99:>8.2f}")
    print(f"/readyz of the replica's server: {ready['replica']}")


def percentiles(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


def burst(url: str, replica: Store, documents: int, seed: int) -> None:
    service = open_service(parse_database_url(url), read_store=replica, create_tables=False)
    # Seeded by the log's length too, so that a second run records new documents.
    rng = random.Random(seed + service.records.log_position())
    codes = current_authorities()
    stop = threading.Event()
    seen: list[ReplicaLag] = []
    sampler = threading.Thread(target=sample, args=(service, stop, seen))
    try:
        sampler.start()
        started = time.perf_counter()
        recorded = 0
        for _ in range(documents):
            day = date(2014, 1, 1) + timedelta(days=rng.randrange(4 * 365))
            try:
                service.recording.publish(document(rng.choice(codes), day))
                recorded += 1
            except (DomainError, DocumentRejected):  # recorded already, or the authority did not exist yet
                continue
        written = time.perf_counter()
        head = service.records.log_position()
        while service.questions.position() < head:
            time.sleep(0.001)
        held = time.perf_counter()
        stop.set()
        sampler.join()
    finally:
        stop.set()
        service.close()
    seconds = written - started
    print(
        f"burst: {recorded} documents in {seconds:.2f} s ({recorded / seconds:.0f}/s), each projected on the "
        f"primary before the next; {len(seen)} samples of the replica's lag meanwhile"
    )
    largest_bytes, largest_seconds = max(s.bytes for s in seen), max(s.seconds for s in seen)
    median_bytes = statistics.median(s.bytes for s in seen)
    print(
        f"largest replay lag: {largest_bytes:,} bytes, {largest_seconds * 1000:.1f} ms "
        f"(median {median_bytes:,.0f} bytes)"
    )
    print(f"the replica's read models held the last write {(held - written) * 1000:.1f} ms after it")


def sample(service: Service, stop: threading.Event, seen: list[ReplicaLag]) -> None:
    while not stop.is_set():
        lag = service.replica_lag()
        if lag is not None:
            seen.append(lag)
        time.sleep(0.01)


def document(code: str, day: date) -> DocumentToPublish:
    return DocumentToPublish(
        authority=code,
        framework="sif",
        title="Inspection of services for children in need of help and protection",
        published_on=day,
        judgements=(
            JudgementToRecord(area="overall_effectiveness", area_label="Overall effectiveness", raw="Good"),
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    replica = replica_of(args.url)
    # The store was loaded a moment ago: opening waits for the replica to replay it.
    open_service(parse_database_url(args.url), read_store=replica, create_tables=False).close()
    latencies(args.url, replica, args.requests, args.rounds, args.concurrency)
    burst(args.url, replica, args.burst, args.seed)


if __name__ == "__main__":
    main()
