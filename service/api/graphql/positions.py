"""Read-your-writes: writes report the log position they reached, and reads
may ask (`minPosition`) to wait until the read models have reached it.

Waiting is bounded three ways, so that no client can stall the others: a
position past the log's head is refused at once (it may never be written);
waiters sleep on the event loop, not in worker threads, while one poll per
process reads the read models' position for all of them; and at most
`MAX_WAITING` requests wait at a time, the rest refused at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from service.api.graphql.context import Context
from service.api.graphql.loaders import in_thread
from service.application.questions import QueryError

WAIT_SECONDS = 5.0
POLL_SECONDS = 0.05
# Enough for every client of a busy dashboard to read its own write at
# once; each waiter costs a future, not a thread.
MAX_WAITING = 500


class PositionWatch:
    """The read models' position, polled once per interval for every request
    waiting on it."""

    def __init__(
        self,
        read_models_position: Callable[[], int],
        log_head: Callable[[], int],
    ) -> None:
        self._read_models_position = read_models_position
        self._log_head = log_head
        self._waiting: list[tuple[int, asyncio.Future[None]]] = []
        self._poller: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def wait_for(self, min_position: int) -> None:
        if min_position < 0:
            raise QueryError("minPosition", f"must not be negative (got {min_position})")
        if await in_thread(self._read_models_position) >= min_position:
            return
        head = await in_thread(self._log_head)
        if min_position > head:
            raise QueryError(
                "minPosition",
                f"the log's head is at position {head}: position {min_position} has not been written",
            )
        # Read at each wait, as WAIT_SECONDS is: one setting for every watch.
        if len(self._waiting) >= MAX_WAITING:
            raise QueryError(
                "minPosition",
                f"{len(self._waiting)} requests are already waiting for the read models; retry shortly",
            )
        reached: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (min_position, reached)
        self._waiting.append(entry)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())
        try:
            await asyncio.wait_for(asyncio.shield(reached), WAIT_SECONDS)
        except TimeoutError:
            position = await in_thread(self._read_models_position)
            raise QueryError(
                "minPosition",
                f"the read models are at position {position} and did not reach {min_position} "
                f"within {WAIT_SECONDS:.0f} s; retry shortly",
            ) from None
        finally:
            if entry in self._waiting:
                self._waiting.remove(entry)

    async def behind_the_head(self) -> tuple[int, int] | None:
        """Wait until the read models reflect every event recorded so far:
        None once they do, else their position and the log's head when the
        wait ended."""
        head = await in_thread(self._log_head)
        try:
            await self.wait_for(head)
        except QueryError:
            return await in_thread(self._read_models_position), head
        return None

    async def _poll(self) -> None:
        while self._waiting:
            await asyncio.sleep(POLL_SECONDS)
            try:
                position = await in_thread(self._read_models_position)
            except Exception:
                # The database is away: the waiters time out with their own
                # error unless it comes back first.
                continue
            for target, reached in list(self._waiting):
                if target <= position and not reached.done():
                    reached.set_result(None)


async def reached(context: Context, min_position: int | None) -> None:
    """Wait until the read models reflect `min_position`; without one, go
    straight on. The wait reads the read models as they stand; the answer then
    reads its snapshot, which must reflect the position too."""
    if min_position is None:
        return
    await context.positions.wait_for(min_position)
    answered_at = await in_thread(context.questions.position)
    if answered_at < min_position:
        raise QueryError(
            "minPosition",
            f"this request's answers are read at position {answered_at}, taken before the read models "
            f"reached {min_position}; ask for it in a request of its own",
        )
