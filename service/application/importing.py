"""Importing published documents: a letter or report becomes a document to
review, written as a seed file, and recorded through the one write path
only when nothing in it is uncertain.

Reading a document (its text, its framework, authority, dates, judgements and
recommendations) is an adapter's business; so is writing the seed file and
reading it back with the loader's own checks. This module decides what
becomes of each file: refused, flagged for a person, or recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from domain.errors import DomainError
from service.application.documents import Attribution, DocumentRejected, DocumentToPublish
from service.application.recording import Recording

IMPORTER = "inspections import"


@dataclass(frozen=True)
class Flag:
    """A value the importer is not sure of: a person checks it before it is recorded."""

    field: str
    why: str


@dataclass(frozen=True)
class FieldProblem:
    field: str
    problem: str


@dataclass(frozen=True)
class ImportedDocument:
    """What a file states, with where each document value came from
    (`printed`, `file name`, `option`) and what is uncertain."""

    file: Path
    document: DocumentToPublish
    origins: dict[str, str]
    flags: tuple[Flag, ...]
    # The text quotes are checked against, and a digest of the file as read.
    source_text: str
    sha256: str


class ImportRefused(ValueError):
    """A file that cannot become a document: unreadable, of no known
    framework or authority. Nothing of it is written."""

    def __init__(self, file: Path, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(f"{file}: {field}: {problem}")


class DocumentReader(Protocol):
    def read(self, file: Path) -> ImportedDocument: ...


class ReviewedFiles(Protocol):
    """Where imported documents are written for review, and read back with
    the loader's checks (seed format, provenance of every quote)."""

    def write(self, imported: ImportedDocument) -> Path: ...

    def check(self, written: Path, imported: ImportedDocument) -> list[FieldProblem]: ...


@dataclass
class ImportOutcome:
    file: Path
    imported: ImportedDocument | None = None
    written: Path | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    recorded: bool = False
    already_recorded: bool = False

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def flagged(self) -> bool:
        return self.imported is not None and bool(self.imported.flags)


def import_documents(
    files: Sequence[Path],
    reader: DocumentReader,
    reviewed: ReviewedFiles,
    recording: Recording | None = None,
    checking: Recording | None = None,
) -> list[ImportOutcome]:
    """Read and write each file for review; with a `recording`, record those
    that are neither refused nor flagged, each attributed to its file.
    Without one, `checking` (a write path on a store holding the register)
    applies every guard of the write path, recording nothing."""
    outcomes = []
    for file in files:
        outcome = ImportOutcome(file)
        outcomes.append(outcome)
        try:
            outcome.imported = reader.read(file)
        except ImportRefused as refusal:
            outcome.problems.append(FieldProblem(refusal.field, refusal.problem))
            continue
        try:
            outcome.written = reviewed.write(outcome.imported)
        except ImportRefused as refusal:
            outcome.problems.append(FieldProblem(refusal.field, refusal.problem))
            continue
        outcome.problems.extend(reviewed.check(outcome.written, outcome.imported))
        if checking is not None and not outcome.problems:
            outcome.problems.extend(_guarded(checking, outcome.imported))
    if recording is not None:
        _record(recording, [o for o in outcomes if not o.refused and not o.flagged])
    return outcomes


def _record(recording: Recording, outcomes: list[ImportOutcome]) -> None:
    entries = []
    for outcome in outcomes:
        assert outcome.imported is not None
        imported = outcome.imported
        via = f"imported file {imported.file.name} sha256 {imported.sha256}"
        entries.append((imported.document, Attribution(IMPORTER, via)))
    if not entries:
        return
    batch = recording.publish_batch(entries)
    for index in batch.recorded:
        outcomes[index].recorded = True
    for index in batch.already_recorded:
        outcomes[index].already_recorded = True
    for index, refusal in batch.refused.items():
        outcomes[index].problems.extend(_problems(refusal))


def _guarded(checking: Recording, imported: ImportedDocument) -> list[FieldProblem]:
    """What the write path would refuse, but on a record a flag already
    sends to a person (the flag's doubt may be the cause)."""
    try:
        checking.build(imported.document)
    except DocumentRejected as rejected:
        flagged = {flag.field for flag in imported.flags}
        return [
            problem
            for problem in _problems(rejected)
            if not any(problem.field == f or problem.field.startswith(f"{f}.") for f in flagged)
        ]
    return []


def _problems(refusal: DocumentRejected | DomainError) -> list[FieldProblem]:
    if isinstance(refusal, DomainError):
        return [FieldProblem(refusal.field, f"{refusal.problem} ({refusal.value})")]
    return [FieldProblem(p.field_path, p.describe().split(": ", 1)[1]) for p in refusal.problems]
