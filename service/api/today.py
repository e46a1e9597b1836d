"""Today's date, decided once per request.

`asAt` defaults to today, and the response cache keys answers by it, so both
must see the same day even when a request runs across midnight.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from starlette.types import Scope

TODAY = "inspections.today"


def today_of(scope: Scope) -> date:
    """The request's today: the first to ask decides it for the rest."""
    found = scope.get(TODAY)
    if not isinstance(found, date):
        found = scope[TODAY] = datetime.now(UTC).date()
    return found
