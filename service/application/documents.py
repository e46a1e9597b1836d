"""What a published document states, as the write path takes it.

These dataclasses are the one definition of a document's fields: the seed
file reader (service.adapters.seed_files) and the GraphQL inputs
(service.api.graphql.inputs) are derived from them, so a new field is added
here and nowhere else. Fields are keyword-only so that they can be listed in
the order a person reads them, required and optional mixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import DomainError, shown
from domain.inspection import inspection_id

# Marks a field that names something by its key or id rather than stating prose.
KEY: dict[str, Any] = {"key": True}


@dataclass(frozen=True, kw_only=True)
class JudgementToRecord:
    """One graded area, as printed."""

    theme: str | None = None
    area: str
    area_label: str
    raw: str
    label: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecommendationToIssue:
    """A recommendation, area for development or area for exploration, as printed."""

    text: str
    kind: str
    theme: str | None = None
    timescale: str | None = None
    area: str | None = None
    section: str | None = None
    quote: str | None = None


@dataclass(frozen=True, kw_only=True)
class DocumentToPublish:
    """A letter or report with everything it states."""

    authority: str = field(metadata=KEY)
    framework: str = field(metadata=KEY)
    title: str
    published_on: date
    first_day: date | None = None
    last_day: date | None = None
    assessment_meeting_on: date | None = None
    source: str | None = None
    judgements: tuple[JudgementToRecord, ...]
    recommendations: tuple[RecommendationToIssue, ...] = ()

    @property
    def inspection_id(self) -> UUID:
        return inspection_id(self.authority, self.framework, self.published_on)

    def describe(self) -> str:
        return f"{self.framework} for {self.authority} published {self.published_on.isoformat()}"


@dataclass(frozen=True, kw_only=True)
class CorrectionToRecord:
    """A judgement's grade was wrong: the grade it should have had, and why."""

    judgement: str = field(metadata=KEY)
    raw: str
    label: str | None = None
    reason: str


@dataclass(frozen=True)
class Attribution:
    """Who recorded events and through what: carried by every event saved."""

    recorded_by: str
    recorded_via: str


UNATTRIBUTED = Attribution(recorded_by="unknown", recorded_via="unknown")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: `path` locates the part (`judgements[3]`)."""

    path: str
    error: DomainError

    @property
    def field_path(self) -> str:
        return f"{self.path}.{self.error.field}" if self.path else self.error.field

    def describe(self) -> str:
        return f"{self.field_path}: {self.error.problem} (got {shown(self.error.value)})"


class DocumentRejected(ValueError):
    """A document with problems; nothing of it is recorded. Every judgement
    and recommendation is checked, so all their problems are reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.describe() for p in problems))
