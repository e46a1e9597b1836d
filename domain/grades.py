"""Grades and the scales they sit on, and the band each grade normalises to.

Grade scales run in opposite directions between frameworks (a raw "3" is GOOD
in an APA and ADEQUATE in a 2012 inspection), so normalisation to a band is a
property of the scale and is defined here once; each framework names its
scale (domain.frameworks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from domain.errors import GradeNotOnScale


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


# ASCII digits only (re.ASCII): a grade printed as "３" or "٣" was never printed.
_NUMBERED = re.compile(r"^(?:grade\s*)?(\d)$", re.ASCII)
_WORD_AND_NUMBER = re.compile(r"^(?P<word>[^()]+?)\s*\(\s*(?:grade\s*)?(?P<number>\d)\s*\)$", re.ASCII)
_NUMBER_AND_WORD = re.compile(r"^(?:grade\s*)?(?P<number>\d)\s*\(\s*(?P<word>[^()]+?)\s*\)$", re.ASCII)
# The verb before a grade where a report prints it in a sentence: "services
# are good", "overall effectiveness is: inadequate".
_SENTENCE_VERB = re.compile(r"^(?:is|are)(?:\s*:\s*|\s+)")


def fold(text: str) -> str:
    """Text as grades and timescales are compared: case, runs of spaces and curly quotes aside."""
    return " ".join(text.replace("’", "'").split()).casefold()


@dataclass(frozen=True)
class GradeScale:
    """An ordered set of grades; `grades` lists them best first."""

    key: str
    grades: tuple[Grade, ...]
    # Whether its documents print a grade inside a sentence ("children's
    # services are good"), so a leading "is" or "are" and a closing full
    # stop are not part of the grade.
    in_sentences: bool = False

    @property
    def best(self) -> Grade:
        return self.grades[0]

    def grade_for(self, raw: str, field: str = "raw") -> Grade:
        """The grade a raw printed value denotes.

        Accepts what documents print: "3", "Grade 3", "Good", "Performs well",
        "Performs well (3)", "Grade 3 (Adequate)", and on a scale printed in
        sentences "are good" or "is: inadequate". Where both a number and a
        word are printed they must agree, or the value is refused.
        """
        text = fold(raw)
        if self.in_sentences:
            text = _SENTENCE_VERB.sub("", text.removesuffix(".").rstrip())
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
        folded = fold(word)
        for grade in self.grades:
            if any(fold(w) == folded for w in grade.words):
                return grade
        raise GradeNotOnScale(field, raw, f"not a grade on the {self.key} scale ({self.describe()})")

    def describe(self) -> str:
        parts = []
        for grade in self.grades:
            prefix = f"{grade.number} " if grade.number is not None else ""
            parts.append(f"{prefix}{grade.label}")
        return "best first: " + "; ".join(parts)


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
        Grade(
            None,
            (
                "Requires improvement to be good",
                "Requires improvement",
                # As a sentence about services (plural) prints it.
                "Require improvement to be good",
                "Require improvement",
            ),
            Band.ADEQUATE,
        ),
        Grade(None, ("Inadequate",), Band.INADEQUATE),
    ),
    in_sentences=True,
)
