"""Opening the store for a command: failures said as a person can act on
them, and the read models brought up to the log first where this process
keeps them, with progress; or a scratch store holding only the register,
for a command that checks documents without recording them."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventsourcing.persistence import PersistenceError

from projections.database import DatabaseUnavailable
from service.adapters.replication import ReplicaRefused
from service.adapters.settings import Settings, parse_database_url
from service.adapters.stores import NoStore, require_existing
from service.application.recording import Recording
from service.application.register import AuthorityToRegister
from service.bootstrap import Service, open_service
from service.cli.progress import Progress


class CommandError(Exception):
    """A command that cannot go on: the message for stderr, and the exit code."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        self.exit_code = exit_code
        super().__init__(message)


@contextmanager
def opened(
    settings: Settings, command: str, *, existing: bool = False, catch_up: bool = True, setup: bool = False
) -> Iterator[Service]:
    """The service on the configured store, closed afterwards. `existing`
    refuses a store that does not exist yet instead of creating an empty one."""
    store = settings.store
    try:
        if existing:
            require_existing(store)
        service = open_service(
            store,
            read_store=settings.read_store,
            create_tables=settings.create_tables or setup,
            projections_in_process=settings.projections_in_process,
            stock_recorder=settings.stock_event_recorder,
        )
    except ReplicaRefused as error:
        raise CommandError(f"inspections {command}: {error}") from None
    except NoStore as error:
        raise CommandError(
            f"inspections {command}: {error}; `inspections load` or `inspections setup` creates one"
        ) from None
    except Exception as error:  # the store cannot be opened: say where and why, without a trace
        if not _unreachable(error):
            raise
        raise CommandError(f"inspections: cannot open {store.describe()}: {error}") from None
    try:
        if catch_up and service.projections_in_process:
            catch_up_read_models(service)
        yield service
    finally:
        service.close()


def catch_up_read_models(service: Service) -> None:
    """Apply whatever the read models have not seen yet, showing progress."""
    start = service.projector.tracking.position()
    behind = service.records.log_position() - start
    if behind <= 0:
        return
    progress = Progress("catching up the read models", behind, unit="positions")
    service.projector.catch_up(progress=lambda position, _: progress(position - start))
    progress.finish()


def read_models_named(service: Service, command: str, name: str | None) -> list[str]:
    """The read models a command names: one, or every one."""
    known = list(service.rebuilder.models)
    if name is None:
        return known
    if name not in known:
        raise CommandError(f"inspections {command}: no read model {name!r} (known: {', '.join(known)})")
    return [name]


def _unreachable(error: Exception) -> bool:
    """Whether opening failed for want of a database that answers."""
    if isinstance(error, DatabaseUnavailable | PersistenceError | sqlite3.OperationalError):
        return True
    # Imported here: SQLite stores never need the PostgreSQL driver.
    import psycopg

    return isinstance(error, psycopg.OperationalError)


@contextmanager
def register_only(register: list[AuthorityToRegister]) -> Iterator[Recording]:
    """The write path on a scratch store holding only the register: every
    guard a document meets when recorded, with nothing recorded anywhere."""
    with tempfile.TemporaryDirectory(prefix="inspections-import-") as directory:
        store = parse_database_url(f"sqlite:///{Path(directory) / 'register.sqlite'}")
        service = open_service(store, create_tables=True, projections_in_process=False)
        try:
            service.recording.register_authorities(register)
            yield service.recording
        finally:
            service.close()
