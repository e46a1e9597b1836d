from __future__ import annotations

from datetime import date, datetime

import strawberry

from service.api.graphql.document_fact import DocumentFact
from service.api.graphql.shaping import day
from service.application.questions import RecommendationRow
from service.application.recorded_documents import DocumentAsRecorded


@strawberry.type(description="A recommendation, area for development or area for exploration, as published.")
class Recommendation(DocumentFact):
    id: strawberry.ID
    text: str
    kind: str = strawberry.field(
        description="'recommendation', 'area for development' or 'area for exploration'."
    )
    theme: str | None
    area: str | None
    timescale: str | None = strawberry.field(description="As printed, e.g. 'Within three months'.")
    due_on: date | None = strawberry.field(description="The timescale counted from publication.")
    published_on: date
    recorded_at: datetime
    section: str | None
    quote: str | None


def recommendation_from(
    row: RecommendationRow, known_at: datetime | None = None, as_recorded: DocumentAsRecorded | None = None
) -> Recommendation:
    return Recommendation(
        id=strawberry.ID(row.recommendation_id),
        text=row.text,
        kind=row.kind,
        theme=row.theme,
        area=row.area,
        timescale=row.timescale,
        due_on=day(row.due_on),
        published_on=date.fromisoformat(row.published_on),
        recorded_at=datetime.fromisoformat(row.recorded_at),
        section=row.section,
        quote=row.quote,
        inspection_id=row.inspection_id,
        known_at=known_at,
        as_recorded=as_recorded,
    )
