"""The keys rows are labelled by: every area and theme with its label."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.areas import AREAS, THEMES
from tests.e2e.graphql_client import graphql

if TYPE_CHECKING:
    from starlette.testclient import TestClient

AREA_KEYS = "query { areas { key label } themes { key label } }"


def test_areas_and_themes_list_every_key_with_its_label(client: TestClient) -> None:
    found = graphql(client, AREA_KEYS)
    assert {a["key"]: a["label"] for a in found["areas"]} == AREAS
    assert {t["key"]: t["label"] for t in found["themes"]} == THEMES
    areas = {a["key"]: a["label"] for a in found["areas"]}
    assert areas["staying_safe"] == "Staying safe"
    assert {t["key"] for t in found["themes"]} == {"safeguarding", "looked_after_children", "lscb"}


def test_every_area_a_seed_judgement_carries_is_listed_with_a_label(client: TestClient) -> None:
    found = graphql(client, AREA_KEYS)
    listed = {a["key"] for a in found["areas"]}
    history = graphql(
        client,
        "query H($a: ID!) { judgementHistory(authority: $a) { area theme } }",
        a="E08000007",
    )["judgementHistory"]
    assert history and {j["area"] for j in history} <= listed
    assert {j["theme"] for j in history} - {None} <= {t["key"] for t in found["themes"]}
