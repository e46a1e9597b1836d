"""Recorded times as read models compare them: fixed-width UTC text that sorts in time order."""

from __future__ import annotations

from datetime import datetime

from projections.recorded_event import FAR_FUTURE, timestamp_text


def test_years_before_1000_sort_before_todays_moments() -> None:
    assert (
        timestamp_text(datetime.fromisoformat("0999-12-31T00:00:00+00:00")) == "0999-12-31T00:00:00.000000Z"
    )
    assert timestamp_text(datetime.fromisoformat("0999-12-31T00:00:00+00:00")) < "2026-11-30T00:00:00.000000Z"


def test_moments_whose_utc_falls_outside_the_calendar_sort_before_or_after_every_recorded_time() -> None:
    earliest = timestamp_text(datetime.fromisoformat("0001-01-01T00:00:00+01:00"))
    assert earliest < timestamp_text(datetime.fromisoformat("0001-01-01T00:00:00+00:00"))
    assert timestamp_text(datetime.fromisoformat("9999-12-31T23:59:59-14:00")) == FAR_FUTURE


def test_offsets_are_moved_to_utc() -> None:
    assert (
        timestamp_text(datetime.fromisoformat("2012-07-01T01:30:00.25+01:30"))
        == "2012-07-01T00:00:00.250000Z"
    )
