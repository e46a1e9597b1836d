"""Applying the log to read models in batches, tracking in the same transaction.

Each read model has a row in `projection_tracking` with the position of the
last event it applied. A batch of events is applied and the positions are
advanced in one transaction, so a crash never applies an event twice or skips
one. The same code runs in the API process (embedded SQLite mode) or in a
worker process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from projections.database import Connection
from projections.read_model import ReadModel
from projections.recorded_event import RecordedEvent

TRACKING_TABLE = "projection_tracking"
SHADOW_PREFIX = "shadow_"
REBUILDS_TABLE = "projection_rebuilds"
# One counter, advanced by every transaction that changes any read model (a
# batch applied, a rebuild, a swap): readers compare it to know whether
# anything they read before may have changed.
VERSION_TABLE = "read_models_version"

# Reads up to `limit` events after a position, in log order.
LogReader = Callable[[int, int], Sequence[RecordedEvent]]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Difference:
    table: str
    only_live: int
    only_rebuilt: int


class Projector:
    def __init__(
        self, db: Connection, read_log: LogReader, models: Sequence[ReadModel], batch_size: int = 500
    ):
        self.db = db
        self.read_log = read_log
        self.models = {model.name: model for model in models}
        self.batch_size = batch_size
        # Seconds to hold each batch's transaction open before committing: a
        # chaos-testing aid, so that a killed worker dies mid-batch. 0 in use.
        self.batch_pause = 0.0

    def set_up(self) -> None:
        """Create missing tables and tracking rows; existing ones are kept."""
        with self.db.transaction():
            self.db.execute(
                f"CREATE TABLE IF NOT EXISTS {TRACKING_TABLE}"
                " (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"
            )
            self.db.execute(
                f"CREATE TABLE IF NOT EXISTS {REBUILDS_TABLE}"
                " (name TEXT PRIMARY KEY, applied BIGINT NOT NULL, position BIGINT NOT NULL)"
            )
            self.db.execute(
                f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE}"
                " (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)"
            )
            self.db.execute(f"INSERT INTO {VERSION_TABLE} VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
            known = {name for (name,) in self.db.execute(f"SELECT name FROM {TRACKING_TABLE}")}
            for model in self.models.values():
                model.create(self.db)
                if model.name not in known:
                    self.db.execute(f"INSERT INTO {TRACKING_TABLE} VALUES (?, 0)", (model.name,))

    def rebuilds(self) -> dict[str, tuple[int, int]]:
        """Shadow rebuilds under way: events applied so far and the position reached."""
        rows = self.db.execute(f"SELECT name, applied, position FROM {REBUILDS_TABLE}")
        return {str(name): (int(applied), int(position)) for name, applied, position in rows}

    def positions(self) -> dict[str, int]:
        rows = self.db.execute(f"SELECT name, position FROM {TRACKING_TABLE}")
        return {name: int(position) for name, position in rows if name in self.models}

    def version(self) -> int:
        """The read models' version: it changes whenever any of them does."""
        rows = self.db.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")
        return int(rows[0][0]) if rows else 0

    def _changed(self) -> None:
        self.db.execute(f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1")

    def position(self) -> int:
        """The log position every read model has reached."""
        positions = self.positions()
        return min(positions.values()) if positions else 0

    def catch_up(self, names: Sequence[str] | None = None, progress: Progress | None = None) -> int:
        """Apply every event not yet applied; returns how many were applied."""
        chosen = [self.models[n] for n in (names or self.models)]
        applied = 0
        while True:
            with self.db.transaction():
                # Lock the tracking rows: several workers may run, and each
                # must see the positions the last batch committed.
                lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
                positions: dict[str, int] = dict(
                    self.db.execute(f"SELECT name, position FROM {TRACKING_TABLE}{lock}")
                )
                start = min(int(positions[m.name]) for m in chosen)
                events = self.read_log(start, self.batch_size)
                if not events:
                    return applied
                for model in chosen:
                    done = int(positions[model.name])
                    for event in events:
                        if event.position > done:
                            model.apply(self.db, "", event)
                    self.db.execute(
                        f"UPDATE {TRACKING_TABLE} SET position = ? WHERE name = ?",
                        (events[-1].position, model.name),
                    )
                self._changed()
                if self.batch_pause:
                    time.sleep(self.batch_pause)
            applied += len(events)
            if progress is not None:
                progress(events[-1].position, applied)

    def rebuild(self, name: str, progress: Progress | None = None) -> int:
        """Drop a read model and fill it again from the whole log, in one
        transaction: readers see the old tables until the new ones are complete."""
        model = self.models[name]
        with self.db.transaction():
            model.drop(self.db)
            model.create(self.db)
            applied, last = self._fill(model, "", progress)
            self.db.execute(f"UPDATE {TRACKING_TABLE} SET position = ? WHERE name = ?", (last, name))
            self._changed()
        return applied

    def rebuild_shadow(self, name: str, progress: Progress | None = None) -> int:
        """Blue/green: fill a new copy of a read model beside the live one, in
        batches, while readers keep using the live one; then, in one short
        transaction that holds the tracking row, bring the copy up to the
        log and swap it in by renaming. Readers never see a half-built copy:
        on SQLite they read the old tables until the swap commits, on
        PostgreSQL they wait the few milliseconds the renames take."""
        model = self.models[name]
        shadow = SHADOW_PREFIX
        with self.db.transaction():
            model.drop(self.db, shadow)
            model.create(self.db, shadow)
        position, applied = 0, 0
        while True:
            with self.db.transaction():
                events = self.read_log(position, self.batch_size)
                for event in events:
                    model.apply(self.db, shadow, event)
                if events:
                    # Progress others can read (for /metrics) while the copy fills.
                    self.db.execute(
                        f"INSERT INTO {REBUILDS_TABLE} VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
                        " SET applied = excluded.applied, position = excluded.position",
                        (name, applied + len(events), events[-1].position),
                    )
            if not events:
                break
            position, applied = events[-1].position, applied + len(events)
            if progress is not None:
                progress(position, applied)
        with self.db.transaction():
            lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
            self.db.execute(f"SELECT position FROM {TRACKING_TABLE} WHERE name = ?{lock}", (name,))
            while events := self.read_log(position, self.batch_size):
                for event in events:
                    model.apply(self.db, shadow, event)
                position, applied = events[-1].position, applied + len(events)
            self._swap_in(model, shadow)
            self.db.execute(f"UPDATE {TRACKING_TABLE} SET position = ? WHERE name = ?", (position, name))
            self._changed()
            self.db.execute(f"DELETE FROM {REBUILDS_TABLE} WHERE name = ?", (name,))
        return applied

    def _swap_in(self, model: ReadModel, shadow: str) -> None:
        """Replace the live tables with the shadow ones, keeping index names."""
        for table in model.tables:
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.execute(f"ALTER TABLE {shadow}{table} RENAME TO {table}")
            if self.db.dialect == "postgres":
                # The primary key's index was named after the shadow table; a
                # later shadow build would collide with it.
                self.db.execute(f"ALTER INDEX IF EXISTS {shadow}{table}_pkey RENAME TO {table}_pkey")
        for index in model.indexes():
            if self.db.dialect == "postgres":
                self.db.execute(f"ALTER INDEX {shadow}{index} RENAME TO {index}")
            else:
                # SQLite cannot rename an index: drop it; create() recreates it by its live name.
                self.db.execute(f"DROP INDEX IF EXISTS {shadow}{index}")
        if self.db.dialect != "postgres":
            model.create(self.db)

    def verify(self, name: str, progress: Progress | None = None) -> list[Difference]:
        """Rebuild a read model into a scratch copy from the whole log and
        compare it with the live one. The scratch copy is never committed."""
        model = self.models[name]
        differences = []
        scratch = "scratch_"
        with _rolled_back(self.db):
            live_position = self.positions()[name]
            model.drop(self.db, scratch)
            model.create(self.db, scratch)
            self._fill(model, scratch, progress, up_to=live_position)
            live = model.snapshot(self.db)
            rebuilt = model.snapshot(self.db, scratch)
            for table in model.tables:
                live_rows, rebuilt_rows = set(live[table]), set(rebuilt[table])
                if live_rows != rebuilt_rows:
                    differences.append(
                        Difference(table, len(live_rows - rebuilt_rows), len(rebuilt_rows - live_rows))
                    )
        return differences

    def _fill(
        self, model: ReadModel, prefix: str, progress: Progress | None, up_to: int | None = None
    ) -> tuple[int, int]:
        """Apply the whole log (up to a position) to one read model; returns
        how many events were read and the last position applied."""
        position, applied = 0, 0
        while True:
            events = self.read_log(position, self.batch_size)
            if up_to is not None:
                events = [e for e in events if e.position <= up_to]
            if not events:
                return applied, position
            for event in events:
                model.apply(self.db, prefix, event)
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
