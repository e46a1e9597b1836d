"""The one write path: every fact enters the record here, whether it comes
from the GraphQL mutations, the seed loader or the command line.

Each write is one atomic save, made under one lock per process; afterwards
the read models are brought up to it when this process keeps them
(`after_write`). A refused write records nothing.

(A little over 250 lines: every write is here on purpose, so that a reader
finds every way a fact enters the record in one file.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEventProtocol
from eventsourcing.persistence import IntegrityError

from domain.authorities import Authority, gss_code
from domain.errors import DocumentAlreadyRecorded, DomainError, UnknownJudgement
from domain.inspection import Inspection
from service.application.documents import (
    UNATTRIBUTED,
    Attribution,
    CorrectionToRecord,
    DocumentRejected,
    DocumentToPublish,
    Problem,
)
from service.application.records import InspectionRecords
from service.application.register import (
    AuthorityToRegister,
    AuthorityToRename,
    RegisterOutcome,
    register_changes,
)


@dataclass(frozen=True)
class Written:
    """Which document a write recorded events of, and the log position it reached."""

    inspection_id: UUID
    position: int


@dataclass
class BatchOutcome:
    """What became of each document of a batch, by its index: recorded,
    already recorded (the same content), or refused with a reason."""

    recorded: list[int]
    already_recorded: list[int]
    refused: dict[int, DocumentRejected | DomainError]
    events: int


class Recording:
    def __init__(
        self,
        records: InspectionRecords,
        *,
        document_of_judgement: Callable[[str], str | None],
        after_write: Callable[[], object] = lambda: None,
        appended: Callable[[int], object] = lambda _: None,
    ) -> None:
        self.records = records
        # The read side answers which document states a judgement.
        self._document_of_judgement = document_of_judgement
        self._after_write = after_write
        self._appended = appended
        self._lock = threading.Lock()

    def register_authorities(
        self,
        entries: Sequence[AuthorityToRegister],
        attribution: Attribution = UNATTRIBUTED,
        renames: Sequence[AuthorityToRename] = (),
    ) -> RegisterOutcome:
        """Register authorities not yet held, then record renames and
        replacements not yet recorded, in one atomic save."""
        with self._lock:
            outcome, events = register_changes(entries, self.records.authority, renames)
            self._save([(event, attribution) for event in events])
        self._after_write()
        return outcome

    def publish(self, document: DocumentToPublish, attribution: Attribution = UNATTRIBUTED) -> Written:
        """Record a document with all its judgements and recommendations, as
        one save: either all of it is recorded or none of it."""
        built = self.build(document)
        with self._lock:
            position = self._save_new(built, document, attribution)
        self._after_write()
        return Written(built.id, position)

    def publish_batch(self, documents: Sequence[tuple[DocumentToPublish, Attribution]]) -> BatchOutcome:
        """Record many documents, each at most once: in one save when none of
        them is recorded yet, else one by one. A document recorded already
        with the same content is passed over; with other content it is refused."""
        authorities: dict[str, Authority | None] = {}
        built: dict[int, Inspection] = {}
        refused: dict[int, DocumentRejected | DomainError] = {}
        for index, (document, _) in enumerate(documents):
            try:
                built[index] = self.build(document, authorities)
            except DocumentRejected as rejection:
                refused[index] = rejection
        outcome = BatchOutcome([], [], refused, 0)
        with self._lock:
            try:
                outcome.events += self._save([(built[i], documents[i][1]) for i in built])[1]
                outcome.recorded.extend(built)
            except IntegrityError:
                # Some are recorded already (a repeated load, or another writer
                # meanwhile): nothing of the batch was saved, and the library
                # has taken the events out of the aggregates, so build each again.
                for index in built:
                    self._publish_once(
                        index, self.build(documents[index][0], authorities), documents[index], outcome
                    )
        self._after_write()
        return outcome

    def _publish_once(
        self,
        index: int,
        inspection: Inspection,
        entry: tuple[DocumentToPublish, Attribution],
        outcome: BatchOutcome,
    ) -> None:
        """Record one document of a batch unless it is recorded already."""
        document, attribution = entry
        if self.records.contains(inspection.id):
            if self.records.differs_from_recorded(inspection):
                outcome.refused[index] = DomainError(
                    "document",
                    document.describe(),
                    "is recorded with other content; a recorded document is never edited: "
                    "record a correction or a withdrawal instead",
                )
            else:
                outcome.already_recorded.append(index)
            return
        events = inspection.version
        try:
            self._save_new(inspection, document, attribution)
        except DocumentAlreadyRecorded:
            outcome.already_recorded.append(index)
        else:
            outcome.recorded.append(index)
            outcome.events += events

    def correct_judgement(
        self, correction: CorrectionToRecord, *, corrected_by: str, attribution: Attribution = UNATTRIBUTED
    ) -> Written:
        """Record that a judgement's grade was wrong. The read side says which
        document states the judgement: a judgement it does not know yet is
        refused (UnknownJudgement), though a worker may still be projecting it."""
        document = self._document_of_judgement(correction.judgement)
        if document is None:
            raise UnknownJudgement(correction.judgement)
        with self._lock:
            inspection = self._existing(UUID(document), "judgement")
            inspection.correct_judgement(
                judgement_id=UUID(correction.judgement),
                raw=correction.raw,
                label=correction.label,
                reason=correction.reason,
                corrected_by=corrected_by,
            )
            position = self._save_change(inspection, "judgement", attribution)
        self._after_write()
        return Written(inspection.id, position)

    def withdraw(
        self, inspection_id: str, *, reason: str, withdrawn_by: str, attribution: Attribution = UNATTRIBUTED
    ) -> Written:
        """Withdraw a document."""
        with self._lock:
            inspection = self._existing(_uuid(inspection_id, "id"), "id")
            inspection.withdraw(reason=reason, withdrawn_by=withdrawn_by)
            position = self._save_change(inspection, "id", attribution)
        self._after_write()
        return Written(inspection.id, position)

    def build(
        self, document: DocumentToPublish, authorities: dict[str, Authority | None] | None = None
    ) -> Inspection:
        """The document as an unsaved aggregate, every guard applied. A caller
        building a batch passes `authorities`, a dict kept for the batch, so
        that each authority is read from the store once per batch."""
        if authorities is None:
            authorities = {}
        if document.authority not in authorities:
            authorities[document.authority] = (
                self.records.authority(document.authority) if _is_gss(document.authority) else None
            )
        try:
            inspection = Inspection.publish(
                authority=authorities[document.authority],
                authority_code=document.authority,
                framework_key=document.framework,
                title=document.title,
                published_on=document.published_on,
                today=datetime.now(UTC).date(),
                assessment_meeting_on=document.assessment_meeting_on,
                first_day=document.first_day,
                last_day=document.last_day,
                source=document.source,
            )
        except DomainError as error:
            raise DocumentRejected([Problem("", error)]) from None
        problems: list[Problem] = []
        for index, judgement in enumerate(document.judgements):
            try:
                inspection.record_judgement(**vars(judgement))
            except DomainError as error:
                problems.append(Problem(f"judgements[{index}]", error))
        for index, recommendation in enumerate(document.recommendations):
            try:
                inspection.issue_recommendation(**vars(recommendation))
            except DomainError as error:
                problems.append(Problem(f"recommendations[{index}]", error))
        if not problems:
            try:
                inspection.check_complete()
            except DomainError as error:
                problems.append(Problem("", error))
        if problems:
            raise DocumentRejected(problems)
        return inspection

    def _save(
        self, saved: Sequence[tuple[Aggregate | DomainEventProtocol[UUID], Attribution]]
    ) -> tuple[int, int]:
        """Save in one transaction; returns the last position and how many events were saved."""
        events = sum(len(s.pending_events) if isinstance(s, Aggregate) else 1 for s, _ in saved)
        position = self.records.save_attributed(saved)
        self._appended(events)
        return position, events

    def _save_new(
        self, inspection: Inspection, document: DocumentToPublish, attribution: Attribution = UNATTRIBUTED
    ) -> int:
        if self.records.contains(inspection.id):
            raise DocumentAlreadyRecorded(document.describe())
        saving = list(inspection.pending_events)
        try:
            return self._save([(inspection, attribution)])[0]
        except IntegrityError:
            if self.records.holds(saving):
                return self._own_save_went_through(saving)
            # Another writer recorded the same document between our check and our save.
            raise DocumentAlreadyRecorded(document.describe()) from None

    def _save_change(self, inspection: Inspection, field: str, attribution: Attribution) -> int:
        saving = list(inspection.pending_events)
        try:
            return self._save([(inspection, attribution)])[0]
        except IntegrityError:
            if self.records.holds(saving):
                return self._own_save_went_through(saving)
            # Another writer changed the document since we read it; nothing of ours was saved.
            raise DomainError(
                field, str(inspection.id), "the document changed while this was being recorded; try again"
            ) from None

    def _own_save_went_through(self, saved: Sequence[object]) -> int:
        """Our save committed, though the connection was lost before the
        library heard so, and its retry met our own rows: recorded, not refused.
        The position is the log's head, which is at or past our last event."""
        self._appended(len(saved))
        return self.records.log_position()

    def _existing(self, inspection_id: UUID, field: str) -> Inspection:
        inspection = self.records.inspection(inspection_id)
        if inspection is None:
            raise DomainError(field, str(inspection_id), "no document with this id is recorded")
        return inspection


def _uuid(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise DomainError(field, value, "not an id issued by this service") from None


def _is_gss(code: str) -> bool:
    try:
        gss_code(code)
    except DomainError:
        return False
    return True
