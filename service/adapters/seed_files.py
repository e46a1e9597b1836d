"""Reading seed files: the authority register (CSV) and documents (JSON Lines).

The format is described in docs/seed-format.md. A malformed line is reported
with its file, line number, field and problem; nothing of that file is
recorded.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from service.application.records import (
    AuthorityToRegister,
    DocumentRejected,
    DocumentToPublish,
    JudgementToRecord,
    RecommendationToIssue,
)

INSPECTION_FIELDS = {
    "record",
    "authority",
    "framework",
    "title",
    "published_on",
    "assessment_meeting_on",
    "first_day",
    "last_day",
    "source",
}
JUDGEMENT_FIELDS = {"record", "theme", "area", "area_label", "raw", "label", "section", "quote"}
RECOMMENDATION_FIELDS = {"record", "kind", "theme", "area", "text", "timescale", "section", "quote"}
REGISTER_COLUMNS = (
    "gss_code",
    "dfe_la_number",
    "ofsted_urn",
    "name",
    "also_known_as",
    "region",
    "la_type",
    "replaced_by",
    "replaced_on",
)


def normalise(text: str) -> str:
    """Text as quotes are compared: markup and bullet marks dropped, every run
    of whitespace (tabs, line and page breaks) one space."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("**", "").replace("•", " ")
    text = re.sub(r"(?m)^\s*- ", " ", text)
    return " ".join(text.split())


class SeedFormatError(ValueError):
    """A problem in a seed file, located by file and line."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = self.path if line is None else f"{self.path}:{line}"
        what = f"{field}: {problem}" if field else problem
        super().__init__(f"{where}: {what}")


@dataclass(frozen=True)
class SeedDocument:
    path: Path
    document: DocumentToPublish
    # line number of each judgement and recommendation, for error reports
    judgement_lines: tuple[int, ...]
    recommendation_lines: tuple[int, ...]

    def locate(self, rejection: DocumentRejected) -> SeedFormatError:
        """Turn a rejection by the domain into an error naming the line."""
        line = 1
        path = rejection.path
        if path.startswith("judgements["):
            line = self.judgement_lines[int(path[len("judgements[") : -1])]
        elif path.startswith("recommendations["):
            line = self.recommendation_lines[int(path[len("recommendations[") : -1])]
        error = rejection.error
        return SeedFormatError(self.path, line, error.field, f"{error.problem} (got {error.value!r})")


def read_document(path: Path) -> SeedDocument:
    """Parse one JSON Lines document file, checking shape and types."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise SeedFormatError(path, None, None, f"cannot read the file: {error}") from None
    inspection: dict[str, Any] | None = None
    judgements: list[JudgementToRecord] = []
    recommendations: list[RecommendationToIssue] = []
    judgement_lines: list[int] = []
    recommendation_lines: list[int] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        record = _parse_line(path, number, text)
        kind = record.get("record")
        if kind == "inspection":
            if inspection is not None:
                raise SeedFormatError(path, number, "record", "a file holds exactly one inspection record")
            _check_fields(
                path,
                number,
                record,
                INSPECTION_FIELDS,
                required={"authority", "framework", "title", "published_on"},
            )
            inspection = record
            continue
        if inspection is None:
            raise SeedFormatError(path, number, "record", "the first record must be the inspection")
        if kind == "judgement":
            _check_fields(path, number, record, JUDGEMENT_FIELDS, required={"area", "area_label", "raw"})
            judgements.append(
                JudgementToRecord(
                    theme=_text(path, number, record, "theme"),
                    area=_required_text(path, number, record, "area"),
                    area_label=_required_text(path, number, record, "area_label"),
                    raw=_required_text(path, number, record, "raw"),
                    label=_text(path, number, record, "label"),
                    section=_text(path, number, record, "section"),
                    quote=_text(path, number, record, "quote"),
                )
            )
            judgement_lines.append(number)
        elif kind == "recommendation":
            _check_fields(path, number, record, RECOMMENDATION_FIELDS, required={"kind", "text"})
            text_value = _required_text(path, number, record, "text")
            recommendations.append(
                RecommendationToIssue(
                    kind=_required_text(path, number, record, "kind"),
                    text=text_value,
                    theme=_text(path, number, record, "theme"),
                    area=_text(path, number, record, "area"),
                    timescale=_text(path, number, record, "timescale"),
                    section=_text(path, number, record, "section"),
                    quote=_text(path, number, record, "quote") or text_value,
                )
            )
            recommendation_lines.append(number)
        else:
            raise SeedFormatError(
                path,
                number,
                "record",
                f"must be 'inspection', 'judgement' or 'recommendation' (got {kind!r})",
            )
    if inspection is None:
        raise SeedFormatError(path, None, "record", "no inspection record in the file")
    inspection_line = next(
        n for n, t in enumerate(lines, start=1) if t.strip() and not t.lstrip().startswith("#")
    )
    document = DocumentToPublish(
        authority=_required_text(path, inspection_line, inspection, "authority"),
        framework=_required_text(path, inspection_line, inspection, "framework"),
        title=_required_text(path, inspection_line, inspection, "title"),
        published_on=_required_date(path, inspection_line, inspection, "published_on"),
        assessment_meeting_on=_date(path, inspection_line, inspection, "assessment_meeting_on"),
        first_day=_date(path, inspection_line, inspection, "first_day"),
        last_day=_date(path, inspection_line, inspection, "last_day"),
        source=_text(path, inspection_line, inspection, "source"),
        judgements=tuple(judgements),
        recommendations=tuple(recommendations),
    )
    _check_provenance(path, inspection_line, document, judgement_lines, recommendation_lines)
    return SeedDocument(path, document, tuple(judgement_lines), tuple(recommendation_lines))


def _check_provenance(
    path: Path,
    inspection_line: int,
    document: DocumentToPublish,
    judgement_lines: list[int],
    recommendation_lines: list[int],
) -> None:
    """Where the source is a file beside the seeds, every quote must occur in it."""
    if document.source is None or "://" in document.source:
        return
    source = path.parent / document.source
    if not source.is_file():
        raise SeedFormatError(path, inspection_line, "source", f"no such file {source}")
    text = normalise(source.read_text(encoding="utf-8"))
    quoted = [(line, j.quote, "quote") for line, j in zip(judgement_lines, document.judgements, strict=True)]
    quoted += [
        (line, r.quote, "quote" if r.quote != r.text else "text")
        for line, r in zip(recommendation_lines, document.recommendations, strict=True)
    ]
    for line, quote, field in quoted:
        if quote and normalise(quote) not in text:
            raise SeedFormatError(path, line, field, f"does not occur in the source {document.source}")


def read_register(path: Path) -> list[AuthorityToRegister]:
    """Parse the authority register CSV (columns as in seed_events/authorities.csv)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise SeedFormatError(path, None, None, f"cannot read the file: {error}") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REGISTER_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SeedFormatError(path, 1, ", ".join(missing), "missing column")
        entries = []
        for row in reader:
            line = reader.line_num
            la_number = row["dfe_la_number"].strip()
            if la_number and not la_number.isdigit():
                raise SeedFormatError(path, line, "dfe_la_number", f"not a number (got {la_number!r})")
            replaced_on = row["replaced_on"].strip()
            entries.append(
                AuthorityToRegister(
                    gss_code=row["gss_code"].strip(),
                    name=row["name"].strip(),
                    la_number=int(la_number) if la_number else None,
                    ofsted_urn=row["ofsted_urn"].strip() or None,
                    also_known_as=tuple(n.strip() for n in row["also_known_as"].split(";") if n.strip()),
                    region=row["region"].strip() or None,
                    la_type=row["la_type"].strip() or None,
                    replaced_by=tuple(c.strip() for c in row["replaced_by"].split(";") if c.strip()),
                    replaced_on=_parse_date(path, line, "replaced_on", replaced_on) if replaced_on else None,
                )
            )
        return entries


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


def _check_fields(
    path: Path, number: int, record: dict[str, Any], allowed: set[str], required: set[str]
) -> None:
    unknown = sorted(set(record) - allowed)
    if unknown:
        raise SeedFormatError(path, number, unknown[0], "unknown field")
    for name in sorted(required):
        if record.get(name) in (None, ""):
            raise SeedFormatError(path, number, name, "required")


def _text(path: Path, number: int, record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SeedFormatError(path, number, name, f"must be text or null (got {value!r})")
    return value


def _required_text(path: Path, number: int, record: dict[str, Any], name: str) -> str:
    value = _text(path, number, record, name)
    if value is None or not value.strip():
        raise SeedFormatError(path, number, name, "required")
    return value


def _date(path: Path, number: int, record: dict[str, Any], name: str) -> date | None:
    value = _text(path, number, record, name)
    return None if value is None else _parse_date(path, number, name, value)


def _required_date(path: Path, number: int, record: dict[str, Any], name: str) -> date:
    return _parse_date(path, number, name, _required_text(path, number, record, name))


def _parse_date(path: Path, number: int, name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SeedFormatError(path, number, name, f"not a date in YYYY-MM-DD form (got {value!r})") from None
