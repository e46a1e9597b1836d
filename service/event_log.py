"""Reading the event log in order, as facts a person can read."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from projections.recorded_event import RecordedEvent, payload_of
from service.application import InspectionRecords

PAGE = 500


def read_page(records: InspectionRecords, after: int, limit: int) -> list[RecordedEvent]:
    """Up to `limit` events after position `after`, in log order."""
    if limit <= 0:
        return []
    notifications = records.recorder.select_notifications(start=after + 1, limit=limit)
    page = []
    for notification in notifications:
        event = records.decode(notification)
        page.append(
            RecordedEvent(
                position=notification.id,
                type=type(event).__name__,
                aggregate_id=event.originator_id,
                aggregate_version=event.originator_version,
                recorded_at=event.timestamp,
                payload=payload_of(event),
                recorded_by=getattr(event, "recorded_by", None),
                recorded_via=getattr(event, "recorded_via", None),
            )
        )
    return page


def read_log(records: InspectionRecords, after: int = 0, limit: int | None = None) -> Iterator[RecordedEvent]:
    """Every event after position `after`, in the order recorded."""
    remaining = limit
    while remaining is None or remaining > 0:
        page = read_page(records, after, PAGE if remaining is None else min(PAGE, remaining))
        if not page:
            return
        yield from page
        after = page[-1].position
        if remaining is not None:
            remaining -= len(page)


def describe(event: RecordedEvent, documents: dict[UUID, str]) -> str:
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
