"""`inspections events`: print the event log in order.

Print every event of the log in the order recorded, one line (or one JSON
object) each, with its position and the moment it was recorded. Reads only:
a store that does not exist is an error.

examples:
  inspections events | head
  inspections events --json --after 160 --limit 5
"""

from __future__ import annotations

import argparse
import json
from typing import Any
from uuid import UUID

from projections.recorded_event import RecordedEvent
from service.adapters.settings import Settings
from service.cli.opening import opened
from service.cli.parsing import subcommand


def position(text: str) -> int:
    """A log position or count given on the command line."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 2**63 - 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 2**63 - 1 (got {value})")
    return value


def add_command(commands: Any) -> None:
    command = subcommand(commands, "events", run, __doc__)
    command.add_argument("--after", type=position, default=0, help="start after this position (default 0)")
    command.add_argument("--limit", type=position, default=None, help="print at most this many events")
    command.add_argument("--json", action="store_true", help="one JSON object per event")


def run(settings: Settings, args: argparse.Namespace) -> int:
    with opened(settings, "events", existing=True, catch_up=False) as service:
        names: dict[UUID, str] = {}
        for event in service.log.read(after=args.after, limit=args.limit):
            print(json.dumps(as_json(event), ensure_ascii=False) if args.json else describe(event, names))
    return 0


def as_json(event: RecordedEvent) -> dict[str, object]:
    return {
        "position": event.position,
        "type": event.type,
        "aggregate_id": str(event.aggregate_id),
        "recorded_at": event.recorded_at.isoformat(),
        "payload": event.payload,
    }


def describe(event: RecordedEvent, documents: dict[UUID, str]) -> str:
    """One line saying what the event records. `documents` maps aggregate
    ids to a short name and is filled as publications go by."""
    p = event.payload
    head = f"{event.position:>6}  {event.recorded_at.isoformat(timespec='seconds')}  {event.type:<22}"
    if event.type == "InspectionPublished":
        name = f"{p['authority_code']} {p['authority_name']} {p['framework']} {p['published_on']}"
        documents[event.aggregate_id] = name
        return f"{head} {name}  {p['title']!r}"
    document = documents.get(event.aggregate_id, str(event.aggregate_id))
    if event.type == "JudgementRecorded":
        theme = f"{p['theme']}/" if p["theme"] else ""
        label = f" label={p['label']!r}" if p["label"] else ""
        return f"{head} {document}  {theme}{p['area']}  raw={p['raw']!r}{label}  band={p['band']}"
    if event.type == "RecommendationIssued":
        due = f"  due {p['due_on']}" if p["due_on"] else ""
        timescale = f" [{p['timescale']}]" if p["timescale"] else ""
        return f"{head} {document}  {p['kind']}{timescale}{due}: {p['text'][:70]}"
    if event.type == "AuthorityRegistered":
        documents[event.aggregate_id] = f"{p['gss_code']} {p['name']}"
        return f"{head} {p['gss_code']} {p['name']} (LA {p['la_number']})"
    if event.type == "AuthorityReplaced":
        kind = f" ({p['kind']})" if p.get("kind") else ""
        return f"{head} {document} replaced by {', '.join(p['successors'])} on {p['replaced_on']}{kind}"
    if event.type == "AuthorityRenamed":
        return f"{head} {document} renamed {p['name']!r} from {p['renamed_on']}"
    if event.type == "AuthorityEstablished":
        return f"{head} {document} established on {p['established_on']}"
    return f"{head} {p}"
