from __future__ import annotations

from datetime import date, datetime

import strawberry

from service.api.graphql.authority import Authority, authority_from
from service.api.graphql.inspection import Inspection, inspection_from
from service.api.graphql.judgement import Judgement, judgement_from
from service.application.questions import Picture as PictureResult


@strawberry.type(description="An authority's judgements in force as at a date, as known at a moment.")
class Picture:
    authority: Authority
    as_at: date
    as_known_at: datetime | None = strawberry.field(
        description="The moment asked about; null when none was: as known now, i.e. everything "
        "recorded up to `position`."
    )
    position: int = strawberry.field(description="The log position the read models reflected.")
    judgements: list[Judgement]
    inspections: list[Inspection]


def picture_from(result: PictureResult) -> Picture:
    known_at = result.moment.known_at_text
    return Picture(
        authority=authority_from(result.authority),
        as_at=result.moment.as_at,
        as_known_at=result.moment.known_at,
        position=result.position,
        judgements=[judgement_from(row) for row in result.judgements],
        inspections=[inspection_from(row, known_at) for row in result.inspections],
    )
