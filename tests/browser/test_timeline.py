"""An authority's record over time in a real browser: the timeline, the two
moments, the picture in force, a judgement's panel, and the address."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playwright.sync_api import expect

from service.adapters.seed_files import normalise
from tests.browser.pages import STOCKPORT_2012, choose_known_at, move_slider_to, picture_count, segment
from tests.browser.site import CORRECTED, REASON, Site
from tests.conftest import SEED_EVENTS

if TYPE_CHECKING:
    from playwright.sync_api import Page

STAYING_SAFE = (CORRECTED["theme"], CORRECTED["area"])


def test_stockport_as_at_the_2012_report_shows_23_judgements_and_as_at_2006_the_four_apa_grades(
    page: Page, site: Site
) -> None:
    page.goto(site.url + STOCKPORT_2012)
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
    expect(page.locator("#picture li")).to_have_count(23)
    move_slider_to(page, "2006-01-01")
    expect(picture_count(page)).to_contain_text("4 judgements in force as at 1 January 2006")
    # The 2005 letter's four grades, each "3" on its 4-is-best scale: good.
    expect(page.locator("#picture li .badge")).to_have_text([re.compile(r"\(3\)$")] * 4)
    expect(page.locator("#picture li .badge.band-good")).to_have_count(4)
    expect(page.locator("#as-at-date")).to_have_value("2006-01-01")
    assert "asAt=2006-01-01" in page.url


def test_the_date_input_moves_the_slider_and_back_and_forward_retrace_the_moments(
    page: Page, site: Site
) -> None:
    page.goto(site.url + STOCKPORT_2012)
    expect(picture_count(page)).to_contain_text("23 judgements")
    date = page.locator("#authority-view").get_by_label("As at date")
    date.fill("2010-01-01")
    date.dispatch_event("change")
    # As at 2010: the 2009 rating, and the 2005 letter's grades its series does not replace.
    expect(picture_count(page)).to_contain_text("as at 1 January 2010")
    page.go_back()
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
    expect(page.locator("#as-at-date")).to_have_value("2012-03-23")
    page.go_forward()
    expect(picture_count(page)).to_contain_text("as at 1 January 2010")


def test_as_known_before_the_correction_the_old_grade_and_after_it_the_new_one_with_its_reason(
    page: Page, site: Site
) -> None:
    page.goto(site.url + STOCKPORT_2012 + "&area=staying_safe&theme=safeguarding")
    panel = page.locator("#judgement-panel")
    expect(panel).to_contain_text("Raw grade" + "Grade 2")
    choose_known_at(page, "Just before")
    expect(segment(page, *STAYING_SAFE)).to_have_text("Adequate (Grade 3)")
    expect(panel.locator(".versions tbody tr")).to_have_count(1)
    expect(panel).not_to_contain_text(REASON)
    expect(page.locator('#picture li[data-theme="safeguarding"][data-area="staying_safe"]')).to_contain_text(
        "Adequate (Grade 3)"
    )
    assert "asKnownAt=" in page.url
    choose_known_at(page, "Once")
    expect(segment(page, *STAYING_SAFE)).to_have_text("Good (Grade 2)")
    expect(panel.locator(".versions tbody tr")).to_have_count(2)
    expect(panel.locator(".versions tbody tr").nth(1)).to_contain_text(REASON)
    expect(panel.get_by_text(REASON).first).to_be_visible()
    page.get_by_label("As known at a past moment").uncheck()
    expect(page.locator("#known-at")).to_be_disabled()
    assert "asKnownAt" not in page.url


def test_the_known_at_choices_include_the_moment_the_correction_was_recorded(page: Page, site: Site) -> None:
    page.goto(site.url + STOCKPORT_2012)
    expect(picture_count(page)).to_contain_text("23 judgements")
    values = page.locator("#known-choice option").evaluate_all("options => options.map(o => o.value)")
    assert site.corrected_at in values


def test_clicking_a_judgement_shows_a_quote_that_occurs_in_its_seed_source(page: Page, site: Site) -> None:
    page.goto(site.url + STOCKPORT_2012)
    segment(page, "looked_after_children", "being_healthy").click()
    panel = page.locator("#judgement-panel")
    expect(panel).to_be_visible()
    expect(panel).to_be_focused()
    quote = page.locator("#judgement-quote").inner_text()
    (source,) = (SEED_EVENTS / "sources").glob("003_*.txt")
    assert "Grade 4" in quote
    assert normalise(quote) in normalise(source.read_text(encoding="utf-8"))
    assert "area=being_healthy" in page.url and "theme=looked_after_children" in page.url


def test_segments_are_coloured_by_band_and_labelled_with_grade_words(page: Page, site: Site) -> None:
    page.goto(site.url + STOCKPORT_2012)
    being_healthy = segment(page, "looked_after_children", "being_healthy")
    expect(being_healthy).to_have_text("Inadequate (Grade 4)")
    expect(being_healthy).to_have_class(re.compile(r"\bband-inadequate\b"))
    # Every segment says its grade in words, not by colour alone.
    texts = page.locator("#timeline .segment").all_inner_texts()
    assert texts and all(text.strip() for text in texts)
    expect(page.locator("#timeline .doc-marker")).to_have_count(3)


def test_a_replaced_authority_links_to_its_successors_and_they_back_to_it(page: Page, site: Site) -> None:
    page.goto(site.url + "/?authority=E10000021")
    heading = page.locator("#authority-heading")
    expect(heading).to_contain_text("Replaced on 2021-04-01 (split)")
    heading.get_by_role("link", name=re.compile("West Northamptonshire")).click()
    expect(page.locator("#authority-name")).to_have_text("West Northamptonshire")
    assert "authority=E06000062" in page.url
    expect(heading.get_by_role("link", name=re.compile(r"^Northamptonshire"))).to_be_visible()
    page.go_back()
    expect(page.locator("#authority-name")).to_have_text("Northamptonshire")
