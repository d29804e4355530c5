"""Output paths and links: every page is a folder with index.html, and every link is relative and
names index.html, so the site works when opened from a folder or USB stick (file://)."""
from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prosiding import urls


def test_each_kind_of_page_has_its_indonesian_address():
    assert urls.seminar_path("2014-x") == "seminar/2014-x/index.html"
    assert urls.presentation_path("2014-x", "nusa") == "seminar/2014-x/nusa/index.html"
    assert urls.news_path("kabar") == "berita/kabar/index.html"
    assert urls.news_index_path(1) == "berita/index.html"
    assert urls.news_index_path(2) == "berita/halaman/2/index.html"
    assert urls.category_path("pemerintahan") == "berita/kategori/pemerintahan/index.html"
    assert urls.person_path("tri-antoro") == "orang/tri-antoro/index.html"
    assert urls.institution_path("kppt") == "instansi/kppt/index.html"
    assert urls.tag_path("diklatpim") == "tag/diklatpim/index.html"
    assert urls.year_path(2014) == "arsip/2014/index.html"
    assert urls.content_page_path("panduan/mulai") == "panduan/mulai/index.html"
    assert urls.static_path("style.css") == "_static/style.css"


@pytest.mark.parametrize(
    ("source", "target", "link"),
    [
        ("index.html", "seminar/s/index.html", "seminar/s/index.html"),
        ("seminar/s/a/index.html", "seminar/s/b/index.html", "../b/index.html"),
        ("seminar/s/a/index.html", "index.html", "../../../index.html"),
        ("seminar/s/a/index.html", "seminar/s/a/index.html#temuan", "index.html#temuan"),
        ("seminar/s/a/index.html", "#temuan", "#temuan"),
        ("seminar/s/a/index.html", "seminar/s/foto kita.jpg", "../foto%20kita.jpg"),
        ("index.html", "berkas/ü.pdf", "berkas/%C3%BC.pdf"),
    ],
)
def test_links_are_relative_and_percent_encoded(source, target, link):
    assert urls.relative_url(source, target) == link


segment = st.text(alphabet="abcdefghij-", min_size=1, max_size=6)
page = st.lists(segment, min_size=0, max_size=4).map(lambda parts: "/".join([*parts, "index.html"]))


@given(page, page)
def test_following_a_relative_link_arrives_at_the_target(source, target):
    link = urls.relative_url(source, target)
    assert not link.startswith("/")
    assert posixpath.normpath(posixpath.join(posixpath.dirname(source), link)) == target


@pytest.mark.parametrize(("page_path", "prefix"), [("index.html", ""), ("tentang/index.html", "../"), ("seminar/s/a/index.html", "../../../")])
def test_root_prefix_climbs_to_the_site_root(page_path, prefix):
    assert urls.root_prefix(page_path) == prefix


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Pelayanan Publik", "pelayanan-publik"),
        ("2014 — Benchmarking To Best Practice", "2014-benchmarking-to-best-practice"),
        ("Kabupaten Wonosobo (Jateng)", "kabupaten-wonosobo-jateng"),
        ("Peneliti Perempuan Indonésia", "peneliti-perempuan-indonesia"),
        ("!!!", "x"),
    ],
)
def test_slugs_are_ascii_lower_case_and_hyphenated(text, slug):
    assert urls.slugify(text) == slug


def test_slugs_that_differ_only_in_case_or_unicode_form_are_the_same_address():
    assert urls.fold_key("seminar/Nusa/index.html") == urls.fold_key("seminar/nusa/index.html")
    assert urls.fold_key("caf\u00e9") == urls.fold_key("cafe\u0301")
