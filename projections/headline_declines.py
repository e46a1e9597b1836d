"""Read model: authorities whose headline judgement fell between consecutive
documents of a series (say, GOOD in one annual assessment, ADEQUATE in the next),
as the service knows them now: corrected grades count, withdrawn documents do not.

The example of a projection added after the fact: this module and one line in
registry.py, then `inspections rebuild headline_declines` fills it from the
whole log while the service keeps serving.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.grades import Band
from projections.database import Connection
from projections.judgements import IS_HEADLINE, is_headline
from projections.read_model import Batch, ReadModel, collect_with_document, insert, published_document
from projections.recorded_event import RecordedEvent

# Best first, so a larger rank is a worse band.
RANK = {band.value: rank for rank, band in enumerate(Band)}


@dataclass(frozen=True)
class Decline:
    authority_code: str
    series: str
    theme: str | None
    earlier_published_on: str
    earlier_band: str
    later_published_on: str
    later_band: str


class HeadlineDeclines(ReadModel):
    name = "headline_declines"
    tables = ("headline_grades", "headline_documents")
    # 2: a headline is decided by framework, theme and area.
    version = 2
    schema = (
        "CREATE TABLE IF NOT EXISTS {p}headline_documents ("
        " inspection_id TEXT PRIMARY KEY, authority_code TEXT NOT NULL,"
        " series TEXT, framework TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS {p}headline_grades ("
        " judgement_id TEXT PRIMARY KEY,"
        " inspection_id TEXT NOT NULL,"
        " authority_code TEXT NOT NULL,"
        " series TEXT NOT NULL,"
        " theme TEXT,"
        " published_on TEXT NOT NULL,"
        " band TEXT NOT NULL,"
        " band_rank INTEGER NOT NULL)",
    )

    @staticmethod
    def inspection_published(db: Connection, p: str, event: RecordedEvent) -> None:
        insert(db, f"{p}headline_documents", _document_row(event))

    @staticmethod
    def judgement_recorded(db: Connection, p: str, event: RecordedEvent) -> None:
        payload = event.payload
        # Inserts only a headline judgement of a document that belongs to a series.
        db.write(
            f"INSERT INTO {p}headline_grades"
            " SELECT ?, d.inspection_id, d.authority_code, d.series, ?, ?, ?, ?"
            f" FROM {p}headline_documents d WHERE d.inspection_id = ? AND d.series IS NOT NULL"
            f" AND {IS_HEADLINE}",
            (
                payload["judgement_id"],
                payload["theme"],
                payload["published_on"],
                payload["band"],
                RANK[payload["band"]],
                str(event.aggregate_id),
                payload["theme"],
                payload["area"],
            ),
        )

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        # The rows the two handlers above insert.
        documents = ("headline_documents", _document_row)
        rows = ("headline_grades", _grade_row)
        return collect_with_document(batch, event, documents, "JudgementRecorded", rows)

    @staticmethod
    def judgement_corrected(db: Connection, p: str, event: RecordedEvent) -> None:
        band = event.payload["band"]
        db.write(
            f"UPDATE {p}headline_grades SET band = ?, band_rank = ? WHERE judgement_id = ?",
            (band, RANK[band], event.payload["judgement_id"]),
        )

    @staticmethod
    def inspection_withdrawn(db: Connection, p: str, event: RecordedEvent) -> None:
        db.write(f"DELETE FROM {p}headline_grades WHERE inspection_id = ?", (str(event.aggregate_id),))


def _document_row(event: RecordedEvent) -> dict[str, Any]:
    return published_document(event, "inspection_id", "authority_code", "series", "framework")


def _grade_row(document: Mapping[str, Any], event: RecordedEvent) -> dict[str, Any] | None:
    """The row `judgement_recorded` inserts, if any: a headline judgement of
    a document that belongs to a series."""
    payload = event.payload
    if document["series"] is None or not is_headline(
        document["framework"], payload["theme"], payload["area"]
    ):
        return None
    return {
        "judgement_id": payload["judgement_id"],
        "inspection_id": document["inspection_id"],
        "authority_code": document["authority_code"],
        "series": document["series"],
        "theme": payload["theme"],
        "published_on": payload["published_on"],
        "band": payload["band"],
        "band_rank": RANK[payload["band"]],
    }


def declines(db: Connection) -> list[Decline]:
    """Each fall of a headline band from one document of a series to the next,
    by publication date (so documents recorded out of order still compare in
    the order they were published)."""
    rows = db.execute(
        "SELECT authority_code, series, theme, earlier_on, earlier_band, published_on, band FROM ("
        " SELECT authority_code, series, theme, published_on, band, band_rank,"
        "  LAG(published_on) OVER w AS earlier_on,"
        "  LAG(band) OVER w AS earlier_band,"
        "  LAG(band_rank) OVER w AS earlier_rank"
        " FROM headline_grades"
        " WINDOW w AS (PARTITION BY authority_code, series, theme ORDER BY published_on)) AS paired"
        " WHERE earlier_rank IS NOT NULL AND band_rank > earlier_rank"
        " ORDER BY authority_code, published_on"
    )
    return [Decline(*row) for row in rows]
