"""Comments as content: the file format, its errors with file and line, what each page shows."""
from __future__ import annotations

import datetime as dt

from prosiding.comments import CommentRecord, comment_file_text, parse_comment_file
from prosiding.errors import SourceRef

from sitemaker import build_errors, build_files, page, texts

SEMINAR = """\
    ---
    judul: Benchmarking To Best Practice
    tanggal: 2014-10-02
    ---
    """
TALK = """\
    ---
    judul: Paparan Nusa
    kelompok: Nusa
    ---
    Isi paparan.
    """
NEWS = """\
    ---
    judul: Seminar Digelar
    tanggal: 2014-10-02
    ---
    Isi berita.
    """
COMMENTS = """\
    komentar:
      - id: isso-1
        nama: Budi Santoso
        waktu: 2014-10-02T14:05:00+07:00
        isi: Paparan yang **bagus**, lihat [situs](https://example.org).
      - id: isso-2
        nama: Sri
        situs: https://example.org
        waktu: 2014-10-02T15:00:00+07:00
        balasan_untuk: isso-1
        isi: Terima kasih! <script>alert(1)</script> ![foto](x.jpg)
    """


def site_files(make_site, extra: dict[str, str | None] | None = None) -> dict:
    files = {"content/seminar/s/index.md": SEMINAR, "content/seminar/s/nusa.md": TALK, "content/berita/digelar.md": NEWS}
    files.update(extra or {})
    return files


def test_comments_show_under_their_page_threaded_with_count_dates_and_anchors(make_site):
    files = build_files(make_site(site_files(make_site, {"content/berita/digelar.komentar.yml": COMMENTS})))
    doc = page(files, "berita/digelar/index.html")
    assert texts(doc, "//h2[@id='komentar-judul']") == ["2 Komentar"]
    assert doc.xpath("//ol[@class='comment-list']/li/@id") == ["komentar-isso-1", "komentar-isso-2"]
    assert doc.xpath("//li[@id='komentar-isso-2']/@class") == ["comment depth-1"]
    assert texts(doc, "//li[@id='komentar-isso-1']//time") == ["2 Oktober 2014, 14.05"]
    assert doc.xpath("//li[@id='komentar-isso-2']//a[@href='#komentar-isso-1']")
    body = texts(doc, "//li[@id='komentar-isso-2']//div[@class='comment-body']")[0]
    assert "alert" not in body and not doc.xpath("//section[@id='komentar']//img | //section[@id='komentar']//script")
    assert doc.xpath("//section[@id='komentar']//a[@href='https://example.org']/@rel") == ["nofollow ugc noopener"] * 2
    talk = page(files, "seminar/s/nusa/index.html")
    assert texts(talk, "//h2[@id='komentar-judul']") == ["0 Komentar"]


def test_without_an_isso_server_there_is_no_form_and_with_one_the_form_waits_in_a_template(make_site):
    files = build_files(make_site(site_files(make_site)))
    doc = page(files, "berita/digelar/index.html")
    assert not doc.xpath("//section[@id='komentar']//form | //template | //script[contains(@src, 'komentar.js')]")
    assert "hanya untuk dibaca" in texts(doc, "//p[@class='comment-where']")[0]
    site_yml = "judul: Uji\nurl_dasar: https://humas.example.go.id/prosiding/\nkomentar:\n  isso_url: https://komentar.example.go.id\n"
    files = build_files(make_site(site_files(make_site, {"content/_site.yml": site_yml}), folder="online"))
    doc = page(files, "berita/digelar/index.html")
    template = doc.xpath("//template[@id='komentar-formulir']")[0]
    assert template.get("data-uri") == "/prosiding/berita/digelar/" and template.get("data-isso") == "https://komentar.example.go.id"
    assert doc.xpath("//p[@class='comment-where']/a/@href") == ["https://humas.example.go.id/prosiding/berita/digelar/#komentar"]
    assert "_static/komentar.js" in files


def test_a_page_or_the_whole_site_can_switch_comments_off(make_site):
    off = NEWS.replace("tanggal: 2014-10-02", "tanggal: 2014-10-02\n    komentar: false")
    files = build_files(make_site(site_files(make_site, {"content/berita/digelar.md": off})))
    assert not page(files, "berita/digelar/index.html").xpath("//section[@id='komentar']")
    assert page(files, "seminar/s/nusa/index.html").xpath("//section[@id='komentar']")
    site_yml = "judul: Uji\nkomentar:\n  aktif: false\n"
    files = build_files(make_site(site_files(make_site, {"content/_site.yml": site_yml}), folder="quiet"))
    assert not page(files, "seminar/s/nusa/index.html").xpath("//section[@id='komentar']")


def test_comment_file_mistakes_are_reported_with_file_and_line(make_site):
    bad = """\
        komentar:
          - id: isso-1
            nama: Budi
            waktu: kemarin
            isi: Halo
          - id: isso-1
            nama: Sri
            waktu: 2014-10-02T15:00:00+07:00
            balasan_untuk: isso-9
            email: sri@example.org
            isi: Halo juga
        """
    errors = build_errors(make_site(site_files(make_site, {"content/berita/digelar.komentar.yml": bad})))
    assert any(e.startswith("content/berita/digelar.komentar.yml:4: waktu:") for e in errors), errors
    assert any(e.startswith("content/berita/digelar.komentar.yml:6: id: isso-1 appears twice") for e in errors), errors
    assert any(e.startswith("content/berita/digelar.komentar.yml:10: email: unknown key") for e in errors), errors


def test_a_comment_file_beside_no_page_is_an_error(make_site):
    errors = build_errors(make_site(site_files(make_site, {"content/berita/hilang.komentar.yml": COMMENTS})))
    assert errors == ["content/berita/hilang.komentar.yml: no page hilang.md beside this comment file; comments belong to the page whose file name they share"]


def test_a_reply_to_a_missing_comment_is_an_error_on_its_line():
    text = "komentar:\n  - id: a\n    nama: A\n    waktu: 2014-10-02T14:05:00+07:00\n    balasan_untuk: b\n    isi: x\n"
    try:
        parse_comment_file(text, SourceRef("content/x.komentar.yml"))
    except Exception as exc:  # noqa: BLE001
        assert str(exc) == "content/x.komentar.yml:2: balasan_untuk: b is not a comment in this file"
    else:
        raise AssertionError("expected an error")


def test_written_comment_files_read_back_the_same_and_are_sorted_and_stable():
    zone = dt.timezone(dt.timedelta(hours=7))
    records = [
        CommentRecord("isso-2", "Sri", dt.datetime(2014, 10, 2, 15, 0, tzinfo=zone), "Balasan\n\ndua paragraf", None, "isso-1"),
        CommentRecord("isso-1", "Budi: \"kutip\"", dt.datetime(2014, 10, 2, 14, 5, tzinfo=zone), "Halo", "https://example.org"),
    ]
    text = comment_file_text(records)
    assert text == comment_file_text(list(reversed(records)))
    assert [r for r, _ in parse_comment_file(text, SourceRef("x"))] == sorted(records, key=lambda r: r.time)
