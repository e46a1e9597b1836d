"""Read model: the event log for audit, one row per event with its payload."""

from __future__ import annotations

import json
from dataclasses import dataclass

from projections.database import Connection
from projections.read_model import ReadModel
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
        db.write(
            f"INSERT INTO {p}event_log ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
            (
                event.position,
                event.type,
                str(event.aggregate_id),
                event.aggregate_version,
                event.recorded_at_text,
                json.dumps(event.payload, ensure_ascii=False, sort_keys=True),
                event.recorded_by,
                event.recorded_via,
            ),
        )


def page(db: Connection, after: int, first: int) -> list[LogRow]:
    """`first` events after a position, plus one to tell if more follow."""
    rows = db.execute(
        f"SELECT {COLUMNS} FROM event_log WHERE position > ? ORDER BY position LIMIT ?", (after, first + 1)
    )
    return [LogRow(*row) for row in rows]
