"""List pages that inform: people with their roles, groups and institutions; institutions with
their field studies; tags with how often they are used; the current section marked in the menu."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitemaker import build_files, page, texts

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def files():
    return build_files(REPO)


def test_people_are_listed_with_role_group_and_institution(files):
    people = texts(page(files, "orang/index.html"), "//ul[@class='index-list']/li")
    assert "Sri Widarti — Ketua kelompok, Kelompok Nusa" in people
    assert "Drs Tri Antoro MSi — Kepala instansi, Narasumber (Bagian Humas Setda Kabupaten Wonosobo)" in people


def test_institutions_show_their_field_studies_and_tags_their_use(files):
    institutions = texts(page(files, "instansi/index.html"), "//ul[@class='index-list']/li")
    assert "KPPT Kabupaten Wonosobo (KPPT) — 1 studi lapangan" in institutions
    tags = texts(page(files, "tag/index.html"), "//ul[@class='index-list']/li")
    assert tags and all(t.endswith(")") for t in tags)
    assert "diklatpim (4)" in tags


def test_the_menu_marks_the_current_section(files):
    doc = page(files, "seminar/2014-benchmarking-to-best-practice/nusa/index.html")
    assert doc.xpath("//nav[@class='site-nav']//a[@aria-current]/text()") == ["Seminar"]
    doc = page(files, "orang/index.html")
    assert [(a.text, a.get("aria-current")) for a in doc.xpath("//nav[@class='site-nav']//a[@aria-current]")] == [("Orang", "page")]


def test_an_abbreviation_is_explained_in_the_text_where_it_is_first_used(files):
    prose = page(files, "seminar/2014-benchmarking-to-best-practice/index.html").xpath("//div[@class='prose']")[0]
    text = " ".join(prose.text_content().split())
    assert text.count("SKPD (Satuan Kerja Perangkat Daerah)") == 1
    assert text.count("SKPD") > 1  # later uses stay short, with the explanation on hover
