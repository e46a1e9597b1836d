"""A document as its recorded events state it, whatever the read models have
reached: what a write answers with (projections.document_as_recorded)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from projections.document_as_recorded import DocumentAsRecorded, document_as_recorded

__all__ = ["DocumentAsRecorded", "RecordedDocuments"]
from projections.recorded_event import RecordedEvent


class RecordedDocuments:
    def __init__(self, events_of: Callable[[UUID], list[RecordedEvent]]) -> None:
        self._events_of = events_of

    def document(self, inspection_id: UUID | str) -> DocumentAsRecorded:
        events = self._events_of(UUID(str(inspection_id)))
        if not events:
            raise LookupError(f"no document {inspection_id} is recorded")
        return document_as_recorded(events)
