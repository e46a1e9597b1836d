"""Corrections and withdrawals are new events: earlier answers stay reproducible."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from domain.errors import DomainError
from projections.judgements import JudgementRow
from service.adapters.settings import Store
from service.application.documents import CorrectionToRecord
from service.application.questions import Moment
from service.bootstrap import Service, open_service
from tests.conftest import SEED_EVENTS
from tests.factories import load_seeds

STOCKPORT = "E08000007"
TODAY = date(2026, 11, 30)


@pytest.fixture
def service(store: Store) -> Iterator[Service]:
    opened = open_service(store)
    load_seeds(opened.recording, SEED_EVENTS)
    opened.projector.catch_up()
    try:
        yield opened
    finally:
        opened.close()


def being_healthy(service: Service, as_known_at: datetime | None = None) -> JudgementRow:
    moment = Moment.of(date(2012, 3, 23), as_known_at, TODAY)
    picture = service.questions.picture(STOCKPORT, moment)
    (row,) = [
        j for j in picture.judgements if j.theme == "looked_after_children" and j.area == "being_healthy"
    ]
    return row


def test_a_correction_changes_what_is_known_from_then_on_and_not_before(service: Service) -> None:
    original = being_healthy(service)
    before_correction = datetime.now(UTC)
    service.recording.correct_judgement(
        CorrectionToRecord(
            judgement=original.judgement_id, raw="Grade 3", label="Adequate", reason="keyed wrongly"
        ),
        corrected_by="editor",
    )
    corrected = being_healthy(service)
    assert (corrected.raw, corrected.band, corrected.correction_reason) == (
        "Grade 3",
        "ADEQUATE",
        "keyed wrongly",
    )
    assert corrected.published_on == "2012-03-23"  # valid time is the publication date, unchanged
    assert being_healthy(service, before_correction).raw == "Grade 4"


def test_the_history_shows_the_original_and_the_correction_with_their_recorded_times(
    service: Service,
) -> None:
    original = being_healthy(service)
    service.recording.correct_judgement(
        CorrectionToRecord(
            judgement=original.judgement_id, raw="Grade 3", label="Adequate", reason="keyed wrongly"
        ),
        corrected_by="editor",
    )
    versions = service.questions.judgement_history(STOCKPORT, "being_healthy", "looked_after_children", None)
    assert [(v.raw, v.band) for v in versions] == [("Grade 4", "INADEQUATE"), ("Grade 3", "ADEQUATE")]
    assert versions[0].recorded_to == versions[1].recorded_from
    assert versions[1].corrected_by == "editor"


def test_a_correction_must_change_the_grade_and_stay_on_the_scale(service: Service) -> None:
    original = being_healthy(service)
    position = service.records.log_position()
    with pytest.raises(DomainError, match="already recorded"):
        service.recording.correct_judgement(
            CorrectionToRecord(
                judgement=original.judgement_id, raw="Grade 4", label="Inadequate", reason="x"
            ),
            corrected_by="e",
        )
    with pytest.raises(DomainError) as refused:
        service.recording.correct_judgement(
            CorrectionToRecord(judgement=original.judgement_id, raw="Grade 5", label=None, reason="x"),
            corrected_by="e",
        )
    assert refused.value.field == "raw"
    with pytest.raises(DomainError, match="no judgement with this id"):
        service.recording.correct_judgement(
            CorrectionToRecord(
                judgement="00000000-0000-0000-0000-000000000000", raw="1", label=None, reason="x"
            ),
            corrected_by="e",
        )
    assert service.records.log_position() == position


def test_a_withdrawn_document_leaves_the_picture_and_the_previous_one_returns(service: Service) -> None:
    picture = service.questions.picture(STOCKPORT, Moment.of(date(2012, 6, 1), None, TODAY))
    report = next(d for d in picture.inspections if d.published_on == "2012-03-23")
    before_withdrawal = datetime.now(UTC)
    service.recording.withdraw(report.inspection_id, reason="published in error", withdrawn_by="editor")
    after = service.questions.picture(STOCKPORT, Moment.of(date(2012, 6, 1), None, TODAY))
    assert [d.published_on for d in after.inspections] == ["2009-12-09"]
    assert len(after.judgements) == 1
    earlier = service.questions.picture(STOCKPORT, Moment.of(date(2012, 6, 1), before_withdrawal, TODAY))
    assert len(earlier.judgements) == 23
    assert service.questions.recommendations(STOCKPORT, Moment.of(date(2012, 6, 1), None, TODAY), None) == []
    types = [r.type for r in service.questions.events_page(0, 1000)]
    assert types[-1] == "InspectionWithdrawn"
    with pytest.raises(DomainError, match="withdrawn"):
        service.recording.withdraw(report.inspection_id, reason="again", withdrawn_by="editor")


def test_every_read_model_still_equals_a_rebuild_after_corrections_and_withdrawals(service: Service) -> None:
    original = being_healthy(service)
    service.recording.correct_judgement(
        CorrectionToRecord(judgement=original.judgement_id, raw="Grade 3", label=None, reason="r"),
        corrected_by="e",
    )
    picture = service.questions.picture(STOCKPORT, Moment.of(date(2012, 6, 1), None, TODAY))
    report = next(d for d in picture.inspections if d.published_on == "2012-03-23")
    service.recording.withdraw(report.inspection_id, reason="r", withdrawn_by="e")
    for name in service.projector.models:
        assert service.rebuilder.verify(name) == [], name
