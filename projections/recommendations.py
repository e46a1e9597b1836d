"""Read model: every recommendation, area for development and area for
exploration, with its due date, kind and source document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from projections.database import Connection
from projections.read_model import Batch, ReadModel, collect_with_document, insert, published_document
from projections.recorded_event import RecordedEvent, known_at_text

COLUMNS = (
    "recommendation_id, inspection_id, authority_code, kind, theme, area, text, timescale, due_on,"
    " published_on, recorded_at, section, quote, position"
)


@dataclass(frozen=True)
class RecommendationRow:
    recommendation_id: str
    inspection_id: str
    authority_code: str
    kind: str
    theme: str | None
    area: str | None
    text: str
    timescale: str | None
    due_on: str | None
    published_on: str
    recorded_at: str
    section: str | None
    quote: str | None
    position: int


class Recommendations(ReadModel):
    name = "recommendations"
    tables = ("recommendations", "recommendation_documents")
    # 2: a document's recommendations are known from the moment the document is.
    version = 2
    # The handlers read only recommendation_documents, by its primary key.
    indexes_after_fill = True
    # A fill keeps the documents' rows (three short columns) to its end.
    streams_rows = True
    schema = (
        "CREATE TABLE IF NOT EXISTS {p}recommendation_documents ("
        " inspection_id TEXT PRIMARY KEY, authority_code TEXT NOT NULL, recorded_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {p}recommendations ("
        " recommendation_id TEXT PRIMARY KEY,"
        " inspection_id TEXT NOT NULL,"
        " authority_code TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " theme TEXT,"
        " area TEXT,"
        " text TEXT NOT NULL,"
        " timescale TEXT,"
        " due_on TEXT,"
        " published_on TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " section TEXT,"
        " quote TEXT,"
        " position BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS {p}recommendations_by_inspection"
        " ON {p}recommendations (inspection_id, position)",
    )

    @staticmethod
    def inspection_published(db: Connection, p: str, event: RecordedEvent) -> None:
        insert(db, f"{p}recommendation_documents", _document_row(event))

    @staticmethod
    def recommendation_issued(db: Connection, p: str, event: RecordedEvent) -> None:
        payload = event.payload
        db.write(
            f"INSERT INTO {p}recommendations ({COLUMNS})"
            " SELECT ?, d.inspection_id, d.authority_code, ?, ?, ?, ?, ?, ?, ?, d.recorded_at, ?, ?, ?"
            f" FROM {p}recommendation_documents d WHERE d.inspection_id = ?",
            (
                payload["recommendation_id"],
                payload["kind"],
                payload["theme"],
                payload["area"],
                payload["text"],
                payload["timescale"],
                payload["due_on"],
                payload["published_on"],
                payload["section"],
                payload["quote"],
                event.position,
                str(event.aggregate_id),
            ),
        )

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        # The rows the two handlers above insert.
        documents = ("recommendation_documents", _document_row)
        rows = ("recommendations", _recommendation_row)
        return collect_with_document(batch, event, documents, "RecommendationIssued", rows)


def _document_row(event: RecordedEvent) -> dict[str, Any]:
    return published_document(event, "inspection_id", "authority_code", "recorded_at")


def _recommendation_row(document: Mapping[str, Any], event: RecordedEvent) -> dict[str, Any]:
    """The row `recommendation_issued` inserts, its document's columns from the document's row."""
    payload = event.payload
    return {
        "recommendation_id": payload["recommendation_id"],
        "inspection_id": document["inspection_id"],
        "authority_code": document["authority_code"],
        "kind": payload["kind"],
        "theme": payload["theme"],
        "area": payload["area"],
        "text": payload["text"],
        "timescale": payload["timescale"],
        "due_on": payload["due_on"],
        "published_on": payload["published_on"],
        "recorded_at": document["recorded_at"],
        "section": payload["section"],
        "quote": payload["quote"],
        "position": event.position,
    }


def of_inspections(
    db: Connection, inspection_ids: Sequence[str], known_at: datetime | None, due_by: date | None = None
) -> list[RecommendationRow]:
    """The recommendations of these documents as known at a moment, in document
    order; with `due_by`, only those due on or before it."""
    if not inspection_ids:
        return []
    marks = ",".join("?" * len(inspection_ids))
    where = f"inspection_id IN ({marks}) AND recorded_at <= ?"
    params: list[object] = [*inspection_ids, known_at_text(known_at)]
    if due_by is not None:
        where += " AND due_on IS NOT NULL AND due_on <= ?"
        params.append(due_by.isoformat())
    rows = db.execute(f"SELECT {COLUMNS} FROM recommendations WHERE {where} ORDER BY position", params)
    return [RecommendationRow(*row) for row in rows]
