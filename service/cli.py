"""The `inspections` command: load documents, read the log, serve the API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from uuid import UUID

from service.application import InspectionRecords
from service.bootstrap import open_records
from service.event_log import describe, read_log
from service.loading import load
from service.seed_format import SeedFormatError
from service.settings import Settings, SettingsError


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
    events_command.add_argument("--after", type=int, default=0, help="start after this position")
    events_command.add_argument("--limit", type=int, default=None, help="print at most this many events")
    events_command.add_argument("--json", action="store_true", help="one JSON object per event")

    serve_command = commands.add_parser("serve", help="serve the HTTP API (HOST, PORT honoured)")
    serve_command.add_argument("--load", type=Path, default=None, help="record these seed files first")

    args = parser.parse_args(argv)
    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        print(f"inspections: {error}", file=sys.stderr)
        return 2
    records = open_records(settings.store)
    try:
        if args.command == "load":
            return _load(records, args.path)
        if args.command == "events":
            return _events(records, args.after, args.limit, as_json=args.json)
        if args.command == "serve":
            if args.load is not None and _load(records, args.load) != 0:
                return 1
            return _serve(records, settings)
    finally:
        records.close()
    return 2


def _load(records: InspectionRecords, path: Path) -> int:
    def progress(done: int, total: int, name: str) -> None:
        if sys.stderr.isatty():
            width = 30
            filled = width * done // total
            print(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name}", end="", file=sys.stderr
            )
            if done == total:
                print(file=sys.stderr)

    try:
        summary = load(records, path, progress)
    except SeedFormatError as error:
        print(f"inspections load: {error}", file=sys.stderr)
        return 1
    for failure in summary.failures:
        print(f"inspections load: refused {failure}", file=sys.stderr)
    print(f"{path}: {summary.describe()}")
    return 1 if summary.failures else 0


def _events(records: InspectionRecords, after: int, limit: int | None, *, as_json: bool) -> int:
    names: dict[UUID, str] = {}
    try:
        for event in read_log(records, after=after, limit=limit):
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


def _serve(records: InspectionRecords, settings: Settings) -> int:
    import uvicorn

    from service.http import create_app

    print(f"serving {settings.store.describe()} on http://{settings.host}:{settings.port}", file=sys.stderr)
    uvicorn.run(create_app(records), host=settings.host, port=settings.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
