"""DataLoaders: one query per kind of related record per request, not one per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import anyio.to_thread
from strawberry.dataloader import DataLoader

from projections.authorities import AuthorityRow
from projections.inspections import InspectionRow
from projections.judgements import JudgementRow
from projections.recommendations import RecommendationRow
from service.application.questions import ReadModels

T = TypeVar("T")


async def in_thread(function: Callable[..., T], *arguments: object) -> T:
    """Run a blocking read-model query off the event loop."""
    return await anyio.to_thread.run_sync(function, *arguments)


class Loaders:
    def __init__(self, read_models: ReadModels) -> None:
        self.read_models = read_models
        self.authority = DataLoader(load_fn=self._authorities)
        self.inspection = DataLoader(load_fn=self._inspections)
        # Keyed by (inspection id, known-at moment as text).
        self.judgements = DataLoader(load_fn=self._judgements)
        self.recommendations = DataLoader(load_fn=self._recommendations)

    async def _authorities(self, codes: Sequence[str]) -> list[AuthorityRow | None]:
        found = await in_thread(self.read_models.authorities_by_code, list(codes))
        return [found.get(code) for code in codes]

    async def _inspections(self, ids: Sequence[str]) -> list[InspectionRow | None]:
        found = await in_thread(self.read_models.inspections_by_id, list(ids))
        return [found.get(i) for i in ids]

    async def _judgements(self, keys: Sequence[tuple[str, str]]) -> list[list[JudgementRow]]:
        grouped: dict[tuple[str, str], list[JudgementRow]] = {key: [] for key in keys}
        for known_at in {k for _, k in keys}:
            ids = [i for i, k in keys if k == known_at]
            for row in await in_thread(self.read_models.judgements_of, ids, known_at):
                grouped[(row.inspection_id, known_at)].append(row)
        return [grouped[key] for key in keys]

    async def _recommendations(self, keys: Sequence[tuple[str, str]]) -> list[list[RecommendationRow]]:
        grouped: dict[tuple[str, str], list[RecommendationRow]] = {key: [] for key in keys}
        for known_at in {k for _, k in keys}:
            ids = [i for i, k in keys if k == known_at]
            for row in await in_thread(self.read_models.recommendations_of, ids, known_at):
                grouped[(row.inspection_id, known_at)].append(row)
        return [grouped[key] for key in keys]


async def owning_inspection(loaders: Loaders, inspection_id: str, owner: str) -> InspectionRow:
    """The document a judgement or recommendation belongs to; the read models
    record both in one save, so a missing document is a defect, not a user error."""
    row = await loaders.inspection.load(inspection_id)
    if row is None:
        raise LookupError(f"{owner} names document {inspection_id}, which the read model lacks")
    return row
