"""`inspections worker`: keep the read models up to the log, in this process.

A projection worker catches up in batches (one transaction per batch,
tracking in the same transaction), then follows the log, woken by
PostgreSQL's LISTEN/NOTIFY and, should a notification be lost, by polling.
When its connection drops it reconnects by itself. Several workers may run:
an advisory lock lets one work while the others stand by, and even without
it the tracking rows are locked per batch, so no event is applied twice.

example:
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test PROJECTIONS=worker CREATE_TABLES=n inspections worker
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from service.adapters.settings import Settings, Store
from service.bootstrap import Service, open_service
from service.cli.parsing import positive_whole, seconds, subcommand
from service.library_hooks.eventsourcing import notification_channel

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("inspections.worker")

# Any fixed 64-bit number, the same for every worker of a database.
ADVISORY_LOCK_KEY = 0x1A5F_0C0D_E5


@dataclass
class WorkerStats:
    applied: int = 0
    reconnects: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


def run_worker(
    store: Store,
    stop: threading.Event,
    *,
    poll_seconds: float = 1.0,
    batch_size: int = 500,
    batch_pause: float = 0.0,
    stats: WorkerStats | None = None,
    stock_recorder: bool = False,
) -> WorkerStats:
    """Follow the log until `stop` is set."""
    stats = stats or WorkerStats()
    backoff = 0.2
    while not stop.is_set():
        service: Service | None = None
        listener = None
        try:
            service = open_service(
                store, create_tables=False, projections_in_process=False, stock_recorder=stock_recorder
            )
            service.projector.batch_size = batch_size
            service.projector.batch_pause = batch_pause
            listener = _listen(store, service)
            if not _lead(listener, stop, poll_seconds):
                continue
            backoff = 0.2
            while not stop.is_set():
                stats.applied += service.projector.catch_up()
                stats.batches += 1
                _wait(listener, poll_seconds)
        except Exception as error:  # a dropped connection, a killed backend: start again
            if stop.is_set():
                break
            stats.reconnects += 1
            said = " ".join(str(error).split())  # psycopg's messages run over several lines
            stats.errors.append(f"{type(error).__name__}: {said}")
            log.warning("worker lost its connection (%s); reconnecting in %.1f s", said, backoff)
            stop.wait(backoff)
            # At most 2 s: a database back from an outage is found within that.
            backoff = min(backoff * 2, 2.0)
        finally:
            for closing in (listener, service):
                try:
                    if closing is not None:
                        closing.close()
                except Exception:
                    pass
    return stats


def _listen(store: Store, service: Service) -> psycopg.Connection[Any] | None:
    """A connection that receives the recorder's notifications (PostgreSQL
    only); without one the worker polls."""
    channel = notification_channel(service.records)
    if store.kind != "postgres" or channel is None:
        return None
    import psycopg

    connection = psycopg.connect(autocommit=True, connect_timeout=5, **store.connect_arguments())
    connection.execute(f'LISTEN "{channel}"')
    return connection


def _lead(listener: psycopg.Connection[Any] | None, stop: threading.Event, poll_seconds: float) -> bool:
    """Wait until this worker holds the projection lock (PostgreSQL), so that
    only one worker does the work at a time. The lock goes with the session,
    so a killed worker's lock is freed with its connection. It is taken on
    the listener's session, not the projector's: the projector's connection
    replaces a lost session by itself, which would let the lock go unseen,
    whereas a lost listener makes the worker start again and lead anew."""
    if listener is None:
        return True
    while not stop.is_set():
        held = listener.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_LOCK_KEY,)).fetchone()
        if held is not None and held[0]:
            return True
        stop.wait(poll_seconds)
    return False


def _wait(listener: psycopg.Connection[Any] | None, poll_seconds: float) -> None:
    if listener is None:
        time.sleep(poll_seconds)
        return
    for _ in listener.notifies(timeout=poll_seconds, stop_after=1):
        pass


def add_command(commands: Any) -> None:
    command = subcommand(commands, "worker", run, __doc__)
    command.add_argument("--poll", type=seconds, default=1.0, help="seconds between polls (default 1)")
    command.add_argument(
        "--batch-size", type=positive_whole, default=500, help="events per transaction (default 500)"
    )
    # Chaos testing: hold each batch open so that a kill lands mid-transaction.
    command.add_argument("--batch-pause", type=float, default=0.0, help=argparse.SUPPRESS)


def run(settings: Settings, args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stop.set())
    print(f"worker following {settings.store.describe()}", file=sys.stderr)
    stats = run_worker(
        settings.store,
        stop,
        poll_seconds=args.poll,
        batch_size=args.batch_size,
        batch_pause=args.batch_pause,
        stock_recorder=settings.stock_event_recorder,
    )
    print(f"worker stopped: {stats.applied} events applied, {stats.reconnects} reconnects", file=sys.stderr)
    return 0
