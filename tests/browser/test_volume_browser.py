"""The printable volume in Chromium from file://: it loads nothing from elsewhere, and printed
from the browser it drops its links back and starts each presentation on a new page."""
from __future__ import annotations

from pathlib import Path

import pytest


pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
VOLUME = "seminar/2014-benchmarking-to-best-practice/buku/index.html"


@pytest.fixture(scope="module")
def output(bundled_output) -> Path:
    return bundled_output


def test_the_volume_prints_from_the_browser_as_a_book(offline_page, output):
    page = offline_page.page
    offline_page.open(output / VOLUME)
    assert page.get_by_role("link", name="Kembali ke halaman seminar").is_visible()
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Kembali ke halaman seminar").is_visible()
    breaks = page.eval_on_selector_all(".volume-presentation", "parts => parts.map(p => getComputedStyle(p).breakBefore)")
    assert breaks == ["page", "page"]
    assert page.eval_on_selector(".volume-cover", "c => getComputedStyle(c).breakAfter") == "page"
    assert offline_page.blocked_requests == []


def test_the_seminar_page_leads_to_the_volume(offline_page, output):
    page = offline_page.page
    offline_page.open(output / "seminar/2014-benchmarking-to-best-practice/index.html")
    page.get_by_role("link", name="Baca buku prosiding").click()
    page.wait_for_url("**/buku/index.html")
    assert page.locator("h1").text_content() == "Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim"
