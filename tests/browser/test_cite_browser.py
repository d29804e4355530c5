"""The Kutip box in Chromium from file://: the copy button appears, copies the reference, and says so."""
from __future__ import annotations

from pathlib import Path

import pytest

from reading import NUSA

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def output(bundled_output) -> Path:
    return bundled_output


def test_the_copy_button_copies_the_reference_from_a_file_url(offline_page, output):
    page = offline_page.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    offline_page.open(output / NUSA)
    button = page.get_by_role("button", name="Salin kutipan APA")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.cite-status').textContent !== ''")
    assert page.text_content(".cite-status") == "Kutipan disalin"
    copied = page.evaluate("window.getSelection().toString() || null") or page.evaluate("navigator.clipboard.readText().catch(() => '')")
    assert "Widarti, S. (2014, Oktober 2). Kehumasan yang Sesuai SOP" in " ".join(copied.split())
    assert offline_page.blocked_requests == []


def test_without_javascript_the_reference_is_plain_selectable_text(chromium_browser, output):
    context = chromium_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((output / NUSA).resolve().as_uri())
        assert page.get_by_role("button", name="Salin kutipan APA").count() == 0 or not page.get_by_role("button", name="Salin kutipan APA").is_visible()
        assert page.locator(".cite-text").first.is_visible()
        assert "Widarti, S." in page.locator(".cite-text").first.text_content()
    finally:
        context.close()
