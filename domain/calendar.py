"""Dates as the record writes them: YYYY-MM-DD and nothing looser.

Python's date.fromisoformat also reads 20120701 and 2012-W27-1; a seed file
or a client that wrote one of those almost certainly meant something else,
so every way in reads dates here.
"""

from __future__ import annotations

import re
from datetime import date

CALENDAR = "dates run from 0001-01-01 to 9999-12-31"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class NotADate(ValueError):
    """Text that is not a real date in YYYY-MM-DD form; the message says which."""


def iso_date(value: object) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise NotADate(f"not a date in YYYY-MM-DD form (got {value!r})")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise NotADate(f"not a real date; {CALENDAR} (got {value!r}: {error})") from None
