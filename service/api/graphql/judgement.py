from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.frameworks import label_of
from domain.grades import Band as DomainBand
from service.api.graphql.context import Info
from service.api.graphql.document_fact import DocumentFact
from service.api.graphql.framework import Band
from service.api.graphql.shaping import day, moment
from service.application.questions import JudgementRow
from service.application.recorded_documents import DocumentAsRecorded

if TYPE_CHECKING:
    from service.api.graphql.authority import Authority


@strawberry.type(description="A grade as published, and its band on the framework's scale.")
class Grade:
    raw: str = strawberry.field(description="As printed: '3', 'Grade 2', 'Performs well (3)', 'Good'.")
    label: str | None = strawberry.field(
        description="What the grade means: the words printed beside it, else as the document's own key "
        "(or its framework's scale) names that grade."
    )
    label_printed: bool = strawberry.field(description="Whether the label was printed beside the grade.")
    band: Band  # type: ignore[valid-type]


@strawberry.type(description="Where a fact comes from: the document's words and the event that recorded it.")
class Provenance:
    section: str | None
    quote: str | None
    event_id: strawberry.ID
    position: int


@strawberry.type(description="One graded area of one published document.")
class Judgement(DocumentFact):
    id: strawberry.ID
    theme: str | None
    area: str
    area_label: str
    headline: bool
    grade: Grade
    framework: str
    published_on: date = strawberry.field(description="When its document was published: valid from.")
    valid_until: date | None = strawberry.field(
        description="When the next document of its series was published (as known at the question's "
        "moment); null while it is the latest."
    )
    recorded_at: datetime = strawberry.field(description="When this service recorded this version.")
    recorded_until: datetime | None = strawberry.field(
        description="When a later event replaced this version in the service's knowledge; "
        "null while it stands."
    )
    correction_reason: str | None = strawberry.field(description="Why this version corrected the one before.")
    corrected_by: str | None = strawberry.field(description="Who recorded the correction.")
    source: Provenance
    authority_code: strawberry.Private[str]

    @strawberry.field(
        description="The authority whose document states it (in a picture that follows lineage, "
        "perhaps a predecessor of the authority asked about)."
    )
    async def authority(
        self, info: Info
    ) -> Annotated[Authority, strawberry.lazy("service.api.graphql.authority")]:
        from service.api.graphql.authority import authority_from

        row = await info.context.loaders.authority.load(self.authority_code)
        if row is None:
            raise LookupError(f"a judgement names authority {self.authority_code}, which the register lacks")
        return authority_from(row, self.known_at)


def judgement_from(
    row: JudgementRow, known_at: datetime | None = None, as_recorded: DocumentAsRecorded | None = None
) -> Judgement:
    # Fields named one by one: this runs for every row of a national answer.
    label = label_of(row.framework, row.raw, row.label, row.area, row.published_on)
    return Judgement(
        id=strawberry.ID(row.judgement_id),
        theme=row.theme,
        area=row.area,
        area_label=row.area_label,
        headline=bool(row.headline),
        grade=Grade(raw=row.raw, label=label, label_printed=row.label is not None, band=DomainBand(row.band)),
        framework=row.framework,
        published_on=date.fromisoformat(row.published_on),
        valid_until=day(row.valid_until),
        recorded_at=datetime.fromisoformat(row.recorded_from),
        recorded_until=moment(row.recorded_to),
        correction_reason=row.correction_reason,
        corrected_by=row.corrected_by,
        source=Provenance(
            section=row.section, quote=row.quote, event_id=strawberry.ID(row.event_id), position=row.position
        ),
        inspection_id=row.inspection_id,
        authority_code=row.authority_code,
        known_at=known_at,
        as_recorded=as_recorded,
    )
