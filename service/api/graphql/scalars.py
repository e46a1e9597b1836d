"""Strict Date and DateTime scalars whose errors say what form is expected.

graphql-core names the argument or variable and its position when a scalar
refuses a value with a ValueError, so the messages here say only what is
wrong with the value itself.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import strawberry

from domain.calendar import CALENDAR, NotADate, iso_date


class InvalidScalar(ValueError):
    """A value the client wrote that is not a date or date-time: shown, not masked."""


_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")


def parse_date(value: object) -> date:
    try:
        return iso_date(value)
    except NotADate as error:
        raise InvalidScalar(str(error)) from None


def parse_date_time(value: object) -> datetime:
    if not isinstance(value, str) or not _DATE_TIME.match(value):
        raise InvalidScalar(
            f"not a date and time with a time zone, e.g. 2012-07-01T00:00:00Z (got {value!r})"
        )
    try:
        return datetime.fromisoformat(value)
    except ValueError as error:
        raise InvalidScalar(
            f"not a real date and time; {CALENDAR}, offsets from -23:59 to +23:59 (got {value!r}: {error})"
        ) from None


Date = strawberry.scalar(
    name="Date",
    description="A calendar date, YYYY-MM-DD.",
    serialize=date.isoformat,
    parse_value=parse_date,
)
DateTime = strawberry.scalar(
    name="DateTime",
    description="A moment with its time zone, ISO 8601 (e.g. 2012-07-01T00:00:00Z).",
    serialize=datetime.isoformat,
    parse_value=parse_date_time,
)
