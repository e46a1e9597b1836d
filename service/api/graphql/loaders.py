"""DataLoaders: one query per kind of related record per request, not one per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

import anyio.to_thread
from strawberry.dataloader import DataLoader

from service.adapters.answer_threads import answer_threads, national_answer_threads
from service.application.questions import (
    AuthorityRow,
    InspectionRow,
    JudgementRow,
    Questions,
    RecommendationRow,
)

T = TypeVar("T")
Row = TypeVar("Row", JudgementRow, RecommendationRow)
# A document's facts as known at a moment (None: as known now).
FactsKey = tuple[str, datetime | None]


async def in_thread(function: Callable[..., T], *arguments: object) -> T:
    """Run a blocking read-model query off the event loop, in one of the
    threads kept for answers (service.adapters.answer_threads)."""
    return await anyio.to_thread.run_sync(function, *arguments, limiter=answer_threads())


async def national_in_thread(function: Callable[..., T], *arguments: object) -> T:
    """Run a question about the whole country off the event loop, in one of its own threads."""
    return await anyio.to_thread.run_sync(function, *arguments, limiter=national_answer_threads())


async def write_in_thread(function: Callable[..., T], *arguments: object) -> T:
    """Run a write off the event loop, in anyio's default threads: a writer
    waiting for the store's write lock must not hold up answers."""
    return await anyio.to_thread.run_sync(function, *arguments)


class Loaders:
    def __init__(self, questions: Questions) -> None:
        self.questions = questions
        self.authority = DataLoader(load_fn=self._authorities)
        self.inspection = DataLoader(load_fn=self._inspections)
        self.judgements = DataLoader(load_fn=self._judgements)
        self.recommendations = DataLoader(load_fn=self._recommendations)

    async def _authorities(self, codes: Sequence[str]) -> list[AuthorityRow | None]:
        found = await in_thread(self.questions.authorities_by_code, list(codes))
        return [found.get(code) for code in codes]

    async def _inspections(self, ids: Sequence[str]) -> list[InspectionRow | None]:
        found = await in_thread(self.questions.inspections_by_id, list(ids))
        return [found.get(i) for i in ids]

    async def _judgements(self, keys: Sequence[FactsKey]) -> list[list[JudgementRow]]:
        return await _by_document(keys, self.questions.judgements_of)

    async def _recommendations(self, keys: Sequence[FactsKey]) -> list[list[RecommendationRow]]:
        return await _by_document(keys, self.questions.recommendations_of)


async def _by_document(
    keys: Sequence[FactsKey], read: Callable[[Sequence[str], datetime | None], list[Row]]
) -> list[list[Row]]:
    """Rows of several documents, one query per moment asked about, grouped by document."""
    grouped: dict[FactsKey, list[Row]] = {key: [] for key in keys}
    for known_at in {k for _, k in keys}:
        ids = [i for i, k in keys if k == known_at]
        for row in await in_thread(read, ids, known_at):
            grouped[(row.inspection_id, known_at)].append(row)
    return [grouped[key] for key in keys]
