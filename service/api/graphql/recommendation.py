from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from projections.recommendations import RecommendationRow
from projections.recorded_event import parse_timestamp
from service.api.graphql.context import Info
from service.api.graphql.loaders import owning_inspection

if TYPE_CHECKING:
    from service.api.graphql.inspection import Inspection


@strawberry.type(description="A recommendation, area for development or area for exploration, as published.")
class Recommendation:
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
    inspection_id: strawberry.Private[str]

    @strawberry.field
    async def inspection(
        self, info: Info
    ) -> Annotated[Inspection, strawberry.lazy("service.api.graphql.inspection")]:
        from service.api.graphql.inspection import inspection_from

        return inspection_from(
            await owning_inspection(info.context.loaders, self.inspection_id, f"recommendation {self.id}")
        )


def recommendation_from(row: RecommendationRow) -> Recommendation:
    return Recommendation(
        id=strawberry.ID(row.recommendation_id),
        text=row.text,
        kind=row.kind,
        theme=row.theme,
        area=row.area,
        timescale=row.timescale,
        due_on=date.fromisoformat(row.due_on) if row.due_on else None,
        published_on=date.fromisoformat(row.published_on),
        recorded_at=parse_timestamp(row.recorded_at),
        section=row.section,
        quote=row.quote,
        inspection_id=row.inspection_id,
    )
