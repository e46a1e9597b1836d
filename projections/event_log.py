"""Read model: the event log for audit, one row per event with its payload."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from projections.database import Connection
from projections.read_model import Batch, ReadModel, insert
from projections.recorded_event import RecordedEvent

COLUMNS = "position, type, aggregate_id, aggregate_version, recorded_at, payload, recorded_by, recorded_via"


@dataclass(frozen=True)
class LogRow:
    position: int
    type: str
    aggregate_id: str
    aggregate_version: int
    recorded_at: str
    payload: str
    recorded_by: str | None
    recorded_via: str | None


class EventLog(ReadModel):
    name = "event_log"
    tables = ("event_log",)
    # 2: payloads written by orjson (compact, keys sorted), a seventh of the
    # time of the standard library's encoder; readers parse them either way.
    version = 2
    streams_rows = True
    schema = (
        "CREATE TABLE IF NOT EXISTS {p}event_log ("
        " position BIGINT PRIMARY KEY,"
        " type TEXT NOT NULL,"
        " aggregate_id TEXT NOT NULL,"
        " aggregate_version INTEGER NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " payload TEXT NOT NULL,"
        " recorded_by TEXT,"
        " recorded_via TEXT)",
    )

    def apply(self, db: Connection, p: str, event: RecordedEvent) -> None:
        # Every event is logged, whatever its type, including types added later.
        insert(db, f"{p}event_log", _row(event, str(event.aggregate_id)))

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        batch.add("event_log", _row(event, batch.aggregate(event)))
        return True


def _row(event: RecordedEvent, aggregate_id: str) -> dict[str, Any]:
    return {
        "position": event.position,
        "type": event.type,
        "aggregate_id": aggregate_id,
        "aggregate_version": event.aggregate_version,
        "recorded_at": event.recorded_at_text,
        "payload": orjson.dumps(event.payload, option=orjson.OPT_SORT_KEYS).decode(),
        "recorded_by": event.recorded_by,
        "recorded_via": event.recorded_via,
    }


def page(db: Connection, after: int, first: int) -> list[LogRow]:
    """`first` events after a position, plus one to tell if more follow."""
    rows = db.execute(
        f"SELECT {COLUMNS} FROM event_log WHERE position > ? ORDER BY position LIMIT ?", (after, first + 1)
    )
    return [LogRow(*row) for row in rows]
