from __future__ import annotations

from datetime import date, datetime

import strawberry

from service.api.graphql.authority import Authority, authority_from
from service.api.graphql.inspection import Inspection, inspection_from
from service.api.graphql.judgement import Judgement, judgement_from
from service.application.questions import JudgementRow, PictureRows


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


def picture_from(rows: PictureRows) -> Picture:
    known_at = rows.moment.known_at
    # The picture has read its documents' judgements: a query that asks for
    # them again under `inspections` reads nothing more.
    stated: dict[str, list[JudgementRow]] = {d.inspection_id: [] for d in rows.inspections}
    for row in rows.judgements:
        stated[row.inspection_id].append(row)
    return Picture(
        authority=authority_from(rows.authority, known_at),
        as_at=rows.moment.as_at,
        as_known_at=known_at,
        position=rows.position,
        judgements=[judgement_from(row, known_at) for row in rows.judgements],
        inspections=[inspection_from(row, known_at, stated[row.inspection_id]) for row in rows.inspections],
    )
