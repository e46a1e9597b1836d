"""`inspections import FILE...`: read published letters and reports into seed files to review.

For each FILE (a .txt letter or report; PDFs are not read yet) it recognises
the framework, the authority (matched against the register's names and
aliases), the dates, every judgement and recommendation with a quote and
section for each, and writes DIR/<stem>.jsonl in the seed format with
DIR/sources/<stem>.txt, the text its quotes are checked against (DIR is
--out, default var/import). It prints a review table: each value, where it
came from (printed, file name, option) and any flag; --json prints one JSON
object per document on its own line instead.

Nothing uncertain is guessed silently: such a value is written with
"flag": "<why>" on its record, and `inspections load` refuses the file until
a person has checked it. --record records the documents that carry no flag
through the same write path as `load` and the API, attributed to the file
and its SHA-256.

Exit status: 0 when every document is clean (or already recorded); 2 when
some carry flags (nothing flagged is recorded); 1 when a file is refused:
unreadable or empty, of no known framework, of an unknown or ambiguous
authority (the candidates are listed), with a field problem, or recorded
already with other content.

examples:
  inspections import letters/stockport_apa_2005.txt
  inspections import reports/*.txt --out var/import --json
  inspections import ilacs_report_18_may_2022.txt --published-on 2022-05-18 --authority E08000007
  inspections import letters/*.txt --record
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from domain.calendar import NotADate, iso_date
from domain.errors import DomainError
from domain.frameworks import framework
from service.adapters.importing.letters import DocumentFileReader, Given
from service.adapters.importing.reviewed import ReviewDirectory
from service.adapters.register_file import read_register
from service.adapters.seed_format import SeedFormatError
from service.adapters.settings import Settings
from service.application.documents import DocumentToPublish
from service.application.importing import ImportOutcome, import_documents
from service.cli.opening import opened, register_only
from service.cli.parsing import subcommand

DEFAULT_OUT = Path("var/import")
# The register the service ships, wherever the command is run from.
DEFAULT_REGISTER = Path(__file__).resolve().parents[2] / "seed_events" / "authorities.csv"
# The review table shows each text up to this many characters.
SHOWN = 72


def add_command(commands: Any) -> None:
    command = subcommand(commands, "import", run, __doc__)
    command.add_argument(
        "files", type=Path, nargs="+", metavar="FILE", help="a letter or report, .txt or .pdf"
    )
    command.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help="default var/import")
    command.add_argument(
        "--published-on", type=_date, metavar="DATE", help="YYYY-MM-DD, where none is printed"
    )
    command.add_argument(
        "--authority", metavar="CODE", help="the authority's GSS code, where the cover is unclear"
    )
    command.add_argument(
        "--register",
        type=Path,
        default=DEFAULT_REGISTER,
        metavar="CSV",
        help="default: the register this service ships, seed_events/authorities.csv",
    )
    command.add_argument("--json", action="store_true", help="one JSON object per document per line")
    command.add_argument("--record", action="store_true", help="record the documents that carry no flag")


def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        register = [entry for _, entry in read_register(args.register)]
    except SeedFormatError as error:
        print(f"inspections import: the register: {error}", file=sys.stderr)
        return 1
    reader = DocumentFileReader(register, Given(args.published_on, args.authority))
    reviewed = ReviewDirectory(args.out)
    if args.record:
        with opened(settings, "import") as service:
            outcomes = import_documents(args.files, reader, reviewed, service.recording)
    else:
        with register_only(register) as checking:
            outcomes = import_documents(args.files, reader, reviewed, checking=checking)
    for outcome in outcomes:
        if args.json:
            print(json.dumps(as_json(outcome), ensure_ascii=False))
        else:
            print_review(outcome)
        for problem in outcome.problems:
            print(f"{outcome.file}: {problem.field}: {problem.problem}", file=sys.stderr)
    if any(o.refused for o in outcomes):
        return 1
    return 2 if any(o.flagged for o in outcomes) else 0


def status(outcome: ImportOutcome) -> str:
    if outcome.refused:
        return "refused"
    if outcome.flagged:
        return "flagged: check the flagged values, then remove each flag"
    if outcome.recorded:
        return "recorded"
    if outcome.already_recorded:
        return "already recorded"
    return "clean"


def print_review(outcome: ImportOutcome) -> None:
    written = f" -> {outcome.written}" if outcome.written else ""
    print(f"{outcome.file}{written}: {status(outcome)}")
    imported = outcome.imported
    if imported is None:
        return
    document, origins = imported.document, imported.origins
    flags: dict[str, list[str]] = {}
    for flag in imported.flags:
        flags.setdefault(flag.field, []).append(flag.why)
    rows: list[tuple[str, str, str]] = []
    for name in (
        "authority",
        "framework",
        "title",
        "published_on",
        "first_day",
        "last_day",
        "assessment_meeting_on",
    ):
        value = getattr(document, name)
        rows.append((name, "" if value is None else str(value), origins.get(name, "")))
    for index, j in enumerate(document.judgements):
        theme = f"{j.theme}/" if j.theme else ""
        rows.append(
            (f"judgements[{index}]", f"{theme}{j.area}: {j.raw} ({_band(document, j.raw)})", "printed")
        )
    for index, r in enumerate(document.recommendations):
        due_on = _due_on(document, r.timescale)
        timescale = f" [{r.timescale}, due {due_on}]" if r.timescale else ""
        under = "/".join(part for part in (r.theme, r.area) if part)
        concerns = f" ({under})" if under else ""
        rows.append((f"recommendations[{index}]", f"{r.kind}{concerns}{timescale}: {r.text}", "printed"))
    width = max(len(name) for name, _, _ in rows)
    for name, value, origin in rows:
        shown = value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"
        print(f"  {name:<{width}}  {shown:<{SHOWN}}  {origin}")
        for why in flags.get(name, []):
            print(f"  {'':<{width}}  FLAG: {why}")
    for field, whys in flags.items():
        if field not in {name for name, _, _ in rows}:
            for why in whys:
                print(f"  {field:<{width}}  FLAG: {why}")


def as_json(outcome: ImportOutcome) -> dict[str, Any]:
    """The document as the issue's review format states it: authority as its
    GSS code, dates ISO, bands as the API names them."""
    imported = outcome.imported
    found: dict[str, Any] = {
        "file": str(outcome.file),
        "document": None,
        "judgements": [],
        "recommendations": [],
    }
    if imported is not None:
        document = imported.document
        found["document"] = {
            "authority": document.authority,
            "framework": document.framework,
            "title": document.title,
            "publishedOn": document.published_on.isoformat(),
            "firstDay": _iso(document.first_day),
            "lastDay": _iso(document.last_day),
        }
        found["judgements"] = [
            {
                "theme": j.theme,
                "area": j.area,
                "areaLabel": j.area_label,
                "raw": j.raw,
                "label": j.label,
                "band": _band(document, j.raw),
                "section": j.section,
                "quote": j.quote,
            }
            for j in document.judgements
        ]
        found["recommendations"] = [
            {
                "kind": r.kind,
                "theme": r.theme,
                "text": r.text,
                "timescale": r.timescale,
                "dueOn": _due_on(document, r.timescale),
            }
            for r in document.recommendations
        ]
    found["flags"] = [{"field": f.field, "why": f.why} for f in (imported.flags if imported else ())]
    found["problems"] = [{"field": p.field, "problem": p.problem} for p in outcome.problems]
    return found


def _band(document: DocumentToPublish, raw: str) -> str | None:
    try:
        return framework(document.framework).grade_for(raw).band.value
    except DomainError:
        return None


def _due_on(document: DocumentToPublish, timescale: str | None) -> str | None:
    if timescale is None:
        return None
    try:
        return (
            framework(document.framework).timescale_for(timescale).due_on(document.published_on).isoformat()
        )
    except DomainError:
        return None


def _iso(day: object) -> str | None:
    return None if day is None else str(day)


def _date(text: str) -> object:
    try:
        return iso_date(text)
    except NotADate as error:
        raise argparse.ArgumentTypeError(str(error)) from None
