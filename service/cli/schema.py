"""`inspections schema`: print the GraphQL schema (SDL).

Print the schema the API serves, as docs/schema.graphql holds it.

example:
  inspections schema > schema.graphql
"""

from __future__ import annotations

import argparse
from typing import Any

from service.adapters.settings import Settings
from service.cli.parsing import subcommand


def add_command(commands: Any) -> None:
    subcommand(commands, "schema", run, __doc__, needs_settings=False)


def run(settings: Settings | None, args: argparse.Namespace) -> int:
    # Imported here: GraphQL takes longer to import than most commands take to run.
    from service.api.graphql.schema import build_schema

    print(build_schema().as_str())
    return 0
