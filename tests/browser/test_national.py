"""The nation in a browser: every authority alive on the day, counts per
band, the chart the page draws, the region filter and links to timelines."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import httpx
from playwright.sync_api import expect

from tests.browser.site import Site
from tests.e2e.graphql_client import graphql

if TYPE_CHECKING:
    from playwright.sync_api import Page


def alive_today(site: Site) -> set[str]:
    """The register's authorities established by today and not replaced by then."""
    today = datetime.now(UTC).date().isoformat()
    with httpx.Client(base_url=site.url) as client:
        register = graphql(client, "{ authorities { code replacedOn establishedOn } }")["authorities"]
    return {
        a["code"]
        for a in register
        if (a["replacedOn"] is None or a["replacedOn"] > today)
        and (a["establishedOn"] is None or a["establishedOn"] <= today)
    }


def test_the_national_view_as_at_today_lists_every_authority_alive_today(page: Page, site: Site) -> None:
    page.goto(site.url + "/national")
    rows = page.locator("#national-list tbody tr")
    expected = alive_today(site)
    expect(rows).to_have_count(len(expected))
    listed = set(rows.evaluate_all("rows => rows.map(r => r.dataset.code)"))
    assert listed == expected
    assert len(listed) == 153
    expect(page.locator("#national-count")).to_contain_text("153 authorities alive as at")


def test_counts_per_band_and_a_chart_of_them_over_the_years(page: Page, site: Site) -> None:
    page.goto(site.url + "/national?asAt=2012-04-01")
    # Stockport's 2012 safeguarding overall effectiveness, Grade 3: adequate.
    expect(page.locator('.counts td[data-band="ADEQUATE"]')).to_have_text("1")
    expect(page.locator(".chart .series")).to_have_count(4)
    expect(page.locator(".chart .series-label")).to_contain_text(
        ["Outstanding", "Good", "Adequate", "Inadequate"]
    )
    years = page.locator(".chart-table tbody tr")
    assert years.count() >= 20
    expect(page.locator('#national-list tr[data-code="E08000007"]')).to_contain_text("Adequate (Grade 3)")


def test_the_region_filter_keeps_one_region_and_a_row_links_to_its_timeline(page: Page, site: Site) -> None:
    page.goto(site.url + "/national?asAt=2012-04-01")
    page.get_by_label("Region").select_option("North West")
    expect(page.locator("#national-count")).to_contain_text("in North West alive as at 1 April 2012")
    assert "region=North+West" in page.url or "region=North%20West" in page.url
    regions = page.locator("#national-list tbody td:nth-child(2)").all_inner_texts()
    assert regions and set(regions) == {"North West"}
    page.locator("#national-list").get_by_role("link", name="Stockport").click()
    expect(page.locator("#authority-name")).to_have_text("Stockport")
    assert "authority=E08000007" in page.url and "asAt=2012-04-01" in page.url
    page.go_back()
    expect(page.get_by_label("Region")).to_have_value("North West")
