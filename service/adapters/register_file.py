"""The authority register's seed files: a CSV with one row per authority, its
successors, the day and kind of its replacement (seed_events/authorities.csv),
and beside it the renames (seed_events/renames.csv)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from domain.errors import DomainError
from service.adapters.seed_format import SeedFormatError, parse_date
from service.application.register import AuthorityToRegister, AuthorityToRename, EntryRefused, RenameRefused

REGISTER_FILE = "authorities.csv"
RENAMES_FILE = "renames.csv"
RENAME_COLUMNS = ("gss_code", "name", "renamed_on")
_DIGITS = re.compile(r"[0-9]+")
T = TypeVar("T")
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
# Optional, so that a register written before it was added still reads: what
# kind of replacement each replaced row records (recode, transfer, merge, split).
CHANGE_COLUMN = "change"


class RegisterFile:
    """The authority register's CSV file, as the loader reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.origin = f"register file {path.name}"
        self.renames_path = path.parent / RENAMES_FILE
        self._lines: list[int] = []
        self._rename_lines: list[int] = []

    def read(self) -> list[AuthorityToRegister]:
        lines_and_entries = read_register(self.path)
        self._lines = [line for line, _ in lines_and_entries]
        return [entry for _, entry in lines_and_entries]

    def read_renames(self) -> list[AuthorityToRename]:
        """The renames file beside the register, if there is one."""
        if not self.renames_path.exists():
            return []
        lines_and_renames = read_renames(self.renames_path)
        self._rename_lines = [line for line, _ in lines_and_renames]
        return [rename for _, rename in lines_and_renames]

    def locate(self, refusal: DomainError) -> SeedFormatError:
        problem = f"{refusal.problem} (got {refusal.value!r})"
        if isinstance(refusal, RenameRefused):
            return SeedFormatError(
                self.renames_path, self._rename_lines[refusal.index], refusal.field, problem
            )
        line = self._lines[refusal.index] if isinstance(refusal, EntryRefused) else None
        return SeedFormatError(self.path, line, refusal.field, problem)


def read_register(path: Path) -> list[tuple[int, AuthorityToRegister]]:
    """Parse the authority register CSV (columns as in seed_events/authorities.csv):
    each entry with the line it starts on."""
    return _read_csv(path, _entries)


def read_renames(path: Path) -> list[tuple[int, AuthorityToRename]]:
    """Parse the renames CSV (gss_code, name, renamed_on): each with its line."""
    return _read_csv(path, _renames)


def _read_csv(path: Path, parse: Callable[[Path, csv.DictReader[str]], list[T]]) -> list[T]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return parse(path, csv.DictReader(handle))
    except UnicodeDecodeError as error:
        raise SeedFormatError(path, None, None, f"not UTF-8 text: {error}") from None
    except OSError as error:
        raise SeedFormatError(path, None, None, f"cannot read the file: {error}") from None
    except csv.Error as error:
        raise SeedFormatError(path, None, None, f"not a readable CSV file: {error}") from None


def _rows(
    path: Path, reader: csv.DictReader[str], columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row's cells by column, stripped, with the line the row starts on."""
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise SeedFormatError(path, 1, ", ".join(missing), "missing column")
    line = reader.line_num + 1
    for row in reader:
        if None in row:
            raise SeedFormatError(path, line, None, f"more cells than the {len(columns)} columns")
        short = [c for c in columns if row[c] is None]
        if short:
            raise SeedFormatError(path, line, short[0], "missing: the row has fewer cells than the header")
        yield line, {c: row[c].strip() for c in columns}
        # A quoted cell may span lines: the next row starts after this one ends.
        line = reader.line_num + 1


def _renames(path: Path, reader: csv.DictReader[str]) -> list[tuple[int, AuthorityToRename]]:
    renames = []
    for line, cell in _rows(path, reader, RENAME_COLUMNS):
        if not cell["renamed_on"]:
            raise SeedFormatError(path, line, "renamed_on", "missing: a rename needs the day it took effect")
        renamed_on = parse_date(path, line, "renamed_on", cell["renamed_on"])
        renames.append(
            (line, AuthorityToRename(gss_code=cell["gss_code"], name=cell["name"], renamed_on=renamed_on))
        )
    return renames


def _entries(path: Path, reader: csv.DictReader[str]) -> list[tuple[int, AuthorityToRegister]]:
    with_change = CHANGE_COLUMN in (reader.fieldnames or [])
    columns = (*REGISTER_COLUMNS, CHANGE_COLUMN) if with_change else REGISTER_COLUMNS
    entries = []
    for line, cell in _rows(path, reader, columns):
        la_number, replaced_on = cell["dfe_la_number"], cell["replaced_on"]
        change = cell.get(CHANGE_COLUMN) or None
        if with_change and cell["replaced_by"] and change is None:
            raise SeedFormatError(
                path,
                line,
                CHANGE_COLUMN,
                "missing: a replaced authority's change (recode, transfer, merge or split)",
            )
        if change is not None and not cell["replaced_by"]:
            raise SeedFormatError(
                path, line, CHANGE_COLUMN, f"names a change but no successors (got {change!r})"
            )
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
                    change=change,
                ),
            )
        )
    return entries


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())
