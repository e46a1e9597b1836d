"""`inspections verify [NAME]`: rebuild read models into a scratch copy and report differences.

Build each read model (default: every one) again from the log into a scratch
copy that is never kept, and compare it with the live one. Exits 1 if any
differs. Reads only: a store that does not exist is an error.

example:
  inspections verify judgements
"""

from __future__ import annotations

import argparse
from typing import Any

from service.adapters.settings import Settings
from service.cli.opening import opened, read_models_named
from service.cli.parsing import subcommand
from service.cli.progress import Progress


def add_command(commands: Any) -> None:
    command = subcommand(commands, "verify", run, __doc__)
    command.add_argument("name", nargs="?", help="one read model (default: all)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    failed = False
    with opened(settings, "verify", existing=True, catch_up=False) as service:
        head = service.records.log_position()
        for name in read_models_named(service, "verify", args.name):
            progress = Progress(f"verify {name}", head, unit="positions")
            differences = service.rebuilder.verify(name, progress)
            progress.finish()
            if not differences:
                print(f"{name}: matches a rebuild from the log")
            for difference in differences:
                failed = True
                print(
                    f"{name}: table {difference.table} differs: {difference.only_live} row(s) only in the "
                    f"live read model, {difference.only_rebuilt} only in the rebuild"
                )
    return 1 if failed else 0
