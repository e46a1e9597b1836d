"""One document's rows, built in memory from its recorded events, as the read
models hold them once they have passed its last event, as known now.

A write answers with these, so that it never waits for, or fails on, a
projection worker that is behind: the answer is what the write recorded.
What depends on other documents is not known from one document's events,
and is left for a query to answer: a judgement's `valid_until` is None here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from domain.frameworks import framework
from projections.inspections import InspectionRow
from projections.judgements import JudgementRow
from projections.read_model import published_document
from projections.recommendations import RecommendationRow
from projections.recorded_event import RecordedEvent


@dataclass(frozen=True)
class DocumentAsRecorded:
    inspection: InspectionRow
    # Each judgement's latest version: standing, or the last one stated
    # before the document was withdrawn.
    judgements: list[JudgementRow]
    recommendations: list[RecommendationRow]

    def judgement(self, judgement_id: str) -> JudgementRow:
        return next(j for j in self.judgements if j.judgement_id == judgement_id)


def document_as_recorded(events: Sequence[RecordedEvent]) -> DocumentAsRecorded:
    """The rows of the document whose events, in log order, are `events`
    (the first its InspectionPublished)."""
    published, *stated = events
    document = published_document(published)
    payload = published.payload
    inspection = InspectionRow(
        **document,  # type: ignore[arg-type]
        title=payload["title"],
        assessment_meeting_on=payload["assessment_meeting_on"],
        first_day=payload["first_day"],
        last_day=payload["last_day"],
        source=payload["source"],
        judgement_count=0,
        recommendation_count=0,
        withdrawn_at=None,
        withdrawal_reason=None,
    )
    judgements: dict[str, JudgementRow] = {}
    recommendations: list[RecommendationRow] = []
    chosen = framework(payload["framework"])
    for event in stated:
        payload = event.payload
        if event.type == "JudgementRecorded":
            judgements[payload["judgement_id"]] = JudgementRow(
                judgement_id=payload["judgement_id"],
                inspection_id=inspection.inspection_id,
                authority_code=inspection.authority_code,
                framework=inspection.framework,
                series=inspection.series,
                theme=payload["theme"],
                area=payload["area"],
                area_label=payload["area_label"],
                headline=int(chosen.is_headline(payload["theme"], payload["area"])),
                raw=payload["raw"],
                label=payload["label"],
                band=payload["band"],
                published_on=payload["published_on"],
                # Known with its document, whatever the clock said as each
                # event of the save was written (as the read model has it).
                recorded_from=inspection.recorded_at,
                recorded_to=None,
                section=payload["section"],
                quote=payload["quote"],
                event_id=event.event_id,
                position=event.position,
                correction_reason=None,
                corrected_by=None,
                valid_until=None,
            )
            inspection = replace(inspection, judgement_count=inspection.judgement_count + 1)
        elif event.type == "RecommendationIssued":
            recommendations.append(
                RecommendationRow(
                    recommendation_id=payload["recommendation_id"],
                    inspection_id=inspection.inspection_id,
                    authority_code=inspection.authority_code,
                    kind=payload["kind"],
                    theme=payload["theme"],
                    area=payload["area"],
                    text=payload["text"],
                    timescale=payload["timescale"],
                    due_on=payload["due_on"],
                    published_on=payload["published_on"],
                    recorded_at=inspection.recorded_at,
                    section=payload["section"],
                    quote=payload["quote"],
                    position=event.position,
                )
            )
            inspection = replace(inspection, recommendation_count=inspection.recommendation_count + 1)
        elif event.type == "JudgementCorrected":
            judgements[payload["judgement_id"]] = replace(
                judgements[payload["judgement_id"]],
                raw=payload["raw"],
                label=payload["label"],
                band=payload["band"],
                recorded_from=event.recorded_at_text,
                event_id=event.event_id,
                position=event.position,
                correction_reason=payload["reason"],
                corrected_by=payload["corrected_by"],
            )
        elif event.type == "InspectionWithdrawn":
            inspection = replace(
                inspection, withdrawn_at=event.recorded_at_text, withdrawal_reason=payload["reason"]
            )
            # Its judgements stop being known as in force then.
            for key, row in judgements.items():
                judgements[key] = replace(row, recorded_to=event.recorded_at_text)
    return DocumentAsRecorded(inspection, list(judgements.values()), recommendations)
