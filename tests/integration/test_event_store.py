"""The application on a real event store, SQLite and PostgreSQL alike."""

from datetime import date
from typing import Any

import pytest

from domain.errors import DocumentAlreadyRecorded
from domain.grades import Band
from service.adapters.log_reader import LogReader
from service.adapters.settings import Store
from service.adapters.stores import open_records
from service.application.documents import DocumentRejected
from service.application.recording import Recording
from service.application.records import InspectionRecords
from tests.factories import STOCKPORT, document, judgement, recommendation, register_entries


def test_a_published_document_is_read_back_with_all_its_facts(
    records: InspectionRecords, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    inspection_id = recording.publish(document()).inspection_id
    inspection = records.inspection(inspection_id)
    assert inspection is not None
    assert inspection.authority_code == STOCKPORT
    assert inspection.authority_name == "Stockport"
    assert inspection.published_on == date(2012, 3, 23)
    assert inspection.judgements.keys() == {
        ("safeguarding", "overall_effectiveness"),
        ("looked_after_children", "overall_effectiveness"),
    }
    assert inspection.recommendation_count == 1


def test_a_document_is_saved_as_one_atomic_run_of_events_in_the_log(
    records: InspectionRecords, log: LogReader, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    before = records.log_position()
    recording.publish(document())
    events = list(log.read(after=before))
    assert [e.type for e in events] == [
        "InspectionPublished",
        "JudgementRecorded",
        "JudgementRecorded",
        "RecommendationIssued",
    ]
    assert [e.position for e in events] == [before + 1, before + 2, before + 3, before + 4]
    judged = events[1].payload
    assert judged["raw"] == "Grade 3"
    assert judged["band"] == Band.ADEQUATE.value
    assert judged["published_on"] == "2012-03-23"
    assert events[3].payload["due_on"] == "2012-06-23"


def test_recording_the_same_document_twice_is_refused_and_changes_nothing(
    records: InspectionRecords, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    recording.publish(document())
    position = records.log_position()
    with pytest.raises(DocumentAlreadyRecorded) as refused:
        recording.publish(document(title="A retyped title"))
    assert "already recorded" in str(refused.value)
    assert records.log_position() == position


def test_a_document_with_one_bad_grade_records_nothing_and_says_where(
    records: InspectionRecords, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    position = records.log_position()
    bad = document(judgements=(judgement(), judgement(theme="looked_after_children", raw="Grade 7")))
    with pytest.raises(DocumentRejected) as refused:
        recording.publish(bad)
    assert refused.value.problems[0].field_path == "judgements[1].raw"
    assert records.log_position() == position
    assert not records.contains(bad.inspection_id)


def test_a_document_for_an_unregistered_authority_is_refused(
    records: InspectionRecords, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    with pytest.raises(DocumentRejected) as refused:
        recording.publish(document(authority="E08000099"))
    assert refused.value.problems[0].field_path == "authority"


def test_a_recommendation_with_a_timescale_the_framework_does_not_use_is_refused(
    records: InspectionRecords, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    with pytest.raises(DocumentRejected) as refused:
        recording.publish(document(recommendations=(recommendation(timescale="Within a year"),)))
    assert refused.value.problems[0].field_path == "recommendations[0].timescale"


def test_the_register_is_recorded_once_and_recorded_time_never_runs_backwards(
    records: InspectionRecords, log: LogReader, recording: Recording
) -> None:
    first = recording.register_authorities(register_entries())
    again = recording.register_authorities(register_entries())
    assert len(first.registered) == 2
    assert again.registered == [] and again.already_registered == 2
    events = list(log.read())
    assert [e.type for e in events] == ["AuthorityRegistered", "AuthorityRegistered"]
    times = [e.recorded_at for e in events]
    assert times == sorted(times)


def test_a_second_application_on_the_same_store_reads_what_the_first_recorded(
    store: Store, records: InspectionRecords, recording: Recording
) -> None:
    recording.register_authorities(register_entries())
    inspection_id = recording.publish(document()).inspection_id
    other = open_records(store)
    try:
        assert other.inspection(inspection_id) is not None
        assert other.log_position() == records.log_position()
    finally:
        other.close()


def test_events_stored_in_one_shape_are_upcast_when_their_class_gains_a_version(
    records: InspectionRecords, monkeypatch: pytest.MonkeyPatch, log: LogReader, recording: Recording
) -> None:
    from domain.inspection import Inspection

    recording.register_authorities(register_entries())
    recording.publish(document())

    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["scale"] = "slac"  # a field a later version of the event might carry

    monkeypatch.setattr(Inspection.JudgementRecorded, "class_version", 2)
    monkeypatch.setattr(
        Inspection.JudgementRecorded, "upcast_v1_v2", staticmethod(upcast_v1_v2), raising=False
    )
    judged = next(e for e in log.read() if e.type == "JudgementRecorded")
    assert judged.payload["scale"] == "slac"
    assert judged.payload["raw"] == "Grade 3"


def test_a_save_that_went_through_is_told_apart_from_another_writers_save_of_the_same_document(
    records: InspectionRecords, recording: Recording
) -> None:
    # The library retries a save whose commit answer was lost, and the retry
    # meets its own rows: those events, down to the moment each was created,
    # are ours; the same document built again by another writer is not.
    recording.register_authorities(register_entries())
    ours = recording.build(document())
    saving = list(ours.pending_events)
    records.save(ours)
    theirs = recording.build(document())
    assert records.holds(saving)
    assert not records.holds(list(theirs.pending_events))
    assert not records.holds([])
