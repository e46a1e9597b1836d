"""The `inspections` command: load documents, read the log, rebuild and verify
read models, serve the API."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

from service.adapters.log_reader import describe
from service.adapters.seed_files import SeedFormatError
from service.adapters.settings import Settings, SettingsError
from service.adapters.tokens import ROLES, TokenError
from service.application.loading import load
from service.bootstrap import Service, open_service


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="inspections",
        description="The inspection record service. The store is chosen by DATABASE_URL "
        "(default sqlite:///var/inspections.sqlite).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    load_command = commands.add_parser(
        "load", help="record seed files (a directory, a register .csv or a document .jsonl)"
    )
    load_command.add_argument("path", type=Path)

    events_command = commands.add_parser("events", help="print the event log in order")
    events_command.add_argument("--after", type=_position, default=0, help="start after this position")
    events_command.add_argument(
        "--limit", type=_position, default=None, help="print at most this many events"
    )
    events_command.add_argument("--json", action="store_true", help="one JSON object per event")

    rebuild_command = commands.add_parser("rebuild", help="drop and rebuild read models from the whole log")
    rebuild_command.add_argument("name", nargs="?", help="one read model (default: all)")
    rebuild_command.add_argument(
        "--shadow",
        action="store_true",
        help="blue/green: build beside the live read model while it keeps serving, then switch atomically",
    )
    verify_command = commands.add_parser(
        "verify", help="rebuild read models into a scratch copy and report differences from the live ones"
    )
    verify_command.add_argument("name", nargs="?", help="one read model (default: all)")

    commands.add_parser("schema", help="print the GraphQL schema (SDL)")

    token_command = commands.add_parser("token", help="create, revoke or list API tokens for writes")
    token_actions = token_command.add_subparsers(dest="action", required=True)
    create = token_actions.add_parser("create", help="create a token; it is printed once")
    create.add_argument("name")
    create.add_argument("--role", choices=ROLES, required=True)
    revoke = token_actions.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    token_actions.add_parser("list", help="list tokens (names and roles, never the tokens)")

    serve_command = commands.add_parser("serve", help="serve the HTTP API (HOST, PORT honoured)")
    serve_command.add_argument("--load", type=Path, default=None, help="record these seed files first")

    commands.add_parser(
        "setup", help="create every table once, before starting API processes and workers side by side"
    )
    worker_command = commands.add_parser("worker", help="keep the read models up to the log, in this process")
    worker_command.add_argument("--poll", type=float, default=1.0, help="seconds between polls (default 1)")
    worker_command.add_argument("--batch-size", type=int, default=500, help="events per transaction")
    worker_command.add_argument(
        "--batch-pause", type=float, default=0.0, help=argparse.SUPPRESS
    )  # chaos testing: hold each batch open so that a kill lands mid-transaction

    watch_command = commands.add_parser("watch", help="print new events as a running server records them")
    watch_command.add_argument(
        "--url", help="the server's GraphQL websocket (default ws://HOST:PORT/graphql)"
    )
    watch_command.add_argument(
        "--after", help="an event cursor to start after (default: the start of the log)"
    )
    watch_command.add_argument("--limit", type=int, help="stop after this many events")

    args = parser.parse_args(argv)
    if args.command == "schema":
        from service.api.graphql.schema import schema

        print(schema.as_str())
        return 0
    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        print(f"inspections: {error}", file=sys.stderr)
        return 2
    if args.command == "watch":
        return _watch(args.url or f"ws://{settings.host}:{settings.port}/graphql", args.after, args.limit)
    if args.command == "worker":
        return _worker(settings, args)
    try:
        service = open_service(
            settings.store,
            catch_up=settings.projections_in_process and args.command not in ("rebuild", "verify"),
            create_tables=settings.create_tables or args.command == "setup",
            projections_in_process=settings.projections_in_process,
        )
    except Exception as error:  # the store cannot be opened: say where and why, without a trace
        if not _is_connection_failure(error):
            raise
        print(f"inspections: cannot open {settings.store.describe()}: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "load":
            return _load(service, args.path)
        if args.command == "events":
            return _events(service, args.after, args.limit, as_json=args.json)
        if args.command in ("rebuild", "verify"):
            names = [args.name] if args.name is not None else list(service.projector.models)
            unknown = [n for n in names if n not in service.projector.models]
            if unknown:
                known = ", ".join(service.projector.models)
                print(
                    f"inspections {args.command}: no read model {unknown[0]!r} (known: {known})",
                    file=sys.stderr,
                )
                return 2
            if args.command == "verify":
                return _verify(service, names)
            return _rebuild(service, names, shadow=args.shadow)
        if args.command == "setup":
            print(
                f"{settings.store.describe()}: tables ready; log at position {service.records.log_position()}"
            )
            return 0
        if args.command == "token":
            return _token(service, args)
        if args.command == "serve":
            if args.load is not None and _load(service, args.load) != 0:
                return 1
            return _serve(service, settings)
    finally:
        service.close()
    return 2


def _is_connection_failure(error: Exception) -> bool:
    import psycopg
    from eventsourcing.persistence import PersistenceError

    return isinstance(error, psycopg.OperationalError | PersistenceError | sqlite3.OperationalError)


def _position(text: str) -> int:
    """A log position or count given on the command line."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 2**63 - 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**63 - 1 (got {value})")
    return value


class ProgressBar:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, label: str, total: int) -> None:
        self.label = label
        self.total = max(total, 1)
        self.shown = sys.stderr.isatty()

    def __call__(self, done: int, *_: object) -> None:
        if self.shown:
            width = 30
            filled = min(width, width * done // self.total)
            bar = "#" * filled + "." * (width - filled)
            print(f"\r{self.label} [{bar}] {done}/{self.total}", end="", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.shown:
            print(file=sys.stderr)


def _load(service: Service, path: Path) -> int:
    bar: ProgressBar | None = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar
        bar = bar or ProgressBar("load", total)
        bar(done)

    try:
        summary = load(service.records, path, progress)
    except SeedFormatError as error:
        print(f"inspections load: {error}", file=sys.stderr)
        return 1
    if bar is not None:
        bar.finish()
    service.project()
    for failure in summary.failures:
        print(f"inspections load: refused {failure}", file=sys.stderr)
    print(f"{path}: {summary.describe()}")
    return 1 if summary.failures else 0


def _events(service: Service, after: int, limit: int | None, *, as_json: bool) -> int:
    names: dict[UUID, str] = {}
    try:
        for event in service.log.read(after=after, limit=limit):
            if as_json:
                line = {
                    "position": event.position,
                    "type": event.type,
                    "aggregate_id": str(event.aggregate_id),
                    "recorded_at": event.recorded_at.isoformat(),
                    "payload": event.payload,
                }
                print(json.dumps(line, ensure_ascii=False))
            else:
                print(describe(event, names))
    except BrokenPipeError:
        # `inspections events | head` closes the pipe early; that is not an error.
        sys.stderr.close()
    return 0


def _rebuild(service: Service, names: list[str], *, shadow: bool) -> int:
    total = service.records.log_position()
    for name in names:
        bar = ProgressBar(f"rebuild {name}", total)
        started = time.perf_counter()
        rebuild = service.projector.rebuild_shadow if shadow else service.projector.rebuild
        applied = rebuild(name, bar)
        bar.finish()
        elapsed = time.perf_counter() - started
        rate = applied / elapsed if elapsed else 0.0
        print(f"{name}: rebuilt from {applied} events in {elapsed:.2f} s ({rate:,.0f} events/s)")
    return 0


def _verify(service: Service, names: list[str]) -> int:
    total = service.records.log_position()
    failed = False
    for name in names:
        bar = ProgressBar(f"verify {name}", total)
        differences = service.projector.verify(name, bar)
        bar.finish()
        if not differences:
            print(f"{name}: matches a rebuild from the log")
        for difference in differences:
            failed = True
            print(
                f"{name}: table {difference.table} differs: {difference.only_live} row(s) only in the live "
                f"read model, {difference.only_rebuilt} only in the rebuild"
            )
    return 1 if failed else 0


def _token(service: Service, args: argparse.Namespace) -> int:
    try:
        if args.action == "create":
            token = service.tokens.create(args.name, args.role)
            print(
                f"created a token for {args.name} with the role {args.role}; it is shown this once:",
                file=sys.stderr,
            )
            print(token)
        elif args.action == "revoke":
            service.tokens.revoke(args.name)
            print(f"revoked the token {args.name}")
        else:
            for name, role, created_at, revoked_at in service.tokens.listing():
                state = f"revoked {revoked_at}" if revoked_at else "active"
                print(f"{name}\t{role}\tcreated {created_at}\t{state}")
    except TokenError as error:
        print(f"inspections token: {error}", file=sys.stderr)
        return 1
    return 0


WATCH = (
    "subscription Feed($after: String) { events(after: $after) "
    "{ position cursor type recordedAt recordedBy recordedVia payload } }"
)


def _watch(url: str, after: str | None, limit: int | None) -> int:
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect
    from websockets.typing import Subprotocol

    try:
        with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
            ws.send(json.dumps({"type": "connection_init"}))
            json.loads(ws.recv())
            subscribe = {"query": WATCH, "variables": {"after": after}}
            ws.send(json.dumps({"id": "watch", "type": "subscribe", "payload": subscribe}))
            seen = 0
            while limit is None or seen < limit:
                message = json.loads(ws.recv())
                if message.get("type") == "error" or "errors" in message.get("payload", {}):
                    print(f"inspections watch: {message.get('payload')}", file=sys.stderr)
                    return 1
                if message.get("type") != "next":
                    continue
                event = message["payload"]["data"]["events"]
                print(json.dumps(event, ensure_ascii=False), flush=True)
                seen += 1
    except (OSError, WebSocketException) as error:
        print(f"inspections watch: cannot follow {url}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    import logging
    import signal
    import threading

    from service.cli.worker import run_worker

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
    )
    print(f"worker stopped: {stats.applied} events applied, {stats.reconnects} reconnects", file=sys.stderr)
    return 0


def _serve(service: Service, settings: Settings) -> int:
    import uvicorn

    from service.api.http import create_app

    print(
        f"serving {settings.store.describe()} on http://{settings.host}:{settings.port}/graphql",
        file=sys.stderr,
    )
    uvicorn.run(
        create_app(service, settings.cors_origins, response_cache=settings.response_cache),
        host=settings.host,
        port=settings.port,
        log_level="info",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
