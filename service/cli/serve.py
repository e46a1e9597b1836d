"""`inspections serve`: serve the HTTP API (HOST, PORT honoured).

Serve GraphQL at /graphql (GraphiQL on GET), /healthz, /readyz and /metrics,
keeping the read models in this process unless PROJECTIONS=worker.

example:
  HOST=0.0.0.0 PORT=8080 inspections serve --load seed_events
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from service.adapters.settings import Settings
from service.cli.load import load_seeds
from service.cli.opening import opened
from service.cli.parsing import subcommand


def add_command(commands: Any) -> None:
    command = subcommand(commands, "serve", run, __doc__)
    command.add_argument("--load", type=Path, default=None, help="record these seed files first")


def run(settings: Settings, args: argparse.Namespace) -> int:
    # Imported here: the web stack takes longer to import than most commands take to run.
    import uvicorn

    from service.api.http import create_app
    from service.library_hooks.uvicorn import SERVED_LOOP, ServedHttpToolsProtocol

    with opened(settings, "serve") as service:
        if args.load is not None and load_seeds(service, args.load) != 0:
            return 1
        app = create_app(
            service,
            cors_origins=settings.cors_origins,
            response_cache=settings.response_cache,
            registered_queries_only=settings.registered_queries_only,
            compiled_queries=settings.compiled_queries,
            stock_graphql=settings.stock_graphql_executor,
            metrics_directory=settings.metrics_directory,
        )
        reads = f", reading from {settings.replica.describe()}" if settings.replica else ""
        print(
            f"serving {settings.store.describe()}{reads} on http://{settings.host}:{settings.port}/graphql",
            file=sys.stderr,
        )
        # Our protocol closes connections that never send a request's head.
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level="info",
            http=ServedHttpToolsProtocol,
            loop=SERVED_LOOP,
        )
    return 0
