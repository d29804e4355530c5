"""import wordpress: a Humas site's WXR export into a fresh site, built and read as its readers saw it."""
from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml

from prosiding.cli import main

from sitemaker import image_bytes

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "wordpress-humas.xml"
POST = "berita/seminar-hasil-studi-lapangan"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    assert main(["new", "site", str(tmp_path / "situs"), "--judul", "Humas Contoh"]) == 0
    uploads = tmp_path / "uploads" / "2014" / "10"
    uploads.mkdir(parents=True)
    (uploads / "suasana-seminar.jpg").write_bytes(image_bytes(gps=True))
    (uploads / "peserta-diklat.png").write_bytes(image_bytes(fmt="PNG"))
    return tmp_path / "situs"


def import_into(site: Path, *extra: str) -> int:
    return main(["import", "wordpress", str(FIXTURE), "--source", str(site), "--uploads", str(site.parent / "uploads"), *extra])


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_published_posts_and_pages_arrive_with_their_fields_and_nothing_else(site, capsys):
    assert import_into(site) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 posts, 1 pages, 2 comments imported; 8 skipped")
    assert "1 draft posts" in out and "1 revisions" in out and "1 spam comments" in out and "1 pending comments" in out
    assert "unknown shortcode [youtube]" in out and "hilang.jpg not found" in out
    news = sorted(p.name for p in (site / "content" / "berita").glob("*.md"))
    assert news == ["berita-singkat.md", "kunjungan-ke-kppt.md", "seminar-hasil-studi-lapangan.md"]
    meta = front_matter(site / "content" / f"{POST}.md")
    assert meta["judul"] == "Seminar Hasil Studi Lapangan Digelar" and str(meta["tanggal"]) == "2014-10-02"
    assert meta["penulis"] == "Redaksi Humas" and meta["kategori"] == ["Pemerintahan"] and meta["tag"] == ["diklatpim", "pelayanan publik"]
    assert meta["gambar"] == "media/2014/10/suasana-seminar.jpg" and meta["alamat_lama"] == ["/2014/10/02/seminar-hasil-studi-lapangan/"]
    assert front_matter(site / "content" / "profil.md")["judul"] == "Profil Bagian Humas"


def test_the_imported_site_builds_and_reads_like_the_old_one(site, capsys):
    assert import_into(site) == 0
    assert main(["build", "--source", str(site)]) == 0
    output = site / "output"
    page = lxml.html.fromstring((output / POST / "index.html").read_bytes())
    prose = page.xpath("//div[@class='prose']")[0]
    assert prose.xpath(".//h2/text()") == ["Jalannya acara"]
    assert prose.xpath(".//li/text()") == ["Pembukaan", "Paparan kelompok"]
    assert prose.xpath(".//table//td/text()") == ["Nusa", "Bagian Humas"] and prose.xpath(".//blockquote")
    assert prose.xpath(".//em/text()") == ["Suasana seminar di aula"]
    # links between imported posts work offline; other links stay
    hrefs = prose.xpath(".//a/@href")
    assert "../kunjungan-ke-kppt/index.html" in hrefs and "../berita-singkat/index.html" in hrefs and "https://www.contoh.org/lain/" in hrefs
    # images are local, never hot-linked; a missing one is visible text
    sources = page.xpath("//img/@src")
    assert sources and not [s for s in sources if "contoh.go.id" in s]
    assert "Foto yang hilang (https://humas.contoh.go.id/wp-content/uploads/2014/10/hilang.jpg)" in prose.text_content()
    # approved comments only, threaded, without e-mail or IP
    assert page.xpath("//ol[@class='comment-list']/li/@id") == ["komentar-wp-100", "komentar-wp-101"]
    assert page.xpath("//li[@id='komentar-wp-101']/@class") == ["comment depth-1"]
    every = b"".join(p.read_bytes() for p in [*site.rglob("*.md"), *site.rglob("*.yml"), *output.rglob("*.html")])
    for secret in (b"budi.rahasia@example.org", b"203.0.113.77", b"Beli sekarang", b"Belum disetujui", b"alert(1)"):
        assert secret not in every
    # old addresses forward to the new pages
    old = lxml.html.fromstring((output / "2014" / "10" / "02" / "seminar-hasil-studi-lapangan" / "index.html").read_bytes())
    target = old.xpath("//meta[@http-equiv='refresh']/@content")[0].split("url=", 1)[1]
    assert (output / "2014/10/02/seminar-hasil-studi-lapangan" / target).resolve() == (output / POST / "index.html").resolve()


def test_reimporting_is_idempotent_and_keeps_edited_files_unless_forced(site, capsys):
    assert import_into(site) == 0
    files = {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert import_into(site) == 0
    assert "wrote" not in capsys.readouterr().out
    assert {p: p.read_bytes() for p in (site / "content").rglob("*") if p.is_file()} == files
    edited = site / "content" / "berita" / "berita-singkat.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nDitambah redaksi.\n", encoding="utf-8")
    assert import_into(site) == 0
    assert "berita-singkat.md was edited since the last import; kept" in capsys.readouterr().out
    assert "Ditambah redaksi" in edited.read_text(encoding="utf-8")
    assert import_into(site, "--force") == 0
    assert "Ditambah redaksi" not in edited.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<rss><channel>&b;</channel></rss>',
    "<html><body>bukan ekspor</body></html>",
    FIXTURE.read_text(encoding="utf-8")[:400],
    "",
], ids=["entity-bomb", "not-wxr", "truncated", "empty"])
def test_a_bad_export_is_one_line_and_writes_nothing(site, tmp_path, capsys, text):
    export = tmp_path / "ekspor.xml"
    export.write_text(text, encoding="utf-8")
    before = sorted(p for p in site.rglob("*"))
    assert main(["import", "wordpress", str(export), "--source", str(site)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith(f"{export}: not a") and "Traceback" not in "".join(err)
    assert err[-1] == "prosiding: 1 error; nothing was written."
    assert sorted(p for p in site.rglob("*")) == before


def test_without_uploads_images_become_text_and_the_site_still_builds(site, capsys):
    shutil.rmtree(site.parent / "uploads")
    assert main(["import", "wordpress", str(FIXTURE), "--source", str(site)]) == 0
    assert "give --uploads DIR" in capsys.readouterr().out
    assert main(["build", "--source", str(site)]) == 0
