"""`inspections export --as-at D`: write the national picture, one row per authority.

Write one row for each authority in existence on the day (established on or
before it, not yet replaced), by GSS code, with its latest graded
inspection of children's social care (SLAC, SIF or ILACS) published on or
before it, as known at a moment (default: everything recorded): the rows of
the nationalPicture query. CSV (the default) is UTF-8 with a header, quoted
as RFC 4180 says, dates in ISO form, grades as printed, and empty cells
where there is nothing; the same log gives the same bytes. JSON Lines gives
one object per row with the same keys. Reads only: a store that does not
exist is an error.

examples:
  inspections export --as-at 2025-03-31 --out outcomes-2025-03-31.csv
  inspections export --as-at 2019-03-31 --as-known-at 2019-04-01T00:00:00Z --format jsonl
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain.calendar import NotADate, iso_date
from projections.authorities import name_on
from projections.recorded_event import known_at_text
from service.adapters.settings import Settings
from service.application.national import EXPORT_COLUMNS, export_record
from service.application.questions import Moment
from service.cli.opening import CommandError, opened
from service.cli.parsing import subcommand

FORMATS = ("csv", "jsonl")


def day(text: str) -> date:
    try:
        return iso_date(text)
    except NotADate as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def moment(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"not a date and time with a time zone, e.g. 2025-04-01T00:00:00Z (got {text!r})"
        )
    return parsed


def add_command(commands: Any) -> None:
    command = subcommand(commands, "export", run, __doc__)
    command.add_argument("--as-at", type=day, required=True, metavar="D", help="the day (YYYY-MM-DD)")
    command.add_argument(
        "--as-known-at",
        type=moment,
        metavar="T",
        help="as known at this moment (default: everything recorded)",
    )
    command.add_argument("--format", choices=FORMATS, default="csv", help="csv (default) or jsonl")
    command.add_argument("--out", type=Path, metavar="FILE", help="write here (default: standard output)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "export", existing=True) as service:
        text = exported(service.reading.snapshot, Moment(args.as_at, args.as_known_at), args.format)
    if args.out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return 0
    try:
        args.out.write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise CommandError(f"inspections export: cannot write --out {args.out}: {error}", 1) from None
    return 0


def exported(snapshot: Any, at: Moment, form: str) -> str:
    """The national picture as CSV or JSON Lines text, read from one snapshot."""
    questions, end = snapshot()
    try:
        rows = questions.national_picture(at)
    finally:
        end()
    known = known_at_text(at.known_at)
    records = [export_record(row, name_on(row.authority, at.as_at, known)) for row in rows]
    if form == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()
