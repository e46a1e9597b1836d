"""Inspection frameworks: the years each ran, its series, its grade scale,
its headline areas and the timescales its recommendations use.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from domain.errors import GradeNotOnScale, UnknownFramework, UnknownTimescale
from domain.grades import (
    ANNUAL_RATING_SCALE,
    APA_SCALE,
    JAR_SCALE,
    SLAC_SCALE,
    WORDS_SCALE,
    Grade,
    GradeScale,
    fold,
)


@dataclass(frozen=True)
class Timescale:
    """A recommendation's timescale as printed, and how long after
    publication it falls due."""

    printed: str
    months: int

    def due_on(self, published_on: date) -> date:
        month_index = published_on.month - 1 + self.months
        year = published_on.year + month_index // 12
        month = month_index % 12 + 1
        day = min(published_on.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    first_year: int
    last_year: int | None
    series: str | None
    scale: GradeScale | None
    headline_areas: frozenset[str] = field(default_factory=frozenset)
    timescales: tuple[Timescale, ...] = ()

    @property
    def graded(self) -> bool:
        return self.scale is not None

    @property
    def best_grade(self) -> str | None:
        if self.scale is None:
            return None
        best = self.scale.best
        return str(best.number) if best.number is not None else best.label

    def grade_for(self, raw: str, field: str = "raw") -> Grade:
        if self.scale is None:
            raise GradeNotOnScale(field, raw, f"the {self.key} framework carries no grades")
        return self.scale.grade_for(raw, field)

    def timescale_for(self, printed: str, field: str = "timescale") -> Timescale:
        folded = fold(printed).rstrip(":").strip()
        for timescale in self.timescales:
            if fold(timescale.printed) == folded:
                return timescale
        used = ", ".join(repr(t.printed) for t in self.timescales) or "none"
        raise UnknownTimescale(
            field, printed, f"not a timescale the {self.key} framework uses (it uses: {used})"
        )

    def is_headline(self, area: str) -> bool:
        return area in self.headline_areas


ANNUAL_ASSESSMENT = "annual_assessment"
INSPECTION_OF_SERVICES = "inspection_of_services"
JOINT_AREA_REVIEW = "joint_area_review"

SERIES: dict[str, str] = {
    ANNUAL_ASSESSMENT: "The yearly assessment of the whole authority: APA, then the annual rating",
    INSPECTION_OF_SERVICES: "Inspections of children's social care: SLAC, then SIF, then ILACS",
    JOINT_AREA_REVIEW: "Joint area reviews",
}

SLAC_TIMESCALES = (
    Timescale("Immediately", 0),
    Timescale("Within three months", 3),
    Timescale("Within six months", 6),
)

FRAMEWORKS: dict[str, Framework] = {
    f.key: f
    for f in (
        Framework(
            "apa",
            "Annual performance assessment",
            2005,
            2008,
            ANNUAL_ASSESSMENT,
            APA_SCALE,
            frozenset({"childrens_services", "overall_effectiveness"}),
        ),
        Framework(
            "annual_rating",
            "Children's services annual rating",
            2009,
            2011,
            ANNUAL_ASSESSMENT,
            ANNUAL_RATING_SCALE,
            frozenset({"childrens_services_rating"}),
        ),
        Framework(
            "jar",
            "Joint area review",
            2005,
            2009,
            JOINT_AREA_REVIEW,
            JAR_SCALE,
            frozenset({"overall_effectiveness"}),
        ),
        Framework(
            "slac",
            "Inspection of safeguarding and looked after children services",
            2009,
            2012,
            INSPECTION_OF_SERVICES,
            SLAC_SCALE,
            frozenset({"overall_effectiveness"}),
            SLAC_TIMESCALES,
        ),
        Framework(
            "sif",
            "Single inspection framework",
            2013,
            2017,
            INSPECTION_OF_SERVICES,
            WORDS_SCALE,
            frozenset({"overall_effectiveness"}),
        ),
        Framework(
            "ilacs",
            "Inspection of local authority children's services",
            2018,
            None,
            INSPECTION_OF_SERVICES,
            WORDS_SCALE,
            frozenset({"overall_effectiveness"}),
        ),
        Framework("focused_visit", "Focused visit", 2018, None, None, None),
        Framework("monitoring_visit", "Monitoring visit", 2014, None, None, None),
        Framework("jtai", "Joint targeted area inspection", 2016, None, None, None),
    )
}


# Every (framework, headline area) pair as "framework/area", for read models
# that decide in SQL whether a judgement is a headline judgement.
HEADLINE_PAIRS = tuple(sorted(f"{f.key}/{area}" for f in FRAMEWORKS.values() for area in f.headline_areas))


def framework(key: str, field: str = "framework") -> Framework:
    try:
        return FRAMEWORKS[key]
    except (KeyError, TypeError):
        raise UnknownFramework(key, field) from None
