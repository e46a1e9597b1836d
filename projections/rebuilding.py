"""Building a read model again from the whole log: in place, beside the live
one (blue/green), or into a scratch copy to verify the live one.

Readers never see a half-built read model. `rebuild` runs in one
transaction. `rebuild_shadow` fills `shadow_*` tables in batches while the
live ones keep serving, then swaps them in by renaming in one short
transaction that holds the read model's tracking row. `verify` builds a
scratch copy in a transaction that is always rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from projections.database import Connection
from projections.projector import Projector
from projections.read_model import ReadModel
from projections.tracking import ReadLog, ReportProgress

SHADOW_PREFIX = "shadow_"
SCRATCH_PREFIX = "scratch_"


@dataclass(frozen=True)
class Difference:
    table: str
    only_live: int
    only_rebuilt: int


class Rebuilder:
    """Rebuilds with the projector's connection, read models and tracking.

    The log is best read on another connection than the one that writes
    (`read_log`): on PostgreSQL a batch's rows are sent without waiting
    (pipeline mode), and the database writes them while this process reads
    and decodes the next batch, where on one connection the next read would
    wait for the writes. What is read is the same: each read sees every
    event committed before it, on any connection."""

    def __init__(self, projector: Projector, read_log: ReadLog | None = None) -> None:
        self.projector = projector
        self.db = projector.db
        self.read_log = read_log or projector.read_log
        self.models = projector.models
        self.tracking = projector.tracking

    @property
    def batch_size(self) -> int:
        return self.projector.batch_size

    def rebuild(self, name: str, progress: ReportProgress | None = None) -> int:
        """Drop a read model and fill it again from the whole log, in one
        transaction: readers see the old tables until the new ones are complete."""
        model = self.models[name]
        with self.db.transaction():
            model.drop(self.db)
            model.create(self.db, indexes=not model.indexes_after_fill)
            applied, last = self._fill(model, "", progress)
            if model.indexes_after_fill:
                model.create_indexes(self.db)
            self.tracking.advance(name, last)
            self.tracking.changed()
        return applied

    def rebuild_shadow(self, name: str, progress: ReportProgress | None = None) -> int:
        """Blue/green: fill a new copy beside the live read model in batches,
        then bring it up to the log and swap it in, in one short transaction.
        On SQLite readers read the old tables until the swap commits; on
        PostgreSQL they wait the few milliseconds the renames take."""
        model = self.models[name]
        with self.db.transaction():
            model.drop(self.db, SHADOW_PREFIX)
            model.create(self.db, SHADOW_PREFIX, indexes=not model.indexes_after_fill)
        position, applied = 0, 0
        while True:
            with self.db.transaction():
                events = self.read_log(position, self.batch_size)
                model.apply_batch(self.db, SHADOW_PREFIX, events)
                if events:
                    self.tracking.rebuilding(name, applied + len(events), events[-1].position)
            if not events:
                break
            position, applied = events[-1].position, applied + len(events)
            if progress is not None:
                progress(position, applied)
        if model.indexes_after_fill:
            # Before holding the tracking row: live projection goes on meanwhile.
            with self.db.transaction():
                model.create_indexes(self.db, SHADOW_PREFIX)
        with self.db.transaction():
            self.tracking.hold(name)
            while events := self.read_log(position, self.batch_size):
                model.apply_batch(self.db, SHADOW_PREFIX, events)
                position, applied = events[-1].position, applied + len(events)
            self._swap_in(model)
            self.tracking.advance(name, position)
            self.tracking.changed()
            self.tracking.rebuilt(name)
        return applied

    def _swap_in(self, model: ReadModel) -> None:
        """Replace the live tables with the shadow ones, keeping index names."""
        postgres = self.db.dialect == "postgres"
        for table in model.tables:
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.execute(f"ALTER TABLE {SHADOW_PREFIX}{table} RENAME TO {table}")
            if postgres:
                # The primary key's index was named after the shadow table; a
                # later shadow build would collide with it.
                self.db.execute(f"ALTER INDEX IF EXISTS {SHADOW_PREFIX}{table}_pkey RENAME TO {table}_pkey")
        for index in model.indexes():
            if postgres:
                self.db.execute(f"ALTER INDEX {SHADOW_PREFIX}{index} RENAME TO {index}")
            else:
                # SQLite cannot rename an index: drop it; create() recreates it by its live name.
                self.db.execute(f"DROP INDEX IF EXISTS {SHADOW_PREFIX}{index}")
        if not postgres:
            model.create(self.db)

    def verify(self, name: str, progress: ReportProgress | None = None) -> list[Difference]:
        """Rebuild a read model into a scratch copy from the whole log and
        compare it with the live one. The scratch copy is never committed."""
        model = self.models[name]
        differences = []
        with _rolled_back(self.db):
            live_position = self.tracking.positions()[name]
            model.drop(self.db, SCRATCH_PREFIX)
            model.create(self.db, SCRATCH_PREFIX)
            self._fill(model, SCRATCH_PREFIX, progress, up_to=live_position)
            live = model.snapshot(self.db)
            rebuilt = model.snapshot(self.db, SCRATCH_PREFIX)
            for table in model.tables:
                live_rows, rebuilt_rows = set(live[table]), set(rebuilt[table])
                if live_rows != rebuilt_rows:
                    differences.append(
                        Difference(table, len(live_rows - rebuilt_rows), len(rebuilt_rows - live_rows))
                    )
        return differences

    def _fill(
        self, model: ReadModel, prefix: str, progress: ReportProgress | None, up_to: int | None = None
    ) -> tuple[int, int]:
        """Apply the whole log (up to a position) to one read model; returns
        how many events were read and the last position applied."""
        position, applied = 0, 0
        batch = model.fill_batch()
        while True:
            events = self.read_log(position, self.batch_size)
            if up_to is not None:
                events = [e for e in events if e.position <= up_to]
            if not events:
                if batch is not None:
                    batch.write(self.db, prefix)
                return applied, position
            model.apply_batch(self.db, prefix, events, batch)
            position = events[-1].position
            applied += len(events)
            if progress is not None:
                progress(position, applied)


class _Rollback(Exception):
    pass


@contextmanager
def _rolled_back(db: Connection) -> Iterator[None]:
    """A transaction that is always rolled back."""
    try:
        with db.transaction():
            yield
            raise _Rollback
    except _Rollback:
        pass
