"""What every read model is: named tables built only from events."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

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
    # Whether a fill into new tables may leave the secondary indexes until
    # it is done (`create_indexes`): only when no handler a fill leaves events
    # to looks rows up by them. One index built by sorting the filled table
    # costs PostgreSQL a third of the same index kept up row by row.
    indexes_after_fill: bool = False
    # Whether a fill streams its rows: on PostgreSQL one COPY left open takes
    # the rows of one table from batch after batch (`Connection.insert_many`),
    # for half the CPU a row of an INSERT of arrays. A fill whose batches
    # wrote two tables in turn would wait for the server at each switch, so
    # a fill keeps the rows that events look up (`Batch.add` with a key)
    # until its end, or until an event is left to its handler. Only for read
    # models whose looked-up rows are few: they are held in memory.
    streams_rows: bool = False

    def __init__(self) -> None:
        self._handlers: dict[str, Handler | None] = {}

    def create(self, db: Connection, prefix: str = "", indexes: bool = True) -> None:
        """The tables, and unless told not to, their secondary indexes."""
        for statement in self.schema:
            if indexes or not _INDEX.search(statement):
                db.execute(statement.format(p=prefix))

    def create_indexes(self, db: Connection, prefix: str = "") -> None:
        for statement in self.schema:
            if _INDEX.search(statement):
                db.execute(statement.format(p=prefix))

    def indexes(self) -> list[str]:
        """The names of the indexes the schema creates (without prefix)."""
        return [m.group(1) for m in (_INDEX.search(statement) for statement in self.schema) if m]

    def drop(self, db: Connection, prefix: str = "") -> None:
        for table in self.tables:
            db.execute(f"DROP TABLE IF EXISTS {prefix}{table}")

    def apply(self, db: Connection, prefix: str, event: RecordedEvent) -> None:
        handler = self._handler(event.type)
        if handler is not None:
            handler(db, prefix, event)

    def _handler(self, event_type: str) -> Handler | None:
        if event_type not in self._handlers:
            self._handlers[event_type] = getattr(self, _HANDLER_NAME.sub("_", event_type).lower(), None)
        return self._handlers[event_type]

    def apply_batch(
        self, db: Connection, prefix: str, events: Sequence[RecordedEvent], batch: Batch | None = None
    ) -> None:
        """Apply events in log order to the same rows as `apply` one by one,
        in fewer statements: the rows `collect` gathers are inserted together,
        one statement a table, before any event it leaves to its handler.
        Rebuilds fill read models this way; live projection applies events one
        by one, so that `Rebuilder.verify` compares the two ways.

        With a fill's `batch` (`fill_batch`), the rows no event looks up are
        written and the rest kept for the next events, as if the fill were
        one batch; the fill writes them at its end."""
        whole = batch is None
        if batch is None:
            batch = Batch()
        for event in events:
            if self.collect(batch, event) or self._handler(event.type) is None:
                continue
            batch.write(db, prefix)
            self.apply(db, prefix, event)
        batch.write(db, prefix, looked_up=whole)

    def fill_batch(self) -> Batch | None:
        """The batch a fill in one transaction keeps from one `apply_batch` to
        the next, if this read model streams its rows."""
        return Batch(streamed=True) if self.streams_rows else None

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        """Add to `batch` the rows this event's handler would insert and say
        True, or say False to leave the event to its handler. Only events
        whose handler only inserts, from the event and from rows in the batch,
        can be collected; the rest (updates, reads of earlier rows) are
        applied alone."""
        return False

    def snapshot(self, db: Connection, prefix: str = "") -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table, in a stable order, for comparisons."""
        return {
            table: sorted(db.execute(f"SELECT * FROM {prefix}{table}"), key=repr) for table in self.tables
        }


def insert(db: Connection, table: str, values: Mapping[str, object]) -> None:
    """One row, its values by column name."""
    marks = ",".join("?" * len(values))
    db.write(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", tuple(values.values()))


def insert_rows(
    db: Connection, table: str, rows: Sequence[Mapping[str, Any]], streamed: bool = False
) -> None:
    """Rows with the same columns, by name, together (`Connection.insert_many`)."""
    if not rows:
        return
    names = list(rows[0])
    # Each row's values in the order of `names`, as a tuple (in C).
    values = list(map(itemgetter(*names), rows)) if len(names) > 1 else [(row[names[0]],) for row in rows]
    db.insert_many(table, names, values, streamed)


# The row a document's later event adds, from the document's row and the event (None: no row).
RowOf = Callable[[Mapping[str, Any], RecordedEvent], dict[str, Any] | None]


def collect_with_document(
    batch: Batch,
    event: RecordedEvent,
    documents: tuple[str, Callable[[RecordedEvent], dict[str, Any]]],
    kind: str,
    rows: tuple[str, RowOf],
) -> bool:
    """`collect` for a read model that keeps each published document's row
    (its table and how to build it) and adds a row (its table and how to
    build it) for each `kind` event of a document, with the document's
    columns. A document is saved whole, so its events follow it in the log
    and its row is found in the batch; the events of a document written
    before the batch are left to their handler."""
    (documents_table, document_row), (table, row_of) = documents, rows
    if event.type == "InspectionPublished":
        batch.add(documents_table, document_row(event), key=batch.aggregate(event))
        return True
    document = batch.row(documents_table, batch.aggregate(event)) if event.type == kind else None
    if document is None:
        return False
    row = row_of(document, event)
    if row is not None:
        batch.add(table, row)
    return True


class Batch:
    """The rows a batch of events adds, by table, until written with one
    statement a table. A row added under a key (its document's id) may be
    looked up and changed until then."""

    def __init__(self, streamed: bool = False) -> None:
        self.streamed = streamed
        self._rows: dict[str, list[dict[str, Any]]] = {}
        self._keyed: dict[tuple[str, str], dict[str, Any]] = {}
        self._looked_up: set[str] = set()
        self._aggregates: dict[int, str] = {}

    def aggregate(self, event: RecordedEvent) -> str:
        """The event's aggregate id as text, made once for the events of one
        aggregate (they follow each other; `str` of a UUID is slow Python)."""
        number = event.aggregate_id.int
        text = self._aggregates.get(number)
        if text is None:
            text = self._aggregates[number] = str(event.aggregate_id)
        return text

    def add(self, table: str, row: dict[str, Any], key: str | None = None) -> None:
        self._rows.setdefault(table, []).append(row)
        if key is not None:
            self._keyed[table, key] = row
            self._looked_up.add(table)

    def row(self, table: str, key: str) -> dict[str, Any] | None:
        """The row added to `table` under `key` since the batch was last written."""
        return self._keyed.get((table, key))

    def write(self, db: Connection, prefix: str, looked_up: bool = True) -> None:
        """Insert the rows added since the last write; without `looked_up`,
        only those of tables whose rows are never looked up."""
        if not looked_up:
            for table in [t for t in self._rows if t not in self._looked_up]:
                insert_rows(db, prefix + table, self._rows.pop(table), self.streamed)
            return
        for table, rows in self._rows.items():
            insert_rows(db, prefix + table, rows, self.streamed)
        self._rows.clear()
        self._keyed.clear()


def published_document(event: RecordedEvent, *columns: str) -> dict[str, object]:
    """What a read model may keep of a published document (an
    InspectionPublished event), by column name: all of it, or `columns`."""
    payload = event.payload
    document: dict[str, object] = {
        "inspection_id": str(event.aggregate_id),
        "authority_code": payload["authority_code"],
        "framework": payload["framework"],
        "series": framework(payload["framework"]).series,
        "published_on": payload["published_on"],
        "recorded_at": event.recorded_at_text,
        "position": event.position,
    }
    return {c: document[c] for c in columns} if columns else document
