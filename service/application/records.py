"""The use cases: register authorities, publish a document, read one back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Transcoding

from domain.authorities import Authority, authority_id, gss_code
from domain.errors import AuthorityAlreadyRegistered, DocumentAlreadyRecorded, DomainError
from domain.frameworks import Band
from domain.inspection import Inspection, inspection_id
from service.adapters.metrics import METRICS


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


@dataclass(frozen=True)
class JudgementToRecord:
    area: str
    area_label: str
    raw: str
    theme: str | None = None
    label: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class RecommendationToIssue:
    kind: str
    text: str
    theme: str | None = None
    area: str | None = None
    timescale: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class DocumentToPublish:
    authority: str
    framework: str
    title: str
    published_on: date
    assessment_meeting_on: date | None = None
    first_day: date | None = None
    last_day: date | None = None
    source: str | None = None
    judgements: tuple[JudgementToRecord, ...] = ()
    recommendations: tuple[RecommendationToIssue, ...] = ()

    @property
    def inspection_id(self) -> UUID:
        return inspection_id(self.authority, self.framework, self.published_on)

    def describe(self) -> str:
        return f"{self.framework} for {self.authority} published {self.published_on.isoformat()}"


@dataclass(frozen=True)
class AuthorityToRegister:
    gss_code: str
    name: str
    la_number: int | None = None
    ofsted_urn: str | None = None
    also_known_as: tuple[str, ...] = ()
    region: str | None = None
    la_type: str | None = None
    replaced_by: tuple[str, ...] = ()
    replaced_on: date | None = None


@dataclass(frozen=True)
class Attribution:
    """Who recorded events and through what: carried by every event saved."""

    recorded_by: str
    recorded_via: str


UNATTRIBUTED = Attribution(recorded_by="unknown", recorded_via="unknown")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: `path` locates the part (`judgements[3]`)."""

    path: str
    error: DomainError

    @property
    def field_path(self) -> str:
        return f"{self.path}.{self.error.field}" if self.path else self.error.field

    def describe(self) -> str:
        return f"{self.field_path}: {self.error.problem} (got {self.error.value!r})"


class DocumentRejected(ValueError):
    """A document with problems; nothing of it is recorded. Every judgement
    and recommendation is checked, so all their problems are reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        self.path = first.path
        self.error = first.error
        self.field_path = first.field_path
        super().__init__("; ".join(p.describe() for p in problems))


@dataclass
class RegisterOutcome:
    registered: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    already_registered: int = 0


class InspectionRecords(Application[UUID]):
    """The record of published inspections, and the register they refer to."""

    name = "InspectionRecords"

    def __init__(
        self, env: dict[str, str] | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__(env)
        self._clock = clock or (lambda: datetime.now(UTC))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
        transcoder.register(BandAsName())

    # The register -------------------------------------------------------

    def save_with(self, attribution: Attribution, *objects: Any) -> int:
        """Save aggregates or events, each event stamped with who recorded it
        and through what. The domain knows nothing of principals or channels;
        the stamp travels in the stored event beside its payload."""
        return self.save_attributed([(o, attribution) for o in objects])

    def save_attributed(self, objects: Sequence[tuple[Any, Attribution]]) -> int:
        """Save aggregates (or events), each with its own attribution, in one
        atomic save; returns the log position of the last event."""
        for obj, attribution in objects:
            for event in obj.pending_events if isinstance(obj, Aggregate) else [obj]:
                object.__setattr__(event, "recorded_by", attribution.recorded_by)
                object.__setattr__(event, "recorded_via", attribution.recorded_via)
        # Aggregates go to the library whole: it checks each event passed
        # loose against a runtime protocol, which cost 20 µs an event.
        recordings = self.save(*(obj for obj, _ in objects))
        METRICS.count_appended(len(recordings))
        return max((r.notification.id for r in recordings), default=0)

    def register_authorities(
        self, entries: Iterable[AuthorityToRegister], attribution: Attribution = UNATTRIBUTED
    ) -> RegisterOutcome:
        """Register authorities not yet held, then record replacements not yet
        recorded, in one atomic save."""
        entries = list(entries)
        outcome = RegisterOutcome()
        # A successor comes into being on the day its predecessors are replaced.
        established = {
            successor: entry.replaced_on
            for entry in entries
            if entry.replaced_on is not None
            for successor in entry.replaced_by
        }
        pending: dict[str, Authority] = {}
        for entry in entries:
            if entry.gss_code in pending:
                raise AuthorityAlreadyRegistered(entry.gss_code)
            existing = self.authority(entry.gss_code)
            if existing is not None:
                outcome.already_registered += 1
                pending[entry.gss_code] = existing
                continue
            pending[entry.gss_code] = Authority.register(
                gss_code_value=entry.gss_code,
                name=entry.name,
                la_number=entry.la_number,
                ofsted_urn=entry.ofsted_urn,
                also_known_as=entry.also_known_as,
                region=entry.region,
                la_type=entry.la_type,
                established_on=established.get(entry.gss_code),
            )
            outcome.registered.append(entry.gss_code)
        for entry in entries:
            if not entry.replaced_by:
                continue
            authority = pending[entry.gss_code]
            if authority.replaced_on is not None:
                continue
            if entry.replaced_on is None:
                raise DomainError("replaced_on", None, f"{entry.gss_code} names successors but no date")
            for successor in entry.replaced_by:
                if successor not in pending and self.authority(successor) is None:
                    raise DomainError("replaced_by", successor, "successor is not registered")
            authority.replace_by(list(entry.replaced_by), entry.replaced_on)
            outcome.replaced.append(entry.gss_code)
        # Registrations first, so that no replacement names a successor the
        # log has not registered yet.
        events = [e for a in pending.values() for e in a.collect_events()]
        events.sort(key=lambda e: not isinstance(e, Authority.AuthorityRegistered))
        self.save_with(attribution, *events)
        return outcome

    def authority(self, code: str) -> Authority | None:
        try:
            found: object = self.repository.get(authority_id(gss_code(code)))
        except AggregateNotFoundError:
            return None
        assert isinstance(found, Authority)
        return found

    # Documents ------------------------------------------------------------

    def is_recorded(self, document: DocumentToPublish) -> bool:
        return document.inspection_id in self.repository

    def publish(self, document: DocumentToPublish, attribution: Attribution = UNATTRIBUTED) -> UUID:
        """Record a document with all its judgements and recommendations, as
        one save: either all of it is recorded or none of it."""
        return self.record_built(self.build(document), document, attribution)[0]

    def record_built(
        self, inspection: Inspection, document: DocumentToPublish, attribution: Attribution = UNATTRIBUTED
    ) -> tuple[UUID, int]:
        """Save a document built (and so checked) by `build`; returns its id
        and the log position of its last event."""
        if inspection.id in self.repository:
            raise DocumentAlreadyRecorded(document.describe())
        try:
            position = self.save_with(attribution, inspection)
        except IntegrityError:
            # Another writer recorded the same document between our check and our save.
            raise DocumentAlreadyRecorded(document.describe()) from None
        return inspection.id, position

    def build(
        self, document: DocumentToPublish, authorities: dict[str, Authority | None] | None = None
    ) -> Inspection:
        """The document as an unsaved aggregate, every guard applied. A caller
        building a batch passes `authorities`, a dict kept for the batch, so
        that each authority is read from the store once per batch."""
        if not _is_gss(document.authority):
            authority = None
        elif authorities is None:
            authority = self.authority(document.authority)
        elif document.authority in authorities:
            authority = authorities[document.authority]
        else:
            authority = authorities[document.authority] = self.authority(document.authority)
        try:
            inspection = Inspection.publish(
                authority=authority,
                authority_code=document.authority,
                framework_key=document.framework,
                title=document.title,
                published_on=document.published_on,
                today=self._clock().date(),
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
                inspection.record_judgement(
                    theme=judgement.theme,
                    area=judgement.area,
                    area_label=judgement.area_label,
                    raw=judgement.raw,
                    label=judgement.label,
                    section=judgement.section,
                    quote=judgement.quote,
                )
            except DomainError as error:
                problems.append(Problem(f"judgements[{index}]", error))
        for index, recommendation in enumerate(document.recommendations):
            try:
                inspection.issue_recommendation(
                    kind=recommendation.kind,
                    text=recommendation.text,
                    theme=recommendation.theme,
                    area=recommendation.area,
                    timescale=recommendation.timescale,
                    section=recommendation.section,
                    quote=recommendation.quote,
                )
            except DomainError as error:
                problems.append(Problem(f"recommendations[{index}]", error))
        if problems:
            raise DocumentRejected(problems)
        return inspection

    def correct_judgement(
        self,
        inspection_id: UUID,
        judgement_id: UUID,
        *,
        raw: str,
        label: str | None,
        reason: str,
        corrected_by: str,
        attribution: Attribution = UNATTRIBUTED,
    ) -> int:
        inspection = self._existing(inspection_id, "judgement")
        inspection.correct_judgement(
            judgement_id=judgement_id, raw=raw, label=label, reason=reason, corrected_by=corrected_by
        )
        return self._save_change(inspection, "judgement", attribution)

    def withdraw(
        self, inspection_id: UUID, *, reason: str, withdrawn_by: str, attribution: Attribution = UNATTRIBUTED
    ) -> int:
        inspection = self._existing(inspection_id, "id")
        inspection.withdraw(reason=reason, withdrawn_by=withdrawn_by)
        return self._save_change(inspection, "id", attribution)

    def _save_change(self, inspection: Inspection, field: str, attribution: Attribution) -> int:
        try:
            return self.save_with(attribution, inspection)
        except IntegrityError:
            # Another writer changed the document since we read it; nothing of ours was saved.
            raise DomainError(
                field, str(inspection.id), "the document changed while this was being recorded; try again"
            ) from None

    def _existing(self, inspection_id: UUID, field: str) -> Inspection:
        inspection = self.inspection(inspection_id)
        if inspection is None:
            raise DomainError(field, str(inspection_id), "no document with this id is recorded")
        return inspection

    def differs_from_recorded(self, built: Inspection) -> bool:
        """Whether a built, unsaved document states anything other than what
        was first recorded under its id (later corrections aside)."""
        pending = [_facts(e) for e in built.pending_events]
        recorded = [_facts(e) for e in self.events.get(built.id, lte=len(pending))]
        return pending != recorded

    def inspection(self, inspection_id: UUID) -> Inspection | None:
        try:
            found: object = self.repository.get(inspection_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Inspection) else None

    # The log --------------------------------------------------------------

    def log_position(self) -> int:
        return self.recorder.max_notification_id() or 0


def _facts(event: Any) -> tuple[str, dict[str, Any]]:
    """An event's type and business fields, without when or by whom it was recorded."""
    skipped = {"timestamp", "originator_topic", "recorded_by", "recorded_via"}
    return type(event).__name__, {k: v for k, v in vars(event).items() if k not in skipped}


def _is_gss(code: str) -> bool:
    try:
        gss_code(code)
    except DomainError:
        return False
    return True
