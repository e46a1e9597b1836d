"""How each command's module describes itself to `inspections --help`.

A command module's docstring says it all: its first line
"`inspections NAME ...`: what it does", then paragraphs describing it, then a
last paragraph of examples, one per line after "example:" or "examples:".
`subcommand` turns that into the command's parser.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable
from typing import Any, TypeVar

Run = Callable[[Any, argparse.Namespace], int]
Number = TypeVar("Number", int, float)


def subcommand(
    commands: Any, name: str, run: Run, doc: str | None, **defaults: Any
) -> argparse.ArgumentParser:
    paragraphs = (doc or "").strip().split("\n\n")
    summary = " ".join(paragraphs[0].split()).split(": ", 1)[-1].rstrip(".")
    examples = paragraphs[-1] if len(paragraphs) > 1 and paragraphs[-1].startswith("example") else None
    described = [textwrap.fill(" ".join(p.split()), 78) for p in paragraphs[1:] if p is not examples]
    command: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description="\n\n".join(described) or summary,
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.set_defaults(run=run, **defaults)
    return command


def positive_whole(text: str) -> int:
    """A count given on the command line: a whole number of at least 1."""
    return _number(text, int, "a whole number", lambda value: value >= 1, "at least 1")


def seconds(text: str) -> float:
    """A duration given on the command line: a number of seconds, more than 0 and at most a day."""
    return _number(
        text,
        float,
        "a number of seconds",
        lambda value: 0 < value <= 86_400,
        "more than 0 and at most 86400 seconds",
    )


def _number(
    text: str, kind: Callable[[str], Number], what: str, accepted: Callable[[Number], bool], bounds: str
) -> Number:
    try:
        value = kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
    if not accepted(value):
        raise argparse.ArgumentTypeError(f"must be {bounds} (got {text})")
    return value
