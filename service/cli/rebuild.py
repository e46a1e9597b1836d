"""`inspections rebuild [NAME]`: drop and rebuild read models from the whole log.

Drop a read model (default: every one) and fill it again from the whole log,
in one transaction, so that readers never see it half built. With --shadow
the copy is built beside the live one, which keeps serving, and switched in
at the end.

examples:
  inspections rebuild
  inspections rebuild headline_declines --shadow
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from service.adapters.settings import Settings
from service.cli.opening import opened, read_models_named
from service.cli.parsing import subcommand
from service.cli.progress import Progress


def add_command(commands: Any) -> None:
    command = subcommand(commands, "rebuild", run, __doc__)
    command.add_argument("name", nargs="?", help="one read model (default: all)")
    command.add_argument(
        "--shadow",
        action="store_true",
        help="blue/green: build beside the live read model while it keeps serving, then switch atomically",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "rebuild", existing=True, catch_up=False) as service:
        head = service.records.log_position()
        for name in read_models_named(service, "rebuild", args.name):
            progress = Progress(f"rebuild {name}", head, unit="positions")
            started = time.perf_counter()
            rebuild = service.rebuilder.rebuild_shadow if args.shadow else service.rebuilder.rebuild
            applied = rebuild(name, progress)
            progress.finish()
            elapsed = time.perf_counter() - started
            rate = applied / elapsed if elapsed else 0.0
            print(f"{name}: rebuilt from {applied} events in {elapsed:.2f} s ({rate:,.0f} events/s)")
    return 0
