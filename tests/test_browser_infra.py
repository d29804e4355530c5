"""The browser fixtures themselves: offline_page must catch what a reader offline would hit.

A fixture that can never fail proves nothing, so one test runs a deliberately bad page in a
separate pytest and checks that the run fails with the offline violation named.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PAGE_WITH_LOCAL_STYLE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Uji</title>
<link rel="stylesheet" href="gaya.css"></head>
<body><h1>Prosiding</h1></body></html>
"""

PAGE_LOADING_FROM_ANOTHER_HOST = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Uji</title></head>
<body><img src="https://example.org/logo.png" alt="logo"></body></html>
"""


def write_page(folder: Path, html: str) -> Path:
    (folder / "gaya.css").write_text("h1 { color: rgb(0, 128, 0) }", encoding="utf-8")
    page = folder / "index.html"
    page.write_text(html, encoding="utf-8")
    return page


def test_local_files_load_from_file_urls(offline_page, tmp_path: Path):
    offline_page.open(write_page(tmp_path, PAGE_WITH_LOCAL_STYLE))
    color = offline_page.page.eval_on_selector("h1", "h => getComputedStyle(h).color")
    assert color == "rgb(0, 128, 0)"
    # No clear(): the fixture's own check after the test must find nothing.


def test_requests_to_another_host_are_blocked_and_recorded(offline_page, tmp_path: Path):
    offline_page.open(write_page(tmp_path, PAGE_LOADING_FROM_ANOTHER_HOST))
    offline_page.page.evaluate("fetch('https://example.org/data.json').catch(() => null)")
    offline_page.page.wait_for_function("document.querySelector('img').complete")

    assert sorted(offline_page.blocked_requests) == [
        "https://example.org/data.json", "https://example.org/logo.png",
    ]
    loaded = offline_page.page.eval_on_selector("img", "img => img.naturalWidth")
    assert loaded == 0  # the image really did not arrive
    offline_page.clear()


def test_missing_local_file_and_script_error_are_recorded(offline_page, tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><title>x</title><script src="hilang.js"></script>'
        "<script>undefinedFunction()</script>",
        encoding="utf-8",
    )
    offline_page.open(page)
    assert [failure.split(": ")[0] for failure in offline_page.failed_requests] == [
        (tmp_path / "hilang.js").as_uri()
    ]
    assert any("undefinedFunction" in error for error in offline_page.errors)
    offline_page.clear()


def test_an_offline_violation_left_unchecked_fails_the_test(chromium_browser, tmp_path: Path):
    """Run a test that loads from another host and forgets to clear: its run must fail.

    It asks for `chromium_browser` only to be skipped or failed like every browser test when
    Chromium is missing; the inner pytest starts its own.
    """
    write_page(tmp_path, PAGE_LOADING_FROM_ANOTHER_HOST)
    shutil.copy(Path(__file__).with_name("conftest.py"), tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: needs headless Chromium\n")
    (tmp_path / "test_forgets.py").write_text(
        "from pathlib import Path\n"
        "def test_forgets(offline_page):\n"
        "    offline_page.open(Path(__file__).with_name('index.html'))\n"
        "    offline_page.page.wait_for_function(\"document.querySelector('img').complete\")\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_forgets.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 passed, 1 error" in run.stdout
    assert "offline violation (request to another host): https://example.org/logo.png" in run.stdout
