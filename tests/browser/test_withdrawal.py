"""A withdrawn document on the timeline: struck through once the moment
asked about is at or after its withdrawal, and that moment offered."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.pages import choose_known_at
from tests.browser.site import Site
from tests.e2e.graphql_client import graphql, read_your_write
from tests.factories import BURY

if TYPE_CHECKING:
    from playwright.sync_api import Page

WITHDRAW = "mutation W($id: ID!, $reason: String!) { withdrawInspection(id: $id, reason: $reason) { id } }"
REASON = "published under the wrong authority"


@pytest.fixture(scope="module")
def bury_withdrawn(site: Site) -> str:
    """Bury's 2005 letter, withdrawn by an editor; no other test reads Bury's record."""
    with httpx.Client(base_url=site.url, timeout=30) as client:
        edges = graphql(
            client, "query D($a: ID!) { inspections(authority: $a) { edges { node { id } } } }", a=BURY
        )
        (letter,) = [str(e["node"]["id"]) for e in edges["inspections"]["edges"]]
        body = client.post(
            "/graphql",
            json={"query": WITHDRAW, "variables": {"id": letter, "reason": REASON}},
            headers={"authorization": f"Bearer {site.editor_token}"},
        ).json()
        assert "errors" not in body, body
        read_your_write(client, body)
    return letter


def test_a_withdrawn_document_is_struck_through_once_its_withdrawal_is_known(
    page: Page, site: Site, bury_withdrawn: str
) -> None:
    page.goto(site.url + f"/?authority={BURY}&asAt=2006-01-01")
    marker = page.locator("#timeline .doc-marker")
    expect(marker).to_have_class("doc-marker withdrawn")
    expect(marker.locator("s")).to_have_count(1)
    expect(marker).to_contain_text(REASON)
    choose_known_at(page, "Just before the withdrawal")
    expect(marker).to_have_class("doc-marker")
    expect(marker.locator("s")).to_have_count(0)
    choose_known_at(page, "Once the withdrawal")
    expect(marker.locator("s")).to_have_count(1)
