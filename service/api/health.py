"""How far behind the log each read model is: for /readyz and /metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

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
    events and in seconds since the oldest event it has not applied.

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
    head, found = lags(service)
    ready = all(lag.seconds <= READY_MAX_LAG_SECONDS for lag in found)
    return ready, {
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
