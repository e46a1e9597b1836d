"""Screenshots of the page's states, and axe-core's findings on each, for a
closing note or a review: `python -m tests.browser.screenshots [DIR]`
(default var/screenshots). Needs Debian's Chromium, as the browser tests do."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from tests.browser.conftest import CHROMIUM_FLAGS
from tests.browser.pages import STOCKPORT_2012, choose_known_at, move_slider_to, picture_count
from tests.browser.site import embedded_site
from tests.conftest import ROOT, sqlite_store


def _settled(page: Page) -> None:
    expect(page.locator("#loading")).to_be_empty()


def main(out: Path) -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium is not installed (apt-get install -y chromium)", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as directory,
        embedded_site(sqlite_store(Path(directory))) as site,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            str(Path(directory) / "profile"),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        page = context.new_page()
        print(f"Chromium {context.browser.version if context.browser else '?'}")

        def shot(name: str) -> None:
            _settled(page)
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            found = Axe().run(page).response["violations"]
            impacts = Counter(v["impact"] for v in found)
            print(f"{name}: {out / name}.png; axe violations by impact: {dict(impacts) or 'none'}")

        page.goto(site.url + "/")
        page.get_by_role("combobox", name="Find an authority by name or GSS code").fill("stock")
        expect(page.get_by_role("option").first).to_be_visible()
        shot("1-search")
        page.goto(site.url + STOCKPORT_2012)
        expect(picture_count(page)).to_contain_text("23 judgements")
        shot("2-timeline")
        move_slider_to(page, "2006-01-01")
        expect(picture_count(page)).to_contain_text("4 judgements")
        shot("3-slider-moved")
        page.goto(site.url + STOCKPORT_2012)
        expect(picture_count(page)).to_contain_text("23 judgements")
        choose_known_at(page, "Just before")
        expect(picture_count(page)).to_contain_text("as known at")
        shot("4-as-known-at")
        page.goto(site.url + STOCKPORT_2012 + "&area=staying_safe&theme=safeguarding")
        expect(page.locator("#judgement-panel")).to_be_visible()
        shot("5-panel")
        page.goto(site.url + "/national?asAt=2012-04-01")
        expect(page.locator("#national-list tbody tr").first).to_be_visible()
        shot("6-national")
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var" / "screenshots"))
