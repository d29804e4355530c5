"""What a reader does in the browser tests: click a visible link, wait for search to answer."""
from __future__ import annotations

from pathlib import Path

# Addresses and titles in the bundled proceedings that the browser tests visit.
SEMINAR = "seminar/2014-benchmarking-to-best-practice/index.html"
NUSA = "seminar/2014-benchmarking-to-best-practice/nusa/index.html"
SRI_WIDARTI = "orang/sri-widarti/index.html"
HUMAS = "instansi/bagian-humas-setda/index.html"
SEMINAR_TITLE = "Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim"
NUSA_TITLE = "Kehumasan yang Sesuai SOP dan Dekat dengan Warga"

def click_link(offline_page, text: str, target: Path, *, within: str = "main") -> None:
    """Click the visible link called `text` inside `within`, as a reader would, and wait for `target`."""
    page = offline_page.page
    link = page.locator(within).get_by_role("link", name=text, exact=True).first
    assert link.is_visible(), f"no visible link {text!r} in {within} of {page.url}"
    link.click()
    page.wait_for_url(target.as_uri())


def wait_for_results(page, status_selector: str) -> str:
    """Wait until search has answered (the status is neither empty nor "loading"); return the status."""
    page.wait_for_function(
        """selector => {
            const status = document.querySelector(selector);
            const loading = status && status.closest("[data-msg-loading]").dataset.msgLoading;
            return status && status.textContent && status.textContent !== loading;
        }""",
        arg=status_selector,
    )
    return page.text_content(status_selector)
