"""`inspections rebuild [NAME]` and `inspections verify [NAME]`: read models
built again from the whole log."""

from __future__ import annotations

import argparse
import time
from typing import Any

from service.adapters.settings import Settings
from service.bootstrap import Service
from service.cli.opening import CommandError, opened
from service.cli.progress import Progress


def add_command(commands: Any) -> None:
    rebuild = commands.add_parser(
        "rebuild",
        help="drop and rebuild read models from the whole log",
        description="Drop a read model (default: every one) and fill it again from the whole log, in one "
        "transaction, so that readers never see it half built. With --shadow the copy is built beside the "
        "live one, which keeps serving, and switched in at the end.",
        epilog="examples: inspections rebuild;  inspections rebuild headline_declines --shadow",
    )
    rebuild.add_argument("name", nargs="?", help="one read model (default: all)")
    rebuild.add_argument(
        "--shadow",
        action="store_true",
        help="blue/green: build beside the live read model while it keeps serving, then switch atomically",
    )
    rebuild.set_defaults(run=run_rebuild)
    verify = commands.add_parser(
        "verify",
        help="rebuild read models into a scratch copy and report differences from the live ones",
        description="Build each read model (default: every one) again from the log into a scratch copy "
        "that is never kept, and compare it with the live one. Exits 1 if any differs.",
        epilog="example: inspections verify judgements",
    )
    verify.add_argument("name", nargs="?", help="one read model (default: all)")
    verify.set_defaults(run=run_verify)


def _chosen(service: Service, command: str, name: str | None) -> list[str]:
    known = list(service.rebuilder.models)
    if name is None:
        return known
    if name not in known:
        raise CommandError(f"inspections {command}: no read model {name!r} (known: {', '.join(known)})")
    return [name]


def run_rebuild(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "rebuild", existing=True, catch_up=False) as service:
        head = service.records.log_position()
        for name in _chosen(service, "rebuild", args.name):
            progress = Progress(f"rebuild {name}", head, unit="positions")
            started = time.perf_counter()
            rebuild = service.rebuilder.rebuild_shadow if args.shadow else service.rebuilder.rebuild
            applied = rebuild(name, progress)
            progress.finish()
            elapsed = time.perf_counter() - started
            rate = applied / elapsed if elapsed else 0.0
            print(f"{name}: rebuilt from {applied} events in {elapsed:.2f} s ({rate:,.0f} events/s)")
    return 0


def run_verify(settings: Settings, args: argparse.Namespace) -> int:
    failed = False
    with opened(settings, "verify", existing=True, catch_up=False) as service:
        head = service.records.log_position()
        for name in _chosen(service, "verify", args.name):
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
