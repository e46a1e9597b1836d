from __future__ import annotations

import json
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from service.api.graphql.pagination import PageInfo, cursor_refused, decode_cursor, encode_cursor
from service.application.questions import LogRow

MAX_POSITION = 2**63 - 1
MAX_POSITION_DIGITS = len(str(MAX_POSITION))


@strawberry.type(description="One event of the log, for audit.")
class Event:
    position: int
    cursor: str = strawberry.field(description="Resume a list or the live feed after this event.")
    type: str = strawberry.field(description="The event class's name, e.g. JudgementRecorded.")
    aggregate_id: strawberry.ID
    aggregate_version: int
    recorded_at: datetime
    recorded_by: str | None = strawberry.field(
        description="Who recorded it: a token's principal, or a loader."
    )
    recorded_via: str | None = strawberry.field(
        description="Through what: a seed file or a GraphQL mutation."
    )
    payload: JSON


@strawberry.type
class EventEdge:
    cursor: str
    node: Event


@strawberry.type
class EventConnection:
    edges: list[EventEdge]
    page_info: PageInfo


def event_cursor(position: int) -> str:
    return encode_cursor("event", str(position))


def position_after(cursor: str | None) -> int:
    if cursor is None:
        return 0
    (position,) = decode_cursor(cursor, "event", 1)
    # Written as str(int) writes a 64-bit position (both stores' limit), and
    # checked so before int() reads it: int() takes thousands of digits (past
    # 4,300 it raises) and other scripts' digits.
    if not (position.isdigit() and len(position) <= MAX_POSITION_DIGITS):
        raise cursor_refused(cursor)
    if int(position) > MAX_POSITION or str(int(position)) != position:
        raise cursor_refused(cursor)
    return int(position)


def event_from(row: LogRow) -> Event:
    return Event(
        position=row.position,
        cursor=event_cursor(row.position),
        type=row.type,
        aggregate_id=strawberry.ID(row.aggregate_id),
        aggregate_version=row.aggregate_version,
        recorded_at=datetime.fromisoformat(row.recorded_at),
        recorded_by=row.recorded_by,
        recorded_via=row.recorded_via,
        payload=json.loads(row.payload),
    )
