"""The authority register's seed file: a CSV with one row per authority, its
successors and the day it was replaced (see seed_events/authorities.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

from domain.errors import DomainError
from service.adapters.seed_format import SeedFormatError, parse_date
from service.application.register import AuthorityToRegister

REGISTER_FILE = "authorities.csv"
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

    def read(self) -> list[AuthorityToRegister]:
        return read_register(self.path)

    def locate(self, refusal: DomainError) -> SeedFormatError:
        return SeedFormatError(self.path, None, None, str(refusal))


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
                    also_known_as=_listed(row["also_known_as"]),
                    region=row["region"].strip() or None,
                    la_type=row["la_type"].strip() or None,
                    replaced_by=_listed(row["replaced_by"]),
                    replaced_on=parse_date(path, line, "replaced_on", replaced_on) if replaced_on else None,
                )
            )
        return entries


def _listed(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())
