"""`inspections load PATH`: record seed files (a directory, a register .csv or a document .jsonl).

Record what the seed files hold that is not recorded yet: the register first,
then each document, in batches. Loading again records nothing new. A refused
file is named with its line and field; the others are still recorded, and
the command exits 1.

example:
  inspections load seed_events
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from service.adapters.seed_files import seed_sources
from service.adapters.seed_format import SeedFormatError
from service.adapters.settings import Settings
from service.application.loading import load
from service.bootstrap import Service
from service.cli.opening import opened
from service.cli.parsing import subcommand
from service.cli.progress import Progress


def add_command(commands: Any) -> None:
    command = subcommand(commands, "load", run, __doc__)
    command.add_argument("path", type=Path, help="a directory of seeds, a register .csv or a document .jsonl")


def run(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "load") as service:
        return load_seeds(service, args.path)


def load_seeds(service: Service, path: Path) -> int:
    try:
        register, documents = seed_sources(path)
    except SeedFormatError as error:
        print(f"inspections load: {error}", file=sys.stderr)
        return 1
    progress = Progress(f"loading {path}", len(documents), unit="documents")
    summary = load(service.recording, register, documents, progress)
    progress.finish()
    for failure in summary.failures:
        print(f"inspections load: refused {failure}", file=sys.stderr)
    print(f"{path}: {summary.describe()}")
    return 1 if summary.failures else 0
