"""Authorities that change: pictures, predecessors, names and the national
picture across a split (Northamptonshire), a recode (Buckinghamshire) and a
merger (Bournemouth and Poole into BCP), over HTTP with variables. The
fixture documents' grades are invented; the register is the real one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from service.application.register import AuthorityToRegister, AuthorityToRename
from tests.conftest import ROOT
from tests.e2e.conftest import STOCK_GRAPHQL, caught_up
from tests.e2e.graphql_client import graphql, graphql_errors
from tests.factories import load_seeds

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

LINEAGE = ROOT / "tests" / "fixtures" / "lineage"
NORTHAMPTONSHIRE, NORTH_NORTHAMPTONSHIRE = "E10000021", "E06000061"
OLD_BUCKINGHAMSHIRE, BUCKINGHAMSHIRE = "E10000002", "E06000060"
BOURNEMOUTH, POOLE, DORSET_COUNTY, BCP = "E06000028", "E06000029", "E10000009", "E06000058"

PICTURE = """
query P($a: ID!, $d: Date, $k: DateTime, $follow: Boolean!) {
  picture(authority: $a, asAt: $d, asKnownAt: $k, followLineage: $follow) {
    authority { code predecessors { code replacedOn replacement } }
    inspections { framework { key } publishedOn }
    judgements { area grade { raw band } authority { code name } }
  }
}
"""
NATIONAL = """
query N($d: Date, $k: DateTime) {
  nationalPicture(asAt: $d, asKnownAt: $k) {
    authority { code name }
    inspection { id publishedOn framework { key } }
    overallEffectiveness { raw band }
    judgements { area }
  }
}
"""


@pytest.fixture
def lineage_client(seeded_service: Service) -> Iterator[TestClient]:
    """The seeds, and the lineage fixtures loaded after them."""
    from starlette.testclient import TestClient

    from service.api.http import create_app

    load_seeds(seeded_service.recording, LINEAGE)
    _caught_up(seeded_service)
    with TestClient(create_app(seeded_service, stock_graphql=STOCK_GRAPHQL)) as client:
        yield client


def _caught_up(service: Service) -> None:
    if service.projections_in_process:
        service.projector.catch_up()
    caught_up(service)


def picture(client: TestClient, code: str, as_at: str, follow: bool = True, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = graphql(client, PICTURE, a=code, d=as_at, follow=follow, **extra)["picture"]
    return found


def national(client: TestClient, as_at: str, **extra: Any) -> dict[str, dict[str, Any]]:
    rows = graphql(client, NATIONAL, d=as_at, **extra)["nationalPicture"]
    return {row["authority"]["code"]: row for row in rows}


def test_north_northamptonshire_as_at_2020_shows_northamptonshires_last_inspection(
    lineage_client: TestClient,
) -> None:
    result = picture(lineage_client, NORTH_NORTHAMPTONSHIRE, "2020-01-01")
    assert {j["authority"]["code"] for j in result["judgements"]} == {NORTHAMPTONSHIRE}
    assert [i["publishedOn"] for i in result["inspections"]] == ["2019-08-01"]
    assert result["authority"]["predecessors"] == [
        {"code": NORTHAMPTONSHIRE, "replacedOn": "2021-04-01", "replacement": "split"}
    ]
    assert picture(lineage_client, NORTH_NORTHAMPTONSHIRE, "2020-01-01", follow=False)["judgements"] == []


def test_a_split_successor_continues_its_predecessors_history_until_its_own_first_inspection(
    lineage_client: TestClient,
) -> None:
    after_split = picture(lineage_client, NORTH_NORTHAMPTONSHIRE, "2022-01-01")
    assert [i["publishedOn"] for i in after_split["inspections"]] == ["2019-08-01"]
    own = picture(lineage_client, NORTH_NORTHAMPTONSHIRE, "2023-06-01")
    assert [i["publishedOn"] for i in own["inspections"]] == ["2023-03-01"]
    assert {j["authority"]["code"] for j in own["judgements"]} == {NORTH_NORTHAMPTONSHIRE}


def test_buckinghamshires_recode_carries_its_history_to_the_new_code(lineage_client: TestClient) -> None:
    for as_at in ("2019-01-01", "2021-01-01"):
        result = picture(lineage_client, BUCKINGHAMSHIRE, as_at)
        assert {(j["authority"]["code"], j["grade"]["band"]) for j in result["judgements"]} == {
            (OLD_BUCKINGHAMSHIRE, "GOOD")
        }
    (predecessor,) = picture(lineage_client, BUCKINGHAMSHIRE, "2021-01-01")["authority"]["predecessors"]
    assert predecessor == {"code": OLD_BUCKINGHAMSHIRE, "replacedOn": "2020-04-01", "replacement": "recode"}
    rows = national(lineage_client, "2021-01-01")
    assert OLD_BUCKINGHAMSHIRE not in rows
    assert rows[BUCKINGHAMSHIRE]["overallEffectiveness"] == {"raw": "Good", "band": "GOOD"}
    assert (
        national(lineage_client, "2020-03-31")[OLD_BUCKINGHAMSHIRE]["inspection"]["publishedOn"]
        == "2018-11-01"
    )


def test_bcp_before_the_merger_shows_each_predecessors_judgements_and_after_none_until_its_own(
    lineage_client: TestClient,
) -> None:
    before = picture(lineage_client, BCP, "2019-01-01")
    assert {j["authority"]["code"] for j in before["judgements"]} == {BOURNEMOUTH, POOLE}
    codes = [p["code"] for p in before["authority"]["predecessors"]]
    assert codes == [BOURNEMOUTH, POOLE, DORSET_COUNTY]
    assert picture(lineage_client, BCP, "2020-01-01")["judgements"] == []
    rows = national(lineage_client, "2020-01-01")
    assert rows[BCP]["inspection"] is None and rows[BCP]["overallEffectiveness"] is None
    assert BOURNEMOUTH not in rows and POOLE not in rows and DORSET_COUNTY not in rows
    assert national(lineage_client, "2022-06-01")[BCP]["overallEffectiveness"]["band"] == "INADEQUATE"
    earlier = national(lineage_client, "2019-03-31")
    assert earlier[BOURNEMOUTH]["overallEffectiveness"]["band"] == "ADEQUATE" and BCP not in earlier


def test_the_national_picture_holds_one_row_per_authority_alive_across_each_change(
    lineage_client: TestClient,
) -> None:
    for as_at, alive, gone in [
        ("2021-03-31", NORTHAMPTONSHIRE, NORTH_NORTHAMPTONSHIRE),
        ("2021-04-01", NORTH_NORTHAMPTONSHIRE, NORTHAMPTONSHIRE),
    ]:
        rows = national(lineage_client, as_at)
        assert alive in rows and gone not in rows
        assert rows[alive]["inspection"]["publishedOn"] == "2019-08-01"
    assert len(national(lineage_client, "2021-03-31")) == 151
    assert len(national(lineage_client, "2021-04-01")) == 152


def test_headline_judgements_are_one_per_authority_alive_that_day(lineage_client: TestClient) -> None:
    query = "query H($d: Date) { judgements(asAt: $d, headlineOnly: true) { theme area authority { code } } }"
    rows = graphql(lineage_client, query, d="2020-01-01")["judgements"]
    codes = [r["authority"]["code"] for r in rows]
    assert sorted(codes) == sorted({OLD_BUCKINGHAMSHIRE, NORTHAMPTONSHIRE, "E08000007"})
    assert BOURNEMOUTH not in codes
    (stockport,) = [r for r in rows if r["authority"]["code"] == "E08000007"]
    assert stockport == {
        "theme": "safeguarding",
        "area": "overall_effectiveness",
        "authority": {"code": "E08000007"},
    }


def test_national_counts_count_every_authority_once_by_band_with_the_ungraded_apart(
    lineage_client: TestClient,
) -> None:
    query = (
        "query C($d: Date, $a: String) { nationalCounts(asAt: $d, area: $a) { band count }"
        " notGraded(asAt: $d, area: $a) }"
    )
    answer = graphql(lineage_client, query, d="2023-06-01", a="overall_effectiveness")
    counts = {c["band"]: c["count"] for c in answer["nationalCounts"]}
    # BCP and West Northamptonshire (Northamptonshire's) inadequate, Buckinghamshire good, North
    # Northamptonshire requires improvement, Stockport's 2012 SLAC adequate.
    assert counts == {"OUTSTANDING": 0, "GOOD": 1, "ADEQUATE": 2, "INADEQUATE": 2}
    assert answer["notGraded"] == 153 - 5
    care_leavers = graphql(lineage_client, query, d="2023-06-01", a="care_leavers")
    assert sum(c["count"] for c in care_leavers["nationalCounts"]) == 1


def test_counts_by_day_are_each_day_s_counts_in_the_order_asked_in_one_request(
    lineage_client: TestClient,
) -> None:
    by_day = (
        "query B($days: [Date!]!, $a: String) { nationalCountsByDay(days: $days, area: $a)"
        " { asAt counts { band count } notGraded } }"
    )
    one_day = (
        "query C($d: Date, $a: String) { nationalCounts(asAt: $d, area: $a) { band count }"
        " notGraded(asAt: $d, area: $a) }"
    )
    days = ["2023-06-01", "2012-03-31", "2019-03-31", "2023-06-01"]
    for area in ("overall_effectiveness", "care_leavers"):
        answer = graphql(lineage_client, by_day, days=days, a=area)["nationalCountsByDay"]
        assert [on["asAt"] for on in answer] == days
        for on in answer:
            alone = graphql(lineage_client, one_day, d=on["asAt"], a=area)
            assert on["counts"] == alone["nationalCounts"]
            assert on["notGraded"] == alone["notGraded"]
    assert graphql(lineage_client, by_day, days=[])["nationalCountsByDay"] == []


def test_counts_by_day_refuse_too_many_days_a_bad_day_or_area_naming_the_argument(
    lineage_client: TestClient,
) -> None:
    by_day = "query B($days: [Date!]!, $a: String) { nationalCountsByDay(days: $days, area: $a) { asAt } }"
    (message,) = graphql_errors(lineage_client, by_day, days=["2020-03-31"] * 61)
    assert message == "days: at most 60 days a request (got 61)"
    (message,) = graphql_errors(lineage_client, by_day, days=["2020-03-31", "2020-02-30"])
    assert "$days" in message and "2020-02-30" in message
    (message,) = graphql_errors(lineage_client, by_day, days=["2020-03-31"], a="overal_effectiveness")
    assert message.startswith("area:")


def test_bad_dates_and_areas_are_refused_naming_the_argument(lineage_client: TestClient) -> None:
    counts = 'query C($a: String) { nationalCounts(asAt: "2025-03-31", area: $a) { band } }'
    (message,) = graphql_errors(lineage_client, counts, a="overal_effectiveness")
    assert message.startswith("area:")
    bad_day = "query N($d: Date) { nationalPicture(asAt: $d) { authority { code } } }"
    (message,) = graphql_errors(lineage_client, bad_day, d="2025-13-01")
    assert "$d" in message or "asAt" in message


def test_a_rename_is_shown_from_when_it_was_recorded_and_names_span_their_days(
    lineage_client: TestClient, seeded_service: Service
) -> None:
    query = "query A($c: ID!) { authority(code: $c) { name names { name from until } } }"
    known_before = _now()
    seeded_service.recording.register_authorities(
        [], renames=[AuthorityToRename(gss_code=BCP, name="BCP Council", renamed_on=date(2024, 4, 1))]
    )
    _caught_up(seeded_service)
    now = graphql(lineage_client, query, c=BCP)["authority"]
    assert now["name"] == "BCP Council"
    assert now["names"] == [
        {"name": "Bournemouth, Christchurch and Poole", "from": "2019-04-01", "until": "2024-04-01"},
        {"name": "BCP Council", "from": "2024-04-01", "until": None},
    ]
    rows = graphql(lineage_client, NATIONAL, d="2024-06-01", k=known_before)["nationalPicture"]
    (bcp,) = [r for r in rows if r["authority"]["code"] == BCP]
    assert bcp["authority"]["name"] == "Bournemouth, Christchurch and Poole"


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat()


def test_predecessors_recorded_after_the_moment_asked_about_are_not_yet_known(
    lineage_client: TestClient,
) -> None:
    result = picture(lineage_client, BUCKINGHAMSHIRE, "2019-01-01", k="2000-01-01T00:00:00Z")
    assert result["authority"]["predecessors"] == []
    assert result["judgements"] == []
    assert national(lineage_client, "2019-01-01", k="2000-01-01T00:00:00Z") == {}


def test_a_replacement_recorded_after_an_answer_is_in_the_next_answer(
    lineage_client: TestClient, seeded_service: Service
) -> None:
    # The lineage is kept between answers while the read models' version
    # stays the same: a replacement recorded since must not be missed.
    old, new = AuthorityToRegister(gss_code="E06000990", name="Oldshire"), "E06000991"
    query = "query A($c: ID!) { authority(code: $c) { establishedOn predecessors { code } } }"
    seeded_service.recording.register_authorities([old, AuthorityToRegister(gss_code=new, name="Newshire")])
    _caught_up(seeded_service)
    assert graphql(lineage_client, query, c=new)["authority"] == {"establishedOn": None, "predecessors": []}
    replaced = AuthorityToRegister(
        gss_code=old.gss_code, name=old.name, replaced_by=(new,), replaced_on=date(2025, 4, 1)
    )
    seeded_service.recording.register_authorities([replaced])
    _caught_up(seeded_service)
    assert graphql(lineage_client, query, c=new)["authority"] == {
        "establishedOn": "2025-04-01",
        "predecessors": [{"code": old.gss_code}],
    }
