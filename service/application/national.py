"""The national picture: one row per authority in existence on a day, with
its latest inspection of children's social care (SLAC, SIF, ILACS), as
known at a moment; the shape of Ofsted's outcome statistics.

An authority continues the history of a single predecessor (a recode, a
transfer, one half of a split: domain.lineage), so a recoded authority
keeps its last inspection under its old code; one formed by a merger has
none until its own first inspection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.grades import Band
from domain.lineage import Lineage
from projections import inspections, judgements
from projections.authorities import AuthorityRow
from projections.database import Connection
from projections.inspections import InspectionRow
from projections.judgements import JudgementRow

# The frameworks whose overall effectiveness Ofsted's outcome statistics count.
NATIONAL_FRAMEWORKS = ("slac", "sif", "ilacs")
# Of a SLAC report's two themes, the one whose grades stand for the authority.
HEADLINE_THEMES = (None, "safeguarding")
OVERALL = "overall_effectiveness"


@dataclass(frozen=True)
class NationalRow:
    authority: AuthorityRow
    inspection: InspectionRow | None
    judgements: list[JudgementRow]

    def judgement_of(self, area: str) -> JudgementRow | None:
        """The document's judgement of an area (SLAC: under its safeguarding theme)."""
        for row in self.judgements:
            if row.area == area and row.theme in HEADLINE_THEMES:
                return row
        return None

    @property
    def overall(self) -> JudgementRow | None:
        return self.judgement_of(OVERALL)


def national_picture(
    db: Connection, registered: list[AuthorityRow], lineage: Lineage, as_at: date, known_at: datetime | None
) -> list[NationalRow]:
    """One row per authority alive on `as_at` (among those registered, and
    with the replacements recorded, by `known_at`), by code."""
    alive = sorted(
        (row for row in registered if lineage.alive(row.gss_code, as_at)), key=lambda r: r.gss_code
    )
    latest = inspections.latest_of_frameworks_everywhere(db, NATIONAL_FRAMEWORKS, as_at, known_at)
    documents: dict[str, InspectionRow | None] = {}
    for row in alive:
        documents[row.gss_code] = next(
            (latest[code] for code in lineage.history_of(row.gss_code) if code in latest), None
        )
    ids = sorted({d.inspection_id for d in documents.values() if d is not None})
    stated: dict[str, list[JudgementRow]] = {i: [] for i in ids}
    for judgement in judgements.of_inspections(db, ids, known_at):
        stated[judgement.inspection_id].append(judgement)
    return [
        NationalRow(row, document, stated[document.inspection_id] if document else [])
        for row in alive
        for document in [documents[row.gss_code]]
    ]


@dataclass(frozen=True)
class BandCounts:
    counts: dict[Band, int]
    not_graded: int


def band_counts(rows: list[NationalRow], area: str) -> BandCounts:
    """How many authorities hold each band of an area, and how many no grade."""
    counts = dict.fromkeys(Band, 0)
    not_graded = 0
    for row in rows:
        judgement = row.judgement_of(area)
        if judgement is None:
            not_graded += 1
        else:
            counts[Band(judgement.band)] += 1
    return BandCounts(counts, not_graded)


# The export's columns, in order (docs/national-picture.md).
EXPORT_COLUMNS = (
    "gss_code",
    "la_number",
    "ofsted_urn",
    "authority",
    "region",
    "framework",
    "inspection_id",
    "first_day",
    "last_day",
    "published_on",
    "overall_effectiveness",
    "overall_band",
    "impact_of_leaders",
    "help_and_protection",
    "in_care_and_care_leavers",
    "in_care",
    "care_leavers",
    "source",
)


def export_record(row: NationalRow, name: str) -> dict[str, str]:
    """A national row as the export writes it: every value text, empty where
    none; grades as printed. Only ILACS reports fill the areas beside the
    overall grade: until 2023 children in care and care leavers were one
    judgement, then two; after the 2026 changes there is no overall grade."""
    authority, document = row.authority, row.inspection
    record = dict.fromkeys(EXPORT_COLUMNS, "")
    record |= {
        "gss_code": authority.gss_code,
        "la_number": "" if authority.la_number is None else str(authority.la_number),
        "ofsted_urn": authority.ofsted_urn or "",
        "authority": name,
        "region": authority.region or "",
    }
    if document is None:
        return record
    record |= {
        "framework": document.framework,
        "inspection_id": document.inspection_id,
        "first_day": document.first_day or "",
        "last_day": document.last_day or "",
        "published_on": document.published_on,
        "source": document.source or "",
    }
    overall = row.overall
    if overall is not None:
        record["overall_effectiveness"], record["overall_band"] = overall.raw, overall.band
    if document.framework == "ilacs":
        graded = {j.area: j.raw for j in row.judgements if j.theme is None}
        in_care = "in_care" if "care_leavers" in graded else "in_care_and_care_leavers"
        record["impact_of_leaders"] = graded.get("impact_of_leaders", "")
        record["help_and_protection"] = graded.get("help_and_protection", "")
        record[in_care] = graded.get("children_in_care", "")
        record["care_leavers"] = graded.get("care_leavers", "")
    return record
