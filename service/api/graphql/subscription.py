"""The live feed: new events as they are recorded, after a cursor.

It reads the event-log read model from the cursor's position on, so a client
that reconnects with the cursor of the last event it saw misses nothing and
sees nothing twice. It works the same on both stores: it polls the read model
(SQLite has no notifications to wait on), briefly, only while it is idle.
While the database cannot be reached the feed waits, and then goes on from
where it was: a subscription outlives a dropped connection or a restarted
server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from projections.database import DatabaseUnavailable
from service.api.graphql.context import Info
from service.api.graphql.event import Event, event_from, position_after
from service.api.graphql.loaders import in_thread

PAGE = 100
IDLE_POLL_SECONDS = 0.25
UNAVAILABLE_POLL_SECONDS = 1.0


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Events as they are recorded, starting after a cursor from `events` (or from the "
        "start of the log); each carries its own cursor to resume from."
    )
    async def events(self, info: Info, after: str | None = None) -> AsyncGenerator[Event, None]:
        position = position_after(after)
        questions = info.context.questions
        while True:
            try:
                rows = await in_thread(questions.events_page, position, PAGE)
            except DatabaseUnavailable:
                await asyncio.sleep(UNAVAILABLE_POLL_SECONDS)
                continue
            for row in rows[:PAGE]:
                yield event_from(row)
                position = row.position
            if len(rows) <= PAGE:
                await asyncio.sleep(IDLE_POLL_SECONDS)
