"""Read model: the register of authorities, with their names and replacements.

An authority's code and details are shown as the register holds them; what
happens to it later, a rename or a replacement, is known from the moment it
was recorded, so the register as known at a moment holds only those
recorded by then. An authority registered after a moment is not yet known.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from projections.database import Connection, rows_in
from projections.read_model import Batch, ReadModel, insert
from projections.recorded_event import RecordedEvent

COLUMNS = (
    "gss_code, name, la_number, ofsted_urn, also_known_as, region, la_type, successors, replaced_on,"
    " established_on, replaced_recorded_at, replacement_kind, registered_at"
)
NAME_COLUMNS = "gss_code, name, named_on, recorded_at"
REPLACEMENT_COLUMNS = "predecessor, successor, kind, replaced_on, recorded_at"


@dataclass(frozen=True)
class NameRow:
    gss_code: str
    name: str
    # The day the name took effect: None for an authority's first name when
    # it is older than the record.
    named_on: str | None
    recorded_at: str


@dataclass(frozen=True)
class ReplacementRow:
    predecessor: str
    successor: str
    kind: str
    replaced_on: str
    recorded_at: str


@dataclass(frozen=True)
class AuthorityRow:
    gss_code: str
    # Its name at registration; later names are in `names`.
    name: str
    la_number: int | None
    ofsted_urn: str | None
    also_known_as: str
    region: str | None
    la_type: str | None
    successors: str
    replaced_on: str | None
    # As registered; an authority registered before its predecessors'
    # replacement was recorded takes its day from the replacement (see
    # domain.lineage).
    established_on: str | None
    # When the service learned of the replacement.
    replaced_recorded_at: str | None
    replacement_kind: str | None
    registered_at: str
    # Every name, first to last, each with when it was recorded.
    names: tuple[NameRow, ...] = field(default=(), compare=False)

    @property
    def successor_codes(self) -> list[str]:
        return list(json.loads(self.successors))

    @property
    def other_names(self) -> list[str]:
        return list(json.loads(self.also_known_as))


class Authorities(ReadModel):
    name = "authorities"
    tables = ("authorities", "authority_ids", "authority_names", "authority_replacements")
    # 2: when each replacement was recorded, so that the register as known at
    # a moment holds only the replacements recorded by then. 3: names and
    # replacements (with their kind) as rows of their own, and when each
    # authority was registered.
    version = 3
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
        " replaced_recorded_at TEXT,"
        " replacement_kind TEXT,"
        " registered_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {p}authority_ids (aggregate_id TEXT PRIMARY KEY, gss_code TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {p}authority_names ("
        " gss_code TEXT NOT NULL,"
        " name TEXT NOT NULL,"
        " named_on TEXT,"
        " recorded_at TEXT NOT NULL,"
        " position BIGINT PRIMARY KEY)",
        "CREATE INDEX IF NOT EXISTS {p}authority_names_by_code ON {p}authority_names (gss_code, position)",
        "CREATE TABLE IF NOT EXISTS {p}authority_replacements ("
        " predecessor TEXT NOT NULL,"
        " successor TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " replaced_on TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " PRIMARY KEY (predecessor, successor))",
    )

    @staticmethod
    def authority_registered(db: Connection, p: str, event: RecordedEvent) -> None:
        for table, row in _registered_rows(event):
            insert(db, p + table, row)

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        if event.type != "AuthorityRegistered":
            return False
        for table, row in _registered_rows(event):
            batch.add(table, row)
        return True

    @staticmethod
    def authority_replaced(db: Connection, p: str, event: RecordedEvent) -> None:
        payload = event.payload
        code = _code_of(db, p, event)
        # Version 1 events carry no kind: the library upcasts the aggregate's
        # events, not the payloads read models are given.
        kind = payload.get("kind") or ("split" if len(payload["successors"]) > 1 else "merge")
        db.write(
            f"UPDATE {p}authorities SET successors = ?, replaced_on = ?, replaced_recorded_at = ?,"
            " replacement_kind = ? WHERE gss_code = ?",
            (json.dumps(payload["successors"]), payload["replaced_on"], event.recorded_at_text, kind, code),
        )
        for successor in payload["successors"]:
            db.write(
                f"INSERT INTO {p}authority_replacements ({REPLACEMENT_COLUMNS}) VALUES (?,?,?,?,?)",
                (code, successor, kind, payload["replaced_on"], event.recorded_at_text),
            )

    @staticmethod
    def authority_renamed(db: Connection, p: str, event: RecordedEvent) -> None:
        payload = event.payload
        db.write(
            f"INSERT INTO {p}authority_names ({NAME_COLUMNS}, position) VALUES (?,?,?,?,?)",
            (
                _code_of(db, p, event),
                payload["name"],
                payload["renamed_on"],
                event.recorded_at_text,
                event.position,
            ),
        )


def _registered_rows(event: RecordedEvent) -> list[tuple[str, dict[str, Any]]]:
    """The rows an authority's registration adds, by table."""
    payload = event.payload
    return [
        (
            "authorities",
            {
                "gss_code": payload["gss_code"],
                "name": payload["name"],
                "la_number": payload["la_number"],
                "ofsted_urn": payload["ofsted_urn"],
                "also_known_as": json.dumps(payload["also_known_as"]),
                "region": payload["region"],
                "la_type": payload["la_type"],
                "successors": "[]",
                "replaced_on": None,
                "established_on": payload.get("established_on"),
                "replaced_recorded_at": None,
                "replacement_kind": None,
                "registered_at": event.recorded_at_text,
            },
        ),
        ("authority_ids", {"aggregate_id": str(event.aggregate_id), "gss_code": payload["gss_code"]}),
        (
            "authority_names",
            {
                "gss_code": payload["gss_code"],
                "name": payload["name"],
                "named_on": payload.get("established_on"),
                "recorded_at": event.recorded_at_text,
                "position": event.position,
            },
        ),
    ]


def _code_of(db: Connection, p: str, event: RecordedEvent) -> str:
    rows = db.execute(
        f"SELECT gss_code FROM {p}authority_ids WHERE aggregate_id = ?", (str(event.aggregate_id),)
    )
    return str(rows[0][0])


def every(db: Connection) -> list[AuthorityRow]:
    names = _names(db, None)
    return [_authority(row, names) for row in db.execute(f"SELECT {COLUMNS} FROM authorities ORDER BY name")]


def by_codes(db: Connection, codes: Sequence[str]) -> dict[str, AuthorityRow]:
    rows = rows_in(db, f"SELECT {COLUMNS} FROM authorities WHERE {{in}}", "gss_code", codes)
    names = _names(db, [row[0] for row in rows])
    return {row[0]: _authority(row, names) for row in rows}


def established_as_known(db: Connection, known_at: str) -> dict[str, str | None]:
    """The day each authority registered by `known_at` was established, as
    registered: all a lineage needs of the register, without its rows."""
    rows = db.execute(
        "SELECT gss_code, established_on FROM authorities WHERE registered_at <= ?", (known_at,)
    )
    return {str(code): None if day is None else str(day) for code, day in rows}


def replacements(db: Connection, known_at: str) -> list[ReplacementRow]:
    """Every replacement recorded by `known_at`, predecessor to successor, in
    the order recorded."""
    rows = db.execute(
        f"SELECT {REPLACEMENT_COLUMNS} FROM authority_replacements WHERE recorded_at <= ?"
        " ORDER BY recorded_at, predecessor",
        (known_at,),
    )
    return [ReplacementRow(*row) for row in rows]


def _authority(row: Sequence[Any], names: dict[str, list[NameRow]]) -> AuthorityRow:
    # Built with its names in one call: dataclasses.replace() afterwards cost
    # 13 µs a row, most of a picture's time when every answer read the register.
    return AuthorityRow(*(*row, tuple(names.get(row[0], ()))))


def _names(db: Connection, codes: Sequence[str] | None) -> dict[str, list[NameRow]]:
    select = f"SELECT {NAME_COLUMNS} FROM authority_names"
    if codes is None:
        rows = db.execute(f"{select} ORDER BY gss_code, position")
    else:
        rows = rows_in(db, f"{select} WHERE {{in}} ORDER BY gss_code, position", "gss_code", codes)
    grouped: dict[str, list[NameRow]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(NameRow(*row))
    return grouped


def name_on(row: AuthorityRow, day: date, known_at: str) -> str:
    """The authority's name on a day, among the names recorded by `known_at`."""
    on = day.isoformat()
    named = [n for n in row.names if n.recorded_at <= known_at and (n.named_on is None or n.named_on <= on)]
    return named[-1].name if named else row.name
