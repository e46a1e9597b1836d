"""The read side's questions: pictures as at a date and as known at a moment,
history, documents, recommendations and the log, answered from the read
models (projections/). Entry points ask here, never the read models directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, cast

from domain.areas import area_key, theme_key
from domain.authorities import gss_code
from domain.errors import DomainError, UnknownAuthority
from domain.lineage import Lineage, Replacement
from projections import authorities, event_log, headline_declines, inspections, judgements, recommendations
from projections.authorities import AuthorityRow, NameRow
from projections.database import Connection
from projections.event_log import LogRow
from projections.headline_declines import Decline
from projections.inspections import InspectionRow
from projections.judgements import JudgementRow
from projections.recommendations import RecommendationRow
from projections.recorded_event import known_at_text
from projections.tracking import Standing, Tracking
from service.application.national import BandCounts, NationalRow, band_counts, national_picture

# The rows answers are made of, for the entry points that present them.
__all__ = [
    "AuthorityRow",
    "BandCounts",
    "Decline",
    "InspectionRow",
    "JudgementRow",
    "LogRow",
    "Moment",
    "NameRow",
    "NationalRow",
    "PictureRows",
    "QueryError",
    "Questions",
    "Reading",
    "RecommendationRow",
    "Standing",
]


class QueryError(ValueError):
    """The user's own mistake in a question: which argument, and the problem."""

    def __init__(self, argument: str, problem: str) -> None:
        self.argument = argument
        self.problem = problem
        super().__init__(f"{argument}: {problem}")


@dataclass(frozen=True)
class Moment:
    """The two clocks of a question: business date and recorded time."""

    as_at: date
    # None: as known now, that is everything recorded (up to the position the
    # read models reflect). Not the clock's now: an answer must depend only
    # on what is recorded, so that the same question at the same position
    # always has the same answer.
    known_at: datetime | None

    @classmethod
    def of(cls, as_at: date | None, known_at: datetime | None, today: date) -> Moment:
        """The moment a question names; `today` (decided once per request)
        stands in for a missing `as_at`."""
        if known_at is not None and known_at.tzinfo is None:
            raise QueryError("asKnownAt", "needs a time zone, e.g. 2012-07-01T00:00:00Z")
        return cls(as_at=as_at or today, known_at=known_at)


@dataclass(frozen=True)
class PictureRows:
    """The rows of an authority's picture: its documents in force and their judgements."""

    authority: AuthorityRow
    moment: Moment
    inspections: list[InspectionRow]
    judgements: list[JudgementRow]
    position: int


class Lineages:
    """The lineage as known at each moment, shared by the snapshots of one
    store: kept for the read models' version it was read at, which every
    change to a read model advances in the same transaction (projections.
    tracking), so a snapshot at that version reads exactly the same rows.
    Reading it in every snapshot was two statements and about two fifths of
    a cold picture's database time on SQLite."""

    LIMIT = 256

    def __init__(self) -> None:
        self._read: dict[tuple[int, str], Lineage] = {}

    def at(self, version: int, known: str, read: Callable[[], Lineage]) -> Lineage:
        key = (version, known)
        found = self._read.get(key)
        if found is None:
            found = read()
            # Bounded, as `known` comes from the request: cleared when full,
            # which a new version soon does anyway.
            if len(self._read) >= self.LIMIT:
                self._read.clear()
            self._read[key] = found
        return found


class Questions:
    def __init__(self, db: Connection, tracking: Tracking, lineages: Lineages | None = None) -> None:
        self.db = db
        self.tracking = tracking
        self._lineages = lineages or Lineages()

    def position(self) -> int:
        """The log position every read model has reached."""
        return self.tracking.position()

    def version(self) -> int:
        return self.tracking.version()

    def standing(self) -> Standing:
        """The read models' version, position and the recorded time reached, together."""
        return self.tracking.standing()

    # The register ---------------------------------------------------------

    def authorities(self) -> list[AuthorityRow]:
        return authorities.every(self.db)

    def authorities_by_code(self, codes: Sequence[str]) -> dict[str, AuthorityRow]:
        return authorities.by_codes(self.db, codes)

    def authority(self, code: str, argument: str = "code") -> AuthorityRow | None:
        try:
            checked = gss_code(code, argument)
        except DomainError as error:
            raise QueryError(argument, f"{error.problem} (got {code!r})") from None
        return authorities.by_codes(self.db, [checked]).get(checked)

    def registered(self, code: str, argument: str = "authority") -> AuthorityRow:
        found = self.authority(code, argument)
        if found is None:
            raise QueryError(argument, UnknownAuthority(code, argument).problem + f" (got {code!r})")
        return found

    def register_as_known(self, known_at: datetime | None) -> tuple[list[AuthorityRow], Lineage]:
        """The authorities registered by a moment, and their lineage from the
        replacements recorded by then."""
        known = known_at_text(known_at)
        rows = [row for row in authorities.every(self.db) if row.registered_at <= known]
        return rows, self.lineage(known_at)

    def lineage(self, known_at: datetime | None) -> Lineage:
        """Who replaced whom, and when each was established, as known at a
        moment: read once per version of the read models and moment, since
        every picture, its authority's fields and the national answers ask."""
        return self._lineage_at(self.tracking.version(), known_at)

    def _lineage_at(self, version: int, known_at: datetime | None) -> Lineage:
        known = known_at_text(known_at)
        return self._lineages.at(version, known, lambda: self._read_lineage(known))

    def _read_lineage(self, known: str) -> Lineage:
        replacements = [
            Replacement(r.predecessor, r.successor, r.kind, date.fromisoformat(r.replaced_on))
            for r in authorities.replacements(self.db, known)
        ]
        established = {
            code: None if day is None else date.fromisoformat(day)
            for code, day in authorities.established_as_known(self.db, known).items()
        }
        return Lineage(replacements, established)

    def predecessors(self, code: str, known_at: datetime | None) -> list[AuthorityRow]:
        """The authorities this one replaced, as known at a moment, by code."""
        found = authorities.by_codes(self.db, self.lineage(known_at).predecessors(code))
        return [found[c] for c in sorted(found)]

    def established_on(self, code: str, known_at: datetime | None) -> date | None:
        return self.lineage(known_at).established_on(code)

    # Pictures -------------------------------------------------------------

    def picture(self, code: str, moment: Moment, follow_lineage: bool = False) -> PictureRows:
        """The documents in force for an authority: with `follow_lineage`, as
        at a day before it existed, its predecessors' (domain.lineage); after,
        for a series it has no document of yet, the predecessor's it continues."""
        authority = self.registered(code)
        position, version = self.tracking.position_and_version()

        def latest(of: str) -> list[InspectionRow]:
            return inspections.latest_of_each_series(self.db, of, moment.as_at, moment.known_at)

        def lineage() -> Lineage:
            return self._lineage_at(version, moment.known_at)

        documents = documents_in_force(code, moment.as_at, follow_lineage, lineage, latest)
        rows = judgements.of_inspections(self.db, [d.inspection_id for d in documents], moment.known_at)
        ordered = sorted(documents, key=lambda d: (d.published_on, d.authority_code))
        return PictureRows(authority, moment, ordered, rows, position)

    # The national picture ----------------------------------------------------

    def national_picture(self, moment: Moment) -> list[NationalRow]:
        registered, lineage = self.register_as_known(moment.known_at)
        return national_picture(self.db, registered, lineage, moment.as_at, moment.known_at)

    def national_counts(self, moment: Moment, area: str) -> BandCounts:
        self._area_and_theme(area, None)
        return band_counts(self.national_picture(moment), area)

    def national_counts_by_day(
        self, days: Sequence[date], known_at: datetime | None, area: str
    ) -> list[BandCounts]:
        self._area_and_theme(area, None)
        # The register and its lineage read once for every day, not once a day.
        registered, lineage = self.register_as_known(known_at)
        return [
            band_counts(national_picture(self.db, registered, lineage, day, known_at), area) for day in days
        ]

    @staticmethod
    def _area_and_theme(area: str | None, theme: str | None) -> None:
        """A typo in an area or theme is an error, not an empty answer."""
        try:
            if area is not None:
                area_key(area)
            theme_key(theme)
        except DomainError as error:
            raise QueryError(error.field, f"{error.problem} (got {error.value!r})") from None

    def national_judgements(
        self, moment: Moment, area: str | None, theme: str | None, headline_only: bool
    ) -> list[JudgementRow]:
        self._area_and_theme(area, theme)
        if headline_only:
            # One row per authority alive that day: its national row's headline.
            headlines = [row.overall for row in self.national_picture(moment)]
            return [
                h
                for h in headlines
                if h is not None and area in (None, h.area) and (theme is None or theme == h.theme)
            ]
        documents = inspections.latest_of_each_series_everywhere(self.db, moment.as_at, moment.known_at)
        return judgements.of_inspections(
            self.db,
            [d.inspection_id for d in documents],
            moment.known_at,
            area=area,
            theme=theme,
            headline_only=headline_only,
        )

    def judgement_history(
        self, code: str, area: str | None, theme: str | None, known_at: datetime | None
    ) -> list[JudgementRow]:
        self.registered(code)
        self._area_and_theme(area, theme)
        return judgements.history(self.db, code, area, theme, known_at)

    def document_of_judgement(self, judgement_id: str) -> str | None:
        """The id of the document that states a judgement, if one does."""
        return judgements.inspection_of(self.db, judgement_id)

    def current_version(self, judgement_id: str) -> JudgementRow:
        """The standing version of a judgement, as known now."""
        return judgements.current_version(self.db, judgement_id)

    def judgements_of(self, inspection_ids: Sequence[str], known_at: datetime | None) -> list[JudgementRow]:
        return judgements.of_inspections(self.db, inspection_ids, known_at)

    # Documents and recommendations ----------------------------------------

    def inspections_by_id(self, inspection_ids: Sequence[str]) -> dict[str, InspectionRow]:
        return inspections.by_ids(self.db, inspection_ids)

    def inspections_page(
        self, code: str | None, after: tuple[str, str] | None, first: int, known_at: datetime | None = None
    ) -> list[InspectionRow]:
        if code is not None:
            self.registered(code)
        return inspections.page(self.db, code, after, first, known_at)

    def recommendations(self, code: str, moment: Moment, due_by: date | None) -> list[RecommendationRow]:
        self.registered(code)
        documents = inspections.latest_of_each_series(self.db, code, moment.as_at, moment.known_at)
        return recommendations.of_inspections(
            self.db, [d.inspection_id for d in documents], moment.known_at, due_by
        )

    def recommendations_of(
        self, inspection_ids: Sequence[str], known_at: datetime | None
    ) -> list[RecommendationRow]:
        return recommendations.of_inspections(self.db, inspection_ids, known_at)

    def headline_declines(self) -> list[Decline]:
        return headline_declines.declines(self.db)

    # The log ----------------------------------------------------------------

    def events_page(self, after: int, first: int) -> list[LogRow]:
        return event_log.page(self.db, after, first)


class OfSeries(Protocol):
    @property
    def series(self) -> str | None: ...


Document = TypeVar("Document", bound=OfSeries)


def documents_in_force(
    code: str,
    as_at: date,
    follow_lineage: bool,
    lineage_known: Callable[[], Lineage],
    latest: Callable[[str], list[Document]],
) -> list[Document]:
    """The documents of a picture, given an authority's latest document of
    each series (`latest`): with `follow_lineage`, as at a day before it
    existed, its predecessors' (domain.lineage); after, for a series it has
    no document of yet, the predecessor's it continues."""
    if not follow_lineage:
        return latest(code)
    lineage = lineage_known()
    standing = lineage.standing_for(code, as_at)
    if standing != [code]:
        return [document for predecessor in standing for document in latest(predecessor)]
    documents: list[Document] = []
    for of in lineage.history_of(code):
        held = {d.series for d in documents}
        documents += [d for d in latest(of) if d.series not in held]
    return documents


class Snapshots(Protocol):
    def snapshot(self) -> Connection:
        """A connection that reads one snapshot from its first statement until closed."""
        ...


class Reading:
    """How answers are read: each from one snapshot of the read models, so
    that no fact in it was recorded after the position it reports."""

    def __init__(self, snapshots: Snapshots, read_models: Sequence[str]) -> None:
        self.snapshots = snapshots
        self.read_models = tuple(read_models)
        self._lineages = Lineages()

    def snapshot(self) -> tuple[Questions, Callable[[], None]]:
        """Questions answered from one snapshot, and how to end it."""
        snapshot = self.snapshots.snapshot()
        return Questions(snapshot, Tracking(snapshot, self.read_models), self._lineages), snapshot.close

    def each_in_its_own_snapshot(self) -> Questions:
        """Questions each answered from a snapshot of its own: for writes,
        which must read what they wrote, and for feeds that run on."""
        return cast(Questions, _EachInItsOwnSnapshot(self))


class _EachInItsOwnSnapshot:
    def __init__(self, reading: Reading) -> None:
        self._reading = reading

    def __getattr__(self, name: str) -> Callable[..., Any]:
        def asked(*arguments: Any) -> Any:
            questions, end = self._reading.snapshot()
            try:
                return getattr(questions, name)(*arguments)
            finally:
                end()

        return asked
