"""Seed files: the authority register (CSV) and documents (JSON Lines).

The format is described in docs/seed-format.md. The fields of each line are
those of the write path's dataclasses (service.application.documents), read
from their definitions, so a field added there is read here too. A malformed
line is reported with its file, line number, field and problem; nothing of
that file is recorded.
"""

from __future__ import annotations

import json
import re
import types
from dataclasses import MISSING, dataclass, fields, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from domain.errors import DomainError
from service.adapters.register_file import REGISTER_FILE, RegisterFile
from service.adapters.seed_format import SeedFormatError, parse_date
from service.application.documents import (
    DocumentRejected,
    DocumentToPublish,
    JudgementToRecord,
    RecommendationToIssue,
)


def normalise(text: str) -> str:
    """Text as quotes are compared: markup and bullet marks dropped, every run
    of whitespace (tabs, line and page breaks) one space."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("**", "").replace("•", " ")
    text = re.sub(r"(?m)^\s*- ", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class SeedDocument:
    path: Path
    document: DocumentToPublish
    # line number of the inspection, each judgement and recommendation, for error reports
    inspection_line: int
    judgement_lines: tuple[int, ...]
    recommendation_lines: tuple[int, ...]


class SeedFile:
    """One document's seed file, as the loader reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.origin = f"seed file {path.name}"
        self._read: SeedDocument | None = None

    def read(self) -> DocumentToPublish:
        self._read = read_document(self.path)
        return self._read.document

    def locate(self, refusal: DocumentRejected | DomainError) -> SeedFormatError:
        """A refusal by the write path, naming the line at fault."""
        seed = self._read
        line = None if seed is None else seed.inspection_line
        if isinstance(refusal, DomainError):
            return SeedFormatError(
                self.path, line, refusal.field, f"{refusal.problem} (got {refusal.value!r})"
            )
        first = refusal.problems[0]
        if seed is not None and first.path.startswith("judgements["):
            line = seed.judgement_lines[int(first.path[len("judgements[") : -1])]
        elif seed is not None and first.path.startswith("recommendations["):
            line = seed.recommendation_lines[int(first.path[len("recommendations[") : -1])]
        error = first.error
        return SeedFormatError(self.path, line, error.field, f"{error.problem} (got {error.value!r})")


def seed_sources(path: Path) -> tuple[RegisterFile | None, list[SeedFile]]:
    """The register file and the document files under `path`, in load order."""
    if path.is_dir():
        register = path / REGISTER_FILE
        documents = [SeedFile(p) for p in sorted(path.glob("*.jsonl"))]
        return (RegisterFile(register) if register.exists() else None), documents
    if path.suffix == ".csv":
        return RegisterFile(path), []
    if path.suffix == ".jsonl":
        return None, [SeedFile(path)]
    if not path.exists():
        raise SeedFormatError(path, None, None, "no such file or directory")
    raise SeedFormatError(path, None, None, "expected a directory, a .csv register or a .jsonl document")


def read_document(path: Path) -> SeedDocument:
    """Parse one JSON Lines document file, checking shape and types."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SeedFormatError(path, None, None, f"cannot read the file: {error}") from None
    _refuse_flags(path, lines)
    inspection: dict[str, Any] | None = None
    inspection_line = 0
    judgements: list[tuple[int, JudgementToRecord]] = []
    recommendations: list[tuple[int, RecommendationToIssue]] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        record = _parse_line(path, number, text)
        kind = record.get("record")
        if kind == "inspection":
            if inspection is not None:
                raise SeedFormatError(path, number, "record", "a file holds exactly one inspection record")
            inspection, inspection_line = _values(DocumentToPublish, path, number, record), number
        elif inspection is None:
            raise SeedFormatError(path, number, "record", "the first record must be the inspection")
        elif kind == "judgement":
            judgements.append((number, JudgementToRecord(**_values(JudgementToRecord, path, number, record))))
        elif kind == "recommendation":
            issued = RecommendationToIssue(**_values(RecommendationToIssue, path, number, record))
            recommendations.append((number, replace(issued, quote=issued.quote or issued.text)))
        else:
            raise SeedFormatError(
                path,
                number,
                "record",
                f"must be 'inspection', 'judgement' or 'recommendation' (got {kind!r})",
            )
    if inspection is None:
        raise SeedFormatError(path, None, "record", "no inspection record in the file")
    document = DocumentToPublish(
        **inspection,
        judgements=tuple(j for _, j in judgements),
        recommendations=tuple(r for _, r in recommendations),
    )
    seed = SeedDocument(
        path,
        document,
        inspection_line,
        tuple(n for n, _ in judgements),
        tuple(n for n, _ in recommendations),
    )
    _check_provenance(seed)
    return seed


FLAG = "flag"


class FlaggedForReview(SeedFormatError):
    """A seed file that still carries a flag: a person must settle the value."""

    def __init__(self, path: Path, flags: list[tuple[int, str]]) -> None:
        self.flags = flags
        (line, why), *others = flags
        lines = ", ".join(str(n) for n, _ in others)
        also = f" (also flagged: line{'s' if len(others) > 1 else ''} {lines})" if others else ""
        super().__init__(path, line, "flagged", f"{why}; edit the line and remove the flag{also}")


def review_flags(lines: list[str]) -> list[tuple[int, str]]:
    """Each flagged record's line number and why it was flagged. Lines that
    are not JSON objects are left for the reading that follows to report."""
    found = []
    for number, text in enumerate(lines, start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and FLAG in record:
            why = record[FLAG]
            found.append(
                (number, why.strip() if isinstance(why, str) and why.strip() else "(no reason given)")
            )
    return found


def _refuse_flags(path: Path, lines: list[str]) -> None:
    """Refuse a file with any flag before reading its fields: a flagged value
    is the writer's guess, and what else is wrong with the line can wait for
    the person who settles it."""
    flags = review_flags(lines)
    if flags:
        raise FlaggedForReview(path, flags)


@cache
def _line_fields(cls: type) -> tuple[tuple[str, type, bool], ...]:
    """The fields a line of `cls` may carry: name, type (str or date) and
    whether it is required. A document's judgements and recommendations are
    lines of their own, so fields holding several values are left out."""
    hints = get_type_hints(cls)
    found = []
    for definition in fields(cls):
        hint = hints[definition.name]
        if get_origin(hint) is tuple:
            continue
        required = definition.default is MISSING and definition.default_factory is MISSING
        if get_origin(hint) in (Union, types.UnionType):
            (hint,) = (a for a in get_args(hint) if a is not type(None))
        found.append((definition.name, hint, required))
    return tuple(found)


def _values(cls: type, path: Path, number: int, record: dict[str, Any]) -> dict[str, Any]:
    """The fields of one line as `cls` takes them, each checked."""
    line_fields = _line_fields(cls)
    unknown = sorted(set(record) - {"record"} - {name for name, _, _ in line_fields})
    if unknown:
        raise SeedFormatError(path, number, unknown[0], "unknown field")
    for name, _, required in sorted(line_fields):
        if required and record.get(name) in (None, ""):
            raise SeedFormatError(path, number, name, "required")
    values: dict[str, Any] = {}
    for name, kind, required in line_fields:
        text = _text(path, number, record, name)
        if required and (text is None or not text.strip()):
            raise SeedFormatError(path, number, name, "required")
        values[name] = parse_date(path, number, name, text) if kind is date and text is not None else text
    return values


def _check_provenance(seed: SeedDocument) -> None:
    """Where the source is a file beside the seeds, every quote must occur in it."""
    document, path = seed.document, seed.path
    if document.source is None or "://" in document.source:
        return
    source = _source_path(seed, document.source)
    try:
        text = normalise(source.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problem = (
            f"{document.source} is not UTF-8 text; a PDF is converted to text first (see docs/seed-format.md)"
        )
        raise SeedFormatError(path, seed.inspection_line, "source", problem) from None
    except OSError as error:
        raise SeedFormatError(
            path, seed.inspection_line, "source", f"cannot read {source}: {error}"
        ) from None
    quoted = [
        (line, j.quote, "quote") for line, j in zip(seed.judgement_lines, document.judgements, strict=True)
    ]
    quoted += [
        (line, r.quote, "quote" if r.quote != r.text else "text")
        for line, r in zip(seed.recommendation_lines, document.recommendations, strict=True)
    ]
    for line, quote, field in quoted:
        # Exactly once, so that the quote points at one place in the document.
        found = text.count(normalise(quote)) if quote else 1
        if found == 0:
            raise SeedFormatError(path, line, field, f"does not occur in the source {document.source}")
        if found > 1:
            problem = f"occurs {found} times in the source {document.source}; quote enough to find one place"
            raise SeedFormatError(path, line, field, problem)


def _source_path(seed: SeedDocument, source: str) -> Path:
    """The source file, which must lie under the seed file's own directory, so
    that a directory of seeds carries its evidence with it."""
    relative = Path(source)
    if relative.is_absolute() or ".." in relative.parts:
        problem = f"must be a path under the seed file's directory or a URL (got {source!r})"
        raise SeedFormatError(seed.path, seed.inspection_line, "source", problem)
    found = seed.path.parent / relative
    if not found.is_file():
        raise SeedFormatError(seed.path, seed.inspection_line, "source", f"no such file {found}")
    return found


def _parse_line(path: Path, number: int, text: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise SeedFormatError(
            path, number, None, f"not valid JSON: {error.msg} at column {error.colno}"
        ) from None
    if not isinstance(record, dict):
        raise SeedFormatError(path, number, None, "each line must be a JSON object")
    return record


def _text(path: Path, number: int, record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SeedFormatError(path, number, name, f"must be text or null (got {value!r})")
    return value
