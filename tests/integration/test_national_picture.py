"""The national picture holds exactly the authorities the register says were
alive on a day: established on or before it, not yet replaced."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import closing
from datetime import date

import pytest

from service.adapters.settings import Store
from service.application.questions import Moment
from service.bootstrap import Service, open_service
from tests.conftest import SEED_EVENTS
from tests.factories import load_seeds


@pytest.fixture
def service(store: Store) -> Iterator[Service]:
    with closing(open_service(store)) as opened:
        yield opened


def alive_per_register(day: date) -> set[str]:
    """Read straight from the register file: an authority is alive from the
    day its predecessors were replaced (if any) until its own replacement."""
    with (SEED_EVENTS / "authorities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    established: dict[str, str] = {}
    for row in rows:
        for successor in filter(None, row["replaced_by"].split(";")):
            established[successor] = min(established.get(successor, "9999"), row["replaced_on"])
    on = day.isoformat()
    return {
        row["gss_code"]
        for row in rows
        if established.get(row["gss_code"], "0000") <= on
        and not (row["replaced_on"] and row["replaced_on"] <= on)
    }


@pytest.mark.parametrize(
    ("day", "count"),
    [(date(2008, 1, 1), 150), (date(2019, 3, 31), 152), (date(2021, 4, 1), 152), (date(2025, 3, 31), 153)],
)
def test_the_national_picture_holds_exactly_the_authorities_alive_that_day(
    service: Service, day: date, count: int
) -> None:
    load_seeds(service.recording, SEED_EVENTS)
    service.projector.catch_up()
    rows = service.questions.national_picture(Moment(day, None))
    codes = [row.authority.gss_code for row in rows]
    assert codes == sorted(alive_per_register(day))
    assert len(codes) == count


def test_on_the_day_of_a_recode_the_new_code_stands_and_the_old_one_is_gone(service: Service) -> None:
    load_seeds(service.recording, SEED_EVENTS)
    service.projector.catch_up()
    before = {
        r.authority.gss_code for r in service.questions.national_picture(Moment(date(2025, 3, 31), None))
    }
    after = {r.authority.gss_code for r in service.questions.national_picture(Moment(date(2025, 4, 1), None))}
    assert before - after == {"E08000016", "E08000019"}
    assert after - before == {"E08000038", "E08000039"}
