"""Inspection frameworks: the years each ran, its series, its grade scale,
its headline areas and the timescales its recommendations use.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

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
class GradeKey:
    """The key some documents print to say what each numbered grade means,
    where they print no label beside the grade itself."""

    published_from: date
    published_until: date
    # (grade number, label), best first
    labels: tuple[tuple[int, str], ...]
    # The areas the key describes; None for every area.
    areas: frozenset[str] | None = None

    def label_for(self, grade: Grade, area: str, published_on: date) -> str | None:
        if not self.published_from <= published_on <= self.published_until:
            return None
        if self.areas is not None and area not in self.areas:
            return None
        return next((label for number, label in self.labels if number == grade.number), None)


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
    keys: tuple[GradeKey, ...] = ()

    def label_for(self, grade: Grade, area: str, published_on: date) -> str:
        """What a grade printed without a label means: as the document's key
        says where its documents print one, else the scale's word for it."""
        for key in self.keys:
            label = key.label_for(grade, area, published_on)
            if label is not None:
                return label
        return grade.label

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

# The 2005 letters close with a key: each grade's service descriptor, and for
# the capacity to improve a word of its own.
APA_2005_KEYS = (
    GradeKey(
        date(2005, 1, 1),
        date(2005, 12, 31),
        ((4, "Very good"), (3, "Good/promising"), (2, "Adequate"), (1, "Inadequate")),
        frozenset({"capacity_to_improve"}),
    ),
    GradeKey(
        date(2005, 1, 1),
        date(2005, 12, 31),
        (
            (4, "A service that delivers well above minimum requirements for users"),
            (3, "A service that consistently delivers above minimum requirements for users"),
            (2, "A service that delivers only minimum requirements for users"),
            (1, "A service that does not deliver minimum requirements for users"),
        ),
    ),
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
            keys=APA_2005_KEYS,
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


@lru_cache(maxsize=4096)
def label_of(framework_key: str, raw: str, printed: str | None, area: str, published_on: str) -> str:
    """A recorded grade's label: as printed beside it, else as its document's
    key or its scale names it. Cached: answers ask it for every judgement."""
    if printed is not None:
        return printed
    chosen = framework(framework_key)
    return chosen.label_for(chosen.grade_for(raw), area, date.fromisoformat(published_on))
