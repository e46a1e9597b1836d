"""The browser suite: Debian's Chromium under Playwright, against the app
served once on a free port (tests/browser/site.py).

Chromium is the binary of Debian's `chromium` package, found on PATH
(`make test` and `.ci/run` install it); Playwright's own browser downloads
are never used. Where it is missing these tests skip; with CI=true they fail.
On failure each test leaves a screenshot and the page's console log in
var/test-artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.site import Site, allow_list_site, embedded_site, worker_site
from tests.conftest import ROOT, _in_ci, postgres_store, sqlite_store

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Playwright

ARTIFACTS = ROOT / "var" / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_binary() -> str:
    found = shutil.which("chromium")
    if found is None:
        message = "Chromium is not installed (apt-get install -y chromium; `make test` does it as root)"
        if _in_ci():
            pytest.fail(message + " (CI=true: the browser tests must run)", pytrace=False)
        pytest.skip(message)
    return found


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    chromium_binary()  # skip (or, in CI, fail) before starting Playwright's driver
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="package")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Chromium with a fresh user-data dir, launched once for the browser tests."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=chromium_binary(),
        headless=True,
        args=CHROMIUM_FLAGS,
        viewport={"width": 1400, "height": 1000},
        locale="en-GB",
        timezone_id="UTC",
    )
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app served once on SQLite, seeds loaded, one correction recorded."""
    with embedded_site(sqlite_store(tmp_path_factory.mktemp("browser-store"))) as running:
        yield running


@pytest.fixture(scope="module")
def registered_only_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the app with PERSISTED_QUERIES=registered, on SQLite, seeds loaded."""
    with allow_list_site(sqlite_store(tmp_path_factory.mktemp("allow-list-store"))) as url:
        yield url


@pytest.fixture(scope="module")
def worker_mode_site(request: pytest.FixtureRequest) -> Iterator[Site]:
    """The same on PostgreSQL with PROJECTIONS=worker and a projection worker. Only
    for the module that asks: its worker holds the database's advisory lock, and
    the end-to-end tests' workers, in other schemas of the same database, wait for it."""
    with worker_site(postgres_store(request.getfixturevalue("postgres_database"))) as running:
        yield running


class Console:
    """What the page wrote to its console, and the policy's refusals."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def heard(self, message: ConsoleMessage) -> None:
        self.lines.append(f"{message.type}: {message.text}")

    def refusals(self) -> list[str]:
        return [line for line in self.lines if "Content Security Policy" in line]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: BrowserContext, console: Console, request: pytest.FixtureRequest) -> Iterator[Page]:
    opened = browser.new_page()
    opened.on("console", console.heard)
    opened.on("pageerror", lambda error: console.lines.append(f"pageerror: {error}"))
    try:
        yield opened
        assert console.refusals() == [], "the content security policy refused something"
    finally:
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = request.node.name.replace("/", "_")
            opened.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.console.log").write_text("\n".join(console.lines) + "\n", encoding="utf-8")
        opened.close()
