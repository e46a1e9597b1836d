"""One published letter or report, and the facts it states.

A document is recorded once, as a whole: it is published, then each of its
judgements is recorded and each recommendation issued, all in one save.
Business dates (publication, inspection days) travel in the payload; the time
an event was recorded is its own timestamp, set when it is appended.

(Over 250 lines: the aggregate whole, its five events beside the commands
and guards that trigger them, so that a document's rules read in one place.)
"""

from __future__ import annotations

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.areas import area_key, theme_key
from domain.authorities import Authority
from domain.errors import InvalidDate, InvalidValue, UnknownAuthority
from domain.frameworks import Framework, framework
from domain.grades import Band, Grade
from domain.text import optional_text, required_text

DOCUMENT_NAMESPACE = uuid5(NAMESPACE_URL, "inspection-record-service/inspection")

RECOMMENDATION_KINDS = ("recommendation", "area for development", "area for exploration")


def inspection_id(authority_code: str, framework_key: str, published_on: date) -> UUID:
    """A document's identity: its authority, framework and publication date."""
    return uuid5(DOCUMENT_NAMESPACE, f"{authority_code}/{framework_key}/{published_on.isoformat()}")


class Inspection(Aggregate):
    """A published letter or report about one authority's children's services."""

    class InspectionPublished(Aggregate.Created):
        class_version = 1
        authority_code: str
        authority_name: str
        la_number: int | None
        framework: str
        title: str
        published_on: date
        assessment_meeting_on: date | None
        first_day: date | None
        last_day: date | None
        source: str | None

    class JudgementRecorded(Aggregate.Event):
        class_version = 1
        judgement_id: UUID
        theme: str | None
        area: str
        area_label: str
        raw: str
        label: str | None
        band: Band
        published_on: date
        section: str | None
        quote: str | None

        def apply(self, aggregate: Inspection) -> None:
            aggregate.judgements[(self.theme, self.area)] = self.judgement_id
            aggregate.grades[self.judgement_id] = (self.raw, self.label)

    class RecommendationIssued(Aggregate.Event):
        class_version = 1
        recommendation_id: UUID
        kind: str
        theme: str | None
        area: str | None
        text: str
        timescale: str | None
        due_on: date | None
        published_on: date
        section: str | None
        quote: str | None

        def apply(self, aggregate: Inspection) -> None:
            aggregate.recommendation_count += 1
            aggregate.recommendations.add((self.kind, self.theme, self.area, self.text))

    class JudgementCorrected(Aggregate.Event):
        class_version = 1
        judgement_id: UUID
        raw: str
        label: str | None
        band: Band
        reason: str
        corrected_by: str
        published_on: date

        def apply(self, aggregate: Inspection) -> None:
            aggregate.grades[self.judgement_id] = (self.raw, self.label)

    class InspectionWithdrawn(Aggregate.Event):
        class_version = 1
        reason: str
        withdrawn_by: str
        published_on: date

        def apply(self, aggregate: Inspection) -> None:
            aggregate.withdrawn = True

    @staticmethod
    def create_id(authority_code: str, framework: str, published_on: date, **_: object) -> UUID:
        return inspection_id(authority_code, framework, published_on)

    @event(InspectionPublished)
    def __init__(
        self,
        authority_code: str,
        authority_name: str,
        la_number: int | None,
        framework: str,
        title: str,
        published_on: date,
        assessment_meeting_on: date | None,
        first_day: date | None,
        last_day: date | None,
        source: str | None,
    ) -> None:
        self.authority_code = authority_code
        self.authority_name = authority_name
        self.la_number = la_number
        self.framework = framework
        self.title = title
        self.published_on = published_on
        self.assessment_meeting_on = assessment_meeting_on
        self.first_day = first_day
        self.last_day = last_day
        self.source = source
        self.judgements: dict[tuple[str | None, str], UUID] = {}
        self.grades: dict[UUID, tuple[str, str | None]] = {}
        self.recommendation_count = 0
        self.recommendations: set[tuple[str, str | None, str | None, str]] = set()
        self.withdrawn = False

    @classmethod
    def publish(
        cls,
        *,
        authority: Authority | None,
        authority_code: str,
        framework_key: str,
        title: str,
        published_on: date,
        today: date,
        assessment_meeting_on: date | None = None,
        first_day: date | None = None,
        last_day: date | None = None,
        source: str | None = None,
    ) -> Inspection:
        """Publish a document; `authority` is the register's entry for
        `authority_code`, or None where the register has never held it."""
        if authority is None or authority.gss_code != authority_code:
            raise UnknownAuthority(authority_code)
        chosen = framework(framework_key)
        _check_dates(published_on, today, assessment_meeting_on, first_day, last_day)
        for name, day in (
            ("published_on", published_on),
            ("assessment_meeting_on", assessment_meeting_on),
            ("first_day", first_day),
            ("last_day", last_day),
        ):
            _check_within_years(chosen, name, day)
        if authority.established_on is not None and published_on < authority.established_on:
            raise InvalidDate(
                "published_on",
                published_on.isoformat(),
                f"{authority.gss_code} was only established on {authority.established_on.isoformat()}",
            )
        if authority.replaced_on is not None and published_on >= authority.replaced_on:
            raise InvalidDate(
                "published_on",
                published_on.isoformat(),
                f"{authority.gss_code} was replaced by {', '.join(authority.successors)} "
                f"on {authority.replaced_on.isoformat()}",
            )
        return cls(
            authority_code=authority.gss_code,
            authority_name=authority.name,
            la_number=authority.la_number,
            framework=framework_key,
            title=required_text(title, "title"),
            published_on=published_on,
            assessment_meeting_on=assessment_meeting_on,
            first_day=first_day,
            last_day=last_day,
            source=optional_text(source, "source"),
        )

    @property
    def framework_definition(self) -> Framework:
        return framework(self.framework)

    @property
    def inspected_on(self) -> date:
        """The day the catalogue dates what a framework judged by."""
        return self.first_day or self.assessment_meeting_on or self.published_on

    def check_complete(self) -> None:
        """Refuse a graded document that lacks a headline judgement (each
        theme's, where its framework had one that day) or any judgement at
        all: being the latest of its series, it would empty the picture."""
        chosen = self.framework_definition
        if not chosen.graded:
            return
        missing = chosen.missing_headlines(set(self.judgements), self.inspected_on)
        if missing:
            named = "; ".join(f"{j.area} under theme {j.theme!r}" if j.theme else j.area for j in missing)
            raise InvalidValue(
                "judgements",
                len(self.judgements),
                f"a {chosen.key} document must record its headline: {named}",
            )
        if not self.judgements:
            raise InvalidValue("judgements", 0, f"a {chosen.key} document must record at least one judgement")

    def _graded(self, raw: str, label: str | None) -> tuple[str, str | None, Grade]:
        """A printed grade and label checked against the framework's scale:
        the grade must be on it, and a label must name the same grade."""
        raw_text = required_text(raw, "raw")
        grade = self.framework_definition.grade_for(raw_text)
        label_text = optional_text(label, "label")
        if label_text is not None and self.framework_definition.grade_for(label_text, "label") != grade:
            raise InvalidValue("label", label, f"names a different grade from raw {raw_text!r}")
        return raw_text, label_text, grade

    def record_judgement(
        self,
        *,
        theme: str | None,
        area: str,
        area_label: str,
        raw: str,
        label: str | None = None,
        section: str | None = None,
        quote: str | None = None,
    ) -> UUID:
        theme = theme_key(theme)
        area = area_key(area)
        self.framework_definition.check_judged(theme, area, self.inspected_on)
        if (theme, area) in self.judgements:
            raise InvalidValue(
                "area", area, f"this document already records a judgement of {area!r} under theme {theme!r}"
            )
        raw_text, label_text, grade = self._graded(raw, label)
        judgement_id = uuid5(self.id, f"judgement/{theme or ''}/{area}")
        self.trigger_event(
            self.JudgementRecorded,
            judgement_id=judgement_id,
            theme=theme,
            area=area,
            area_label=required_text(area_label, "area_label"),
            raw=raw_text,
            label=label_text,
            band=grade.band,
            published_on=self.published_on,
            section=optional_text(section, "section"),
            quote=optional_text(quote, "quote"),
        )
        return judgement_id

    def correct_judgement(
        self, *, judgement_id: UUID, raw: str, label: str | None, reason: str, corrected_by: str
    ) -> None:
        """Record that a judgement's grade was wrong: a new fact, never an edit.
        It keeps the document's publication date as its valid time."""
        self._refuse_if_withdrawn("judgement", judgement_id)
        if judgement_id not in self.grades:
            raise InvalidValue("judgement", str(judgement_id), "this document records no such judgement")
        raw_text, label_text, grade = self._graded(raw, label)
        if self.grades[judgement_id] == (raw_text, label_text):
            raise InvalidValue("raw", raw, "is the grade already recorded; a correction must change it")
        self.trigger_event(
            self.JudgementCorrected,
            judgement_id=judgement_id,
            raw=raw_text,
            label=label_text,
            band=grade.band,
            reason=required_text(reason, "reason"),
            corrected_by=required_text(corrected_by, "corrected_by"),
            published_on=self.published_on,
        )

    def withdraw(self, *, reason: str, withdrawn_by: str) -> None:
        """Withdraw the document: from now on it leaves every picture, and the
        previous document of its series takes its place again."""
        self._refuse_if_withdrawn("id", self.id)
        self.trigger_event(
            self.InspectionWithdrawn,
            reason=required_text(reason, "reason"),
            withdrawn_by=required_text(withdrawn_by, "withdrawn_by"),
            published_on=self.published_on,
        )

    def _refuse_if_withdrawn(self, field: str, value: object) -> None:
        if self.withdrawn:
            raise InvalidValue(field, str(value), "its document was withdrawn")

    def issue_recommendation(
        self,
        *,
        kind: str,
        text: str,
        theme: str | None = None,
        area: str | None = None,
        timescale: str | None = None,
        section: str | None = None,
        quote: str | None = None,
    ) -> UUID:
        if kind not in RECOMMENDATION_KINDS:
            raise InvalidValue(
                "kind", kind, f"not a kind of recommendation (one of: {', '.join(RECOMMENDATION_KINDS)})"
            )
        theme = theme_key(theme)
        # A recommendation listed under no area may say so with "" or spaces.
        area = None if area is None or (isinstance(area, str) and not area.strip()) else area_key(area)
        self.framework_definition.check_recommended(theme, area, self.inspected_on)
        text_value = required_text(text, "text")
        if (kind, theme, area, text_value) in self.recommendations:
            raise InvalidValue("text", text_value, "this document already issues this recommendation")
        printed = optional_text(timescale, "timescale")
        due_on = None
        if printed is not None:
            chosen = self.framework_definition.timescale_for(printed)
            printed = chosen.printed
            due_on = chosen.due_on(self.published_on)
        recommendation_id = uuid5(self.id, f"recommendation/{self.recommendation_count}")
        self.trigger_event(
            self.RecommendationIssued,
            recommendation_id=recommendation_id,
            kind=kind,
            theme=theme,
            area=area,
            text=text_value,
            timescale=printed,
            due_on=due_on,
            published_on=self.published_on,
            section=optional_text(section, "section"),
            quote=optional_text(quote, "quote"),
        )
        return recommendation_id


def _check_within_years(chosen: Framework, name: str, day: date | None) -> None:
    # Reports of a framework's last year may be published early the next;
    # its inspections and meetings fall within its years.
    last = chosen.last_year
    if last is not None and name == "published_on":
        last += 1
    if day is not None and (day.year < chosen.first_year or (last is not None and day.year > last)):
        ran = f"{chosen.first_year}–{chosen.last_year or 'today'}"
        raise InvalidDate(name, day.isoformat(), f"the {chosen.key} framework ran {ran}")


def _check_dates(
    published_on: date,
    today: date,
    assessment_meeting_on: date | None,
    first_day: date | None,
    last_day: date | None,
) -> None:
    """A document states facts only once it is published, and it cannot be
    published before the inspection or meeting it reports."""
    if published_on > today:
        raise InvalidDate(
            "published_on",
            published_on.isoformat(),
            f"is after today ({today.isoformat()}): a document cannot be recorded before it is published",
        )
    for name, day in (
        ("assessment_meeting_on", assessment_meeting_on),
        ("first_day", first_day),
        ("last_day", last_day),
    ):
        if day is not None and day > published_on:
            raise InvalidDate(
                name, day.isoformat(), f"is after the publication date {published_on.isoformat()}"
            )
    if first_day is not None and last_day is not None and first_day > last_day:
        raise InvalidDate(
            "last_day", last_day.isoformat(), f"is before the first day {first_day.isoformat()}"
        )
    if last_day is not None and first_day is None:
        raise InvalidDate("first_day", None, "an inspection with a last day needs a first day")
