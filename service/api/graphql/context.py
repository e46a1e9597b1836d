"""The per-request context: the read side, the write path, and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from strawberry.types import Info as StrawberryInfo

from service.adapters.tokens import Tokens
from service.api.graphql.loaders import Loaders
from service.application.questions import Questions
from service.application.recording import Recording


@dataclass
class Context:
    questions: Questions
    recording: Recording
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
    _loaders: Loaders | None = field(default=None, init=False, repr=False)

    @property
    def loaders(self) -> Loaders:
        """This request's loaders, made on first use (most requests need none):
        new per request, because a loader's cache must never outlive it."""
        if self._loaders is None:
            self._loaders = Loaders(self.questions)
        return self._loaders


Info = StrawberryInfo[Context, None]
