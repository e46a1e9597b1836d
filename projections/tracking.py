"""Where the read models stand: each one's tracked position, one version
counter for all of them, and the progress of shadow rebuilds.

Every change to a read model writes here in the same transaction as its
rows (see projections.projector and projections.rebuilding), so a crash never
applies an event twice or skips one, and a reader comparing versions knows
whether anything it read may have changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from projections.database import Connection
from projections.recorded_event import RecordedEvent

TRACKING_TABLE = "projection_tracking"
REBUILDS_TABLE = "projection_rebuilds"
# One counter, advanced by every transaction that changes any read model (a
# batch applied, a rebuild, a swap): readers compare it to know whether
# anything they read before may have changed.
VERSION_TABLE = "read_models_version"
# The shape each read model's tables were made in (ReadModel.version); a read
# model tracked before this table existed was made in shape 1.
SHAPES_TABLE = "projection_shapes"

# Reads up to `limit` events after a position, in log order.
ReadLog = Callable[[int, int], Sequence[RecordedEvent]]
# Called with the last position applied and how many events so far.
ReportProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class Standing:
    """Where the read models stand, read in one statement: their version,
    the log position all of them have reached, and the recorded time of the
    last event at or before it (None before any), as fixed-width UTC text."""

    version: int
    position: int
    reflected_at: str | None


class Tracking:
    def __init__(self, db: Connection, names: Iterable[str]) -> None:
        self.db = db
        self.names = tuple(names)

    def set_up(self) -> None:
        """Create the tracking tables and a row for each read model not yet
        tracked (at position 0); existing rows are kept. Call inside a transaction."""
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {TRACKING_TABLE} (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"
        )
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {REBUILDS_TABLE}"
            " (name TEXT PRIMARY KEY, applied BIGINT NOT NULL, position BIGINT NOT NULL)"
        )
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)"
        )
        self.db.execute(f"INSERT INTO {VERSION_TABLE} VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
        self.db.execute(
            f"CREATE TABLE IF NOT EXISTS {SHAPES_TABLE} (name TEXT PRIMARY KEY, shape BIGINT NOT NULL)"
        )
        known = {name for (name,) in self.db.execute(f"SELECT name FROM {TRACKING_TABLE}")}
        for name in self.names:
            if name not in known:
                self.db.execute(f"INSERT INTO {TRACKING_TABLE} VALUES (?, 0)", (name,))

    def shapes(self) -> dict[str, int]:
        """The shape each tracked read model's tables were made in."""
        tracked = {str(name) for (name,) in self.db.execute(f"SELECT name FROM {TRACKING_TABLE}")}
        recorded: dict[str, int] = dict(self.db.execute(f"SELECT name, shape FROM {SHAPES_TABLE}"))
        return {name: int(recorded.get(name, 1)) for name in tracked}

    def made_in(self, name: str, shape: int) -> None:
        self.db.execute(
            f"INSERT INTO {SHAPES_TABLE} VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET shape = excluded.shape",
            (name, shape),
        )

    def positions(self, *, lock: bool = False) -> dict[str, int]:
        """Each read model's position. With `lock` (inside a transaction) the
        rows are held until it ends: several workers may run, and each must
        see the positions the last batch committed."""
        held = " FOR UPDATE" if lock and self.db.dialect == "postgres" else ""
        rows = self.db.execute(f"SELECT name, position FROM {TRACKING_TABLE}{held}")
        return {str(name): int(position) for name, position in rows if name in self.names}

    def position(self) -> int:
        """The log position every read model has reached."""
        positions = self.positions()
        return min(positions.values()) if positions else 0

    def position_and_version(self) -> tuple[int, int]:
        """The position every read model has reached and their version, in
        one statement (a picture needs both: the second keys its lineage)."""
        rows = self.db.execute(
            f"SELECT name, position, (SELECT version FROM {VERSION_TABLE} WHERE id = 1) FROM {TRACKING_TABLE}"
        )
        positions = [int(position) for name, position, _ in rows if name in self.names]
        version = int(rows[0][2] or 0) if rows else 0
        return (min(positions) if positions else 0), version

    def hold(self, name: str) -> None:
        """Hold one read model's row until the transaction ends, so that no
        worker advances it meanwhile."""
        held = " FOR UPDATE" if self.db.dialect == "postgres" else ""
        self.db.execute(f"SELECT position FROM {TRACKING_TABLE} WHERE name = ?{held}", (name,))

    def advance(self, name: str, position: int) -> None:
        self.db.write(f"UPDATE {TRACKING_TABLE} SET position = ? WHERE name = ?", (position, name))

    def version(self) -> int:
        """The read models' version: it changes whenever any of them does."""
        rows = self.db.execute(f"SELECT version FROM {VERSION_TABLE} WHERE id = 1")
        return int(rows[0][0]) if rows else 0

    def standing(self) -> Standing:
        """Version, position and the recorded time reached, from one snapshot
        (one statement), so that the three agree with each other. The time is
        the event log read model's (every event is a row there, and it is at
        or past the lowest position)."""
        if not self.names:
            return Standing(self.version(), 0, None)
        marks = ", ".join("?" for _ in self.names)
        rows = self.db.execute(
            f"SELECT v.version, t.position, (SELECT e.recorded_at FROM event_log e"
            f" WHERE e.position <= t.position ORDER BY e.position DESC LIMIT 1)"
            f" FROM {VERSION_TABLE} v,"
            f" (SELECT MIN(position) AS position FROM {TRACKING_TABLE} WHERE name IN ({marks})) t"
            f" WHERE v.id = 1",
            self.names,
        )
        if not rows:
            return Standing(0, 0, None)
        version, position, reflected_at = rows[0]
        return Standing(int(version), int(position or 0), str(reflected_at) if reflected_at else None)

    def changed(self) -> None:
        self.db.write(f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1")

    def rebuilds(self) -> dict[str, tuple[int, int]]:
        """Shadow rebuilds under way: events applied so far and the position reached."""
        rows = self.db.execute(f"SELECT name, applied, position FROM {REBUILDS_TABLE}")
        return {str(name): (int(applied), int(position)) for name, applied, position in rows}

    def rebuilding(self, name: str, applied: int, position: int) -> None:
        """Progress of a shadow rebuild, readable by other processes (for /metrics)."""
        self.db.write(
            f"INSERT INTO {REBUILDS_TABLE} VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE"
            " SET applied = excluded.applied, position = excluded.position",
            (name, applied, position),
        )

    def rebuilt(self, name: str) -> None:
        self.db.write(f"DELETE FROM {REBUILDS_TABLE} WHERE name = ?", (name,))
