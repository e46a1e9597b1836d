"""Read model: every judgement, each version with the span of recorded time
in which it was the service's knowledge.

A row is one version of a judgement: `recorded_from` is when the event that
stated it was recorded; `recorded_to` is when a later event replaced it (open
while it stands). Valid time comes from the documents: a judgement is in the
picture as at D while its document is the latest of its series published on
or before D (see projections.inspections). Nothing is updated in place but
the closing of `recorded_to`, so every earlier answer stays reproducible.

(A little over 250 lines: the bitemporal read model's tables, handlers and
queries belong together, one module per read model.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.frameworks import HEADLINE_TRIPLES
from projections.database import Connection
from projections.read_model import Batch, ReadModel, collect_with_document, insert, published_document
from projections.recorded_event import RecordedEvent, known_at_text

HEADLINES = ", ".join(f"'{triple}'" for triple in HEADLINE_TRIPLES)
# Whether a judgement is a headline, given its theme and area (the two `?`)
# and its document as `d`: by framework, theme and area, since one area may
# be judged under two themes and be the headline of one only.
IS_HEADLINE = f"d.framework || '/' || COALESCE(?, '') || '/' || ? IN ({HEADLINES})"
_HEADLINE_TRIPLES = frozenset(HEADLINE_TRIPLES)


def is_headline(framework: str, theme: str | None, area: str) -> bool:
    """IS_HEADLINE in Python, for rows built before they are written."""
    return f"{framework}/{theme or ''}/{area}" in _HEADLINE_TRIPLES


COLUMNS = (
    "judgement_id, inspection_id, authority_code, framework, series, theme, area, area_label, headline,"
    " raw, label, band, published_on, recorded_from, recorded_to, section, quote, event_id, position,"
    " correction_reason, corrected_by"
)


@dataclass(frozen=True)
class JudgementRow:
    judgement_id: str
    inspection_id: str
    authority_code: str
    framework: str
    series: str | None
    theme: str | None
    area: str
    area_label: str
    headline: int
    raw: str
    label: str | None
    band: str
    published_on: str
    recorded_from: str
    recorded_to: str | None
    section: str | None
    quote: str | None
    event_id: str
    position: int
    correction_reason: str | None
    corrected_by: str | None
    # The publication date of the next document of the same series, as known
    # at the question's moment: the end of this judgement's validity.
    valid_until: str | None


class Judgements(ReadModel):
    name = "judgements"
    tables = ("judgements", "judgement_documents")
    # 2: documents keep their log position, so that of two documents of a
    # series published the same day the one recorded later stands; versions
    # closed by a withdrawal are marked. 3: a document's judgements are known
    # from the moment the document is. 4: a headline is decided by framework,
    # theme and area.
    version = 4
    schema = (
        "CREATE TABLE IF NOT EXISTS {p}judgement_documents ("
        " inspection_id TEXT PRIMARY KEY,"
        " authority_code TEXT NOT NULL,"
        " framework TEXT NOT NULL,"
        " series TEXT,"
        " published_on TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " position BIGINT NOT NULL,"
        " withdrawn_at TEXT)",
        "CREATE INDEX IF NOT EXISTS {p}judgement_documents_by_series"
        " ON {p}judgement_documents (authority_code, series, published_on)",
        "CREATE TABLE IF NOT EXISTS {p}judgements ("
        " judgement_id TEXT NOT NULL,"
        " inspection_id TEXT NOT NULL,"
        " authority_code TEXT NOT NULL,"
        " framework TEXT NOT NULL,"
        " series TEXT,"
        " theme TEXT,"
        " area TEXT NOT NULL,"
        " area_label TEXT NOT NULL,"
        " headline INTEGER NOT NULL,"
        " raw TEXT NOT NULL,"
        " label TEXT,"
        " band TEXT NOT NULL,"
        " published_on TEXT NOT NULL,"
        " recorded_from TEXT NOT NULL,"
        " recorded_to TEXT,"
        " section TEXT,"
        " quote TEXT,"
        " event_id TEXT NOT NULL,"
        " position BIGINT PRIMARY KEY,"
        " correction_reason TEXT,"
        " corrected_by TEXT,"
        " document_position BIGINT NOT NULL,"
        " withdrawn INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS {p}judgements_by_inspection ON {p}judgements (inspection_id)",
        "CREATE INDEX IF NOT EXISTS {p}judgements_by_area"
        " ON {p}judgements (authority_code, area, published_on)",
        "CREATE INDEX IF NOT EXISTS {p}judgements_by_id ON {p}judgements (judgement_id)",
    )

    @staticmethod
    def inspection_published(db: Connection, p: str, event: RecordedEvent) -> None:
        insert(db, f"{p}judgement_documents", published_document(event))

    @staticmethod
    def judgement_recorded(db: Connection, p: str, event: RecordedEvent) -> None:
        # One statement, no read first: the document's authority, framework,
        # series and recorded time come from this read model's own table. A
        # document is saved whole, so its judgements became known with it,
        # whatever the clock said as each row of the save was written.
        payload = event.payload
        db.write(
            f"INSERT INTO {p}judgements ({COLUMNS}, document_position)"
            " SELECT ?, d.inspection_id, d.authority_code, d.framework, d.series, ?, ?, ?,"
            f" CASE WHEN {IS_HEADLINE} THEN 1 ELSE 0 END,"
            " ?, ?, ?, ?, d.recorded_at, NULL, ?, ?, ?, ?, NULL, NULL, d.position"
            f" FROM {p}judgement_documents d WHERE d.inspection_id = ?",
            (
                payload["judgement_id"],
                payload["theme"],
                payload["area"],
                payload["area_label"],
                payload["theme"],
                payload["area"],
                payload["raw"],
                payload["label"],
                payload["band"],
                payload["published_on"],
                payload["section"],
                payload["quote"],
                event.event_id,
                event.position,
                str(event.aggregate_id),
            ),
        )

    def collect(self, batch: Batch, event: RecordedEvent) -> bool:
        # The rows the two handlers above insert.
        documents = ("judgement_documents", published_document)
        return collect_with_document(
            batch, event, documents, "JudgementRecorded", ("judgements", _judgement_row)
        )

    @staticmethod
    def judgement_corrected(db: Connection, p: str, event: RecordedEvent) -> None:
        """Close the standing version and record the corrected one beside it."""
        payload = event.payload
        db.write(
            f"UPDATE {p}judgements SET recorded_to = ? WHERE judgement_id = ? AND recorded_to IS NULL",
            (event.recorded_at_text, payload["judgement_id"]),
        )
        carried = (
            "judgement_id, inspection_id, authority_code, framework, series, theme, area, area_label,"
            " headline, published_on, section, quote, document_position"
        )
        db.write(
            f"INSERT INTO {p}judgements ({carried}, raw, label, band, recorded_from, recorded_to,"
            " event_id, position, correction_reason, corrected_by)"
            f" SELECT {carried}, ?, ?, ?, ?, NULL, ?, ?, ?, ? FROM {p}judgements"
            " WHERE judgement_id = ? ORDER BY position DESC LIMIT 1",
            (
                payload["raw"],
                payload["label"],
                payload["band"],
                event.recorded_at_text,
                event.event_id,
                event.position,
                payload["reason"],
                payload["corrected_by"],
                payload["judgement_id"],
            ),
        )

    @staticmethod
    def inspection_withdrawn(db: Connection, p: str, event: RecordedEvent) -> None:
        """A withdrawn document's judgements stop being known as in force; the
        versions standing when it was withdrawn stay what the document stated."""
        inspection_id = str(event.aggregate_id)
        db.write(
            f"UPDATE {p}judgement_documents SET withdrawn_at = ? WHERE inspection_id = ?",
            (event.recorded_at_text, inspection_id),
        )
        db.write(
            f"UPDATE {p}judgements SET recorded_to = ?, withdrawn = 1"
            " WHERE inspection_id = ? AND recorded_to IS NULL",
            (event.recorded_at_text, inspection_id),
        )


def _judgement_row(document: Mapping[str, Any], event: RecordedEvent) -> dict[str, Any]:
    """The row `judgement_recorded` inserts, its document's columns from the document's row."""
    payload = event.payload
    return {
        "judgement_id": payload["judgement_id"],
        "inspection_id": document["inspection_id"],
        "authority_code": document["authority_code"],
        "framework": document["framework"],
        "series": document["series"],
        "theme": payload["theme"],
        "area": payload["area"],
        "area_label": payload["area_label"],
        "headline": 1 if is_headline(document["framework"], payload["theme"], payload["area"]) else 0,
        "raw": payload["raw"],
        "label": payload["label"],
        "band": payload["band"],
        "published_on": payload["published_on"],
        "recorded_from": document["recorded_at"],
        "recorded_to": None,
        "section": payload["section"],
        "quote": payload["quote"],
        "event_id": event.event_id,
        "position": event.position,
        "correction_reason": None,
        "corrected_by": None,
        "document_position": document["position"],
    }


# A version a document states as known at a moment (the two `?`): recorded by
# then and not yet corrected; a withdrawal leaves the document's last versions
# its statements (the document itself then says it was withdrawn).
STATED = "recorded_from <= ? AND (recorded_to IS NULL OR recorded_to > ? OR withdrawn = 1)"

# The columns as known at a moment (the `?`): a version replaced later is not yet replaced.
SELECTED = COLUMNS.replace(" recorded_to,", " CASE WHEN recorded_to <= ? THEN recorded_to END,")

# The end of a judgement's validity: the next document of its series, among
# those recorded by the moment asked about (the `?`); of two published the
# same day, the one recorded later.
VALID_UNTIL = (
    "(SELECT MIN(later.published_on) FROM judgement_documents later"
    " WHERE later.authority_code = judgements.authority_code AND later.series = judgements.series"
    " AND (later.published_on > judgements.published_on OR (later.published_on = judgements.published_on"
    " AND later.position > judgements.document_position)) AND later.recorded_at <= ?"
    " AND (later.withdrawn_at IS NULL OR later.withdrawn_at > ?))"
)


def of_inspections(
    db: Connection,
    inspection_ids: Sequence[str],
    known_at: datetime | None,
    *,
    area: str | None = None,
    theme: str | None = None,
    headline_only: bool = False,
) -> list[JudgementRow]:
    """The judgements of these documents as known at a moment, in the order recorded."""
    if not inspection_ids:
        return []
    known = known_at_text(known_at)
    marks = ",".join("?" * len(inspection_ids))
    where = [f"inspection_id IN ({marks})", STATED]
    if headline_only:
        where.append("headline = 1")
    return _select(db, where, [*inspection_ids, known, known], area, theme, known, "authority_code, position")


def history(
    db: Connection, authority_code: str, area: str | None, theme: str | None, known_at: datetime | None
) -> list[JudgementRow]:
    """Every version of every judgement of an authority recorded by a moment,
    in publication then recorded order: how each judgement moved, and when the
    service learned it."""
    known = known_at_text(known_at)
    where = ["authority_code = ?", "recorded_from <= ?"]
    return _select(db, where, [authority_code, known], area, theme, known, "published_on, position")


def _select(
    db: Connection,
    where: list[str],
    params: list[object],
    area: str | None,
    theme: str | None,
    known_at: str,
    order: str,
) -> list[JudgementRow]:
    """Judgement rows matching `where`, narrowed to an area and theme, each
    with the end of its validity as known at `known_at`."""
    if area is not None:
        where.append("area = ?")
        params.append(area)
    if theme is not None:
        where.append("theme = ?")
        params.append(theme)
    rows = db.execute(
        f"SELECT {SELECTED}, {VALID_UNTIL} FROM judgements WHERE {' AND '.join(where)} ORDER BY {order}",
        [known_at, known_at, known_at, *params],
    )
    return [JudgementRow(*row) for row in rows]


def inspection_of(db: Connection, judgement_id: str) -> str | None:
    rows = db.execute("SELECT inspection_id FROM judgements WHERE judgement_id = ? LIMIT 1", (judgement_id,))
    return str(rows[0][0]) if rows else None


def current_version(db: Connection, judgement_id: str) -> JudgementRow:
    """The latest version of a judgement, open or closed (a withdrawn document's
    judgements are closed), with its validity as known now."""
    now = known_at_text(None)
    rows = db.execute(
        f"SELECT {SELECTED}, {VALID_UNTIL} FROM judgements WHERE judgement_id = ?"
        " ORDER BY position DESC LIMIT 1",
        [now, now, now, judgement_id],
    )
    return JudgementRow(*rows[0])
