"""Accessibility: axe-core finds nothing serious or critical, every control
has a label, and the band colours reach 4.5:1 against their background."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.pages import STOCKPORT_2012, picture_count
from tests.browser.site import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page

STATES = {
    "search": "/",
    "timeline with a panel": STOCKPORT_2012 + "&area=staying_safe&theme=safeguarding",
    "national": "/national?asAt=2012-04-01",
}

CONTRAST = """() => {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = (css) => {
    const [r, g, b] = css.match(/\\d+(\\.\\d+)?/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const body = getComputedStyle(document.body).backgroundColor;
  const root = getComputedStyle(document.documentElement).backgroundColor;
  const page = body === "rgba(0, 0, 0, 0)" ? root : body;
  return [...document.querySelectorAll("#legend .swatch, #timeline .segment")].map((e) => {
    const style = getComputedStyle(e);
    const fill = style.backgroundColor;
    return { band: e.className, text: ratio(style.color, fill), page: ratio(fill, page) };
  });
}"""


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_serious_or_critical_violation(page: Page, site: Site, state: str) -> None:
    page.goto(site.url + STATES[state])
    expect(page.locator("#loading")).to_be_empty()
    results = Axe().run(page)
    grave = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert grave == [], results.generate_report()


@pytest.mark.parametrize("state", list(STATES))
def test_every_control_has_a_label(page: Page, site: Site, state: str) -> None:
    page.goto(site.url + STATES[state])
    expect(page.locator("#loading")).to_be_empty()
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input, select, textarea, button")]
            .filter((c) => c.offsetParent !== null)
            .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute("aria-label")
                && !c.getAttribute("aria-labelledby") && !c.textContent.trim())
            .map((c) => c.outerHTML)"""
    )
    assert unlabelled == []


def test_band_colours_reach_4_5_to_1_against_their_text_and_the_page(page: Page, site: Site) -> None:
    page.goto(site.url + STOCKPORT_2012)
    expect(picture_count(page)).to_contain_text("23 judgements")
    measured = page.evaluate(CONTRAST)
    assert len(measured) > 4
    assert {m["band"].split()[-1] for m in measured if "swatch" in m["band"]} == {
        "band-outstanding",
        "band-good",
        "band-adequate",
        "band-inadequate",
    }
    for found in measured:
        assert found["text"] >= 4.5 and found["page"] >= 4.5, found
