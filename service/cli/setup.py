"""`inspections setup`: create every table once, before starting API processes and workers side by side.

Create whatever tables are missing (the log, the read models, tokens) and
leave the others as they are. Run it once before starting processes with
CREATE_TABLES=n, and after upgrading.

example:
  DATABASE_URL='postgresql://postgres@127.0.0.1:5432/test?schema=records' inspections setup
"""

from __future__ import annotations

import argparse
from typing import Any

from service.adapters.settings import Settings
from service.cli.opening import opened
from service.cli.parsing import subcommand


def add_command(commands: Any) -> None:
    subcommand(commands, "setup", run, __doc__)


def run(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "setup", setup=True, catch_up=False) as service:
        print(f"{settings.store.describe()}: tables ready; log at position {service.records.log_position()}")
    return 0
