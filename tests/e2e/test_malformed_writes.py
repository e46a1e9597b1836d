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
        },
        {
            "theme": "looked_after_children",
            "area": "overall_effectiveness",
            "areaLabel": "Overall effectiveness",
            "raw": "Grade 3",
        },
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
    return {"judgements": [{**VALID["judgements"][0], **change}, *VALID["judgements"][1:]]}


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
    assert body.get("data") in (None, {"publishInspection": None})
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


ILACS_2019: dict[str, Any] = {
    **VALID,
    "framework": "ilacs",
    "title": "Inspection of children's social care services",
    "publishedOn": "2019-07-12",
    "firstDay": "2019-06-03",
    "lastDay": "2019-06-14",
    "judgements": [{"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "Good"}],
    "recommendations": [],
}
APA_2007: dict[str, Any] = {
    **VALID,
    "framework": "apa",
    "title": "Annual performance assessment 2007",
    "publishedOn": "2007-11-26",
    "firstDay": None,
    "lastDay": None,
    "judgements": [{"area": "overall_effectiveness", "areaLabel": "Overall effectiveness", "raw": "3"}],
    "recommendations": [],
}
ON_APRIL_2026 = {"publishedOn": "2026-05-20", "firstDay": "2026-04-13", "lastDay": "2026-04-24"}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        pytest.param({**ILACS_2019, "judgements": []}, "input.judgements", id="graded-without-judgements"),
        pytest.param(
            {**VALID, "judgements": VALID["judgements"][:1]},
            "input.judgements",
            id="slac-without-a-theme-headline",
        ),
        pytest.param(
            {**VALID, **with_judgement(theme=None)}, "input.judgements[0].theme", id="slac-without-theme"
        ),
        pytest.param(
            {**APA_2007, "judgements": [{**APA_2007["judgements"][0], "theme": "safeguarding"}]},
            "input.judgements[0].theme",
            id="apa-under-a-theme",
        ),
        pytest.param(
            {
                **ILACS_2019,
                "judgements": [
                    *ILACS_2019["judgements"],
                    {**ILACS_2019["judgements"][0], "area": "being_healthy"},
                ],
            },
            "input.judgements[1].area",
            id="ilacs-being-healthy",
        ),
        pytest.param(
            {
                **ILACS_2019,
                "judgements": [
                    *ILACS_2019["judgements"],
                    {**ILACS_2019["judgements"][0], "area": "care_leavers"},
                ],
            },
            "input.judgements[1].area",
            id="ilacs-care-leavers-before-2023",
        ),
        pytest.param(
            {**ILACS_2019, **ON_APRIL_2026}, "input.judgements[0].area", id="ilacs-overall-after-april-2026"
        ),
        pytest.param(
            {
                **APA_2007,
                "recommendations": [{"text": "act", "kind": "recommendation", "theme": "safeguarding"}],
            },
            "input.recommendations[0].theme",
            id="apa-recommendation-under-a-theme",
        ),
        pytest.param({**VALID, "firstDay": "0001-01-01"}, "input.firstDay", id="first-day-in-year-one"),
        pytest.param(
            {**APA_2007, "publishedOn": "2009-12-20", "firstDay": "2009-11-02", "lastDay": "2009-11-06"},
            "input.firstDay",
            id="apa-inspected-the-year-after-it-ended",
        ),
        pytest.param(
            {**APA_2007, "judgements": [{**APA_2007["judgements"][0], "raw": "３"}]},
            "input.judgements[0].raw",
            id="full-width-digit-grade",
        ),
        pytest.param({**VALID, "title": "Inspection\x00"}, "input.title", id="nul-in-title"),
        pytest.param({**VALID, "title": "\u200b \ufeff"}, "input.title", id="invisible-title"),
        pytest.param({**VALID, "title": "Inspection \u202egnp.exe"}, "input.title", id="bidi-override"),
        pytest.param({**VALID, "title": "Inspection \U000e0041"}, "input.title", id="tag-character"),
        pytest.param({**VALID, "title": "Inspection \uffff"}, "input.title", id="noncharacter"),
        pytest.param({**VALID, "title": "t" * 200_000}, "input.title", id="200-kb-title"),
        pytest.param(
            {**VALID, **with_judgement(areaLabel="a" * 100_000)},
            "input.judgements[0].areaLabel",
            id="100-kb-label",
        ),
        pytest.param(
            {**VALID, **with_recommendation(text="r" * 5_001)},
            "input.recommendations[0].text",
            id="long-text",
        ),
    ],
)
def test_the_catalogue_refuses_what_a_framework_never_recorded_naming_the_field(
    client: TestClient, seeded_service: Service, recorder_token: str, document: dict[str, Any], field: str
) -> None:
    position = seeded_service.records.log_position()
    body = publish(client, recorder_token, document)
    assert [e["extensions"]["field"] for e in body["errors"]] == [field], body["errors"]
    assert len(body["errors"][0]["message"]) < 600
    assert body["data"] == {"publishInspection": None}
    assert seeded_service.records.log_position() == position


def test_an_ilacs_document_of_april_2026_on_records_no_overall_effectiveness_and_needs_none(
    client: TestClient, seeded_service: Service, recorder_token: str
) -> None:
    leaders = {"area": "impact_of_leaders", "areaLabel": "The impact of leaders", "raw": "Good"}
    care_leavers = {"area": "care_leavers", "areaLabel": "Care leavers", "raw": "Outstanding"}
    body = publish(
        client, recorder_token, {**ILACS_2019, **ON_APRIL_2026, "judgements": [leaders, care_leavers]}
    )
    assert "errors" not in body, body["errors"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (
            'mutation C($j: ID!, $r: String!) { correctJudgement(input: {judgement: $j, raw: "Grade 1", '
            "reason: $r}) { id } }",
            "input.reason",
        ),
        ("mutation W($d: ID!, $r: String!) { withdrawInspection(id: $d, reason: $r) { id } }", "reason"),
    ],
)
def test_a_200_kb_reason_for_a_correction_or_withdrawal_is_refused_and_records_nothing(
    client: TestClient, seeded_service: Service, query: str, field: str
) -> None:
    editor = seeded_service.tokens.create("ed", "editor")
    query_picture = (
        'query { picture(authority: "E08000007", asAt: "2012-06-01") '
        "{ judgements { id inspection { id } } } }"
    )
    picture = client.post("/graphql", json={"query": query_picture}).json()["data"]["picture"]
    judgement = picture["judgements"][0]
    position = seeded_service.records.log_position()
    body = client.post(
        "/graphql",
        json={
            "query": query,
            "variables": {"j": judgement["id"], "d": judgement["inspection"]["id"], "r": "x" * 200_000},
        },
        headers={"authorization": f"Bearer {editor}"},
    ).json()
    assert [e["extensions"]["field"] for e in body["errors"]] == [field]
    assert "200,000 characters long; at most 2,000" in body["errors"][0]["message"]
    assert seeded_service.records.log_position() == position


def test_text_is_measured_and_stated_without_its_surrounding_spaces(
    client: TestClient, seeded_service: Service, recorder_token: str
) -> None:
    padded = "  " + "x" * 500 + "  "
    document = {
        **VALID,
        "title": padded,
        "source": "   ",
        **with_judgement(section="  "),
        **with_recommendation(area="  ", theme=" "),
    }
    body = publish(client, recorder_token, document)
    assert "errors" not in body, body["errors"]
