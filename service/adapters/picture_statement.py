"""An authority's picture in ONE statement, for compiled registered queries
(service.api.compiled_answers): the position the read models reflect, what
the register says of the authority as known at the moment, and the
judgements of its latest document of each series, all read by one SELECT,
hence from one snapshot on either database.

It answers what `Questions.picture` answers when the authority's lineage
as known at the moment is trivial: no replacement into it recorded by then.
Otherwise (`continues_others`) the caller asks the general path. The SQL
fragments that decide what is known at a moment are the read models' own
(projections.inspections.KNOWN_AT, projections.judgements.STATED), so the
two paths cannot drift apart on them; a test compares their answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain.frameworks import SERIES
from projections.database import Row
from projections.inspections import KNOWN_AT
from projections.judgements import STATED
from projections.recorded_event import known_at_text
from projections.tracking import TRACKING_TABLE

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
HEAD = 4  # position, registered, established_on, replacements into it


@dataclass(frozen=True)
class PictureStatement:
    """The statement for a set of read models (their lowest position is the
    answer's), with `?` placeholders."""

    read_models: tuple[str, ...]

    def sql(self, follow_lineage: bool) -> str:
        names = ", ".join("?" for _ in self.read_models)
        probes = " UNION ALL ".join(
            f"SELECT * FROM (SELECT inspection_id FROM inspections"
            f" WHERE authority_code = ? AND series = ? AND published_on <= ? AND {KNOWN_AT}"
            f" ORDER BY published_on DESC, position DESC LIMIT 1) AS s{i}"
            for i in range(len(SERIES))
        )
        # Without lineage the register's day of establishment does not matter.
        established = (
            "(SELECT established_on FROM authorities WHERE gss_code = ? AND registered_at <= ?)"
            if follow_lineage
            else "CAST(NULL AS TEXT)"
        )
        columns = ", ".join(f"j.{c}" for c in JUDGEMENT_COLUMNS)
        return (
            f"SELECT h.position, h.registered, h.established_on, h.replaced_into, {columns}"
            " FROM (SELECT"
            f" (SELECT COALESCE(MIN(position), 0) FROM {TRACKING_TABLE} WHERE name IN ({names})) AS position,"
            " (SELECT COUNT(*) FROM authorities WHERE gss_code = ?) AS registered,"
            f" {established} AS established_on,"
            " (SELECT COUNT(*) FROM authority_replacements WHERE successor = ? AND recorded_at <= ?)"
            " AS replaced_into) AS h"
            f" LEFT JOIN (SELECT {', '.join(JUDGEMENT_COLUMNS)}, authority_code AS by_authority,"
            " position AS by_position FROM judgements"
            f" WHERE inspection_id IN ({probes}) AND {STATED}) AS j ON 1 = 1"
            " ORDER BY j.by_authority, j.by_position"
        )

    def parameters(
        self, code: str, as_at: date, known_at: datetime | None, follow_lineage: bool
    ) -> list[Any]:
        known = known_at_text(known_at)
        day = as_at.isoformat()
        params: list[Any] = [*self.read_models, code]
        if follow_lineage:
            params += [code, known]
        params += [code, known]
        for series in SERIES:
            params += [code, series, day, known, known]
        return [*params, known, known]


@dataclass(frozen=True)
class PictureFound:
    """What the statement found; `judgements` rows have JUDGEMENT_COLUMNS."""

    position: int
    registered: bool
    # A replacement into the authority was recorded by the moment: its
    # picture may hold its predecessors' judgements, which this statement
    # does not read.
    continues_others: bool
    judgements: list[Row]


def picture_found(rows: Sequence[Row], as_at: date, follow_lineage: bool) -> PictureFound:
    head = rows[0]
    position, registered, established_on, replaced_into = head[:HEAD]
    judgements = [row[HEAD:] for row in rows if row[HEAD] is not None]
    # Before the day it was established, with no predecessor known, an
    # authority has no records standing for it (domain.lineage.standing_for).
    if follow_lineage and established_on is not None and as_at.isoformat() < str(established_on):
        judgements = []
    return PictureFound(int(position), bool(registered), follow_lineage and bool(replaced_into), judgements)
