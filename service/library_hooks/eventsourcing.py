"""Every place this service relies on eventsourcing (9.5) beyond its public API.

Nothing outside this module touches the library's private parts. Each hook
has a contract test in tests/integration/test_library_contracts.py that fails, naming
the hook, when an upgrade removes or changes what it relies on.

The hooks, what each relies on, and how to do without it:

* `stamp`: events are dataclasses whose instance `__dict__` the mapper
  stores whole (`Mapper.to_stored_event` copies `vars(event)`) and sets
  again on reading, so an attribute set on a frozen event is stored and read
  back. No stock way in 9.5; the library's event metadata, added upstream
  later, is the public way once we upgrade.
* `BinaryRowsRecorder` (in `postgres_recorder.py`, beside this module, so that
  SQLite stores never import the PostgreSQL driver):
  `PostgresApplicationRecorder._insert_stored_events(
  curs, stored_events, **kwargs)` is what `insert_events` calls inside its
  transaction; `_lock_table(curs)` and `_notify_channel(curs)` take the table
  lock and notify. Stock: `EVENT_RECORDER=stock`.
* `stored_events`: the recorder's `events_table_name`, and its columns
  `rowid` (SQLite) or `notification_id` (PostgreSQL), `originator_id`,
  `originator_version`, `topic`, `state`, with `originator_id` kept as a
  uuid (PostgreSQL) or its 32 hex digits (SQLite). The log reader reads that
  table in the projector's own transaction, and a trigger on it stamps
  recorded times; no stock way keeps both. (A write's answer reads one
  aggregate's events by `originator_id`; stock: the repository's events,
  which lack their log positions.)
* `notification_channel`: `PostgresApplicationRecorder.channel_name`, the
  channel its inserts notify. Stock: polling (workers poll every second anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

# Named by topic, so that the PostgreSQL driver is imported only where it is used.
RECORDER_TOPIC = "service.library_hooks.postgres_recorder:BinaryRowsRecorder"
# Each has a contract test of the same name in tests/integration/test_library_contracts.py.
HOOKS = ("stamp", "BinaryRowsRecorder", "stored_events", "notification_channel")


def stamp(event: object, **fields: str) -> None:
    """Add fields to an event after it was created (events are frozen); the
    mapper stores them beside its payload and sets them again on reading."""
    for name, value in fields.items():
        object.__setattr__(event, name, value)


@dataclass(frozen=True)
class StoredEventsTable:
    """Where the recorder keeps the log, and the column that orders it."""

    name: str
    position: str
    columns: tuple[str, ...] = ("originator_id", "originator_version", "topic", "state")

    def stored_id(self, aggregate_id: UUID) -> object:
        """An aggregate's id as the table keeps it."""
        return aggregate_id.hex if self.position == "rowid" else aggregate_id


def stored_events(application: Application[Any], dialect: str) -> StoredEventsTable:
    table = str(getattr(application.recorder, "events_table_name"))  # noqa: B009
    return StoredEventsTable(table, "rowid" if dialect == "sqlite" else "notification_id")


def notification_channel(application: Application[Any]) -> str | None:
    """The channel the PostgreSQL recorder notifies on each insert; None where
    there is none (SQLite), and then followers poll."""
    channel = getattr(application.recorder, "channel_name", None)
    return str(channel) if channel else None
