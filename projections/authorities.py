"""Read model: the register of authorities, with successors.

The register does not vary with as-known-at: an authority is known to the
service once registered, whatever was recorded about it by then.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from projections.database import Connection, rows_in
from projections.read_model import ReadModel
from projections.recorded_event import RecordedEvent

COLUMNS = (
    "gss_code, name, la_number, ofsted_urn, also_known_as, region, la_type, successors, replaced_on,"
    " established_on, replaced_recorded_at"
)


@dataclass(frozen=True)
class AuthorityRow:
    gss_code: str
    name: str
    la_number: int | None
    ofsted_urn: str | None
    also_known_as: str
    region: str | None
    la_type: str | None
    successors: str
    replaced_on: str | None
    established_on: str | None
    # When the service learned of the replacement.
    replaced_recorded_at: str | None

    @property
    def successor_codes(self) -> list[str]:
        return list(json.loads(self.successors))

    @property
    def other_names(self) -> list[str]:
        return list(json.loads(self.also_known_as))


class Authorities(ReadModel):
    name = "authorities"
    tables = ("authorities", "authority_ids")
    # 2: when each replacement was recorded, so that the register as known at
    # a moment holds only the replacements recorded by then.
    version = 2
    schema = (
        "CREATE TABLE IF NOT EXISTS {p}authorities ("
        " gss_code TEXT PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " la_number INTEGER,"
        " ofsted_urn TEXT,"
        " also_known_as TEXT NOT NULL,"
        " region TEXT,"
        " la_type TEXT,"
        " successors TEXT NOT NULL,"
        " replaced_on TEXT,"
        " established_on TEXT,"
        " replaced_recorded_at TEXT)",
        "CREATE TABLE IF NOT EXISTS {p}authority_ids (aggregate_id TEXT PRIMARY KEY, gss_code TEXT NOT NULL)",
    )

    @staticmethod
    def authority_registered(db: Connection, p: str, event: RecordedEvent) -> None:
        data = event.payload
        db.write(
            f"INSERT INTO {p}authorities ({COLUMNS}) VALUES (?,?,?,?,?,?,?,'[]',NULL,?,NULL)",
            (
                data["gss_code"],
                data["name"],
                data["la_number"],
                data["ofsted_urn"],
                json.dumps(data["also_known_as"]),
                data["region"],
                data["la_type"],
                data.get("established_on"),
            ),
        )
        db.write(f"INSERT INTO {p}authority_ids VALUES (?, ?)", (str(event.aggregate_id), data["gss_code"]))

    @staticmethod
    def authority_replaced(db: Connection, p: str, event: RecordedEvent) -> None:
        db.write(
            f"UPDATE {p}authorities SET successors = ?, replaced_on = ?, replaced_recorded_at = ?"
            f" WHERE gss_code = (SELECT gss_code FROM {p}authority_ids WHERE aggregate_id = ?)",
            (
                json.dumps(event.payload["successors"]),
                event.payload["replaced_on"],
                event.recorded_at_text,
                str(event.aggregate_id),
            ),
        )


def every(db: Connection) -> list[AuthorityRow]:
    return [AuthorityRow(*row) for row in db.execute(f"SELECT {COLUMNS} FROM authorities ORDER BY name")]


def by_codes(db: Connection, codes: Sequence[str]) -> dict[str, AuthorityRow]:
    rows = rows_in(db, f"SELECT {COLUMNS} FROM authorities WHERE {{in}}", "gss_code", codes)
    return {row[0]: AuthorityRow(*row) for row in rows}
