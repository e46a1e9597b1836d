"""What judgements and recommendations share: each is stated by a document,
and leads back to it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from service.api.graphql.context import Info
from service.application.recorded_documents import DocumentAsRecorded

if TYPE_CHECKING:
    from service.api.graphql.inspection import Inspection


@strawberry.type
class DocumentFact:
    inspection_id: strawberry.Private[str]
    # The moment the question was asked as known at (None: as known now), so
    # that the document it leads back to is shown as known then too.
    known_at: strawberry.Private[datetime | None]
    # In a write's answer: the document as the write recorded it, so that the
    # way back to it never asks read models that may not hold it yet.
    as_recorded: strawberry.Private[DocumentAsRecorded | None]

    @strawberry.field
    async def inspection(
        self, info: Info
    ) -> Annotated[Inspection, strawberry.lazy("service.api.graphql.inspection")]:
        # Inspection shows its facts, and each fact its document: one side of
        # the cycle is imported late, as strawberry's lazy types are.
        from service.api.graphql.inspection import inspection_as_recorded, inspection_from

        if self.as_recorded is not None:
            return inspection_as_recorded(self.as_recorded)
        row = await info.context.loaders.inspection.load(self.inspection_id)
        if row is None:
            # A document and its facts are recorded in one save, so this is a
            # defect of the read models, not a user's mistake.
            raise LookupError(f"a fact names document {self.inspection_id}, which the read model lacks")
        return inspection_from(row, self.known_at)
