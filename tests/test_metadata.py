"""Metadata a crawler reads: Google Scholar's citation_* tags, Dublin Core, Open Graph and
schema.org JSON-LD, read back from built pages with a real HTML parser and a JSON parser."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from prosiding.pipeline import Project, build
from sitemaker import build_files, page

REPO = Path(__file__).resolve().parent.parent
SEMINAR_DIR = "seminar/2014-benchmarking-to-best-practice"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> dict[str, bytes]:
    site = tmp_path_factory.mktemp("meta") / "site"
    shutil.copytree(REPO / "content", site / "content")
    build(Project.at(site), use_cache=False)
    return {p.relative_to(site / "output").as_posix(): p.read_bytes() for p in (site / "output").rglob("*.html")}


def meta(doc, name: str) -> list[str]:
    return doc.xpath(f"//head/meta[@name='{name}' or @property='{name}']/@content")


def json_ld(doc) -> list[dict]:
    return [json.loads(script.text) for script in doc.xpath("//script[@type='application/ld+json']")]


def test_presentations_carry_the_tags_google_scholar_asks_for(bundled):
    nusa = page(bundled, f"{SEMINAR_DIR}/nusa/index.html")
    assert meta(nusa, "citation_title") == ["Kehumasan yang Sesuai SOP dan Dekat dengan Warga"]
    assert meta(nusa, "citation_author") == ["Widarti, Sri"]
    assert meta(nusa, "citation_publication_date") == ["2014/10/02"]
    assert meta(nusa, "citation_conference_title") == ["Seminar Paparan Hasil Studi Lapangan Peserta Diklatpim: Benchmarking To Best Practice"]
    assert meta(nusa, "DC.creator") == ["Widarti, Sri"]
    bangsa = page(bundled, f"{SEMINAR_DIR}/bangsa/index.html")
    assert meta(bangsa, "citation_author") == ["Kelompok Bangsa"]  # never the head of the office visited


def test_every_page_has_json_ld_that_parses_with_the_type_of_its_content(bundled):
    types = {}
    for path in bundled:
        for item in json_ld(page(bundled, path)):
            assert item["@context"] == "https://schema.org"
            types.setdefault(item["@type"], set()).add(path)
    assert f"{SEMINAR_DIR}/index.html" in types["Event"]
    assert f"{SEMINAR_DIR}/nusa/index.html" in types["ScholarlyArticle"]
    assert "berita/pelayanan-publik-wonosobo-dinilai-inovatif/index.html" in types["NewsArticle"]
    assert "orang/tri-antoro/index.html" in types["Person"]
    assert "instansi/kppt/index.html" in types["GovernmentOrganization"]
    assert f"{SEMINAR_DIR}/nusa/index.html" in types["BreadcrumbList"]
    event = next(i for i in json_ld(page(bundled, f"{SEMINAR_DIR}/index.html")) if i["@type"] == "Event")
    assert event["startDate"] == "2014-10-02"
    assert event["location"]["name"] == "Hotel Surya Asia"
    assert event["location"]["address"]["addressLocality"] == "Wonosobo"
    bangsa = next(i for i in json_ld(page(bundled, f"{SEMINAR_DIR}/bangsa/index.html")) if i["@type"] == "ScholarlyArticle")
    assert bangsa["author"] == [{"@type": "Organization", "name": "Kelompok Bangsa"}]
    crumbs = next(i for i in json_ld(page(bundled, f"{SEMINAR_DIR}/nusa/index.html")) if i["@type"] == "BreadcrumbList")
    assert [e["name"] for e in crumbs["itemListElement"]][0] == "Beranda"


def test_with_url_dasar_the_metadata_carries_absolute_addresses(make_site):
    files = build_files(make_site({
        "content/_site.yml": "judul: Arsip\nurl_dasar: https://prosiding.contoh.go.id/\npenyelenggara: Pemkab Contoh\n",
        "content/seminar/s/index.md": "---\njudul: S\ntanggal: 2015-03-04\n---\n",
        "content/seminar/s/a.md": "---\njudul: A\nkelompok: Garuda\nlampiran:\n  - berkas: a.pdf\n---\n",
        "content/seminar/s/a.pdf": b"%PDF-1.4\n%%EOF\n",
    }))
    doc = page(files, "seminar/s/a/index.html")
    assert meta(doc, "og:url") == ["https://prosiding.contoh.go.id/seminar/s/a/"]
    assert meta(doc, "citation_pdf_url") == ["https://prosiding.contoh.go.id/seminar/s/a.pdf"]
    assert meta(doc, "citation_publisher") == ["Pemkab Contoh"]
    article = next(i for i in json_ld(doc) if i["@type"] == "ScholarlyArticle")
    assert article["url"] == "https://prosiding.contoh.go.id/seminar/s/a/"


def test_text_from_content_cannot_close_the_json_ld_script(make_site):
    files = build_files(make_site({
        "content/seminar/s/index.md": "---\njudul: S\ntanggal: 2015-03-04\n---\n",
        "content/seminar/s/a.md": '---\njudul: "</script><script>alert(1)</script>"\nkelompok: Garuda\n---\n',
    }))
    html = files["seminar/s/a/index.html"].decode("utf-8")
    assert "<script>alert(1)" not in html
    doc = page(files, "seminar/s/a/index.html")
    article = next(i for i in json_ld(doc) if i["@type"] == "ScholarlyArticle")
    assert article["headline"] == "</script><script>alert(1)</script>"
