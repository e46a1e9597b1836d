"""The composition root: the one place that wires the store to the application."""

from __future__ import annotations

from service.application import InspectionRecords
from service.settings import Settings, Store


def open_records(store: Store) -> InspectionRecords:
    """The application on the configured event store, its tables created."""
    if store.kind == "sqlite" and store.sqlite_path is not None:
        store.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    return InspectionRecords(env=store.eventsourcing_env())


def records_from_environment() -> tuple[Settings, InspectionRecords]:
    settings = Settings.from_environment()
    return settings, open_records(settings.store)
