"""The page asks only the registered queries of queries/page/, by hash and by
GET: it works whole on a server that runs nothing else
(PERSISTED_QUERIES=registered), and a server that does not know a hash is
sent its text once."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from service.api.page_queries import PAGE_QUERIES
from tests.browser.pages import GRAPHQL, STOCKPORT_2012, operation_of, picture_count, segment
from tests.browser.site import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request, Route

NOT_FOUND = json.dumps(
    {"errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]}
)


def graphql_requests(page: Page) -> list[Request]:
    """Every request the page sends to GraphQL from now on."""
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request) if GRAPHQL.search(request.url) else None)
    return sent


def carries_a_query_text(request: Request) -> bool:
    if request.method == "GET":
        return "query" in parse_qs(urlsplit(request.url).query)
    return "query" in json.loads(request.post_data or "{}")


def test_with_only_registered_queries_run_the_page_shows_an_authority_its_history_and_the_nation(
    page: Page, registered_only_site: str
) -> None:
    sent = graphql_requests(page)
    page.goto(registered_only_site + STOCKPORT_2012)
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
    segment(page, "safeguarding", "staying_safe").click()
    expect(page.locator("#judgement-panel .versions tbody tr")).to_have_count(1)
    page.goto(registered_only_site + "/national?asAt=2012-04-01")
    expect(page.locator('.counts td[data-band="ADEQUATE"]')).to_have_text("1")
    expect(page.locator(".chart-table tbody tr").nth(19)).to_be_attached()
    expect(page.get_by_role("alert")).to_be_hidden()

    assert {operation_of(r) for r in sent} == {p.stem for p in PAGE_QUERIES.glob("*.graphql")}
    assert [r.url for r in sent if r.method != "GET" or carries_a_query_text(r)] == []


def test_a_server_that_does_not_know_a_hash_is_sent_the_text_and_the_page_carries_on(
    page: Page, site: Site
) -> None:
    forgotten: list[str] = []

    def forget_the_picture_once(route: Route) -> None:
        if not forgotten and route.request.method == "GET" and operation_of(route.request) == "Picture":
            forgotten.append(route.request.url)
            route.fulfill(status=400, content_type="application/graphql-response+json", body=NOT_FOUND)
        else:
            route.continue_()

    page.route(GRAPHQL, forget_the_picture_once)
    sent = graphql_requests(page)
    page.goto(site.url + STOCKPORT_2012)
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")

    (taught,) = [r for r in sent if r.method == "POST"]
    body = json.loads(taught.post_data or "{}")
    text = (PAGE_QUERIES / "Picture.graphql").read_text()
    assert body["query"] == text
    assert body["extensions"]["persistedQuery"]["sha256Hash"] == hashlib.sha256(text.encode()).hexdigest()
    assert body["variables"] == {"authority": "E08000007", "asAt": "2012-03-23"}
    assert len(forgotten) == 1


def test_the_nation_and_its_chart_over_the_years_are_two_requests(page: Page, site: Site) -> None:
    sent = graphql_requests(page)
    page.goto(site.url + "/national?asAt=2012-04-01")
    expect(page.locator(".chart-table tbody tr").nth(19)).to_be_attached()
    expect(page.get_by_role("alert")).to_be_hidden()

    assert sorted(str(operation_of(r)) for r in sent) == ["National", "NationalCounts"]
