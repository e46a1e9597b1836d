"""What both kinds of seed file share: errors that name the file, line and
field, and dates in ISO form. The format is described in docs/seed-format.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.calendar import NotADate, iso_date
from service.application.loading import SourceError


class SeedFormatError(SourceError):
    """A problem in a seed file, located by file and line."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        where = self.path if line is None else f"{self.path}:{line}"
        what = f"{field}: {problem}" if field else problem
        super().__init__(f"{where}: {what}")


def parse_date(path: Path, number: int, name: str, value: str) -> date:
    try:
        return iso_date(value)
    except NotADate as error:
        raise SeedFormatError(path, number, name, str(error)) from None
