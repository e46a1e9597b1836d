"""Pictures as at a date and as known at a moment, over HTTP with variables."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from tests.conftest import SEED_EVENTS
from tests.e2e.conftest import STOCK_GRAPHQL
from tests.e2e.graphql_client import graphql, graphql_errors
from tests.factories import load_seeds

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

STOCKPORT = "E08000007"

PICTURE = """
query Picture($authority: ID!, $asAt: Date, $asKnownAt: DateTime) {
  picture(authority: $authority, asAt: $asAt, asKnownAt: $asKnownAt) {
    asAt
    position
    authority { code name laNumber }
    inspections { title publishedOn framework { key } }
    judgements {
      id theme area areaLabel headline publishedOn recordedAt
      grade { raw label band }
      inspection { title }
      source { section quote position eventId }
    }
  }
}
"""


def picture(client: httpx.Client, as_at: str, **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = graphql(client, PICTURE, authority=STOCKPORT, asAt=as_at, **extra)["picture"]
    return found


def test_stockport_has_no_judgements_as_at_30_november_2005(client: TestClient) -> None:
    assert picture(client, "2005-11-30")["judgements"] == []


def test_stockport_has_four_good_judgements_as_at_1_january_2006(client: TestClient) -> None:
    judgements = picture(client, "2006-01-01")["judgements"]
    assert [j["grade"]["raw"] for j in judgements] == ["3", "3", "3", "3"]
    assert {j["grade"]["band"] for j in judgements} == {"GOOD"}
    assert {j["publishedOn"] for j in judgements} == {"2005-12-01"}


def test_as_at_1_january_2010_the_2009_rating_has_superseded_the_2005_letter(client: TestClient) -> None:
    result = picture(client, "2010-01-01")
    (rating,) = result["judgements"]
    assert rating["grade"] == {"raw": "Performs well (3)", "label": "Performs well", "band": "GOOD"}
    assert rating["area"] == "childrens_services_rating" and rating["headline"] is True
    assert [i["publishedOn"] for i in result["inspections"]] == ["2009-12-09"]


def test_the_2012_grades_appear_on_their_publication_day_and_not_the_day_before(client: TestClient) -> None:
    before = picture(client, "2012-03-22")["judgements"]
    assert {j["publishedOn"] for j in before} == {"2009-12-09"}
    on_the_day = picture(client, "2012-03-23")["judgements"]
    assert len(on_the_day) == 23
    assert Counter(j["publishedOn"] for j in on_the_day) == {"2012-03-23": 22, "2009-12-09": 1}
    (healthy,) = [
        j for j in on_the_day if j["theme"] == "looked_after_children" and j["area"] == "being_healthy"
    ]
    assert healthy["grade"] == {"raw": "Grade 4", "label": "Inadequate", "band": "INADEQUATE"}
    assert healthy["source"]["quote"] and healthy["source"]["position"] > 0


def test_a_picture_states_the_log_position_it_reflects(client: TestClient, seeded_service: Service) -> None:
    assert picture(client, "2012-03-23")["position"] == seeded_service.records.log_position()


def test_a_registered_authority_with_nothing_published_has_an_empty_picture(client: TestClient) -> None:
    result = graphql(client, PICTURE, authority="E09000002")["picture"]
    assert result["judgements"] == [] and result["authority"]["name"] == "Barking and Dagenham"


def test_an_unknown_authority_code_is_an_error_saying_so(client: TestClient) -> None:
    (message,) = graphql_errors(client, PICTURE, authority="E08000099")
    assert "no authority with this GSS code is registered" in message and "E08000099" in message


def test_a_malformed_code_or_date_is_explained(client: TestClient) -> None:
    (message,) = graphql_errors(client, PICTURE, authority="Stockport")
    assert "not a GSS code" in message
    (message,) = graphql_errors(client, PICTURE, authority=STOCKPORT, asAt="2012-02-30")
    assert "$asAt" in message and "Date" in message


def test_a_document_recorded_later_is_invisible_as_known_before_it_was_recorded(
    database_url: str, tmp_path: Path
) -> None:
    from starlette.testclient import TestClient

    from service.adapters.settings import parse_database_url
    from service.api.http import create_app
    from service.bootstrap import open_service

    early = tmp_path / "early"
    early.mkdir()
    (early / "sources").symlink_to(SEED_EVENTS / "sources")
    for name in ("authorities.csv", "000_f91d154181784c8b.jsonl"):
        (early / name).write_bytes((SEED_EVENTS / name).read_bytes())
    service = open_service(parse_database_url(database_url))
    try:
        load_seeds(service.recording, early)
        service.projector.catch_up()
        # SQLite stamps recorded times to the millisecond: keep the moment
        # clear of both loads.
        time.sleep(0.005)
        between = datetime.now(UTC).isoformat()
        time.sleep(0.005)
        load_seeds(service.recording, SEED_EVENTS / "002_be5145f8e9499e13.jsonl")
        service.projector.catch_up()
        with TestClient(create_app(service, stock_graphql=STOCK_GRAPHQL)) as http:
            as_known_then = picture(http, "2010-01-01", asKnownAt=between)
            as_known_now = picture(http, "2010-01-01")
    finally:
        service.close()
    assert {j["publishedOn"] for j in as_known_then["judgements"]} == {"2005-12-01"}
    assert [j["area"] for j in as_known_now["judgements"]] == ["childrens_services_rating"]
