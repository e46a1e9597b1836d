"""The national picture's types: one row per authority, and counts by band."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from domain.grades import Band as DomainBand
from service.api.graphql.authority import Authority, authority_from
from service.api.graphql.framework import Band
from service.api.graphql.inspection import Inspection, inspection_from
from service.api.graphql.judgement import Grade, Judgement, judgement_from
from service.application.questions import BandCounts, NationalRow


@strawberry.type(
    name="NationalRow",
    description="One authority in existence on the day asked about, with its latest graded inspection of "
    "children's social care (SLAC, SIF or ILACS; its own or, for a recode, a transfer or one half of a "
    "split, its predecessor's); null when none.",
)
class NationalPictureRow:
    authority: Authority
    inspection: Inspection | None
    overall_effectiveness: Grade | None = strawberry.field(
        description="The inspection's overall effectiveness (SLAC: its safeguarding theme's); null when "
        "it has none (no inspection yet, or an ILACS report after the 2026 changes)."
    )
    judgements: list[Judgement]


@strawberry.type(description="How many authorities hold a band.")
class BandCount:
    band: Band  # type: ignore[valid-type]
    count: int


# Days one nationalCountsByDay may ask about: a chart from 2005 a year at a
# time is about 22; each day reads the national picture, about 22 ms on
# `national` (SQLite).
MAX_DAYS = 60


@strawberry.type(description="The counts of the national picture on one of the days asked about.")
class CountsOnDay:
    as_at: date
    counts: list[BandCount] = strawberry.field(description="How many authorities hold each band, best first.")
    not_graded: int = strawberry.field(description="How many have no grade for the area.")


def national_row_from(row: NationalRow, known_at: datetime | None) -> NationalPictureRow:
    judgements = [judgement_from(j, known_at) for j in row.judgements]
    overall = row.overall
    return NationalPictureRow(
        authority=authority_from(row.authority, known_at),
        inspection=inspection_from(row.inspection, known_at, row.judgements) if row.inspection else None,
        overall_effectiveness=next(
            (j.grade for j in judgements if overall and j.id == overall.judgement_id), None
        ),
        judgements=judgements,
    )


def band_counts_from(counts: BandCounts) -> list[BandCount]:
    return [BandCount(band=band, count=counts.counts[band]) for band in DomainBand]


def counts_on_day_from(day: date, counts: BandCounts) -> CountsOnDay:
    return CountsOnDay(as_at=day, counts=band_counts_from(counts), not_graded=counts.not_graded)
