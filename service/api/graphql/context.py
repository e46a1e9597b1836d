"""The per-request context: the read side, the write path, and this request's DataLoaders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from service.adapters.tokens import Tokens
from service.api.graphql.loaders import Loaders
from service.application.questions import Questions, Reading
from service.application.recorded_documents import RecordedDocuments
from service.application.recording import Recording

if TYPE_CHECKING:
    from service.api.graphql.positions import PositionWatch


@dataclass
class Context:
    reading: Reading
    # Requests waiting for the read models to reach a position (minPosition).
    positions: PositionWatch
    recording: Recording
    recorded: RecordedDocuments
    tokens: Tokens
    # Decided once per request: `asAt` defaults to it, and the response cache keys by it.
    today: date
    request: Any = None
    response: Any = None
    # The operation name the client sent (None when it sent none), as
    # strawberry reports the first operation's name in its place.
    provided_operation_name: str | None = None
    # The log position a mutation wrote, reported in the response's extensions.
    written_position: int | None = None
    # Set for a query operation over HTTP: all its answers from one snapshot.
    one_snapshot: bool = False
    _snapshot: tuple[Questions, Callable[[], None]] | None = field(default=None, init=False, repr=False)
    _each: Questions | None = field(default=None, init=False, repr=False)
    _loaders: Loaders | None = field(default=None, init=False, repr=False)

    @property
    def questions(self) -> Questions:
        """The read side, as this operation reads it: a query from one
        snapshot; a mutation or a feed each question from a snapshot of its own."""
        if self.one_snapshot:
            if self._snapshot is None:
                self._snapshot = self.reading.snapshot()
            return self._snapshot[0]
        if self._each is None:
            self._each = self.reading.each_in_its_own_snapshot()
        return self._each

    def end_operation(self) -> None:
        """End the operation's snapshot, if it read one."""
        snapshot, self._snapshot = self._snapshot, None
        if snapshot is not None:
            snapshot[1]()

    @property
    def loaders(self) -> Loaders:
        """This request's loaders, made on first use (most requests need none):
        new per request, because a loader's cache must never outlive it."""
        if self._loaders is None:
            self._loaders = Loaders(self.questions)
        return self._loaders


Info = StrawberryInfo[Context, None]
