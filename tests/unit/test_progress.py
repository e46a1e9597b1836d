"""Progress of long work: how far, how fast, and how long still to go."""

from __future__ import annotations

import io

import pytest

from service.cli.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    ticking = Clock()
    # The time module as service.cli.progress sees it (it does not re-export it).
    monkeypatch.setattr("service.cli.progress.time.monotonic", ticking)
    return ticking


def test_work_that_ends_within_a_second_shows_nothing(clock: Clock) -> None:
    stream = io.StringIO()
    progress = Progress("rebuild judgements", 1000, stream=stream)
    clock.now += 0.5
    progress(1000)
    progress.finish()
    assert stream.getvalue() == ""


def test_a_log_gets_a_line_every_few_seconds_with_the_rate_and_the_time_left(clock: Clock) -> None:
    stream = io.StringIO()
    progress = Progress("loading seeds", 10_000, unit="documents", stream=stream)
    clock.now += 2
    progress(1_000)  # 500/s, 18 s to go
    clock.now += 1
    progress(1_500)  # within 5 s of the last line: nothing
    clock.now += 5
    progress(4_000)
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "loading seeds: 1,000/10,000 documents, 500/s, about 0:18 left"
    assert lines[1] == "loading seeds: 4,000/10,000 documents, 500/s, about 0:12 left"
    assert lines[2] == "loading seeds: 10,000/10,000 documents, 1,250/s, done in 0:08"
