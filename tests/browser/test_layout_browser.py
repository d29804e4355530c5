"""The theme on a phone and a desktop, measured in Chromium from file://: a compact header whose
menu folds without JavaScript, no sideways scrolling at 320 px, the title on the first screen,
fact lists that stack, the programme as stacked rows, a readable line length on a desktop."""
from __future__ import annotations

from pathlib import Path

import pytest

from reading import NUSA, SEMINAR

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PAGE_KINDS = ["index.html", SEMINAR, NUSA, "orang/sri-widarti/index.html", "instansi/kppt/index.html", "arsip/index.html",
              "berita/pelayanan-publik-wonosobo-dinilai-inovatif/index.html", "cari/index.html", "tag/index.html"]


@pytest.fixture(scope="module")
def output(bundled_output) -> Path:
    return bundled_output


def open_at(chromium_browser, path: Path, width: int, height: int, javascript: bool = True):
    context = chromium_browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    return context, page


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_on_a_phone_the_header_is_compact_and_the_title_is_on_the_first_screen(chromium_browser, output, kind):
    context, page = open_at(chromium_browser, output / kind, 390, 844, javascript=False)
    try:
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 0.15 * 844, f"header takes {header['height']:.0f} px of 844"
        assert not page.locator(".site-nav").is_visible()  # folded into the menu button
        title = page.locator("main h1").first.bounding_box()
        assert title["y"] + title["height"] <= 844, f"the title ends at {title['y'] + title['height']:.0f} px"
    finally:
        context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_nothing_scrolls_sideways_at_320_px(chromium_browser, output, kind):
    context, page = open_at(chromium_browser, output / kind, 320, 640)
    try:
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"{kind}: content is {widths[0]} px wide in a {widths[1]} px screen"
    finally:
        context.close()


def test_the_menu_opens_without_javascript_and_marks_the_current_section(chromium_browser, output):
    context, page = open_at(chromium_browser, output / NUSA, 390, 844, javascript=False)
    try:
        page.get_by_text("Menu", exact=True).click()
        nav = page.locator(".site-nav")
        assert nav.is_visible()
        assert nav.get_by_role("link", name="Seminar").get_attribute("aria-current") == "true"
    finally:
        context.close()


def test_on_a_desktop_the_menu_is_open_and_lines_are_60_to_75_characters(chromium_browser, output):
    context, page = open_at(chromium_browser, output / NUSA, 1280, 900)
    try:
        assert page.locator(".site-nav").is_visible() and not page.get_by_text("Menu", exact=True).is_visible()
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.prose p')).fontSize)")
        assert 17.5 <= size <= 19.5
        characters = page.evaluate("""() => {
            const p = document.querySelector('.prose p');
            const probe = document.createElement('span');
            probe.textContent = 'abcdefghijklmnopqrstuvwxyz'.repeat(4);
            probe.style.whiteSpace = 'nowrap';
            p.appendChild(probe);
            const perCharacter = probe.getBoundingClientRect().width / 104;
            probe.remove();
            return p.getBoundingClientRect().width / perCharacter;
        }""")
        assert 60 <= characters <= 75, f"{characters:.0f} characters a line"
    finally:
        context.close()


def test_on_a_phone_facts_stack_and_the_programme_becomes_rows(chromium_browser, output):
    context, page = open_at(chromium_browser, output / NUSA, 390, 844)
    try:
        label = page.locator(".facts dt").first.bounding_box()
        value = page.locator(".facts dd").first.bounding_box()
        assert value["y"] >= label["y"] + label["height"] - 1, "the value sits under its label"
        assert value["width"] > 300
        page.goto((output / SEMINAR).resolve().as_uri())
        cells = page.locator(".programme-table tbody tr").first.locator("td, th")
        boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
        assert all(b["width"] > 300 for b in boxes), "each field of a row takes the full width"
        assert page.locator(".breadcrumbs li:visible").count() == 1
    finally:
        context.close()


def test_printing_leaves_out_navigation_and_shows_the_address(chromium_browser, output):
    context, page = open_at(chromium_browser, output / NUSA, 1280, 900)
    try:
        page.emulate_media(media="print")
        for selector in (".site-menu", ".breadcrumbs", ".prev-next", ".toc"):
            assert all(not e.is_visible() for e in page.locator(selector).all()), selector
        assert page.locator(".site-footer .print-only").is_visible()
        assert NUSA in page.locator(".site-footer .print-only").text_content()
    finally:
        context.close()
