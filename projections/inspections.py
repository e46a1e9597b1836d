"""Read model: each published document with its dates and counts.

It also answers the question every picture starts with: which document of
each series was the latest published on or before a date, as known at a
moment. That is one index probe per series on (authority, series,
published_on), so its cost does not grow with an authority's history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.frameworks import SERIES
from projections.database import Connection, rows_in
from projections.read_model import Batch, ReadModel, insert, published_document
from projections.recorded_event import RecordedEvent, known_at_text

COLUMNS = (
    "inspection_id, authority_code, framework, series, title, published_on, assessment_meeting_on,"
    " first_day, last_day, source, judgement_count, recommendation_count, recorded_at, position,"
    " withdrawn_at, withdrawal_reason"
)


@dataclass(frozen=True)
class InspectionRow:
    inspection_id: str
    authority_code: str
    framework: str
    series: str | None
    title: str
    published_on: str
    assessment_meeting_on: str | None
    first_day: str | None
    last_day: str | None
    source: str | None
    judgement_count: int
    recommendation_count: int
    recorded_at: str
    position: int
    withdrawn_at: str | None
    withdrawal_reason: str | None


class Inspections(ReadModel):
    name = "inspections"
    tables = ("inspections",)
    schema = (
        "CREATE TABLE IF NOT EXISTS {p}inspections ("
        " inspection_id TEXT PRIMARY KEY,"
        " authority_code TEXT NOT NULL,"
        " framework TEXT NOT NULL,"
        " series TEXT,"
        " title TEXT NOT NULL,"
        " published_on TEXT NOT NULL,"
        " assessment_meeting_on TEXT,"
        " first_day TEXT,"
        " last_day TEXT,"
        " source TEXT,"
        " judgement_count INTEGER NOT NULL,"
        " recommendation_count INTEGER NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " position BIGINT NOT NULL,"
        " withdrawn_at TEXT,"
        " withdrawal_reason TEXT)",
        "CREATE INDEX IF NOT EXISTS {p}inspections_by_series"
        " ON {p}inspections (authority_code, series, published_on)",
        "CREATE INDEX IF NOT EXISTS {p}inspections_by_date ON {p}inspections (authority_code, published_on)",
    )

    @staticmethod
    def inspection_published(db: Connection, p: str, event: RecordedEvent) -> None:
        insert(db, f"{p}inspections", _published_row(event))

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        # A document's judgements and recommendations follow it in the log
        # (it is saved whole): they are counted into its row while it is in
        # the batch; those of a document written before are applied alone.
        if event.type == "InspectionPublished":
            batch.add("inspections", _published_row(event), key=batch.aggregate(event))
            return True
        count = _COUNTED.get(event.type)
        row = batch.row("inspections", batch.aggregate(event)) if count else None
        if count is None or row is None:
            return False
        row[count] += 1
        return True

    @staticmethod
    def judgement_recorded(db: Connection, p: str, event: RecordedEvent) -> None:
        db.write(
            f"UPDATE {p}inspections SET judgement_count = judgement_count + 1 WHERE inspection_id = ?",
            (str(event.aggregate_id),),
        )

    @staticmethod
    def recommendation_issued(db: Connection, p: str, event: RecordedEvent) -> None:
        db.write(
            f"UPDATE {p}inspections SET recommendation_count = recommendation_count + 1"
            " WHERE inspection_id = ?",
            (str(event.aggregate_id),),
        )

    @staticmethod
    def inspection_withdrawn(db: Connection, p: str, event: RecordedEvent) -> None:
        db.write(
            f"UPDATE {p}inspections SET withdrawn_at = ?, withdrawal_reason = ? WHERE inspection_id = ?",
            (event.recorded_at_text, event.payload["reason"], str(event.aggregate_id)),
        )


# What a document states that this read model keeps, besides what every read model does.
_STATED_FIELDS = ("title", "assessment_meeting_on", "first_day", "last_day", "source")


def _published_row(event: RecordedEvent) -> dict[str, Any]:
    stated = {k: event.payload[k] for k in _STATED_FIELDS}
    counts = {"judgement_count": 0, "recommendation_count": 0, "position": event.position}
    return published_document(event) | stated | counts


# The count each event adds one to.
_COUNTED = {"JudgementRecorded": "judgement_count", "RecommendationIssued": "recommendation_count"}

# A document counts as known at K if it was recorded by K and not withdrawn by K.
KNOWN_AT = "recorded_at <= ? AND (withdrawn_at IS NULL OR withdrawn_at > ?)"


def latest_of_each_series(
    db: Connection, authority_code: str, as_at: date, known_at: datetime | None
) -> list[InspectionRow]:
    """For one authority, the latest graded document of each series published
    on or before `as_at`, among those recorded by `known_at` and not withdrawn
    by then; of two published the same day, the one recorded later."""
    known = known_at_text(known_at)
    probes = " UNION ALL ".join(
        f"SELECT * FROM (SELECT {COLUMNS} FROM inspections"
        f" WHERE authority_code = ? AND series = ? AND published_on <= ? AND {KNOWN_AT}"
        f" ORDER BY published_on DESC, position DESC LIMIT 1) AS s{i}"
        for i in range(len(SERIES))
    )
    params: list[str] = []
    for series in SERIES:
        params += [authority_code, series, as_at.isoformat(), known, known]
    return [InspectionRow(*row) for row in db.execute(probes, params)]


def latest_of_each_series_everywhere(
    db: Connection, as_at: date, known_at: datetime | None
) -> list[InspectionRow]:
    """The same for every authority: the national picture's documents."""
    known = known_at_text(known_at)
    rows = db.execute(
        f"SELECT {COLUMNS} FROM ("
        f" SELECT {COLUMNS}, ROW_NUMBER() OVER ("
        "  PARTITION BY authority_code, series ORDER BY published_on DESC, position DESC) AS rank"
        " FROM inspections"
        f" WHERE series IS NOT NULL AND published_on <= ? AND {KNOWN_AT}) AS ranked"
        " WHERE rank = 1 ORDER BY authority_code, series",
        (as_at.isoformat(), known, known),
    )
    return [InspectionRow(*row) for row in rows]


def latest_of_frameworks_everywhere(
    db: Connection, frameworks: Sequence[str], as_at: date, known_at: datetime | None
) -> dict[str, InspectionRow]:
    """For every authority, its latest document of these frameworks published
    on or before `as_at`, as known at a moment; of two published the same
    day, the one recorded later."""
    known = known_at_text(known_at)
    marks = ",".join("?" * len(frameworks))
    rows = db.execute(
        f"SELECT {COLUMNS} FROM ("
        f" SELECT {COLUMNS}, ROW_NUMBER() OVER ("
        "  PARTITION BY authority_code ORDER BY published_on DESC, position DESC) AS rank"
        " FROM inspections"
        f" WHERE framework IN ({marks}) AND published_on <= ? AND {KNOWN_AT}) AS ranked"
        " WHERE rank = 1",
        (*frameworks, as_at.isoformat(), known, known),
    )
    return {row[1]: InspectionRow(*row) for row in rows}


def by_ids(db: Connection, inspection_ids: Sequence[str]) -> dict[str, InspectionRow]:
    rows = rows_in(db, f"SELECT {COLUMNS} FROM inspections WHERE {{in}}", "inspection_id", inspection_ids)
    return {row[0]: InspectionRow(*row) for row in rows}


def page(
    db: Connection,
    authority_code: str | None,
    after: tuple[str, str] | None,
    first: int,
    known_at: datetime | None = None,
) -> list[InspectionRow]:
    """Documents recorded by a moment, in publication order, `first` of them
    after a (published_on, inspection_id) key; one more than asked is returned
    to tell if more follow."""
    where, params = ["recorded_at <= ?"], [known_at_text(known_at)]
    if authority_code is not None:
        where.append("authority_code = ?")
        params.append(authority_code)
    if after is not None:
        where.append("(published_on > ? OR (published_on = ? AND inspection_id > ?))")
        params += [after[0], after[0], after[1]]
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = db.execute(
        f"SELECT {COLUMNS} FROM inspections {clause} ORDER BY published_on, inspection_id LIMIT ?",
        [*params, first + 1],
    )
    return [InspectionRow(*row) for row in rows]
