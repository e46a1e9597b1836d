"""The `inspections` command: one module per command, each adding its parser
and the function that runs it."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from service.adapters.settings import Settings, SettingsError
from service.cli import (
    events,
    export,
    import_,
    load,
    rebuild,
    schema,
    serve,
    setup,
    tokens,
    verify,
    watch,
    worker,
)
from service.cli.opening import CommandError

ENVIRONMENT = """\
environment:
  DATABASE_URL      where the log and read models live (default sqlite:///var/inspections.sqlite);
                    e.g. sqlite:////srv/records.sqlite or
                    postgresql://postgres@127.0.0.1:5432/test?schema=records
  READ_DATABASE_URL a PostgreSQL streaming replica of DATABASE_URL (same database and schema)
                    that answers queries; writes and workers stay on DATABASE_URL (unset: all there)
  PROJECTIONS       in-process (default): this process keeps the read models;
                    worker: `inspections worker` processes keep them
  CREATE_TABLES     y (default) or n: never create tables (after one `inspections setup`)
  RESPONSE_CACHE    on (default) or off: keep whole query answers while the read models are unchanged
  PERSISTED_QUERIES automatic (default): run any query, and learn texts sent with their hash;
                    registered: run only the queries under queries/ (an allow-list)
  CORS_ORIGINS      origins allowed to call the API from a browser, comma-separated;
                    e.g. https://dashboard.example,https://notebook.example
  HOST, PORT        where `serve` listens (default 127.0.0.1 and 8000)
  GRAPHQL_EXECUTOR  plain (default) or stock: strawberry's own executor and validation
  EVENT_RECORDER    binary (default) or stock: the eventsourcing library's own PostgreSQL recorder
  PROMETHEUS_MULTIPROC_DIR  an empty directory shared by API processes serving side by side,
                    so that /metrics sums them all (unset: one process, in memory)

examples:
  inspections load seed_events
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test inspections events --limit 5
  inspections token create ana --role editor
  inspections serve --load seed_events
"""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="inspections",
        description="The inspection record service: an event-sourced record of published inspections of "
        "English children's services, served over GraphQL.",
        epilog=ENVIRONMENT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (
        load,
        import_,
        events,
        export,
        rebuild,
        verify,
        setup,
        tokens,
        serve,
        worker,
        watch,
        schema,
    ):
        module.add_command(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings: Settings | None = None
    if getattr(args, "needs_settings", True):
        try:
            settings = Settings.from_environment()
        except SettingsError as error:
            print(f"inspections: {error}", file=sys.stderr)
            return 2
    try:
        return int(args.run(settings, args))
    except CommandError as error:
        print(error, file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # `inspections verify | head` closes the pipe early; that is not an
        # error. Point stdout at /dev/null so that flushing it at exit is quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _version() -> str:
    try:
        return version("inspection-records")
    except PackageNotFoundError:
        return "unknown"
