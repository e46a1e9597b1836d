"""Inspection frameworks: the years each ran, its series, its grade scale,
the themes and areas it judges (and which are its headline), and the
timescales its recommendations use.

(Over 250 lines: this is the catalogue, every framework's definition in one
table, with the small types the table is made of.)
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from domain.errors import GradeNotOnScale, InvalidValue, UnknownFramework, UnknownTimescale
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
class Judged:
    """An area a framework grades, under which theme (None: the document as a
    whole), whether it is the headline, and for inspections of which days."""

    area: str
    theme: str | None = None
    headline: bool = False
    # The first day of the inspections that judge it, and the first that no
    # longer do (an inspection's day: its first day, else its assessment
    # meeting, else its publication).
    inspected_from: date | None = None
    inspected_before: date | None = None

    def covers(self, inspected_on: date) -> bool:
        return (self.inspected_from is None or inspected_on >= self.inspected_from) and (
            self.inspected_before is None or inspected_on < self.inspected_before
        )


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    first_year: int
    last_year: int | None
    series: str | None
    scale: GradeScale | None
    judged: tuple[Judged, ...] = ()
    timescales: tuple[Timescale, ...] = ()
    keys: tuple[GradeKey, ...] = ()

    @property
    def headline_areas(self) -> frozenset[str]:
        return frozenset(j.area for j in self.judged if j.headline)

    @property
    def headlines(self) -> frozenset[tuple[str | None, str]]:
        """Each (theme, area) that is a headline: one per theme at most, so
        a second judgement of the same area under another theme (the SIF's
        LSCB review) is not a second headline."""
        return frozenset((j.theme, j.area) for j in self.judged if j.headline)

    @property
    def themes(self) -> tuple[str | None, ...]:
        """The themes its documents are organised by; (None,) for none."""
        return tuple(dict.fromkeys(j.theme for j in self.judged)) or (None,)

    def check_judged(self, theme: str | None, area: str, inspected_on: date) -> None:
        """Refuse a judgement under a theme or of an area this framework did
        not judge for an inspection of that day."""
        if theme not in self.themes:
            named = ", ".join("none" if t is None else repr(t) for t in self.themes)
            needs = "needs a theme" if theme is None else "has no such theme"
            raise InvalidValue("theme", theme, f"the {self.key} framework {needs} (its themes: {named})")
        self._check_area(area, inspected_on, [theme])

    def check_recommended(self, theme: str | None, area: str | None, inspected_on: date) -> None:
        """As `check_judged`, but a recommendation may concern the whole
        document (no theme) and need not name an area; an ungraded visit's
        recommendations may name any area."""
        if theme is not None and theme not in self.themes:
            named = ", ".join("none" if t is None else repr(t) for t in self.themes)
            raise InvalidValue(
                "theme", theme, f"the {self.key} framework has no such theme (its themes: {named})"
            )
        if area is not None and self.judged:
            self._check_area(area, inspected_on, self.themes if theme is None else [theme])

    def _check_area(self, area: str, inspected_on: date, themes: Sequence[str | None]) -> None:
        if any(j.theme in themes and j.area == area and j.covers(inspected_on) for j in self.judged):
            return
        judged = ", ".join(
            sorted({j.area for j in self.judged if j.theme in themes and j.covers(inspected_on)})
        )
        under = f" under theme {themes[0]!r}" if len(themes) == 1 and themes[0] is not None else ""
        raise InvalidValue(
            "area",
            area,
            f"not an area the {self.key} framework judged{under} for an inspection of "
            f"{inspected_on.isoformat()} (it judged: {judged})",
        )

    def missing_headlines(self, judged: set[tuple[str | None, str]], inspected_on: date) -> list[Judged]:
        """The headline judgements a document of this framework must carry
        and does not: each theme's headline, where it had one that day."""
        return [
            j
            for j in self.judged
            if j.headline and j.covers(inspected_on) and (j.theme, j.area) not in judged
        ]

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

    def is_headline(self, theme: str | None, area: str) -> bool:
        return (theme, area) in self.headlines


ANNUAL_ASSESSMENT = "annual_assessment"
INSPECTION_OF_SERVICES = "inspection_of_services"
JOINT_AREA_REVIEW = "joint_area_review"

SERIES: dict[str, str] = {
    ANNUAL_ASSESSMENT: "The yearly assessment of the whole authority: APA, then the annual rating",
    INSPECTION_OF_SERVICES: (
        "Inspections of children's social care: SLAC, then the separate child protection and"
        " looked after children inspections, then SIF, then ILACS"
    ),
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

ECM_OUTCOMES = (
    "being_healthy",
    "staying_safe",
    "enjoying_and_achieving",
    "making_a_positive_contribution",
    "achieving_economic_wellbeing",
)
# The 2006 letters replaced the 2005 grade for the children's services as a
# whole with one for their overall effectiveness, judged beside each outcome.
APA_2006 = date(2006, 1, 1)
# ILACS judged care leavers apart from children in care from January 2023,
# and no longer judges overall effectiveness from April 2026.
ILACS_CARE_LEAVERS = date(2023, 1, 1)
ILACS_NO_OVERALL = date(2026, 4, 1)

# Each SLAC theme's judgements as the 2012 report prints them.
SLAC_SAFEGUARDING = (
    "capacity_to_improve",
    "staying_safe",
    "quality_of_provision",
    "health_agencies_contribution",
    "ambition_and_prioritisation",
    "leadership_and_management",
    "performance_management_and_quality_assurance",
    "partnership_working",
    "equality_and_diversity",
)
SLAC_LOOKED_AFTER = (
    "capacity_to_improve",
    *ECM_OUTCOMES,
    "quality_of_provision",
    "ambition_and_prioritisation",
    "leadership_and_management",
    "performance_management_and_quality_assurance",
    "equality_and_diversity",
)
# The separate inspections of 2012–13: child protection judged the help and
# protection given, the quality of practice, and leadership and governance;
# looked after children kept the looked after children theme's areas of
# SLAC, and graded the outcomes for looked after children as a whole. Each
# document judges the whole inspection, under no theme.
CHILD_PROTECTION = (
    "help_and_protection",
    "quality_of_practice",
    "leadership_and_management",
    "capacity_to_improve",
)

# The SIF's combined reports close with the review of the Local Safeguarding
# Children Board: a grade of its own for the board's effectiveness, under a
# theme of its own so that it is never taken for the authority's headline.
LSCB = "lscb"


def _areas(
    *areas: str,
    theme: str | None = None,
    inspected_from: date | None = None,
    inspected_before: date | None = None,
) -> tuple[Judged, ...]:
    return tuple(
        Judged(area, theme, inspected_from=inspected_from, inspected_before=inspected_before)
        for area in areas
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
            judged=(
                Judged("childrens_services", headline=True, inspected_before=APA_2006),
                *_areas("social_care_services", "education_services", inspected_before=APA_2006),
                Judged("overall_effectiveness", headline=True, inspected_from=APA_2006),
                *_areas(*ECM_OUTCOMES, "capacity_to_improve"),
            ),
            keys=APA_2005_KEYS,
        ),
        Framework(
            "annual_rating",
            "Children's services annual rating",
            2009,
            2011,
            ANNUAL_ASSESSMENT,
            ANNUAL_RATING_SCALE,
            judged=(Judged("childrens_services_rating", headline=True),),
        ),
        Framework(
            "jar",
            "Joint area review",
            2005,
            2009,
            JOINT_AREA_REVIEW,
            JAR_SCALE,
            judged=(
                Judged("overall_effectiveness", headline=True),
                *_areas(*ECM_OUTCOMES, "leadership_and_management", "capacity_to_improve"),
            ),
        ),
        Framework(
            "slac",
            "Inspection of safeguarding and looked after children services",
            2009,
            2012,
            INSPECTION_OF_SERVICES,
            SLAC_SCALE,
            judged=(
                Judged("overall_effectiveness", "safeguarding", headline=True),
                *_areas(*SLAC_SAFEGUARDING, theme="safeguarding"),
                Judged("overall_effectiveness", "looked_after_children", headline=True),
                *_areas(*SLAC_LOOKED_AFTER, theme="looked_after_children"),
            ),
            timescales=SLAC_TIMESCALES,
        ),
        Framework(
            "child_protection",
            "Inspection of local authority arrangements for the protection of children",
            2012,
            2013,
            INSPECTION_OF_SERVICES,
            SLAC_SCALE,
            judged=(Judged("overall_effectiveness", headline=True), *_areas(*CHILD_PROTECTION)),
            timescales=SLAC_TIMESCALES,
        ),
        Framework(
            "looked_after",
            "Inspection of services for looked after children",
            2012,
            2013,
            INSPECTION_OF_SERVICES,
            SLAC_SCALE,
            judged=(
                Judged("overall_effectiveness", headline=True),
                *_areas(*SLAC_LOOKED_AFTER, "outcomes_for_looked_after_children"),
            ),
            timescales=SLAC_TIMESCALES,
        ),
        Framework(
            "sif",
            "Single inspection framework",
            2013,
            # Its last re-inspections ran into 2018 (Lancashire, June 2018).
            2018,
            INSPECTION_OF_SERVICES,
            WORDS_SCALE,
            judged=(
                Judged("overall_effectiveness", headline=True),
                *_areas(
                    "help_and_protection",
                    "children_in_care",
                    "adoption_performance",
                    "care_leavers",
                    "leadership_and_management",
                ),
                Judged("overall_effectiveness", LSCB),
            ),
        ),
        Framework(
            "ilacs",
            "Inspection of local authority children's services",
            2018,
            None,
            INSPECTION_OF_SERVICES,
            WORDS_SCALE,
            judged=(
                Judged("overall_effectiveness", headline=True, inspected_before=ILACS_NO_OVERALL),
                *_areas("impact_of_leaders", "help_and_protection", "children_in_care"),
                Judged("care_leavers", inspected_from=ILACS_CARE_LEAVERS),
            ),
        ),
        Framework("focused_visit", "Focused visit", 2018, None, None, None),
        Framework("monitoring_visit", "Monitoring visit", 2014, None, None, None),
        Framework("jtai", "Joint targeted area inspection", 2016, None, None, None),
    )
}


# Every headline as "framework/theme/area" (no theme: an empty one), for read
# models that decide in SQL whether a judgement is a headline judgement.
HEADLINE_TRIPLES = tuple(
    sorted(f"{f.key}/{theme or ''}/{area}" for f in FRAMEWORKS.values() for theme, area in f.headlines)
)


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
