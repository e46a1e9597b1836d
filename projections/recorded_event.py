"""An event as read models see it: its place in the log and its payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from uuid import UUID


@dataclass(frozen=True)
class RecordedEvent:
    position: int
    type: str
    aggregate_id: UUID
    aggregate_version: int
    recorded_at: datetime
    payload: dict[str, Any]
    # Who recorded the event and through what (a seed file, a GraphQL mutation).
    recorded_by: str | None = None
    recorded_via: str | None = None

    @property
    def event_id(self) -> str:
        """The event's identity: its aggregate and version within it."""
        return f"{self.aggregate_id}/{self.aggregate_version}"

    @property
    def recorded_at_text(self) -> str:
        return timestamp_text(self.recorded_at)


# Later than any recorded time: "as known now and from now on".
FAR_FUTURE = "9999-12-31T23:59:59.999999Z"
# Earlier than any recorded time: nothing was known yet.
BEFORE_TIME = "0000-00-00T00:00:00.000000Z"


def timestamp_text(moment: datetime) -> str:
    """A moment in UTC as fixed-width ISO text, which sorts in time order
    (the year zero-padded, so that 0999 sorts before 2026). A moment whose
    UTC falls outside the calendar (0001-01-01T00:00:00+01:00) sorts before
    or after every recorded time, as it is."""
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        return BEFORE_TIME if moment.year == 1 else FAR_FUTURE
    # isoformat pads the year to four digits and ends in "+00:00" here; it
    # takes a quarter of the time of formatting each field.
    return utc.isoformat(timespec="microseconds")[:-6] + "Z"


def known_at_text(known_at: datetime | None) -> str:
    """A moment asked about, as the text recorded times are compared with;
    None is "as known now": everything recorded."""
    return FAR_FUTURE if known_at is None else timestamp_text(known_at)


_SKIPPED = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "recorded_by",
    "recorded_via",
}


def payload_of(event: Any) -> dict[str, Any]:
    """A domain event's business fields as JSON-ready values."""
    return {k: _plain(v) for k, v in vars(event).items() if k not in _SKIPPED}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
