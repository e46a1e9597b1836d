"""Imported documents written for review: `DIR/<stem>.jsonl` in the seed
format (docs/seed-format.md) and `DIR/sources/<stem>.txt`, the text its
quotes are checked against. An uncertain value's record carries
`"flag": "<why>"`, which `inspections load` refuses until a person has
checked the record and removed the flag.

Written files are read back with the loader's own reader, so that what the
importer writes is what `load` would take (shape, types, every quote found
exactly once in the source).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from service.adapters.seed_files import read_document
from service.adapters.seed_format import SeedFormatError
from service.application.importing import FieldProblem, ImportedDocument, ImportRefused

FLAG = "flag"


class ReviewDirectory:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def write(self, imported: ImportedDocument) -> Path:
        sources = self.directory / "sources"
        stem = imported.file.stem
        written = self.directory / f"{stem}.jsonl"
        try:
            sources.mkdir(parents=True, exist_ok=True)
            (sources / f"{stem}.txt").write_text(imported.source_text, encoding="utf-8")
            written.write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(imported)), "utf-8"
            )
        except OSError as error:
            problem = f"cannot write the files to review in {self.directory}: {error.strerror}"
            raise ImportRefused(imported.file, "out", problem) from None
        return written

    def check(self, written: Path, imported: ImportedDocument) -> list[FieldProblem]:
        """Problems the loader finds in the file's unflagged records. A flag
        is for a person: a flagged record's problem (a quote that occurs
        twice) leaves the file flagged, not refused, and is left out of the
        check so that the records after it are checked too."""
        copy = written.with_name(f".{written.stem}.checked.jsonl")
        records = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
        numbers = list(range(1, len(records) + 1))
        left_out = False
        try:
            while True:
                unflagged = [{k: v for k, v in records[n - 1].items() if k != FLAG} for n in numbers]
                copy.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in unflagged), "utf-8")
                try:
                    read_document(copy)
                    return []
                except SeedFormatError as error:
                    line = numbers[error.line - 1] if error.line and error.line <= len(numbers) else None
                    if line is not None and line > 1 and FLAG in records[line - 1]:
                        numbers.remove(line)
                        left_out = True
                        continue
                    if line is None and left_out:
                        # The document without the records left out (its
                        # headline, say) is not the document: the flags stand.
                        return []
                    where = f"line {line}: " if line else ""
                    return [FieldProblem(error.field or "file", f"{where}{error.problem}")]
        finally:
            copy.unlink(missing_ok=True)


def records(imported: ImportedDocument) -> list[dict[str, Any]]:
    """The seed file's records, in the format's order, each with its flags."""
    document = imported.document
    flags: dict[str, list[str]] = {}
    for flag in imported.flags:
        owner = flag.field if flag.field.startswith(("judgements[", "recommendations[")) else "document"
        flags.setdefault(owner, []).append(f"{flag.field}: {flag.why}" if owner == "document" else flag.why)
    inspection: dict[str, Any] = {
        "record": "inspection",
        "authority": document.authority,
        "framework": document.framework,
        "title": document.title,
        "published_on": document.published_on.isoformat(),
        "assessment_meeting_on": _iso(document.assessment_meeting_on),
        "first_day": _iso(document.first_day),
        "last_day": _iso(document.last_day),
        "source": document.source,
    }
    found = [_flagged(inspection, flags.get("document"))]
    for index, judgement in enumerate(document.judgements):
        found.append(
            _flagged({"record": "judgement", **asdict(judgement)}, flags.get(f"judgements[{index}]"))
        )
    for index, recommendation in enumerate(document.recommendations):
        record: dict[str, Any] = {
            "record": "recommendation",
            "kind": recommendation.kind,
            "theme": recommendation.theme,
            "area": recommendation.area,
            "text": recommendation.text,
            "timescale": recommendation.timescale,
            "section": recommendation.section,
        }
        if recommendation.quote and recommendation.quote != recommendation.text:
            record["quote"] = recommendation.quote
        found.append(_flagged(record, flags.get(f"recommendations[{index}]")))
    return found


def _flagged(record: dict[str, Any], whys: list[str] | None) -> dict[str, Any]:
    return {**record, FLAG: "; ".join(whys)} if whys else record


def _iso(day: object) -> str | None:
    return None if day is None else str(day)
