"""Read-model rows shaped as GraphQL objects.

The fields a row and its GraphQL type share by name are copied as they are;
dates and moments, which the read models keep as ISO text, become `date` and
`datetime`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter
from typing import Any


def shared(*names: str) -> Callable[[object], dict[str, Any]]:
    """The values of these fields of a row, by name."""
    values = attrgetter(*names)
    return lambda row: dict(zip(names, values(row), strict=True))


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def known_by(recorded: str | None, known_at: datetime | None) -> datetime | None:
    """A fact's recorded moment, if the service knew it by `known_at` (None:
    as known now); else None, as if it had not happened yet."""
    when = moment(recorded)
    if when is None or known_at is None or when <= known_at:
        return when
    return None
