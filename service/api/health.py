"""How far behind the log each read model is: for /readyz and /metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from service.adapters.stores import unavailability
from service.bootstrap import Service

READY_MAX_LAG_SECONDS = 30.0


@dataclass(frozen=True)
class Lag:
    name: str
    position: int
    events: int
    seconds: float


def lags(service: Service) -> tuple[int, list[Lag]]:
    """The log's last position, and each read model's lag behind it, in
    events and in seconds since the oldest event it has not applied. With a
    replica, the read models are those the replica holds (what answers are
    read from), so the lag includes the replica's; the log's head is the
    primary's, what has been written.

    Read on the read side's own connections, which reconnect at once and fail
    at once while the database is away; the event store's pool retries for
    up to a minute, too long for a probe to wait."""
    positions = service.questions.tracking.positions()
    head = service.log.head()
    found = []
    now = datetime.now(UTC)
    for name, position in sorted(positions.items()):
        behind = max(head - position, 0)
        seconds = 0.0
        if behind:
            oldest = service.log.page(position, 1)
            if oldest:
                seconds = max((now - oldest[0].recorded_at).total_seconds(), 0.0)
        found.append(Lag(name, position, behind, seconds))
    return head, found


def readiness(service: Service) -> tuple[bool, dict[str, object]]:
    """Ready when every read model answers is within READY_MAX_LAG_SECONDS
    of the log, and so is the replica's replay when there is one; a replica
    that cannot be reached is not ready, and says why under "replica"."""
    # The primary first: when it is away, that is what the answer names.
    head = service.log.head()
    try:
        replica = replica_report(service)
    except Exception as error:  # the replica cannot answer
        problem = unavailability(error) or f"{type(error).__name__}: {error}"
        unreachable = {"reachable": False, "problem": problem}
        return False, {"ready": False, "log_position": head, "replica": unreachable}
    head, found = lags(service)
    ready = all(lag.seconds <= READY_MAX_LAG_SECONDS for lag in found)
    report: dict[str, object] = {
        "ready": ready,
        "log_position": head,
        "projections": {
            lag.name: {
                "position": lag.position,
                "lag_events": lag.events,
                "lag_seconds": round(lag.seconds, 3),
            }
            for lag in found
        },
    }
    if replica is not None:
        ready = ready and float(replica["replay_lag_seconds"]) <= READY_MAX_LAG_SECONDS
        report.update(ready=ready, replica=replica)
    return ready, report


def replica_report(service: Service) -> dict[str, float | int | bool] | None:
    """The replica's replay lag, and the read models' position on it and on
    the primary (its tracking rows are replicated with the rows they track);
    None when reads go to the primary."""
    lag = service.replica_lag()
    if lag is None:
        return None
    on_replica = service.questions.position()
    on_primary = service.projector.tracking.position()
    return {
        "reachable": True,
        "replaying": lag.in_recovery,
        "replay_lag_bytes": lag.bytes,
        "replay_lag_seconds": round(lag.seconds, 3),
        "read_models_position": on_replica,
        "primary_read_models_position": on_primary,
        "read_models_lag_events": max(on_primary - on_replica, 0),
    }
