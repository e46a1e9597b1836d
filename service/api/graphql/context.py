"""The per-request context: the read side and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from service.adapters.tokens import Tokens
from service.api.graphql.loaders import Loaders
from service.application.questions import ReadModels

if TYPE_CHECKING:
    from service.bootstrap import Service


@dataclass
class Context:
    read_models: ReadModels
    writer: Service
    tokens: Tokens
    request: Any = None
    response: Any = None
    # The log position a mutation wrote, reported in the response's extensions.
    written_position: int | None = None
    _loaders: Loaders | None = field(default=None, init=False, repr=False)

    @property
    def loaders(self) -> Loaders:
        """This request's loaders, made on first use (most requests need none):
        new per request, because a loader's cache must never outlive it."""
        if self._loaders is None:
            self._loaders = Loaders(self.read_models)
        return self._loaders


Info = StrawberryInfo[Context, None]
