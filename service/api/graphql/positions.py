"""Read-your-writes: writes report the log position they reached, and reads
may ask to wait until the read models have reached a position."""

from __future__ import annotations

import time

from service.api.graphql.context import Context
from service.api.graphql.loaders import in_thread
from service.application.questions import QueryError, Questions

WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05


async def reached(context: Context, min_position: int | None) -> None:
    """Wait, off the event loop, until the read models reflect `min_position`;
    without one, go straight on (a thread hop costs more than most reads).
    The wait reads the read models as they stand; the answer then reads its
    snapshot, which must reflect the position too."""
    if min_position is None:
        return
    await in_thread(wait_for, context.latest, min_position)
    answered_at = await in_thread(context.questions.position)
    if answered_at < min_position:
        raise QueryError(
            "minPosition",
            f"this request's answers are read at position {answered_at}, taken before the read models "
            f"reached {min_position}; ask for it in a request of its own",
        )


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
