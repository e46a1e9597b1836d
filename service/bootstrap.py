"""The composition root: the one place that wires store, read models and
application together."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from uuid import UUID

from domain.errors import DomainError
from projections.database import Connection, PostgresConnection, SQLiteConnection
from projections.registry import read_models
from projections.tracking import Projector
from service.adapters.log_reader import EventLog
from service.adapters.settings import Settings, Store
from service.adapters.tokens import Tokens
from service.application.questions import ReadModels
from service.application.records import UNATTRIBUTED, Attribution, DocumentToPublish, InspectionRecords


def open_records(store: Store, create_tables: bool = True) -> InspectionRecords:
    """The application on the configured event store, its tables created
    unless `create_tables` is false."""
    if store.kind == "sqlite" and store.sqlite_path is not None:
        store.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    if store.kind == "postgres" and create_tables:
        # Connect once directly, so that a wrong host or database is reported
        # as the server says it, not as a pool timing out; and create the
        # schema, since the library creates tables, not schemas.
        db = connect(replace(store, schema="public"))
        try:
            db.execute(f'CREATE SCHEMA IF NOT EXISTS "{store.schema}"')
        finally:
            db.close()
    env = store.eventsourcing_env()
    env["CREATE_TABLE"] = "y" if create_tables else "n"
    return InspectionRecords(env=env)


def connect(store: Store) -> Connection:
    """A connection to the database the read models share with the events."""
    if store.kind == "sqlite":
        assert store.sqlite_path is not None
        return SQLiteConnection(str(store.sqlite_path))
    return PostgresConnection(store.schema, **store.connect_arguments())


@dataclass
class Service:
    """Everything a process needs: the write side, the projector and the
    read side. In the embedded mode projections run in this process, on
    start-up and after each write."""

    store: Store
    records: InspectionRecords
    projector: Projector
    read_models: ReadModels
    tokens: Tokens
    log: EventLog
    projections_in_process: bool
    _connections: tuple[Connection, ...]
    _write_lock: threading.Lock

    def publish(
        self, document: DocumentToPublish, attribution: Attribution = UNATTRIBUTED
    ) -> tuple[UUID, int]:
        """Record a document; returns its id and the log position it wrote.
        In process mode the read models are brought up to it before returning."""
        with self._write_lock:
            inspection_id, position = self.records.record_built(
                self.records.build(document), document, attribution
            )
            self.project()
        return inspection_id, position

    def correct_judgement(
        self,
        judgement_id: str,
        *,
        raw: str,
        label: str | None,
        reason: str,
        corrected_by: str,
        attribution: Attribution = UNATTRIBUTED,
    ) -> int:
        """Record a correction of a judgement; returns the log position the read
        models then reflect."""
        inspection_id = self.read_models.inspection_of_judgement(judgement_id)
        with self._write_lock:
            position = self.records.correct_judgement(
                UUID(inspection_id),
                UUID(judgement_id),
                raw=raw,
                label=label,
                reason=reason,
                corrected_by=corrected_by,
                attribution=attribution,
            )
            self.project()
        return position

    def withdraw(
        self, inspection_id: str, *, reason: str, withdrawn_by: str, attribution: Attribution = UNATTRIBUTED
    ) -> int:
        with self._write_lock:
            position = self.records.withdraw(
                _uuid(inspection_id, "id"), reason=reason, withdrawn_by=withdrawn_by, attribution=attribution
            )
            self.project()
        return position

    def project(self) -> None:
        # In the embedded mode this process keeps the read models; with
        # separate workers it leaves them to the workers.
        if self.projections_in_process:
            self.projector.catch_up()

    def close(self) -> None:
        for connection in self._connections:
            connection.close()
        self.records.close()


def _uuid(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise DomainError(field, value, "not an id issued by this service") from None


def open_service(
    store: Store, *, catch_up: bool = True, create_tables: bool = True, projections_in_process: bool = True
) -> Service:
    """Open the store. With `create_tables`, create whatever tables are
    missing; processes started beside others pass False, once a single
    `inspections setup` has created them, so that they never race to."""
    records = open_records(store, create_tables=create_tables)
    projection_db = connect(store)
    query_db = connect(store)
    log = EventLog(projection_db, records)
    projector = Projector(projection_db, log.page, read_models())
    tokens = Tokens(query_db)
    if create_tables:
        log.set_up(store.schema)
        projector.set_up()
        tokens.set_up()
    if catch_up:
        projector.catch_up()
    return Service(
        store=store,
        records=records,
        projector=projector,
        read_models=ReadModels(query_db, projector),
        tokens=tokens,
        log=EventLog(query_db, records),
        projections_in_process=projections_in_process,
        _connections=(projection_db, query_db),
        _write_lock=threading.Lock(),
    )


def service_from_environment() -> tuple[Settings, Service]:
    settings = Settings.from_environment()
    return settings, open_service(
        settings.store,
        catch_up=settings.projections_in_process,
        create_tables=settings.create_tables,
        projections_in_process=settings.projections_in_process,
    )
