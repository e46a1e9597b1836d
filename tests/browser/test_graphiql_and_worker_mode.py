"""GraphiQL offline under the content security policy, and the page served by
a process that leaves the read models to a projection worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from tests.browser.pages import STOCKPORT_2012, picture_count, segment
from tests.browser.site import REASON, Site

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_graphiql_loads_from_this_origin_and_runs_a_query(page: Page, site: Site) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(site.url + "/graphql")
    run = page.get_by_role("button", name="Execute query (Ctrl-Enter)")
    run.click()
    expect(page.locator(".result-window")).to_contain_text('"position"')
    assert loaded and all(url.startswith(site.url) or url.startswith("data:") for url in loaded), loaded


@pytest.mark.postgres
def test_in_worker_mode_the_page_shows_stockport_in_2012_with_the_correction(
    page: Page, worker_mode_site: Site
) -> None:
    page.goto(worker_mode_site.url + STOCKPORT_2012 + "&area=staying_safe&theme=safeguarding")
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
    expect(segment(page, "safeguarding", "staying_safe")).to_have_text("Good (Grade 2)")
    expect(page.locator("#judgement-panel")).to_contain_text(REASON)
    # Asked again, the answers come from the response cache, and say the same.
    page.reload()
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
