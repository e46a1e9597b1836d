"""Inspection frameworks, their grade scales, series and timescales.

Grade scales run in opposite directions between frameworks (a raw "3" is GOOD
in an APA and ADEQUATE in a 2012 inspection), so normalisation to a band is a
property of the scale and is defined here once.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from domain.errors import GradeNotOnScale, UnknownFramework, UnknownTimescale


class Band(Enum):
    """A grade normalised across frameworks, best first."""

    OUTSTANDING = "OUTSTANDING"
    GOOD = "GOOD"
    ADEQUATE = "ADEQUATE"
    INADEQUATE = "INADEQUATE"


@dataclass(frozen=True)
class Grade:
    """One grade of a scale: its number (if the scale numbers grades), its
    words as printed by the framework's documents, and its band."""

    number: int | None
    words: tuple[str, ...]
    band: Band

    @property
    def label(self) -> str:
        return self.words[0]


_NUMBERED = re.compile(r"^(?:grade\s*)?(\d)$")
_WORD_AND_NUMBER = re.compile(r"^(?P<word>[^()]+?)\s*\(\s*(?:grade\s*)?(?P<number>\d)\s*\)$")
_NUMBER_AND_WORD = re.compile(r"^(?:grade\s*)?(?P<number>\d)\s*\(\s*(?P<word>[^()]+?)\s*\)$")


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


@dataclass(frozen=True)
class GradeScale:
    """An ordered set of grades; `grades` lists them best first."""

    key: str
    grades: tuple[Grade, ...]

    @property
    def best(self) -> Grade:
        return self.grades[0]

    def grade_for(self, raw: str, field: str = "raw") -> Grade:
        """The grade a raw printed value denotes.

        Accepts what documents print: "3", "Grade 3", "Good", "Performs well",
        "Performs well (3)", "Grade 3 (Adequate)". Where both a number and a
        word are printed they must agree, or the value is refused.
        """
        text = _fold(raw)
        if not text:
            raise GradeNotOnScale(field, raw, f"empty grade on the {self.key} scale")
        match = _NUMBERED.match(text)
        if match:
            return self._by_number(int(match.group(1)), raw, field)
        for pattern in (_WORD_AND_NUMBER, _NUMBER_AND_WORD):
            match = pattern.match(text)
            if match:
                by_number = self._by_number(int(match.group("number")), raw, field)
                by_word = self._by_word(match.group("word"), raw, field)
                if by_number != by_word:
                    raise GradeNotOnScale(
                        field,
                        raw,
                        f"number and words name different grades on the {self.key} scale",
                    )
                return by_number
        return self._by_word(text, raw, field)

    def _by_number(self, number: int, raw: str, field: str) -> Grade:
        for grade in self.grades:
            if grade.number == number:
                return grade
        raise GradeNotOnScale(field, raw, f"not a grade on the {self.key} scale ({self.describe()})")

    def _by_word(self, word: str, raw: str, field: str) -> Grade:
        folded = _fold(word)
        for grade in self.grades:
            if any(_fold(w) == folded for w in grade.words):
                return grade
        raise GradeNotOnScale(field, raw, f"not a grade on the {self.key} scale ({self.describe()})")

    def describe(self) -> str:
        parts = []
        for grade in self.grades:
            prefix = f"{grade.number} " if grade.number is not None else ""
            parts.append(f"{prefix}{grade.label}")
        return "best first: " + "; ".join(parts)


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
        folded = _fold(printed).rstrip(":").strip()
        for timescale in self.timescales:
            if _fold(timescale.printed) == folded:
                return timescale
        used = ", ".join(repr(t.printed) for t in self.timescales) or "none"
        raise UnknownTimescale(
            field, printed, f"not a timescale the {self.key} framework uses (it uses: {used})"
        )

    def is_headline(self, area: str) -> bool:
        return area in self.headline_areas


def _four_best(*words: tuple[str, ...]) -> tuple[Grade, ...]:
    """A numbered scale on which 4 is best (APA, annual rating, JAR)."""
    bands = (Band.OUTSTANDING, Band.GOOD, Band.ADEQUATE, Band.INADEQUATE)
    return tuple(Grade(4 - i, w, b) for i, (w, b) in enumerate(zip(words, bands, strict=True)))


def _one_best(*words: tuple[str, ...]) -> tuple[Grade, ...]:
    """A numbered scale on which 1 is best (safeguarding and looked after children)."""
    bands = (Band.OUTSTANDING, Band.GOOD, Band.ADEQUATE, Band.INADEQUATE)
    return tuple(Grade(1 + i, w, b) for i, (w, b) in enumerate(zip(words, bands, strict=True)))


_OUTSTANDING_TO_INADEQUATE = (
    ("Outstanding",),
    ("Good",),
    ("Adequate",),
    ("Inadequate",),
)

APA_SCALE = GradeScale(
    "apa",
    _four_best(
        ("Outstanding", "Very good"),
        ("Good", "Good/promising", "Promising"),
        ("Adequate",),
        ("Inadequate",),
    ),
)
ANNUAL_RATING_SCALE = GradeScale(
    "annual_rating",
    _four_best(
        ("Performs excellently",),
        ("Performs well",),
        ("Performs adequately",),
        ("Performs poorly",),
    ),
)
JAR_SCALE = GradeScale("jar", _four_best(*_OUTSTANDING_TO_INADEQUATE))
SLAC_SCALE = GradeScale("slac", _one_best(*_OUTSTANDING_TO_INADEQUATE))
WORDS_SCALE = GradeScale(
    "words",
    (
        Grade(None, ("Outstanding",), Band.OUTSTANDING),
        Grade(None, ("Good",), Band.GOOD),
        Grade(None, ("Requires improvement to be good", "Requires improvement"), Band.ADEQUATE),
        Grade(None, ("Inadequate",), Band.INADEQUATE),
    ),
)

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
