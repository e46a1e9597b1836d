"""Read-your-writes: writes report the log position they reached, and reads
may ask to wait until the read models have reached a position."""

from __future__ import annotations

import time

from service.api.graphql.loaders import in_thread
from service.application.questions import QueryError, Questions

WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05


async def reached(questions: Questions, min_position: int | None) -> None:
    """Wait, off the event loop, until the read models reflect `min_position`;
    without one, go straight on (a thread hop costs more than most reads)."""
    if min_position is not None:
        await in_thread(wait_for, questions, min_position)


def wait_for(questions: Questions, min_position: int | None) -> None:
    """Block (in a worker thread) until the read models reflect `min_position`."""
    if min_position is None:
        return
    if min_position < 0:
        raise QueryError("minPosition", f"must not be negative (got {min_position})")
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        reached = questions.position()
        if reached >= min_position:
            return
        if time.monotonic() >= deadline:
            raise QueryError(
                "minPosition",
                f"the read models are at position {reached} and did not reach {min_position} "
                f"within {WAIT_SECONDS:.0f} s; retry, or check that position was ever written",
            )
        time.sleep(POLL_SECONDS)
