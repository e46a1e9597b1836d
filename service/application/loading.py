"""Loading documents in bulk: the register first, then each document not yet
recorded, in batches, through the one write path.

Where the documents come from is an adapter's business (seed files today);
it hands over sources that read themselves and say where a refusal lies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from domain.errors import DomainError
from service.application.documents import Attribution, DocumentRejected, DocumentToPublish
from service.application.recording import Recording
from service.application.register import AuthorityToRegister, AuthorityToRename

LOADER = "inspections load"
# Documents saved together: one round trip and one transaction for each batch.
BATCH_SIZE = 100


class SourceError(ValueError):
    """A source that cannot be read, or a refusal located in it (file, line, field)."""


class RegisterSource(Protocol):
    # What the events say they were recorded through, e.g. "register file authorities.csv".
    origin: str

    def read(self) -> list[AuthorityToRegister]: ...

    def read_renames(self) -> list[AuthorityToRename]: ...

    def locate(self, refusal: DomainError) -> SourceError: ...


class DocumentSource(Protocol):
    origin: str

    def read(self) -> DocumentToPublish: ...

    def locate(self, refusal: DocumentRejected | DomainError) -> SourceError: ...


@dataclass
class LoadSummary:
    authorities_registered: int = 0
    authorities_replaced: int = 0
    authorities_renamed: int = 0
    authorities_already_registered: int = 0
    documents_recorded: int = 0
    documents_already_recorded: int = 0
    register_events: int = 0
    document_events: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def events_recorded(self) -> int:
        return self.register_events + self.document_events

    def describe(self) -> str:
        parts = [
            f"{self.documents_recorded} document(s) recorded ({self.document_events} events)",
            f"{self.documents_already_recorded} already recorded",
        ]
        if self.authorities_registered or self.authorities_replaced or self.authorities_renamed:
            registered = f"{self.authorities_registered} authorities registered"
            changes = f"{self.authorities_replaced} replacements, {self.authorities_renamed} renames"
            parts.append(f"{registered}, {changes} ({self.register_events} events)")
        if self.authorities_already_registered:
            parts.append(f"{self.authorities_already_registered} authorities already registered")
        if self.failures:
            parts.append(f"{len(self.failures)} file(s) refused")
        if not self.events_recorded and not self.failures:
            parts.append("nothing new to record")
        return "; ".join(parts)


# Called with the documents read so far and how many there are.
ReportProgress = Callable[[int, int], None]


def load(
    recording: Recording,
    register: RegisterSource | None,
    documents: Sequence[DocumentSource],
    progress: ReportProgress | None = None,
) -> LoadSummary:
    """Record what the sources hold that is not recorded yet. A refused
    source is reported in the summary; the others are still recorded."""
    summary = LoadSummary()
    if register is not None:
        _register(recording, register, summary)
    for start in range(0, len(documents), BATCH_SIZE):
        batch: list[tuple[DocumentSource, DocumentToPublish]] = []
        for source in documents[start : start + BATCH_SIZE]:
            try:
                batch.append((source, source.read()))
            except SourceError as error:
                summary.failures.append(str(error))
        if progress is not None:
            progress(min(start + BATCH_SIZE, len(documents)), len(documents))
        if not batch:
            continue
        outcome = recording.publish_batch(
            [(document, Attribution(LOADER, source.origin)) for source, document in batch]
        )
        summary.documents_recorded += len(outcome.recorded)
        summary.documents_already_recorded += len(outcome.already_recorded)
        summary.document_events += outcome.events
        for index, refusal in sorted(outcome.refused.items()):
            summary.failures.append(str(batch[index][0].locate(refusal)))
    return summary


def _register(recording: Recording, register: RegisterSource, summary: LoadSummary) -> None:
    try:
        entries, renames = register.read(), register.read_renames()
        outcome = recording.register_authorities(entries, Attribution(LOADER, register.origin), renames)
    except SourceError as error:
        summary.failures.append(str(error))
    except DomainError as error:
        summary.failures.append(str(register.locate(error)))
    else:
        summary.authorities_registered = len(outcome.registered)
        summary.authorities_replaced = len(outcome.replaced)
        summary.authorities_renamed = len(outcome.renamed)
        summary.authorities_already_registered = outcome.already_registered
        summary.register_events += outcome.events
