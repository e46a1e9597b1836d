"""Loading seed files into the record: the register first, then documents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eventsourcing.persistence import IntegrityError

from domain.authorities import Authority
from domain.errors import DocumentAlreadyRecorded, DomainError
from domain.inspection import Inspection
from service.adapters.seed_files import SeedFormatError, read_document, read_register
from service.application.records import Attribution, DocumentRejected, InspectionRecords

REGISTER_FILE = "authorities.csv"
LOADER = "inspections load"
# Documents saved together: one round trip and one transaction for each batch.
BATCH_SIZE = 100


@dataclass
class LoadSummary:
    authorities_registered: int = 0
    authorities_replaced: int = 0
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
        if self.authorities_registered or self.authorities_replaced:
            registered = f"{self.authorities_registered} authorities registered"
            parts.append(
                f"{registered}, {self.authorities_replaced} replacements ({self.register_events} events)"
            )
        if self.authorities_already_registered:
            parts.append(f"{self.authorities_already_registered} authorities already registered")
        if self.failures:
            parts.append(f"{len(self.failures)} file(s) refused")
        if not self.events_recorded and not self.failures:
            parts.append("nothing new to record")
        return "; ".join(parts)


Progress = Callable[[int, int, str], None]


def seed_files(path: Path) -> tuple[Path | None, list[Path]]:
    """The register file and the document files under `path`, in load order."""
    if path.is_dir():
        register = path / REGISTER_FILE
        return (register if register.exists() else None), sorted(path.glob("*.jsonl"))
    if path.suffix == ".csv":
        return path, []
    if path.suffix == ".jsonl":
        return None, [path]
    if not path.exists():
        raise SeedFormatError(path, None, None, "no such file or directory")
    raise SeedFormatError(path, None, None, "expected a directory, a .csv register or a .jsonl document")


def load(records: InspectionRecords, path: Path, progress: Progress | None = None) -> LoadSummary:
    """Record what `path` holds that is not recorded yet. A refused file is
    reported in the summary; the others are still recorded."""
    summary = LoadSummary()
    register, documents = seed_files(path)
    if register is not None:
        try:
            outcome = records.register_authorities(
                read_register(register), Attribution(LOADER, f"register file {register.name}")
            )
        except (SeedFormatError, DomainError) as error:
            summary.failures.append(
                str(error) if isinstance(error, SeedFormatError) else f"{register}: {error}"
            )
        else:
            summary.authorities_registered = len(outcome.registered)
            summary.authorities_replaced = len(outcome.replaced)
            summary.authorities_already_registered = outcome.already_registered
            summary.register_events += len(outcome.registered) + len(outcome.replaced)
    done = 0
    for start in range(0, len(documents), BATCH_SIZE):
        batch: list[tuple[Path, Inspection]] = []
        authorities: dict[str, Authority | None] = {}
        for document_path in documents[start : start + BATCH_SIZE]:
            done += 1
            if progress is not None:
                progress(done, len(documents), document_path.name)
            try:
                seed = read_document(document_path)
                try:
                    batch.append((document_path, records.build(seed.document, authorities)))
                except DocumentRejected as rejection:
                    raise seed.locate(rejection) from None
            except SeedFormatError as error:
                summary.failures.append(str(error))
        if not batch:
            continue
        try:
            records.save_attributed([(built, _attribution(path)) for path, built in batch])
        except IntegrityError:
            # Some of the batch is recorded already (a repeated load, or another
            # writer meanwhile): nothing of it was saved, so take it one by one.
            for path, _ in batch:
                _load_one(records, path, summary)
        else:
            summary.documents_recorded += len(batch)
            summary.document_events += sum(built.version for _, built in batch)
    return summary


def _attribution(document_path: Path) -> Attribution:
    return Attribution(LOADER, f"seed file {document_path.name}")


def _load_one(records: InspectionRecords, document_path: Path, summary: LoadSummary) -> None:
    """Record one document unless it is recorded already with the same content."""
    try:
        seed = read_document(document_path)
        built = records.build(seed.document)
        if records.is_recorded(seed.document):
            if records.differs_from_recorded(built):
                raise SeedFormatError(
                    document_path,
                    None,
                    None,
                    f"{seed.document.describe()} is recorded with other content; a recorded document "
                    "is never edited: record a correction or a withdrawal instead",
                )
            summary.documents_already_recorded += 1
            return
        records.record_built(built, seed.document, _attribution(document_path))
    except SeedFormatError as error:
        summary.failures.append(str(error))
    except DocumentAlreadyRecorded:
        summary.documents_already_recorded += 1
    else:
        summary.documents_recorded += 1
        summary.document_events += built.version
