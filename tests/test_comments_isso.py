"""A real Isso on 127.0.0.1 with moderation on: comments posted through its API, some approved,
some pending, one deleted; `comments pull` then brings exactly the approved ones into content,
and the build shows them threaded, with nothing dangerous live and no e-mail or IP anywhere."""
from __future__ import annotations

import shutil
import sqlite3
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from prosiding.cli import main

from isso_server import post as post_comment, require_isso, running_isso

REPO = Path(__file__).resolve().parent.parent
BASE = "https://humas.example.go.id/prosiding/"
NEWS = "berita/pelayanan-publik-wonosobo-dinilai-inovatif"
NUSA = "seminar/2014-benchmarking-to-best-practice/nusa"
EMAIL = "pembaca.rahasia@example.org"
require_isso()


@pytest.fixture(scope="module")
def isso(tmp_path_factory):
    """A moderated Isso with its own database, started for these tests and stopped after."""
    with running_isso(tmp_path_factory.mktemp("isso")) as server:
        yield server


def post(isso_url: str, uri: str, text: str, **fields) -> tuple[int, str]:
    return post_comment(isso_url, uri, text, EMAIL, **fields)


@pytest.fixture(scope="module")
def comments(isso):
    """Post the comments, approve some, delete one; the ids by role."""
    isso_url, db = isso
    news_uri, nusa_uri = f"/prosiding/{NEWS}/", f"/prosiding/{NUSA}/index.html"
    ids = {}
    ids["first"], _ = post(isso_url, news_uri, "Paparan yang **bagus**. <script>alert('x')</script>", author="Sri <b>W</b>", website="https://example.org")
    ids["reply"], _ = post(isso_url, news_uri, "Setuju! <img src=x onerror=alert(1)> [klik](javascript:alert(1))", parent=ids["first"])
    ids["pending"], _ = post(isso_url, news_uri, "Masih menunggu moderasi")
    ids["deleted"], cookie = post(isso_url, news_uri, "Akan dihapus")
    ids["long"], _ = post(isso_url, news_uri, "panjang " * 6250)  # 50,000 characters
    ids["nusa"], _ = post(isso_url, nusa_uri, "Komentar untuk kelompok Nusa")
    ids["nowhere"], _ = post(isso_url, "/prosiding/tidak-ada/", "Halaman yang tidak ada")
    with sqlite3.connect(db) as connection:
        approved = [ids[k] for k in ("first", "reply", "deleted", "long", "nusa", "nowhere")]
        connection.execute(f"UPDATE comments SET mode = 1 WHERE id IN ({','.join('?' * len(approved))})", approved)
    request = urllib.request.Request(f"{isso_url}/id/{ids['deleted']}", method="DELETE", headers={"Cookie": cookie})
    urllib.request.urlopen(request, timeout=10).read()
    return ids


def make_site(tmp_path: Path, isso_url: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    settings = site / "content" / "_site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"url_dasar: {BASE}\nkomentar:\n  isso_url: {isso_url}\n", encoding="utf-8")
    return site


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_pull_brings_exactly_the_approved_comments_threaded_and_safe(isso, comments, tmp_path, capsys):
    isso_url, db = isso
    site = make_site(tmp_path, isso_url)
    assert main(["comments", "pull", "--source", str(site), "--isso-db", str(db)]) == 0
    report = capsys.readouterr().out
    assert "/prosiding/tidak-ada/" in report  # a thread for no page is reported, not dropped silently
    news_file = site / "content" / "berita" / "pelayanan-publik-wonosobo-dinilai-inovatif.komentar.yml"
    nusa_file = site / "content" / "seminar" / "2014-benchmarking-to-best-practice" / "nusa.komentar.yml"
    assert news_file.is_file() and nusa_file.is_file()
    assert main(["build", "--source", str(site)]) == 0
    page = lxml.html.fromstring((site / "output" / NEWS / "index.html").read_bytes())
    shown = page.xpath("//ol[@class='comment-list']/li/@id")
    assert shown == [f"komentar-isso-{comments['first']}", f"komentar-isso-{comments['reply']}", f"komentar-isso-{comments['long']}"]
    assert page.xpath(f"//li[@id='komentar-isso-{comments['reply']}']/@class") == ["comment depth-1"]
    assert page.xpath("string(//h2[@id='komentar-judul'])").strip() == "3 Komentar"
    section = lxml.html.tostring(page.xpath("//section[@id='komentar']")[0]).decode()
    assert "<script>alert" not in section and "onerror" not in section and "javascript:" not in section and "<img" not in section
    assert "Sri &lt;b&gt;W&lt;/b&gt;" in section  # a name is text, never markup
    assert all(rel == "nofollow ugc noopener" for rel in page.xpath("//section[@id='komentar']//a[@href and starts-with(@href, 'http')]/@rel"))
    nusa = lxml.html.fromstring((site / "output" / NUSA / "index.html").read_bytes())
    assert nusa.xpath("string(//h2[@id='komentar-judul'])").strip() == "1 Komentar"
    for folder in (site / "content", site / "output"):
        data = every_byte(folder)
        assert EMAIL.encode() not in data and b"127.0.0.1 " not in data and b"Masih menunggu" not in data and b"Akan dihapus" not in data


def test_a_second_pull_changes_nothing_and_http_pulls_the_same_files(isso, comments, tmp_path, capsys):
    isso_url, db = isso
    by_db = make_site(tmp_path / "a", isso_url)
    assert main(["comments", "pull", "--source", str(by_db), "--isso-db", str(db)]) == 0
    before = {p: p.read_bytes() for p in (by_db / "content").rglob("*.komentar.yml")}
    capsys.readouterr()
    assert main(["comments", "pull", "--source", str(by_db), "--isso-db", str(db)]) == 0
    assert "0 file(s) written" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in (by_db / "content").rglob("*.komentar.yml")} == before
    by_http = make_site(tmp_path / "b", isso_url)
    assert main(["comments", "pull", "--source", str(by_http), "--isso-url", isso_url]) == 0
    after = {p.relative_to(by_http): p.read_bytes() for p in (by_http / "content").rglob("*.komentar.yml")}
    assert after == {p.relative_to(by_db): data for p, data in before.items()}


def test_a_comment_removed_in_isso_leaves_the_content_on_the_next_pull(isso, comments, tmp_path, capsys):
    isso_url, db = isso
    site = make_site(tmp_path, isso_url)
    assert main(["comments", "pull", "--source", str(site), "--isso-db", str(db)]) == 0
    nusa_file = site / "content" / "seminar" / "2014-benchmarking-to-best-practice" / "nusa.komentar.yml"
    copy = tmp_path / "isso-copy.db"
    shutil.copy(db, copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE comments SET mode = 4 WHERE id = ?", (comments["nusa"],))
    assert main(["comments", "pull", "--source", str(site), "--isso-db", str(copy)]) == 0
    assert not nusa_file.exists()
