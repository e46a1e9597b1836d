"""The per-request context: the read side and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from strawberry.types import Info as StrawberryInfo

from service.graphql.loaders import Loaders
from service.queries import ReadModels
from service.tokens import Tokens

if TYPE_CHECKING:
    from service.bootstrap import Service


@dataclass
class Context:
    read_models: ReadModels
    writer: Service
    tokens: Tokens
    loaders: Loaders = field(init=False)
    request: Any = None
    response: Any = None
    # The log position a mutation wrote, reported in the response's extensions.
    written_position: int | None = None

    def __post_init__(self) -> None:
        # New loaders per request: a loader's cache must never outlive it.
        self.loaders = Loaders(self.read_models)


Info = StrawberryInfo[Context, None]
