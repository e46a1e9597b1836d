"""What every read model is: named tables built only from events."""

from __future__ import annotations

import re
from collections.abc import Callable

from projections.database import Connection
from projections.recorded_event import RecordedEvent

Handler = Callable[[Connection, str, RecordedEvent], None]

_INDEX = re.compile(r"CREATE INDEX IF NOT EXISTS \{p\}(\w+)")


class ReadModel:
    """A read model: its tables (DDL with `{p}` for a name prefix, so a scratch
    copy can be built beside the live one) and a handler per event type."""

    name: str = ""
    tables: tuple[str, ...] = ()
    schema: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._handlers = self.handlers()

    def handlers(self) -> dict[str, Handler]:
        raise NotImplementedError

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
        handler = self._handlers.get(event.type)
        if handler is not None:
            handler(db, prefix, event)

    def snapshot(self, db: Connection, prefix: str = "") -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, in a stable order, for comparisons."""
        return {
            table: sorted(db.execute(f"SELECT * FROM {prefix}{table}"), key=repr) for table in self.tables
        }
