"""Shared fixtures for browser tests: Debian's Chromium driven by Playwright, kept offline.

The proceedings are read from file:// on machines without internet, so a browser test opens
the built pages from file:// and treats any request to another host as a failure, like a
reader's browser would with the network cable pulled.

Without Chromium or Playwright the browser tests are skipped with the reason, except when
PROSIDING_REQUIRE_BROWSER=1 (set by .ci/run): then a missing browser fails them, so CI can
never pass by silently testing nothing in the browser.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Response

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
]
# Long enough for a slow CI machine, short enough that a missing element fails the test
# in seconds instead of Playwright's default 30 s per call.
ACTION_TIMEOUT_MS = 15_000


def browser_required() -> bool:
    return os.environ.get("PROSIDING_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def chromium_path() -> str:
    return os.environ.get("PROSIDING_CHROMIUM") or DEFAULT_CHROMIUM


def _browser_unavailable(reason: str) -> None:
    """Skip, or fail when CI demands the browser tests run."""
    if browser_required():
        pytest.fail(f"{reason} (PROSIDING_REQUIRE_BROWSER=1, so browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the browser, so `pytest -m "not browser"` leaves them out."""
    for item in items:
        if "chromium_browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """One headless Chromium for the whole test session (Debian's build, not Playwright's)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright is not installed; run: pip install -e '.[test]'")
    executable = chromium_path()
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        _browser_unavailable(
            f"no Chromium at {executable}; install it (apt-get install chromium) or set PROSIDING_CHROMIUM"
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            _browser_unavailable(f"Chromium at {executable} did not start: {exc.message.splitlines()[0]}")
        yield browser
        browser.close()


@dataclass
class OfflinePage:
    """A page that may only load file:// URLs, with everything that went wrong while it ran.

    A test that expects a failure checks the list it expects and then calls `clear()` (or clears
    that list); whatever is left in any list when the test ends fails the test.
    """

    page: Page
    blocked_requests: list[str] = field(default_factory=list)  # URLs that tried to leave file://
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    failed_requests: list[str] = field(default_factory=list)  # file:// loads that failed, e.g. missing

    def open(self, path: Path) -> Response | None:
        """Go to a local file as a reader double-clicking it would."""
        return self.page.goto(Path(path).resolve().as_uri())

    def clear(self) -> None:
        self.blocked_requests.clear()
        self.errors.clear()
        self.failed_requests.clear()

    def problems(self) -> list[str]:
        return (
            [f"offline violation (request to another host): {url}" for url in self.blocked_requests]
            + [f"browser error: {message}" for message in self.errors]
            + [f"request failed: {failure}" for failure in self.failed_requests]
        )


@pytest.fixture
def offline_page(chromium_browser: Browser) -> Iterator[OfflinePage]:
    """A fresh context and page per test; any request that is not file:// is aborted and recorded."""
    context = chromium_browser.new_context(service_workers="block")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    offline = OfflinePage(page=context.new_page())

    def keep_offline(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            offline.blocked_requests.append(url)
            route.abort("internetdisconnected")  # what the reader's browser meets offline

    def refuse_web_socket(web_socket) -> None:
        offline.blocked_requests.append(web_socket.url)
        web_socket.close()

    def on_console(message) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        if where in offline.blocked_requests:  # "Failed to load resource" for a request we aborted
            return
        offline.errors.append(f"console: {message.text}" + (f" ({where})" if where else ""))

    def on_request_failed(request) -> None:
        # A request we aborted is already listed as an offline violation. ERR_ABORTED is a load
        # cancelled because the page navigated away (a reader pressing Enter while search loads),
        # not a missing file: that one is ERR_FILE_NOT_FOUND and is still reported.
        if request.url.startswith("file://") and "ERR_ABORTED" not in (request.failure or ""):
            offline.failed_requests.append(f"{request.url}: {request.failure}")

    # Context-wide, so popups and iframes are covered as well as the main page.
    context.route("**/*", keep_offline)
    context.route_web_socket("**/*", refuse_web_socket)
    context.on("console", on_console)
    context.on("weberror", lambda web_error: offline.errors.append(f"uncaught: {web_error.error}"))
    context.on("requestfailed", on_request_failed)

    try:
        yield offline
    finally:
        context.close()
    left = offline.problems()
    if left:
        pytest.fail("the page did not work offline:\n  " + "\n  ".join(left), pytrace=False)


@pytest.fixture
def make_site(tmp_path: Path):
    """`make_site({"content/_site.yml": "...", "content/seminar/x/index.md": "..."})` → the site folder.

    Writes the files under tmp_path/site (text dedented; a minimal _site.yml unless given); see
    tests/sitemaker.py for building the site and reading its pages.
    """
    from sitemaker import make_site as write_site

    return lambda files, folder="site": write_site(tmp_path, files, folder)


@pytest.fixture(scope="module")
def bundled_output(tmp_path_factory) -> Path:
    """The bundled proceedings built once per test module (no cache), for tests that only read it."""
    from prosiding.pipeline import Project, build

    site = tmp_path_factory.mktemp("bundled") / "site"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", site / "content")
    build(Project.at(site), use_cache=False)
    return site / "output"
