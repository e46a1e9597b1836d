"""Random histories of the record: authorities registered, documents
published in any order of publication date (two of one series on the same
day now and then), judgements corrected, documents withdrawn, authorities
replaced, each through the one write path."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from service.application.documents import (
    Attribution,
    CorrectionToRecord,
    DocumentRejected,
    DocumentToPublish,
    JudgementToRecord,
    RecommendationToIssue,
)
from service.application.recording import Recording
from service.application.register import AuthorityToRegister

BY = Attribution("reference", "tests.reference")

# Framework: the years it may be published in, its themes, areas and grades as printed.
FRAMEWORKS: dict[str, tuple[date, date, tuple[str | None, ...], tuple[str, ...], tuple[str, ...]]] = {
    "apa": (
        date(2005, 6, 1),
        date(2009, 12, 31),
        (None,),
        ("overall_effectiveness", "staying_safe", "capacity_to_improve"),
        ("4", "3", "Grade 2", "1"),
    ),
    "annual_rating": (
        date(2009, 1, 1),
        date(2012, 12, 31),
        (None,),
        ("childrens_services_rating",),
        ("Performs excellently", "Performs well", "Performs adequately (2)", "Performs poorly"),
    ),
    "slac": (
        date(2009, 6, 1),
        date(2013, 12, 31),
        ("safeguarding", "looked_after_children"),
        ("overall_effectiveness", "capacity_to_improve"),
        ("Grade 1", "Grade 2", "Grade 3 (Adequate)", "Grade 4"),
    ),
    "sif": (
        date(2013, 11, 1),
        date(2018, 6, 30),
        (None,),
        ("overall_effectiveness", "leadership_and_management"),
        ("Outstanding", "Good", "Requires improvement to be good", "Inadequate"),
    ),
    "ilacs": (
        date(2018, 1, 1),
        date(2025, 12, 31),
        (None,),
        ("overall_effectiveness", "leadership_and_management"),
        ("Outstanding", "Good", "Requires improvement", "Inadequate"),
    ),
}


@dataclass(frozen=True)
class Register:
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Publish:
    authority: str
    framework: str
    published_on: date
    # (theme, area, raw) for each judgement
    judgements: tuple[tuple[str | None, str, str], ...]
    recommendations: int


@dataclass(frozen=True)
class Correct:
    # The document (its index among the history's publications) and judgement.
    document: int
    judgement: int
    raw: str


@dataclass(frozen=True)
class Withdraw:
    document: int


@dataclass(frozen=True)
class Replace:
    authority: str
    successor: str
    replaced_on: date


Step = Register | Publish | Correct | Withdraw | Replace


def history(rng: random.Random, codes: tuple[str, ...], steps: int) -> list[Step]:
    """A history over these authorities; the last of them is kept to succeed another."""
    made: list[Step] = [Register(codes)]
    published: list[Publish] = []
    for _ in range(steps):
        roll = rng.random()
        if published and roll < 0.2:
            index = rng.randrange(len(published))
            document = published[index]
            grades = FRAMEWORKS[document.framework][4]
            made.append(Correct(index, rng.randrange(len(document.judgements)), rng.choice(grades)))
        elif published and roll < 0.28:
            made.append(Withdraw(rng.randrange(len(published))))
        else:
            publish = _publication(rng, codes[:-1], published)
            published.append(publish)
            made.append(publish)
    if rng.random() < 0.3:
        made.append(Replace(codes[0], codes[-1], date(2024, 4, 1)))
    return made


def _publication(rng: random.Random, codes: tuple[str, ...], published: list[Publish]) -> Publish:
    key = rng.choice(list(FRAMEWORKS))
    first, last, themes, areas, grades = FRAMEWORKS[key]
    published_on = first + timedelta(days=rng.randrange((last - first).days + 1))
    authority = rng.choice(codes)
    same_day = [p for p in published if p.framework != key and first <= p.published_on <= last]
    if same_day and rng.random() < 0.3:
        # Another document of its series the same day (APA and annual rating
        # in 2009; SLAC and SIF in 2013), or of another series.
        other = rng.choice(same_day)
        authority, published_on = other.authority, other.published_on
    chosen_areas = rng.sample(areas, rng.randint(1, len(areas)))
    judgements = tuple((theme, area, rng.choice(grades)) for theme in themes for area in chosen_areas)
    return Publish(authority, key, published_on, judgements, rng.randint(0, 2))


def apply(recording: Recording, steps: list[Step]) -> None:
    """Record a history through the write path; a step the record refuses
    (an inspection already recorded, a correction to the same grade, a
    withdrawn document) records nothing, as it would for anyone."""
    documents: list[str | None] = []
    for step in steps:
        if isinstance(step, Register):
            recording.register_authorities(
                [AuthorityToRegister(gss_code=c, name=f"Council {c}") for c in step.codes], BY
            )
        elif isinstance(step, Replace):
            recording.register_authorities(
                [
                    AuthorityToRegister(
                        gss_code=step.authority,
                        name=f"Council {step.authority}",
                        replaced_by=(step.successor,),
                        replaced_on=step.replaced_on,
                    ),
                    AuthorityToRegister(gss_code=step.successor, name=f"Council {step.successor}"),
                ],
                BY,
            )
        elif isinstance(step, Publish):
            documents.append(_publish(recording, step))
        else:
            _change(recording, step, documents)


def _publish(recording: Recording, step: Publish) -> str | None:
    timescale = "Within three months" if step.framework == "slac" else None
    document = DocumentToPublish(
        authority=step.authority,
        framework=step.framework,
        title=f"A {step.framework} document",
        published_on=step.published_on,
        judgements=tuple(
            JudgementToRecord(theme=theme, area=area, area_label=area, raw=raw)
            for theme, area, raw in step.judgements
        ),
        recommendations=tuple(
            RecommendationToIssue(text=f"act on {i}", kind="recommendation", timescale=timescale)
            for i in range(step.recommendations)
        ),
    )
    try:
        return str(recording.publish(document, BY).inspection_id)
    except (DocumentRejected, ValueError):
        return None


def _change(recording: Recording, step: Correct | Withdraw, documents: list[str | None]) -> None:
    if step.document >= len(documents) or documents[step.document] is None:
        return
    inspection_id = documents[step.document]
    assert inspection_id is not None
    try:
        if isinstance(step, Withdraw):
            recording.withdraw(
                inspection_id, reason="published in error", withdrawn_by="reference", attribution=BY
            )
            return
        document = recording.records.inspection(UUID(inspection_id))
        assert document is not None
        ids = list(document.judgements.values())
        if step.judgement >= len(ids):
            return
        correction = CorrectionToRecord(
            judgement=str(ids[step.judgement]), raw=step.raw, reason="keyed wrongly"
        )
        recording.correct_judgement(correction, corrected_by="reference", attribution=BY)
    except ValueError:
        pass
