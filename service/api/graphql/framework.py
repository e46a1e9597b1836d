from __future__ import annotations

from functools import cache

import strawberry

from domain.frameworks import Framework as DomainFramework
from domain.grades import Band as DomainBand

Band = strawberry.enum(DomainBand, description="A grade normalised across frameworks.")


@strawberry.type(description="One grade of a framework's scale, best first.")
class ScaleGrade:
    number: int | None
    label: str
    words: list[str]
    band: Band  # type: ignore[valid-type]


@strawberry.type(description="An inspection framework and its grade scale.")
class Framework:
    key: strawberry.ID
    name: str
    series: str | None
    best_grade: str | None = strawberry.field(description="The best grade as printed: '4', '1' or a word.")
    first_year: int
    last_year: int | None
    graded: bool
    grades: list[ScaleGrade]
    headline_areas: list[str]


@cache  # the catalogue is fixed: shape each framework once, not once per document shown
def framework_from(framework: DomainFramework) -> Framework:
    grades = framework.scale.grades if framework.scale else ()
    return Framework(
        key=strawberry.ID(framework.key),
        name=framework.name,
        series=framework.series,
        best_grade=framework.best_grade,
        first_year=framework.first_year,
        last_year=framework.last_year,
        graded=framework.graded,
        grades=[ScaleGrade(number=g.number, label=g.label, words=list(g.words), band=g.band) for g in grades],
        headline_areas=sorted(framework.headline_areas),
    )
