"""Small factories for documents and authorities used across the tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.authorities import Authority
from domain.inspection import Inspection
from service.adapters.seed_files import seed_sources
from service.application.documents import DocumentToPublish, JudgementToRecord, RecommendationToIssue
from service.application.loading import LoadSummary, load
from service.application.recording import Recording
from service.application.register import AuthorityToRegister

STOCKPORT = "E08000007"
BURY = "E08000002"


def stockport() -> Authority:
    return Authority.register(gss_code_value=STOCKPORT, name="Stockport", la_number=356)


def register_entries() -> list[AuthorityToRegister]:
    return [
        AuthorityToRegister(gss_code=STOCKPORT, name="Stockport", la_number=356),
        AuthorityToRegister(gss_code=BURY, name="Bury", la_number=351),
    ]


def inspection_2012(**overrides: object) -> Inspection:
    arguments: dict[str, object] = {
        "authority": stockport(),
        "authority_code": STOCKPORT,
        "framework_key": "slac",
        "title": "Inspection of safeguarding and looked after children services",
        "published_on": date(2012, 3, 23),
        "today": date(2026, 11, 23),
        "first_day": date(2012, 2, 6),
        "last_day": date(2012, 2, 17),
    }
    arguments.update(overrides)
    return Inspection.publish(**arguments)  # type: ignore[arg-type]


def judgement(**overrides: object) -> JudgementToRecord:
    area = {"theme": "safeguarding", "area": "overall_effectiveness", "area_label": "Overall effectiveness"}
    grade = {"raw": "Grade 3", "label": "Adequate"}
    return JudgementToRecord(**(area | grade | overrides))  # type: ignore[arg-type]


def recommendation(**overrides: object) -> RecommendationToIssue:
    text = "ensure that dentists are supported to engage with safeguarding arrangements"
    listed = {"kind": "recommendation", "theme": "safeguarding", "timescale": "Within three months"}
    return RecommendationToIssue(**(listed | {"text": text} | overrides))  # type: ignore[arg-type]


def document(**overrides: object) -> DocumentToPublish:
    fields: dict[str, object] = {
        "authority": STOCKPORT,
        "framework": "slac",
        "title": "Inspection of safeguarding and looked after children services",
        "published_on": date(2012, 3, 23),
        "first_day": date(2012, 2, 6),
        "last_day": date(2012, 2, 17),
        "source": "test",
        # Each theme's headline: a SLAC document without one is refused.
        "judgements": (judgement(), judgement(theme="looked_after_children", raw="Grade 2", label="Good")),
        "recommendations": (recommendation(),),
    }
    fields.update(overrides)
    return DocumentToPublish(**fields)  # type: ignore[arg-type]


def load_seeds(recording: Recording, path: Path) -> LoadSummary:
    """Load seed files as `inspections load PATH` does."""
    register, documents = seed_sources(path)
    return load(recording, register, documents)
