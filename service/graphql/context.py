"""The per-request context: the read side and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info as StrawberryInfo

from service.graphql.loaders import Loaders
from service.queries import ReadModels


@dataclass
class Context:
    read_models: ReadModels
    loaders: Loaders = field(init=False)
    request: Any = None
    response: Any = None

    def __post_init__(self) -> None:
        # New loaders per request: a loader's cache must never outlive it.
        self.loaders = Loaders(self.read_models)


Info = StrawberryInfo[Context, None]
