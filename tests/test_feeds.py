"""Discovery on the web: Atom feeds parsed by feedparser, a sitemap checked against the
sitemaps.org protocol by an XML Schema validator, robots.txt, and a 404 page. Without
`url_dasar` none of them is written (they need absolute addresses) and one note says so."""
from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import lxml.etree
import pytest

from prosiding.cli import main
from prosiding.pipeline import Project, build
from sitemaker import page

REPO = Path(__file__).resolve().parent.parent
BASE = "https://prosiding.contoh.go.id/"

# The sitemaps.org 0.9 protocol written down as an XML Schema (urlset of url: loc required,
# lastmod, changefreq and priority optional, in that order), to validate with lxml.
SITEMAP_SCHEMA = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.sitemaps.org/schemas/sitemap/0.9"
           xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" elementFormDefault="qualified">
  <xs:element name="urlset">
    <xs:complexType><xs:sequence><xs:element name="url" maxOccurs="50000">
      <xs:complexType><xs:sequence>
        <xs:element name="loc"><xs:simpleType><xs:restriction base="xs:anyURI"><xs:minLength value="12"/><xs:maxLength value="2048"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="lastmod" minOccurs="0"><xs:simpleType><xs:union memberTypes="xs:date xs:dateTime"/></xs:simpleType></xs:element>
        <xs:element name="changefreq" minOccurs="0" type="xs:string"/>
        <xs:element name="priority" minOccurs="0" type="xs:decimal"/>
      </xs:sequence></xs:complexType>
    </xs:element></xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>"""


@pytest.fixture(scope="module")
def web_site(tmp_path_factory) -> Path:
    """The bundled proceedings with an address on the web, built."""
    site = tmp_path_factory.mktemp("web") / "site"
    shutil.copytree(REPO / "content", site / "content")
    settings = site / "content/_site.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"url_dasar: {BASE}\n", encoding="utf-8")
    build(Project.at(site), use_cache=False)
    return site / "output"


def local_file(output: Path, address: str) -> Path:
    assert address.startswith(BASE), address
    path = address[len(BASE):]
    return output / (path + "index.html" if path == "" or path.endswith("/") else path)


@pytest.mark.parametrize("feed, expected", [
    ("berita/atom.xml", ["Kinerja Pelayanan Publik Pemkab Wonosobo Dinilai Inovatif"]),
    ("seminar/atom.xml", ["Kehumasan yang Sesuai SOP dan Dekat dengan Warga", "Layanan Perizinan Satu Pintu yang Efektif dan Efisien"]),
])
def test_feeds_parse_and_every_link_in_them_resolves_into_the_output(web_site, feed, expected):
    parsed = feedparser.parse((web_site / feed).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == expected
    for entry in parsed.entries:
        assert local_file(web_site, entry.link).is_file()
        assert entry.updated_parsed is not None
    assert parsed.feed.links[0].href == BASE + feed
    assert local_file(web_site, parsed.feed.links[1].href).is_file()


def test_presentation_feed_names_the_presenters_and_never_the_head_visited(web_site):
    parsed = feedparser.parse((web_site / "seminar/atom.xml").read_bytes())
    assert [e.author for e in parsed.entries] == ["Sri Widarti", "Kelompok Bangsa"]


def test_the_sitemap_is_valid_and_lists_every_page_and_nothing_else(web_site):
    document = lxml.etree.fromstring((web_site / "sitemap.xml").read_bytes())
    schema = lxml.etree.XMLSchema(lxml.etree.fromstring(SITEMAP_SCHEMA))
    assert schema.validate(document), schema.error_log
    listed = {local_file(web_site, loc).relative_to(web_site).as_posix() for loc in document.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})}
    pages = {p.relative_to(web_site).as_posix() for p in web_site.rglob("*.html")} - {"404.html"}
    assert listed == pages
    lastmods = document.xpath("//s:url[s:loc='%sseminar/2014-benchmarking-to-best-practice/']/s:lastmod/text()" % BASE,
                              namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert lastmods == ["2014-10-02"]  # from the content, never the build's clock


def test_robots_txt_points_at_the_sitemap(web_site):
    assert (web_site / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == f"Sitemap: {BASE}sitemap.xml"


def test_pages_announce_their_feeds_and_the_404_page_resolves_links_from_the_root(web_site):
    files = {"index.html": (web_site / "index.html").read_bytes(), "404.html": (web_site / "404.html").read_bytes()}
    home = page(files, "index.html")
    assert home.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href") == ["berita/atom.xml", "seminar/atom.xml"]
    missing = page(files, "404.html")
    assert missing.xpath("//base/@href") == [BASE]
    assert missing.xpath("//h1/text()") == ["Halaman tidak ditemukan"]


def test_without_url_dasar_no_feed_or_sitemap_is_written_and_one_note_says_why(tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    assert main(["build", "--source", str(site)]) == 0
    out = capsys.readouterr().out
    assert out.count("url_dasar is not set") == 1
    assert "Atom feeds, sitemap.xml and robots.txt are left out" in out
    output = site / "output"
    assert not any((output / p).exists() for p in ("sitemap.xml", "robots.txt", "berita/atom.xml", "seminar/atom.xml"))
    assert (output / "404.html").is_file()
    assert b"<base" not in (output / "404.html").read_bytes()


def test_feeds_and_sitemap_are_the_same_bytes_on_every_build(web_site, tmp_path):
    site = tmp_path / "again"
    shutil.copytree(web_site.parent / "content", site / "content")
    build(Project.at(site), use_cache=False)
    for name in ("berita/atom.xml", "seminar/atom.xml", "sitemap.xml", "robots.txt"):
        assert (site / "output" / name).read_bytes() == (web_site / name).read_bytes(), name
