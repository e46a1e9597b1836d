from __future__ import annotations

from datetime import date, datetime

import strawberry

from domain.frameworks import framework
from service.api.graphql.authority import Authority, authority_from
from service.api.graphql.context import Info
from service.api.graphql.framework import Framework, framework_from
from service.api.graphql.judgement import Judgement, judgement_from
from service.api.graphql.pagination import PageInfo
from service.api.graphql.recommendation import Recommendation, recommendation_from
from service.api.graphql.shaping import day, known_by, shared
from service.application.questions import InspectionRow, JudgementRow, RecommendationRow
from service.application.recorded_documents import DocumentAsRecorded


@strawberry.type(description="A published letter or report.")
class Inspection:
    id: strawberry.ID
    title: str
    published_on: date
    assessment_meeting_on: date | None
    first_day: date | None
    last_day: date | None
    source: str | None
    judgement_count: int
    recommendation_count: int
    recorded_at: datetime
    position: int = strawberry.field(description="The log position of the event that published it.")
    withdrawn_at: datetime | None = strawberry.field(
        description="When this service recorded its withdrawal, if it had by the question's moment; "
        "it has left every picture since."
    )
    withdrawal_reason: str | None
    framework: Framework
    authority_code: strawberry.Private[str]
    # The moment the question was asked as known at, so that a document seen
    # in an earlier picture shows the judgements known then (None: as known now).
    known_at: strawberry.Private[datetime | None]
    # Its judgements and recommendations as known then, where the question
    # has read them already (a write: as it recorded them).
    judgements_read: strawberry.Private[list[JudgementRow] | None]
    recommendations_read: strawberry.Private[list[RecommendationRow] | None] = None
    # In a write's answer: the document as recorded, which its facts lead back to.
    as_recorded: strawberry.Private[DocumentAsRecorded | None] = None

    @strawberry.field
    async def authority(self, info: Info) -> Authority:
        row = await info.context.loaders.authority.load(self.authority_code)
        assert row is not None, f"document {self.id} names an authority the register lacks"
        return authority_from(row, self.known_at)

    @strawberry.field(description="What the document states, as known at the question's moment.")
    async def judgements(self, info: Info) -> list[Judgement]:
        rows = self.judgements_read
        if rows is None:
            rows = await info.context.loaders.judgements.load((str(self.id), self.known_at))
        return [judgement_from(row, self.known_at, self.as_recorded) for row in rows]

    @strawberry.field
    async def recommendations(self, info: Info) -> list[Recommendation]:
        rows = self.recommendations_read
        if rows is None:
            rows = await info.context.loaders.recommendations.load((str(self.id), self.known_at))
        return [recommendation_from(row, self.known_at, self.as_recorded) for row in rows]


@strawberry.type
class InspectionEdge:
    cursor: str
    node: Inspection


@strawberry.type
class InspectionConnection:
    edges: list[InspectionEdge]
    page_info: PageInfo


_SHARED = shared("title", "source", "judgement_count", "recommendation_count", "position", "authority_code")


def inspection_as_recorded(document: DocumentAsRecorded) -> Inspection:
    """A write's answer: the document as the write recorded it."""
    found = inspection_from(document.inspection, None, document.judgements, document.recommendations)
    found.as_recorded = document
    return found


def inspection_from(
    row: InspectionRow,
    known_at: datetime | None = None,
    judgements: list[JudgementRow] | None = None,
    recommendations: list[RecommendationRow] | None = None,
) -> Inspection:
    withdrawn_at = known_by(row.withdrawn_at, known_at)
    return Inspection(
        id=strawberry.ID(row.inspection_id),
        published_on=date.fromisoformat(row.published_on),
        assessment_meeting_on=day(row.assessment_meeting_on),
        first_day=day(row.first_day),
        last_day=day(row.last_day),
        recorded_at=datetime.fromisoformat(row.recorded_at),
        withdrawn_at=withdrawn_at,
        withdrawal_reason=row.withdrawal_reason if withdrawn_at else None,
        framework=framework_from(framework(row.framework)),
        known_at=known_at,
        judgements_read=judgements,
        recommendations_read=recommendations,
        **_SHARED(row),
    )
