from __future__ import annotations

from datetime import date

import strawberry

from domain.grades import Band as DomainBand
from service.api.graphql.framework import Band
from service.application.questions import Decline


@strawberry.type(description="A headline judgement that fell from one document of a series to the next.")
class HeadlineDecline:
    authority_code: strawberry.ID
    series: str
    theme: str | None
    earlier_published_on: date
    earlier_band: Band  # type: ignore[valid-type]
    later_published_on: date
    later_band: Band  # type: ignore[valid-type]


def decline_from(row: Decline) -> HeadlineDecline:
    return HeadlineDecline(
        authority_code=strawberry.ID(row.authority_code),
        series=row.series,
        theme=row.theme,
        earlier_published_on=date.fromisoformat(row.earlier_published_on),
        earlier_band=DomainBand(row.earlier_band),
        later_published_on=date.fromisoformat(row.later_published_on),
        later_band=DomainBand(row.later_band),
    )
