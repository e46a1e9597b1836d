"""Read models built from the log: catch-up, tracking, rebuild and verify, on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from datetime import date

import pytest

from projections.database import Connection
from projections.read_model import Handler, ReadModel
from projections.recorded_event import RecordedEvent
from projections.tracking import TRACKING_TABLE
from service.adapters.settings import Store
from service.bootstrap import Service, open_service
from tests.conftest import SEED_EVENTS
from tests.factories import load_seeds


@pytest.fixture
def service(store: Store) -> Iterator[Service]:
    """A service whose read models move only when a test catches them up, as a worker's do."""
    with closing(open_service(store, projections_in_process=False)) as opened:
        yield opened


@pytest.fixture
def embedded(store: Store) -> Iterator[Service]:
    """A service that keeps its read models itself, as `inspections serve` on SQLite does."""
    with closing(open_service(store)) as opened:
        yield opened


def rows(service: Service, table: str) -> int:
    count: int = service.questions.db.execute(f"SELECT COUNT(*) FROM {table}")[0][0]
    return count


def test_catching_up_applies_every_event_once_and_tracks_the_last_position(service: Service) -> None:
    load_seeds(service.recording, SEED_EVENTS)
    applied = service.projector.catch_up()
    assert applied == service.records.log_position()
    assert set(service.projector.tracking.positions().values()) == {service.records.log_position()}
    assert service.projector.catch_up() == 0
    assert rows(service, "event_log") == service.records.log_position()
    assert rows(service, "inspections") == 5
    assert rows(service, "judgements") == 38


def test_publishing_through_the_service_brings_the_read_models_up_to_the_write(embedded: Service) -> None:
    from tests.factories import document

    load_seeds(embedded.recording, SEED_EVENTS / "authorities.csv")
    position = embedded.recording.publish(document()).position
    assert position == embedded.records.log_position()
    assert embedded.projector.tracking.position() == position
    assert rows(embedded, "judgements") == 2  # each theme's headline
    tracking = embedded.projector.tracking
    assert tracking.position_and_version() == (position, tracking.version())


def test_a_failing_batch_leaves_no_trace_and_the_next_catch_up_applies_it(service: Service) -> None:
    load_seeds(service.recording, SEED_EVENTS)

    class Exploding(ReadModel):
        name = "judgements"

        def __init__(self, real: ReadModel) -> None:
            self.real = real
            self.tables = real.tables
            super().__init__()

        def handlers(self) -> dict[str, Handler]:
            return {}

        def apply(self, db: Connection, prefix: str, event: RecordedEvent) -> None:
            if event.type == "JudgementRecorded" and event.payload["area"] == "being_healthy":
                raise RuntimeError("power cut")
            self.real.apply(db, prefix, event)

    real = service.projector.models["judgements"]
    service.projector.models["judgements"] = Exploding(real)
    with pytest.raises(RuntimeError, match="power cut"):
        service.projector.catch_up()
    partial_position = service.projector.tracking.positions()["judgements"]
    applied_rows = rows(service, "judgements")
    assert all(
        r[0] <= partial_position for r in service.questions.db.execute("SELECT position FROM judgements")
    )
    service.projector.models["judgements"] = real
    service.projector.catch_up()
    assert rows(service, "judgements") == 38 >= applied_rows
    positions = [
        r[0] for r in service.questions.db.execute("SELECT position FROM judgements ORDER BY position")
    ]
    assert len(positions) == len(set(positions))


def test_rebuild_replaces_a_read_model_with_the_same_rows_and_verify_finds_no_difference(
    service: Service,
) -> None:
    load_seeds(service.recording, SEED_EVENTS)
    service.projector.catch_up()
    before = service.projector.models["judgements"].snapshot(service.questions.db)
    assert service.rebuilder.rebuild("judgements") == service.records.log_position()
    assert service.projector.models["judgements"].snapshot(service.questions.db) == before
    for name in service.projector.models:
        assert service.rebuilder.verify(name) == [], name


def test_verify_reports_a_live_read_model_that_drifted_from_the_log(service: Service) -> None:
    load_seeds(service.recording, SEED_EVENTS)
    service.projector.catch_up()
    drift = "UPDATE judgements SET band = 'OUTSTANDING' WHERE area = 'being_healthy'"
    service.questions.db.write(drift + " AND theme = 'looked_after_children'")
    (difference,) = service.rebuilder.verify("judgements")
    assert difference.table == "judgements"
    assert difference.only_live == 1 and difference.only_rebuilt == 1
    tables = {r[0] for r in service.questions.db.execute(f"SELECT name FROM {TRACKING_TABLE}")}
    assert "judgements" in tables


def test_a_projection_added_later_is_filled_from_the_whole_log_by_rebuild(service: Service) -> None:
    from datetime import date

    from tests.factories import document, judgement

    load_seeds(service.recording, SEED_EVENTS)
    earlier = document(
        published_on=date(2010, 1, 1),
        first_day=None,
        last_day=None,
        judgements=(
            judgement(raw="Grade 2", label="Good"),
            judgement(theme="looked_after_children", raw="Grade 3", label="Adequate"),
        ),
        recommendations=(),
    )
    # Safeguarding 2010 GOOD, then the 2012 seed: ADEQUATE; looked after children ADEQUATE both times.
    service.recording.publish(earlier)
    with service.projector.db.transaction():
        service.projector.models["headline_declines"].drop(service.projector.db)
        service.projector.db.execute("DELETE FROM projection_tracking WHERE name = 'headline_declines'")
    service.projector.set_up()
    assert service.questions.headline_declines() == []
    service.rebuilder.rebuild("headline_declines")
    (decline,) = service.questions.headline_declines()
    assert (decline.authority_code, decline.theme) == ("E08000007", "safeguarding")
    assert (decline.earlier_band, decline.later_band) == ("GOOD", "ADEQUATE")
    assert (decline.earlier_published_on, decline.later_published_on) == ("2010-01-01", "2012-03-23")


def test_a_shadow_rebuild_switches_atomically_while_readers_keep_reading(
    service: Service, store: Store
) -> None:
    import threading
    from datetime import date

    from service.application.questions import Moment
    from service.bootstrap import open_service as open_reader
    from tests.factories import document

    load_seeds(service.recording, SEED_EVENTS)
    service.projector.catch_up()
    before = service.projector.models["judgements"].snapshot(service.questions.db)
    reader = open_reader(store, create_tables=False)
    stop, failures, answers = threading.Event(), [], []

    def read_continuously() -> None:
        moment = Moment.of(None, None, date.today())
        while not stop.is_set():
            try:
                answers.append(len(reader.questions.picture("E08000007", moment).judgements))
            except Exception as error:  # any failed request fails the test
                failures.append(error)

    thread = threading.Thread(target=read_continuously)
    thread.start()
    try:
        service.projector.batch_size = 20  # many batches, so the readers overlap the build
        progress_seen: list[dict[str, tuple[int, int]]] = []
        applied = service.rebuilder.rebuild_shadow(
            "judgements", lambda *_: progress_seen.append(reader.questions.tracking.rebuilds())
        )
        assert progress_seen and progress_seen[-1]["judgements"][0] > 0  # others saw it fill
        assert reader.questions.tracking.rebuilds() == {}
        service.recording.publish(
            document(published_on=document().published_on.replace(year=2011), first_day=None, last_day=None)
        )
        service.projector.catch_up()
    finally:
        stop.set()
        thread.join()
        reader.close()
    assert failures == []
    assert answers and set(answers) == {23}
    assert applied == service.records.log_position() - 4  # the four events published after the switch
    assert rows(service, "judgements") == len(before["judgements"]) + 2  # the swapped tables keep projecting
    assert service.rebuilder.verify("judgements") == []
    if store.kind == "sqlite":
        names = {
            r[0] for r in service.questions.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        }
    else:
        names = {
            r[0]
            for r in service.questions.db.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
            )
        }
    assert set(service.projector.models["judgements"].indexes()) <= names
    assert not any(name.startswith("shadow_") for name in names)
    service.rebuilder.rebuild_shadow("judgements")  # and again: nothing of the last switch is in the way
    assert service.rebuilder.verify("judgements") == []


def test_read_models_made_in_an_older_shape_are_built_again_from_the_log(store: Store) -> None:
    with closing(open_service(store)) as service:
        load_seeds(service.recording, SEED_EVENTS)
        before = service.projector.models["judgements"].snapshot(service.questions.db)
        # As a store made by an earlier version of the service would hold it.
        with service.projector.db.transaction():
            service.projector.db.execute("UPDATE projection_shapes SET shape = 1")
    with closing(open_service(store)) as upgraded:
        assert upgraded.projector.tracking.positions()["judgements"] == 0
        assert rows(upgraded, "judgements") == 0
        upgraded.projector.catch_up()
        assert upgraded.projector.models["judgements"].snapshot(upgraded.questions.db) == before
        assert (
            upgraded.projector.tracking.shapes()["judgements"]
            == upgraded.projector.models["judgements"].version
        )


def test_a_sif_document_has_one_headline_though_the_lscb_review_grades_overall_effectiveness_too(
    embedded: Service,
) -> None:
    from tests.factories import document, judgement

    load_seeds(embedded.recording, SEED_EVENTS / "authorities.csv")
    sif = document(
        framework="sif",
        title="Inspection of services for children in need of help and protection",
        published_on=date(2015, 3, 27),
        first_day=date(2015, 1, 20),
        last_day=date(2015, 2, 11),
        judgements=(
            judgement(theme=None, raw="Good", label=None, area_label="Overall effectiveness"),
            judgement(theme="lscb", raw="Inadequate", label=None, area_label="The effectiveness of the LSCB"),
        ),
        recommendations=(),
    )
    embedded.recording.publish(sif)
    headlines = embedded.questions.db.execute(
        "SELECT theme, headline FROM judgements ORDER BY position"
    ) + embedded.questions.db.execute("SELECT theme, 1 FROM headline_grades")
    assert [tuple(row) for row in headlines] == [(None, 1), ("lscb", 0), (None, 1)]
