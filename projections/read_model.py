"""What every read model is: named tables built only from events."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from domain.frameworks import framework
from projections.database import Connection
from projections.recorded_event import RecordedEvent

Handler = Callable[[Connection, str, RecordedEvent], None]

_INDEX = re.compile(r"CREATE INDEX IF NOT EXISTS \{p\}(\w+)")
# Where an event type's name changes case: InspectionPublished -> inspection_published.
_HANDLER_NAME = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class ReadModel:
    """A read model: its tables (DDL with `{p}` for a name prefix, so a scratch
    copy can be built beside the live one) and a handler for each event type
    it keeps: a method named after the event, `inspection_published(db,
    prefix, event)` for InspectionPublished."""

    name: str = ""
    tables: tuple[str, ...] = ()
    schema: tuple[str, ...] = ()
    # Raised whenever the tables change shape: a store whose tables were made
    # by another version rebuilds them from the log (see Projector.set_up).
    version: int = 1

    def __init__(self) -> None:
        self._handlers: dict[str, Handler | None] = {}

    def create(self, db: Connection, prefix: str = "") -> None:
        for statement in self.schema:
            db.execute(statement.format(p=prefix))

    def indexes(self) -> list[str]:
        """The names of the indexes the schema creates (without prefix)."""
        return [m.group(1) for m in (_INDEX.search(statement) for statement in self.schema) if m]

    def drop(self, db: Connection, prefix: str = "") -> None:
        for table in self.tables:
            db.execute(f"DROP TABLE IF EXISTS {prefix}{table}")

    def apply(self, db: Connection, prefix: str, event: RecordedEvent) -> None:
        if event.type not in self._handlers:
            self._handlers[event.type] = getattr(self, _HANDLER_NAME.sub("_", event.type).lower(), None)
        handler = self._handlers[event.type]
        if handler is not None:
            handler(db, prefix, event)

    def snapshot(self, db: Connection, prefix: str = "") -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, in a stable order, for comparisons."""
        return {
            table: sorted(db.execute(f"SELECT * FROM {prefix}{table}"), key=repr) for table in self.tables
        }


def insert(db: Connection, table: str, values: Mapping[str, object]) -> None:
    """One row, its values by column name."""
    marks = ",".join("?" * len(values))
    db.write(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", tuple(values.values()))


def published_document(event: RecordedEvent, *columns: str) -> dict[str, object]:
    """What a read model may keep of a published document (an
    InspectionPublished event), by column name: all of it, or `columns`."""
    data = event.payload
    document: dict[str, object] = {
        "inspection_id": str(event.aggregate_id),
        "authority_code": data["authority_code"],
        "framework": data["framework"],
        "series": framework(data["framework"]).series,
        "published_on": data["published_on"],
        "recorded_at": event.recorded_at_text,
        "position": event.position,
    }
    return {c: document[c] for c in columns} if columns else document
