"""`inspections schema`: the GraphQL schema as SDL."""

from __future__ import annotations

import argparse
from typing import Any

from service.adapters.settings import Settings


def add_command(commands: Any) -> None:
    command = commands.add_parser(
        "schema",
        help="print the GraphQL schema (SDL)",
        description="Print the schema the API serves, as docs/schema.graphql holds it.",
        epilog="example: inspections schema > schema.graphql",
    )
    command.set_defaults(run=run, needs_settings=False)


def run(settings: Settings | None, args: argparse.Namespace) -> int:
    # Imported here: GraphQL takes longer to import than most commands take to run.
    from service.api.graphql.schema import build_schema

    print(build_schema().as_str())
    return 0
