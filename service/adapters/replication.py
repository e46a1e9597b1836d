"""A PostgreSQL streaming replica the read side reads (READ_DATABASE_URL):
checked against the primary when a service opens it, and its lag measured
for /readyz and /metrics.

A streaming replica is a copy of the primary's whole cluster, replayed from
its write-ahead log: the same databases, schemas, tables, and the read
models' tracking rows, which arrive in the same transactions as their rows.
So a position read from the replica's tracking table is a position the
replica's read models have reached.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from projections.database import Connection
from service.adapters.settings import SettingsError, Store

# How long opening waits for the replica to replay what the primary had
# written when it opened (tables just created), before comparing schemas.
CATCH_UP_SECONDS = 5.0
# Differences named in a refusal; the rest are counted.
NAMED_DIFFERENCES = 5


class ReplicaRefused(SettingsError):
    """READ_DATABASE_URL names a database that cannot serve as this store's replica."""


@dataclass(frozen=True)
class ReplicaLag:
    """How far the replica's replay is behind the primary's write-ahead log.
    `in_recovery` is false when READ_DATABASE_URL names the primary itself
    (or a promoted replica): nothing is replayed then, and both lags are 0."""

    in_recovery: bool
    bytes: int
    seconds: float


def check_replica(primary: Connection, replica: Connection, store: Store, read_store: Store) -> None:
    """Refuse a replica of another cluster, or one whose schema is not the
    primary's; first wait (briefly) for it to replay what the primary has
    written, so that tables created a moment ago are not taken for a difference."""
    primary_system = _system_identifier(primary)
    replica_system = _system_identifier(replica)
    if primary_system is not None and replica_system is not None and primary_system != replica_system:
        raise ReplicaRefused(
            f"READ_DATABASE_URL: {read_store.host}:{read_store.port} is not a replica of DATABASE_URL's "
            f"cluster at {store.host}:{store.port} (system identifier {replica_system}, the primary's "
            f"{primary_system})"
        )
    _wait_for_replay(primary, replica, CATCH_UP_SECONDS)
    differences = _schema_differences(_columns(primary, store.schema), _columns(replica, read_store.schema))
    if differences:
        named = "; ".join(differences[:NAMED_DIFFERENCES])
        more = len(differences) - NAMED_DIFFERENCES
        raise ReplicaRefused(
            f"READ_DATABASE_URL: schema {read_store.schema!r} of {read_store.host}:{read_store.port}/"
            f"{read_store.dbname} differs from DATABASE_URL's: {named}"
            + (f" (and {more} more)" if more > 0 else "")
            + "; is it a replica of this primary, and has it caught up?"
        )


def replica_lag(primary: Connection, replica: Connection) -> ReplicaLag:
    """The replica's replay lag: in bytes of write-ahead log the primary has
    flushed and the replica not replayed, and in seconds as the primary's
    sender last measured it (pg_stat_replication.replay_lag, null once caught
    up). The replica is read first, so the bytes never understate the lag."""
    ((in_recovery, replayed, slot),) = replica.execute(
        "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,"
        " (SELECT slot_name FROM pg_stat_wal_receiver LIMIT 1)"
    )
    if not in_recovery:
        return ReplicaLag(False, 0, 0.0)
    ((behind, measured),) = primary.execute(
        "SELECT pg_wal_lsn_diff(pg_current_wal_flush_lsn(), ?::pg_lsn),"
        " (SELECT EXTRACT(EPOCH FROM r.replay_lag) FROM pg_stat_replication r"
        "  JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = ?)",
        (replayed or "0/0", slot),
    )
    lag_bytes = max(int(behind or 0), 0)
    if measured is not None or slot is not None:
        seconds = float(measured or 0.0)
    else:
        # No slot to find the sender by: the time since the last transaction
        # replayed, while some log is still to replay.
        seconds = _since_last_replayed(replica) if lag_bytes else 0.0
    return ReplicaLag(True, lag_bytes, seconds)


def _since_last_replayed(replica: Connection) -> float:
    ((seconds,),) = replica.execute(
        "SELECT COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0)"
    )
    return max(float(seconds), 0.0)


def _system_identifier(db: Connection) -> int | None:
    """The cluster's identifier, which a streaming replica shares with its
    primary; None where the role may not read it."""
    try:
        ((identifier,),) = db.execute("SELECT system_identifier FROM pg_control_system()")
    except Exception:  # permission denied outside superusers and pg_monitor
        return None
    return int(identifier)


def _wait_for_replay(primary: Connection, replica: Connection, seconds: float) -> None:
    ((target,),) = primary.execute("SELECT pg_current_wal_flush_lsn()::text")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ((caught_up,),) = replica.execute(
            "SELECT NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= ?::pg_lsn", (target,)
        )
        if caught_up:
            return
        time.sleep(0.02)


def _columns(db: Connection, schema: str) -> dict[str, dict[str, str]]:
    """Each table of a schema: its columns and their types."""
    tables: dict[str, dict[str, str]] = {}
    for table, column, kind in db.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = ?",
        (schema,),
    ):
        tables.setdefault(str(table), {})[str(column)] = str(kind)
    return tables


def _schema_differences(primary: dict[str, dict[str, str]], replica: dict[str, dict[str, str]]) -> list[str]:
    differences = [f"table {t} is missing on the replica" for t in sorted(primary.keys() - replica.keys())]
    differences += [f"table {t} is not on the primary" for t in sorted(replica.keys() - primary.keys())]
    for table in sorted(primary.keys() & replica.keys()):
        if primary[table] != replica[table]:
            differences.append(
                f"table {table} has columns {_shape(replica[table])} on the replica, "
                f"{_shape(primary[table])} on the primary"
            )
    return differences


def _shape(columns: dict[str, str]) -> str:
    return "(" + ", ".join(f"{name} {kind}" for name, kind in sorted(columns.items())) + ")"
