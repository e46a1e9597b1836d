"""Rebuilds write a batch's rows together (ReadModel.apply_batch) where live
projection applies events one by one: both must give the same rows, and a
rebuild cut off part way must leave the read model as it was."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from bench.generate import generate
from projections.recorded_event import RecordedEvent
from service.adapters.settings import Store
from service.bootstrap import Service, open_service
from tests.conftest import SEED_EVENTS
from tests.factories import load_seeds
from tests.reference.histories import apply, history

Snapshots = dict[str, dict[str, list[tuple[object, ...]]]]


@pytest.fixture
def service(store: Store) -> Iterator[Service]:
    """A service that projects each write as it is recorded, one event at a time."""
    with closing(open_service(store)) as opened:
        yield opened


def record_a_varied_history(service: Service, tmp_path: Path) -> None:
    """The seeds, part of a generated history, and random histories with
    corrections, withdrawals and replacements."""
    load_seeds(service.recording, SEED_EVENTS)
    generate("small", tmp_path / "generated")
    some = tmp_path / "some"
    some.mkdir()
    shutil.copy(tmp_path / "generated" / "authorities.csv", some)
    for path in sorted((tmp_path / "generated").glob("*.jsonl"))[:40]:
        shutil.copy(path, some)
    load_seeds(service.recording, some)
    for index in range(4):
        codes = tuple(f"E09{900_000 + index * 4 + n}" for n in range(4))  # beside the generated ones
        apply(service.recording, history(random.Random(index), codes, steps=30))


def snapshots(service: Service) -> Snapshots:
    return {name: model.snapshot(service.projector.db) for name, model in service.projector.models.items()}


def event_types(service: Service) -> set[str]:
    return {str(r[0]) for r in service.projector.db.execute("SELECT DISTINCT type FROM event_log")}


@pytest.mark.parametrize("batch_size", [1, 7, 500])
def test_a_rebuild_gives_row_for_row_what_live_projection_gave(
    service: Service, tmp_path: Path, batch_size: int
) -> None:
    record_a_varied_history(service, tmp_path)
    assert {"JudgementCorrected", "InspectionWithdrawn", "AuthorityReplaced"} <= event_types(service)
    live = snapshots(service)
    service.projector.batch_size = batch_size  # small batches cut documents in two
    for name in service.projector.models:
        assert service.rebuilder.rebuild(name) == service.records.log_position()
    assert snapshots(service) == live
    for name in service.projector.models:
        service.rebuilder.rebuild_shadow(name)
    assert snapshots(service) == live
    assert set(service.projector.tracking.positions().values()) == {service.records.log_position()}


def test_verify_compares_a_batched_rebuild_with_the_live_rows(service: Service, tmp_path: Path) -> None:
    record_a_varied_history(service, tmp_path)
    service.projector.batch_size = 7
    for name in service.projector.models:
        assert service.rebuilder.verify(name) == [], name


def test_a_rebuild_cut_off_part_way_leaves_the_read_model_and_its_position_as_they_were(
    service: Service,
) -> None:
    load_seeds(service.recording, SEED_EVENTS)
    live, positions = snapshots(service), service.projector.tracking.positions()
    version = service.projector.tracking.version()
    read_log, pages = service.rebuilder.read_log, list[int]()

    def cut_off_after_two_pages(after: int, limit: int) -> list[RecordedEvent]:
        if len(pages) == 2:
            raise ConnectionError("the process was killed")
        pages.append(after)
        return list(read_log(after, limit))

    service.projector.batch_size = 20
    service.rebuilder.read_log = cut_off_after_two_pages
    # Judgements written by statements; the others stream their rows (a COPY
    # open when the log is cut off) and keep their documents' rows.
    for name in ("judgements", "recommendations", "event_log"):
        for rebuild in (service.rebuilder.rebuild, service.rebuilder.rebuild_shadow):
            pages.clear()
            with pytest.raises(ConnectionError):
                rebuild(name)
            assert snapshots(service) == live
            assert service.projector.tracking.positions() == positions
    assert service.projector.tracking.version() == version
    service.rebuilder.read_log = read_log
    for name in ("judgements", "recommendations", "event_log"):
        service.rebuilder.rebuild_shadow(name)  # starts again from the beginning
    service.rebuilder.rebuild("recommendations")
    service.rebuilder.rebuild("event_log")
    assert snapshots(service) == live
    assert service.projector.tracking.rebuilds() == {}
