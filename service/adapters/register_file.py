"""The authority register's seed file: a CSV with one row per authority, its
successors and the day it was replaced (see seed_events/authorities.csv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from domain.errors import DomainError
from service.adapters.seed_format import SeedFormatError, parse_date
from service.application.register import AuthorityToRegister, EntryRefused

REGISTER_FILE = "authorities.csv"
_DIGITS = re.compile(r"[0-9]+")
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


class RegisterFile:
    """The authority register's CSV file, as the loader reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.origin = f"register file {path.name}"
        self._lines: list[int] = []

    def read(self) -> list[AuthorityToRegister]:
        lines_and_entries = read_register(self.path)
        self._lines = [line for line, _ in lines_and_entries]
        return [entry for _, entry in lines_and_entries]

    def locate(self, refusal: DomainError) -> SeedFormatError:
        line = self._lines[refusal.index] if isinstance(refusal, EntryRefused) else None
        return SeedFormatError(self.path, line, refusal.field, f"{refusal.problem} (got {refusal.value!r})")


def read_register(path: Path) -> list[tuple[int, AuthorityToRegister]]:
    """Parse the authority register CSV (columns as in seed_events/authorities.csv):
    each entry with the line it starts on."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return _entries(path, csv.DictReader(handle))
    except UnicodeDecodeError as error:
        raise SeedFormatError(path, None, None, f"not UTF-8 text: {error}") from None
    except OSError as error:
        raise SeedFormatError(path, None, None, f"cannot read the file: {error}") from None
    except csv.Error as error:
        raise SeedFormatError(path, None, None, f"not a readable CSV file: {error}") from None


def _entries(path: Path, reader: csv.DictReader[str]) -> list[tuple[int, AuthorityToRegister]]:
    missing = [c for c in REGISTER_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SeedFormatError(path, 1, ", ".join(missing), "missing column")
    entries = []
    line = reader.line_num + 1
    for row in reader:
        if None in row:
            raise SeedFormatError(path, line, None, f"more cells than the {len(REGISTER_COLUMNS)} columns")
        short = [c for c in REGISTER_COLUMNS if row[c] is None]
        if short:
            raise SeedFormatError(path, line, short[0], "missing: the row has fewer cells than the header")
        cell = {c: row[c].strip() for c in REGISTER_COLUMNS}
        la_number, replaced_on = cell["dfe_la_number"], cell["replaced_on"]
        if la_number and not _DIGITS.fullmatch(la_number):
            raise SeedFormatError(path, line, "dfe_la_number", f"not a number (got {la_number!r})")
        entries.append(
            (
                line,
                AuthorityToRegister(
                    gss_code=cell["gss_code"],
                    name=cell["name"],
                    la_number=int(la_number) if la_number else None,
                    ofsted_urn=cell["ofsted_urn"] or None,
                    also_known_as=_listed(cell["also_known_as"]),
                    region=cell["region"] or None,
                    la_type=cell["la_type"] or None,
                    replaced_by=_listed(cell["replaced_by"]),
                    replaced_on=parse_date(path, line, "replaced_on", replaced_on) if replaced_on else None,
                ),
            )
        )
        # A quoted cell may span lines: the next row starts after this one ends.
        line = reader.line_num + 1
    return entries


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())
