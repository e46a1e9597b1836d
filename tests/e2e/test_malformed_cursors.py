"""Generated malformed cursors, of any length and script: each is refused
with an error naming `after`, in the lists and in the live feed, never
accepted and never an unexpected error."""

from __future__ import annotations

import base64
import uuid
from typing import TYPE_CHECKING, Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.test_graphql_api import EVENTS, INSPECTIONS
from tests.e2e.test_live_feed import SUBSCRIBE

if TYPE_CHECKING:
    from starlette.testclient import TestClient

REFUSAL = "after: not a cursor this API issued for this list"
BASE64URL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def issued_position(text: str) -> bool:
    """Whether a cursor's position is written as the API writes one."""
    return text.isascii() and text.isdigit() and str(int(text)) == text and int(text) < 2**63


def refusal(client: TestClient, query: str, cursor: str) -> str:
    body: dict[str, Any] = client.post(
        "/graphql", json={"query": query, "variables": {"after": cursor}}
    ).json()
    assert body["data"] is None, (cursor, body)
    (error,) = body["errors"]
    message: str = error["message"]
    return message


other_scripts_digits = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())
positions_not_as_issued = st.one_of(
    st.text(alphabet="0123456789", min_size=20, max_size=6000),  # 5,000 digits and the like
    st.integers(min_value=2**63, max_value=10**40).map(str),
    st.integers(min_value=1).map(lambda n: f"-{n}"),
    st.integers(min_value=0).map(lambda n: f"+{n}"),
    st.integers(min_value=0).map(lambda n: f"0{n}"),
    st.tuples(st.integers(min_value=0, max_value=10**6), st.sampled_from([" ", "\t", "\n", "\u00a0"])).map(
        lambda p: f"{p[1]}{p[0]}{p[1]}"
    ),
    st.text(alphabet=other_scripts_digits, min_size=1, max_size=25),  # "１２３", "٣"
    st.text(max_size=40).filter(
        lambda t: not (t.isascii() and t.isdigit() and len(t) < 20 and issued_position(t))
    ),
)
# Whatever is not written in the cursors' alphabet: whitespace, '+', '/',
# full-width digits, any script.
outside_the_alphabet = st.text(min_size=1, max_size=300).filter(lambda t: any(c not in BASE64URL for c in t))
issued_event_cursors = st.integers(min_value=0, max_value=2**63 - 1).map(lambda n: encoded(f"event:{n}"))
# Altered so that no cursor is written so: padding dropped or added, a
# character or whitespace after it.
issued_cursors_altered = st.one_of(
    issued_event_cursors.filter(lambda c: c.endswith("=")).map(lambda c: c.rstrip("=")),
    st.tuples(issued_event_cursors, st.sampled_from(["=", "==", "A", " ", "\n"])).map("".join),
)
malformed_anywhere = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=6000),
    outside_the_alphabet,
    st.binary(min_size=100, max_size=8000).map(lambda b: base64.urlsafe_b64encode(b).decode()),  # huge base64
    st.text(max_size=40).filter(lambda t: not t.startswith(("event:", "inspection:"))).map(encoded),
)
malformed_event_cursors = st.one_of(
    positions_not_as_issued.map(lambda p: encoded(f"event:{p}")),
    issued_cursors_altered,
    malformed_anywhere,
    st.just(encoded(f"inspection:*:2012-03-23:{uuid.UUID(int=7)}")),
)
dates_not_as_issued = st.dates().flatmap(
    lambda d: st.sampled_from(
        [
            d.strftime("%Y%m%d"),
            d.isoformat().translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            f"{d.isoformat()} ",
            f"{d.year}-W01-1",
        ]
    )
)
ids_not_as_issued = st.uuids().flatmap(
    lambda u: st.sampled_from([f"{{{u}}}", u.hex, f"urn:uuid:{u}", f"{u}x", f" {u}"])
)
malformed_inspection_cursors = st.one_of(
    # The every-document list's cursors are "inspection:*:DATE:ID".
    st.tuples(dates_not_as_issued, st.uuids()).map(lambda p: encoded(f"inspection:*:{p[0]}:{p[1]}")),
    st.tuples(st.dates(), ids_not_as_issued).map(
        lambda p: encoded(f"inspection:*:{p[0].isoformat()}:{p[1]}")
    ),
    st.tuples(st.dates(), st.uuids()).map(
        lambda p: encoded(f"inspection:*:{p[0].isoformat()}:{p[1]}").rstrip("=") + "A"
    ),
    # Well formed, but of another list or of none.
    st.tuples(st.sampled_from(["E08000007", "", "**"]), st.dates(), st.uuids()).map(
        lambda p: encoded(f"inspection:{p[0]}:{p[1].isoformat()}:{p[2]}")
    ),
    malformed_anywhere,
    st.just(encoded("event:5")),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cursor=malformed_event_cursors)
def test_a_hundred_malformed_event_cursors_are_each_refused_naming_after(
    client: TestClient, cursor: str
) -> None:
    message = refusal(client, EVENTS, cursor)
    assert message.startswith(REFUSAL), (cursor, message)
    # It repeats at most the start of what it was sent.
    assert len(message) < 200, message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cursor=malformed_inspection_cursors)
def test_a_hundred_malformed_inspection_cursors_are_each_refused_naming_after(
    client: TestClient, cursor: str
) -> None:
    message = refusal(client, INSPECTIONS, cursor)
    assert message.startswith(REFUSAL), (cursor, message)
    assert len(message) < 200, message


def test_five_thousand_digits_and_full_width_digits_are_refused_by_the_lists_and_the_feed(
    client: TestClient,
) -> None:
    for cursor in (encoded("event:" + "1" * 5000), encoded("event:１２３"), "１２３", "1" * 5000):
        assert refusal(client, EVENTS, cursor).startswith(REFUSAL), cursor[:60]
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init"})
            assert ws.receive_json()["type"] == "connection_ack"
            ws.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": SUBSCRIBE, "variables": {"after": cursor}},
                }
            )
            answer = ws.receive_json()
            assert answer["payload"]["data"] is None, (cursor[:60], answer)
            (error,) = answer["payload"]["errors"]
            assert error["message"].startswith(REFUSAL), (cursor[:60], error)


def test_cursors_as_issued_are_still_taken(client: TestClient) -> None:
    from tests.e2e.graphql_client import graphql

    first = graphql(client, EVENTS, first=2)["events"]["edges"]
    after = graphql(client, EVENTS, first=1, after=first[0]["cursor"])["events"]["edges"]
    assert after[0]["node"]["position"] == first[1]["node"]["position"]
    documents = graphql(client, INSPECTIONS, first=2)["inspections"]["edges"]
    following = graphql(client, INSPECTIONS, first=1, after=documents[0]["cursor"])["inspections"]["edges"]
    assert following[0]["node"]["id"] == documents[1]["node"]["id"]


def test_a_cursor_of_one_authoritys_documents_is_refused_by_another_list_and_read_by_its_own(
    client: TestClient,
) -> None:
    def page(authority: str | None, after: str | None) -> dict[str, Any]:
        variables = {"authority": authority, "first": 1, "after": after}
        body: dict[str, Any] = client.post(
            "/graphql", json={"query": INSPECTIONS, "variables": variables}
        ).json()
        return body

    first = page("E08000007", None)["data"]["inspections"]["pageInfo"]["endCursor"]
    assert "errors" not in page("E08000007", first)
    for other in ("E08000002", None):
        assert page(other, first)["errors"][0]["message"].startswith(REFUSAL)
