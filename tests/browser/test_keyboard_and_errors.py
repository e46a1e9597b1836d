"""The page by keyboard alone, and its failures shown with a way to retry."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from playwright.sync_api import expect

from tests.browser.pages import GRAPHQL, STOCKPORT_2012, operation_of, picture_count, tab_to
from tests.browser.site import Site

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route


def test_keyboard_only_search_pick_move_the_slider_and_open_a_panel(page: Page, site: Site) -> None:
    page.goto(site.url + "/?asAt=2012-03-23")
    tab_to(page, "#authority-search")
    page.keyboard.type("stockp")
    expect(page.get_by_role("option", name=re.compile("Stockport"))).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
    assert "authority=E08000007" in page.url
    tab_to(page, "#as-at-slider")
    # Left steps to the document before: the 2009 annual rating.
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#as-at-date")).to_have_value(re.compile(r"^2009-"))
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#as-at-date")).to_have_value(re.compile(r"^2005-"))
    expect(picture_count(page)).to_contain_text("4 judgements")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#as-at-date")).to_have_value("2012-03-23")
    expect(picture_count(page)).to_contain_text("23 judgements in force as at 23 March 2012")
    tab_to(page, "#timeline .segment")
    focused = page.evaluate("document.activeElement.dataset.judgement")
    page.keyboard.press("Enter")
    panel = page.locator("#judgement-panel")
    expect(panel).to_be_visible()
    expect(panel).to_be_focused()
    expect(panel.locator("#judgement-quote")).not_to_be_empty()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert page.evaluate("document.activeElement.dataset.judgement") == focused


def test_an_unknown_code_in_the_address_gives_a_message_with_a_retry(page: Page, site: Site) -> None:
    page.goto(site.url + "/?authority=E09999999")
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("no authority with this GSS code is registered (got 'E09999999')")
    expect(problem.get_by_role("button", name="Retry")).to_be_visible()


def test_a_malformed_code_gives_the_server_s_message(page: Page, site: Site) -> None:
    page.goto(site.url + "/?authority=stockport")
    expect(page.get_by_role("alert")).to_contain_text("not a GSS code of an English authority")


def test_a_malformed_date_in_the_address_is_named(page: Page, site: Site) -> None:
    page.goto(site.url + "/?authority=E08000007&asAt=23/03/2012")
    expect(page.get_by_role("alert")).to_contain_text("asAt in the address must be a date")


def test_a_server_that_does_not_answer_gets_a_message_and_retry_recovers(page: Page, site: Site) -> None:
    def unanswered(route: Route) -> None:
        route.abort("connectionrefused")

    page.route(GRAPHQL, unanswered)
    page.goto(site.url + STOCKPORT_2012)
    problem = page.get_by_role("alert")
    expect(problem).to_contain_text("The server did not answer")
    page.unroute(GRAPHQL, unanswered)
    problem.get_by_role("button", name="Retry").click()
    expect(picture_count(page)).to_contain_text("23 judgements")
    expect(problem).to_be_hidden()


def test_a_graphql_error_is_shown_with_its_message(page: Page, site: Site) -> None:
    page.goto(site.url + "/?authority=E08000007&asKnownAt=10000-01-01T00:00:00Z")
    problem = page.get_by_role("alert")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("asKnownAt")


def test_a_name_typed_before_the_register_arrives_is_searched_once_it_does(page: Page, site: Site) -> None:
    held: list[Route] = []

    def hold_the_register(route: Route) -> None:
        if operation_of(route.request) == "Register":
            held.append(route)
        else:
            route.continue_()

    page.route(GRAPHQL, hold_the_register)
    page.goto(site.url + "/")
    tab_to(page, "#authority-search")
    page.keyboard.type("stockp")
    expect(page.get_by_role("option", name="Loading the register…")).to_be_visible()
    assert held, "the register was not asked for"
    for route in held:
        route.continue_()
    expect(page.get_by_role("option", name=re.compile("Stockport"))).to_be_visible()
