"""Reading the event log in order, as facts a person can read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from service.application import InspectionRecords

PAGE = 500


@dataclass(frozen=True)
class LoggedEvent:
    position: int
    type: str
    aggregate_id: UUID
    recorded_at: datetime
    payload: dict[str, Any]


def read_log(records: InspectionRecords, after: int = 0, limit: int | None = None) -> Iterator[LoggedEvent]:
    """Every event after position `after`, in the order recorded."""
    start = after + 1
    remaining = limit
    while remaining is None or remaining > 0:
        page = PAGE if remaining is None else min(PAGE, remaining)
        notifications = records.recorder.select_notifications(start=start, limit=page)
        if not notifications:
            return
        for notification in notifications:
            event = records.decode(notification)
            yield LoggedEvent(
                position=notification.id,
                type=type(event).__name__,
                aggregate_id=event.originator_id,
                recorded_at=event.timestamp,
                payload=payload_of(event),
            )
        start = notifications[-1].id + 1
        if remaining is not None:
            remaining -= len(notifications)


def payload_of(event: Any) -> dict[str, Any]:
    """The event's business fields as JSON-ready values."""
    skip = {"originator_id", "originator_version", "timestamp", "originator_topic"}
    return {k: _plain(v) for k, v in vars(event).items() if k not in skip}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def describe(event: LoggedEvent, documents: dict[UUID, str]) -> str:
    """One line saying what the event records. `documents` maps inspection
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
        return f"{head} {document} replaced by {', '.join(p['successors'])} on {p['replaced_on']}"
    return f"{head} {p}"
