"""Generated malformed documents: every one is refused with an error, and the log is unchanged."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.areas import AREAS, THEMES
from domain.frameworks import FRAMEWORKS

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from service.bootstrap import Service

PUBLISH = "mutation P($input: PublishInspectionInput!) { publishInspection(input: $input) { id } }"

VALID: dict[str, Any] = {
    "authority": "E08000007",
    "framework": "slac",
    "title": "Inspection of safeguarding and looked after children services",
    "publishedOn": "2011-06-10",
    "firstDay": "2011-05-09",
    "lastDay": "2011-05-20",
    "judgements": [
        {
            "theme": "safeguarding",
            "area": "overall_effectiveness",
            "areaLabel": "Overall effectiveness",
            "raw": "Grade 2",
        }
    ],
    "recommendations": [{"text": "act", "kind": "recommendation", "timescale": "Immediately"}],
}

text = st.text(min_size=0, max_size=30)
not_a_gss_code = text.filter(lambda t: not (len(t) == 9 and t.startswith("E")))
grades_off_the_slac_scale = text.filter(
    lambda t: (
        t.strip().lower()
        not in {
            "1",
            "2",
            "3",
            "4",
            "grade 1",
            "grade 2",
            "grade 3",
            "grade 4",
            "outstanding",
            "good",
            "adequate",
            "inadequate",
        }
    )
)
# A printable prefix, then one character no published document contains.
unprintable = st.tuples(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=10),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85"]),
).map(lambda parts: f"{parts[0]}{parts[1]}tail")


def with_judgement(**change: object) -> dict[str, object]:
    return {"judgements": [{**VALID["judgements"][0], **change}]}


def with_recommendation(**change: object) -> dict[str, object]:
    return {"recommendations": [{**VALID["recommendations"][0], **change}]}


malformed = st.one_of(
    not_a_gss_code.map(lambda v: {"authority": v}),
    text.filter(lambda v: v not in FRAMEWORKS).map(lambda v: {"framework": v}),
    st.sampled_from(["", "   "]).map(lambda v: {"title": v}),
    st.dates(min_value=date(2030, 1, 1)).map(
        lambda d: {"publishedOn": d.isoformat(), "firstDay": None, "lastDay": None}
    ),
    st.dates(min_value=date(2011, 6, 11), max_value=date(2020, 1, 1)).map(
        lambda d: {"lastDay": d.isoformat()}
    ),
    grades_off_the_slac_scale.map(lambda v: with_judgement(raw=v)),
    text.filter(lambda v: v not in AREAS).map(lambda v: with_judgement(area=v)),
    text.filter(lambda v: v not in THEMES and v != "").map(lambda v: with_judgement(theme=v)),
    st.sampled_from(["", " "]).map(lambda v: with_judgement(areaLabel=v)),
    text.filter(
        lambda v: (
            v.strip().rstrip(":").lower()
            not in {"immediately", "within three months", "within six months", ""}
        )
    ).map(lambda v: with_recommendation(timescale=v)),
    text.filter(lambda v: v not in {"recommendation", "area for development", "area for exploration"}).map(
        lambda v: with_recommendation(kind=v)
    ),
    st.sampled_from(["", "  "]).map(lambda v: with_recommendation(text=v)),
    unprintable.map(lambda v: {"title": v}),
    unprintable.map(lambda v: {"source": v}),
    unprintable.map(lambda v: with_judgement(areaLabel=v)),
    unprintable.map(lambda v: with_judgement(quote=v)),
    unprintable.map(lambda v: with_recommendation(text=v)),
)


def publish(client: TestClient, token: str, document: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = client.post(
        "/graphql",
        json={"query": PUBLISH, "variables": {"input": document}},
        headers={"authorization": f"Bearer {token}"},
    ).json()
    return body


def test_a_lone_surrogate_is_refused_at_the_front_door_and_records_nothing(
    client: TestClient, seeded_service: Service, recorder_token: str
) -> None:
    position = seeded_service.records.log_position()
    # json.dumps escapes it as \\ud800, as a client in another language may send it.
    payload = json.dumps({"query": PUBLISH, "variables": {"input": {**VALID, "title": "\ud800x"}}})
    response = client.post(
        "/graphql",
        content=payload,
        headers={"authorization": f"Bearer {recorder_token}", "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "no low surrogate" in response.text
    assert seeded_service.records.log_position() == position


@pytest.fixture
def recorder_token(seeded_service: Service) -> str:
    return seeded_service.tokens.create("fuzz", "recorder")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(change=malformed)
def test_a_hundred_malformed_documents_are_each_refused_and_record_nothing(
    client: TestClient, seeded_service: Service, recorder_token: str, change: dict[str, object]
) -> None:
    position = seeded_service.records.log_position()
    document = {**VALID, **change}
    body = publish(client, recorder_token, document)
    assert body.get("errors"), (document, body)
    assert all(e["message"] != "Unexpected error." for e in body["errors"]), body
    assert body.get("data") is None
    assert seeded_service.records.log_position() == position


def test_a_nul_in_a_quote_is_refused_naming_the_field_and_where_it_is(
    client: TestClient, seeded_service: Service, recorder_token: str
) -> None:
    position = seeded_service.records.log_position()
    document = {**VALID, **with_judgement(quote="Children are safe.\x00")}
    body = publish(client, recorder_token, document)
    [error] = body["errors"]
    assert "quote" in error["message"]
    assert "control character U+0000 at offset 18" in error["message"]
    assert seeded_service.records.log_position() == position
