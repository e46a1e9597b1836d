"""The event-sourced record: aggregates saved to and read from the log.

`InspectionRecords` is the eventsourcing library's `Application` for this
service. It knows how to store and find aggregates; what may be recorded is
decided by the write path (service.application.recording) and the domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.authorities import Authority, authority_id, gss_code
from domain.grades import Band
from domain.inspection import Inspection
from service.application.documents import Attribution
from service.library_hooks.eventsourcing import stamp


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class BandAsName(Transcoding):
    type = Band
    name = "band"

    def encode(self, obj: Band) -> str:
        return obj.value

    def decode(self, data: str) -> Band:
        return Band(data)


class InspectionRecords(Application[UUID]):
    """The record of published inspections, and the register they refer to."""

    name = "InspectionRecords"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(BandAsName())

    def save_attributed(
        self, objects: Sequence[tuple[Aggregate | DomainEventProtocol[UUID], Attribution]]
    ) -> int:
        """Save aggregates or events, each event stamped with who recorded it and through
        what, in one atomic save; returns the log position of the last event.
        The domain knows nothing of principals or channels: the stamp travels
        in the stored event beside its payload."""
        for saved, attribution in objects:
            for event in saved.pending_events if isinstance(saved, Aggregate) else [saved]:
                stamp(event, recorded_by=attribution.recorded_by, recorded_via=attribution.recorded_via)
        # Documents go to the library as whole aggregates: it checks each
        # event passed loose against a runtime protocol, at 20 µs an event.
        recordings = self.save(*(saved for saved, _ in objects))
        return max((r.notification.id for r in recordings), default=0)

    def authority(self, code: str) -> Authority | None:
        found = self._get(authority_id(gss_code(code)))
        return found if isinstance(found, Authority) else None

    def inspection(self, inspection_id: UUID) -> Inspection | None:
        found = self._get(inspection_id)
        return found if isinstance(found, Inspection) else None

    def _get(self, aggregate_id: UUID) -> object:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def contains(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    def differs_from_recorded(self, built: Inspection) -> bool:
        """Whether a built, unsaved document states anything other than what
        was first recorded under its id (later corrections aside)."""
        pending = [_facts(e) for e in built.pending_events]
        recorded = [_facts(e) for e in self.events.get(built.id, lte=len(pending))]
        return pending != recorded

    def holds(self, events: Sequence[Any]) -> bool:
        """Whether the log holds exactly these events, down to the moment each
        was created: so a save whose commit went through though its answer was
        lost (the library then retries it, and the retry meets its own rows)
        is told apart from another writer's save of the same document."""
        if not events:
            return False
        first, last = events[0], events[-1]
        stored = self.events.get(
            first.originator_id, gt=first.originator_version - 1, lte=last.originator_version
        )
        return [(type(e), vars(e)) for e in stored] == [(type(e), vars(e)) for e in events]

    def log_position(self) -> int:
        return self.recorder.max_notification_id() or 0


def _facts(event: Any) -> tuple[str, dict[str, Any]]:
    """An event's type and business fields, without when or by whom it was recorded."""
    skipped = {"timestamp", "originator_topic", "recorded_by", "recorded_via"}
    return type(event).__name__, {k: v for k, v in vars(event).items() if k not in skipped}
