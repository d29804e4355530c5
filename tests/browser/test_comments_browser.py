"""Comments in Chromium: from file:// they are read-only (no form, nothing leaves the page);
served over HTTP with `komentar.isso_url`, the form posts a comment that arrives in Isso pending."""
from __future__ import annotations

import functools
import http.server
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from prosiding.pipeline import Project, build
from isso_server import free_port, require_isso, running_isso

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
NEWS = "berita/pelayanan-publik-wonosobo-dinilai-inovatif/index.html"
COMMENTS = (
    "komentar:\n- id: isso-1\n  nama: Budi Santoso\n  waktu: '2014-10-02T14:05:00+07:00'\n  isi: Paparan yang **bagus**.\n"
    "- id: isso-2\n  nama: Sri\n  waktu: '2014-10-02T15:00:00+07:00'\n  balasan_untuk: isso-1\n  isi: Setuju.\n"
)


def make_site(folder: Path, settings: str = "") -> Path:
    site = folder / "site"
    shutil.copytree(REPO / "content", site / "content")
    (site / "content" / "berita" / "pelayanan-publik-wonosobo-dinilai-inovatif.komentar.yml").write_text(COMMENTS, encoding="utf-8")
    if settings:
        yml = site / "content" / "_site.yml"
        yml.write_text(yml.read_text(encoding="utf-8") + settings, encoding="utf-8")
    build(Project.at(site), use_cache=False)
    return site / "output"


def test_from_a_file_url_comments_are_readable_and_there_is_no_form(offline_page, tmp_path):
    output = make_site(tmp_path, "url_dasar: https://humas.example.go.id/prosiding/\nkomentar:\n  isso_url: https://komentar.example.go.id\n")
    offline_page.open(output / NEWS)
    page = offline_page.page
    assert page.get_by_role("heading", name="2 Komentar").is_visible()
    assert page.locator("#komentar-isso-2").is_visible()
    assert page.locator("#komentar form").count() == 0
    assert page.locator("[data-komentar-offline]").is_visible()
    assert offline_page.blocked_requests == []


def test_served_over_http_the_form_posts_a_comment_that_waits_for_moderation(chromium_browser, tmp_path):
    require_isso()
    site_port = free_port()
    origin = f"http://127.0.0.1:{site_port}"
    with running_isso(tmp_path, site_origin=origin) as (isso_url, db):
        output = make_site(tmp_path, f"url_dasar: {origin}/\nkomentar:\n  isso_url: {isso_url}\n")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", site_port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        context = chromium_browser.new_context()
        try:
            page = context.new_page()
            page.goto(f"{origin}/{NEWS}")
            form = page.locator("#komentar form")
            assert form.is_visible()
            assert not page.locator("[data-komentar-offline]").is_visible()
            page.get_by_label("Nama *").fill("Pembaca Uji")
            page.get_by_label("Email *").fill("pembaca@example.org")
            page.get_by_label("Komentar *").fill("Terima kasih atas **laporannya**.")
            page.get_by_role("button", name="Kirim Komentar").click()
            page.wait_for_function("document.querySelector('.comment-status').textContent !== ''")
            assert "menunggu moderasi" in page.text_content(".comment-status")
        finally:
            context.close()
            server.shutdown()
        with sqlite3.connect(db) as connection:
            rows = connection.execute("SELECT t.uri, c.mode, c.author, c.text FROM comments c JOIN threads t ON c.tid = t.id").fetchall()
    assert rows == [(f"/{NEWS.removesuffix('index.html')}", 2, "Pembaca Uji", "Terima kasih atas **laporannya**.")]
