"""An authority's picture in ONE statement, for compiled registered queries
(service.api.compiled_answers): the position the read models reflect, the
authority's lineage as known at the moment (every replacement recorded by
then into it or, back through them, into its predecessors, and the days
they were established), the latest document of each series of it and of
each predecessor, and those documents' judgements as known at the moment,
all read by one SELECT, hence from one snapshot on either database.

Which of those documents make the picture is then decided as
`Questions.picture` decides it (service.application.questions.documents_in_force,
domain.lineage). The SQL fragments that decide what is known at a moment
are the read models' own (projections.inspections.KNOWN_AT,
projections.judgements.STATED), so the two paths cannot drift apart on
them; a test compares their answers (tests/e2e/test_compiled_answers.py).
The authority's own documents are found by one index probe per series, as
`latest_of_each_series` finds them; its predecessors' (most authorities
have none) by ranking their documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.frameworks import SERIES
from domain.lineage import Lineage, Replacement
from projections.database import Row
from projections.inspections import KNOWN_AT
from projections.judgements import STATED
from projections.recorded_event import known_at_text
from projections.tracking import TRACKING_TABLE
from service.application.questions import documents_in_force

# The columns of a judgement a compiled answer may show, in this order.
JUDGEMENT_COLUMNS = (
    "judgement_id",
    "framework",
    "theme",
    "area",
    "area_label",
    "headline",
    "raw",
    "label",
    "band",
    "published_on",
    "recorded_from",
    "correction_reason",
    "corrected_by",
)
DOCUMENT_COLUMNS = ("inspection_id", "authority_code", "series")
HEAD = 4  # position, registered, replacements, established (without the lineage: how many, and its own day)
# Fields of the aggregated lineage rows, and rows, apart: codes, days and keys hold neither.
FIELD, ROW = "|", ";"


@dataclass(frozen=True)
class Document:
    inspection_id: str
    authority_code: str
    series: str | None


@dataclass(frozen=True)
class PictureStatement:
    """The statement for a set of read models (their lowest position is the
    answer's) on a dialect ("sqlite" or "postgres"), with `?` placeholders.

    Two shapes: with the lineage, as described above; without it, for an
    authority no replacement leads into (most of them), the statement reads
    only its own row, how many replacements into it are recorded, and its
    own documents: 0.24 against 0.44 ms a round trip on the national history.
    Should that count not be 0 (a replacement recorded since the authority
    was last asked about), `picture_found` says so, and the answer is read
    again with the lineage."""

    read_models: tuple[str, ...]
    dialect: str

    def sql(self, with_position: bool = True, with_lineage: bool = True) -> str:
        """Without `with_position`, the statement reads no tracking row and
        its position is 0."""
        names = ", ".join("?" for _ in self.read_models)
        position = (
            f"(SELECT COALESCE(MIN(position), 0) FROM {TRACKING_TABLE} WHERE name IN ({names}))"
            if with_position
            else "0"
        )
        judged = ", ".join(f"j.{c}" for c in JUDGEMENT_COLUMNS)
        documents = ", ".join(f"d.{c}" for c in DOCUMENT_COLUMNS)
        if not with_lineage:
            return (
                f"SELECT {position}, a.gss_code IS NOT NULL,"
                " (SELECT COUNT(*) FROM authority_replacements r"
                " WHERE r.successor = ? AND r.recorded_at <= ?),"
                f" CASE WHEN a.registered_at <= ? THEN a.established_on END, {documents}, {judged}"
                " FROM (SELECT 1) AS one LEFT JOIN authorities a ON a.gss_code = ?"
                f" LEFT JOIN (({_probes()}) AS d"
                f" LEFT JOIN judgements j ON j.inspection_id = d.inspection_id AND {STATED}) ON 1 = 1"
                " ORDER BY j.authority_code, j.position"
            )

        def aggregated(expression: str) -> str:
            if self.dialect == "postgres":
                return f"STRING_AGG({expression}, '{ROW}')"
            return f"GROUP_CONCAT({expression}, '{ROW}')"

        columns = ", ".join(DOCUMENT_COLUMNS)
        series = ", ".join("?" for _ in SERIES)
        ancestors = (
            f"SELECT {columns} FROM (SELECT {columns}, ROW_NUMBER() OVER ("
            " PARTITION BY authority_code, series ORDER BY published_on DESC, position DESC) AS rank"
            " FROM inspections WHERE authority_code IN (SELECT code FROM lineage WHERE code <> ?)"
            f" AND series IN ({series}) AND published_on <= ? AND {KNOWN_AT}) AS ranked WHERE rank = 1"
        )
        return (
            "WITH RECURSIVE lineage(code) AS (SELECT CAST(? AS TEXT) UNION"
            " SELECT r.predecessor FROM authority_replacements r JOIN lineage l ON r.successor = l.code"
            " WHERE r.recorded_at <= ?)"
            f" SELECT h.position, h.registered, h.replacements, h.established, {documents}, {judged}"
            " FROM (SELECT"
            f" {position} AS position,"
            " (SELECT COUNT(*) FROM authorities WHERE gss_code = ?) AS registered,"
            " (SELECT "
            + aggregated(f"r.predecessor || '{FIELD}' || r.successor || '{FIELD}' || r.replaced_on")
            + " FROM authority_replacements r"
            " WHERE r.successor IN (SELECT code FROM lineage) AND r.recorded_at <= ?) AS replacements,"
            " (SELECT "
            + aggregated(f"a.gss_code || '{FIELD}' || a.established_on")
            + " FROM authorities a WHERE a.gss_code IN (SELECT code FROM lineage)"
            " AND a.registered_at <= ? AND a.established_on IS NOT NULL) AS established) AS h"
            f" LEFT JOIN (({_probes()} UNION ALL {ancestors}) AS d"
            f" LEFT JOIN judgements j ON j.inspection_id = d.inspection_id AND {STATED})"
            " ON 1 = 1"
            " ORDER BY j.authority_code, j.position"
        )

    def parameters(
        self,
        code: str,
        as_at: date,
        known_at: datetime | None,
        with_position: bool = True,
        with_lineage: bool = True,
    ) -> list[Any]:
        known = known_at_text(known_at)
        day = as_at.isoformat()
        read_models = self.read_models if with_position else ()
        probes: list[Any] = []
        for series in SERIES:
            probes += [code, series, day, known, known]
        if not with_lineage:
            return [*read_models, code, known, known, code, *probes, known, known]
        params: list[Any] = [code, known, *read_models, code, known, known, *probes]
        params += [code, *SERIES, day, known, known]
        return [*params, known, known]


def _probes() -> str:
    """The authority's latest document of each series, one index probe each."""
    columns = ", ".join(DOCUMENT_COLUMNS)
    return " UNION ALL ".join(
        f"SELECT * FROM (SELECT {columns} FROM inspections"
        f" WHERE authority_code = ? AND series = ? AND published_on <= ? AND {KNOWN_AT}"
        f" ORDER BY published_on DESC, position DESC LIMIT 1) AS s{i}"
        for i in range(len(SERIES))
    )


@dataclass(frozen=True)
class PictureFound:
    """What the statement found: `judgements` rows have JUDGEMENT_COLUMNS."""

    position: int
    registered: bool
    judgements: list[Row]


def picture_found(
    rows: Sequence[Row], code: str, as_at: date, follow_lineage: bool, with_lineage: bool = True
) -> PictureFound | None:
    """What the statement found; None where it was read without the lineage
    and the picture needs it (a replacement into the authority is recorded)."""
    head = rows[0]
    position, registered, replacements, established = head[:HEAD]
    if not with_lineage and follow_lineage and replacements:
        return None
    latest: dict[str, dict[str, Document]] = {}
    for row in rows:
        if row[HEAD] is not None:
            document = Document(*row[HEAD : HEAD + len(DOCUMENT_COLUMNS)])
            latest.setdefault(document.authority_code, {})[document.inspection_id] = document

    def lineage() -> Lineage:
        if not with_lineage:
            # No replacement leads into the authority: its own day is all there is.
            return Lineage([], {} if established is None else {code: date.fromisoformat(established)})
        replaced = [
            Replacement(predecessor, successor, "", date.fromisoformat(day))
            for predecessor, successor, day in _fields(replacements)
        ]
        return Lineage(replaced, {c: date.fromisoformat(day) for c, day in _fields(established)})

    def of(authority: str) -> list[Document]:
        return list(latest.get(authority, {}).values())

    chosen = {d.inspection_id for d in documents_in_force(code, as_at, follow_lineage, lineage, of)}
    at = HEAD + len(DOCUMENT_COLUMNS)
    judgements = [row[at:] for row in rows if row[at] is not None and row[HEAD] in chosen]
    return PictureFound(int(position), bool(registered), judgements)


def _fields(aggregated: str | None) -> list[list[str]]:
    return [row.split(FIELD) for row in aggregated.split(ROW)] if aggregated else []
