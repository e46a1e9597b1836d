"""What the browser tests do to the page, in the page's own words."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page, Request

STOCKPORT_2012 = "/?authority=E08000007&asAt=2012-03-23"
# The page's requests to GraphQL: by GET (a query string) or by POST.
GRAPHQL = re.compile(r"/graphql(\?|$)")
# Chromium's own limits on a page as these tests use it.
MAX_TABS = 60


def picture_count(page: Page) -> Locator:
    return page.locator("#picture-count")


def segment(page: Page, theme: str | None, area: str) -> Locator:
    return page.locator(f'#timeline .timeline-row[data-row="{theme or ""}/{area}"] .segment')


def move_slider_to(page: Page, day: str) -> None:
    """Drag the as-at slider to a day, as a pointer would: the value moves, then it is let go."""
    page.locator("#as-at-slider").evaluate(
        """(slider, day) => {
            const start = Date.parse(slider.ownerDocument.getElementById("as-at-date").min + "T00:00:00Z");
            slider.value = String(Math.round((Date.parse(day + "T00:00:00Z") - start) / 86400000));
            slider.dispatchEvent(new Event("input", { bubbles: true }));
            slider.dispatchEvent(new Event("change", { bubbles: true }));
        }""",
        day,
    )


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element the selector names has the focus."""
    for _ in range(MAX_TABS):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose_known_at(page: Page, option_text: str) -> None:
    toggle = page.get_by_label("As known at a past moment")
    if not toggle.is_checked():
        toggle.check()
    choice = page.get_by_label("Moments when what was known changed")
    expect(choice).to_be_enabled()
    label = choice.locator("option", has_text=option_text).first.inner_text()
    choice.select_option(label=label)


def operation_of(request: Request) -> str | None:
    """The operation a request to GraphQL names, by GET or by POST."""
    if request.method == "GET":
        return parse_qs(urlsplit(request.url).query).get("operationName", [None])[-1]
    named: str | None = json.loads(request.post_data or "{}").get("operationName")
    return named
