"""A reader with the bundled proceedings on a USB stick: Chromium, file:// URLs, no network.

The repository's own content/ is built once per module. Every page is reached the way a reader
reaches it: by clicking links by their visible text (or with the keyboard), not by typing URLs,
except where a test visits each kind of page directly. On every page the reader must get a
file:// URL ending in index.html (file:// shows a folder as a listing), an Indonesian page with
a visible heading and the stylesheet applied; the `offline_page` fixture (tests/conftest.py)
fails the test on any console error, failed file load or request to another host.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from prosiding import search
from prosiding.cli import main
from reading import HUMAS, NUSA, NUSA_TITLE, SEMINAR, SEMINAR_TITLE, SRI_WIDARTI, click_link, wait_for_results

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]

BANGSA = "seminar/2014-benchmarking-to-best-practice/bangsa/index.html"
NEWS = "berita/pelayanan-publik-wonosobo-dinilai-inovatif/index.html"
KPPT = "instansi/kppt/index.html"
TENTANG = "tentang/index.html"


# kind → (page, words its h1 must contain)
PAGE_KINDS = {
    "home": ("index.html", "Prosiding Seminar Diklatpim"),
    "seminar": (SEMINAR, SEMINAR_TITLE),
    "presentation": (NUSA, NUSA_TITLE),
    "news": (NEWS, "Kinerja Pelayanan Publik Pemkab Wonosobo Dinilai Inovatif"),
    "news list": ("berita/index.html", "Berita"),
    "category": ("berita/kategori/pemerintahan/index.html", "Pemerintahan"),
    "person": (SRI_WIDARTI, "Sri Widarti"),
    "people index": ("orang/index.html", "Orang"),
    "institution": (HUMAS, "Bagian Humas Setda Kabupaten Wonosobo"),
    "institutions index": ("instansi/index.html", "Instansi"),
    "tag": ("tag/pelayanan-publik/index.html", "pelayanan publik"),
    "tags index": ("tag/index.html", "Tag"),
    "year archive": ("arsip/2014/index.html", "2014"),
    "archive index": ("arsip/index.html", "Arsip"),
    "content page": (TENTANG, "Tentang situs ini"),
    "search page": (search.SEARCH_PAGE_PATH, "Cari"),
}

# Pages with a form of "layan" (pelayanan, layanan, melayani) in their text; none says "dilayani".
LAYAN_PAGES = {NUSA, BANGSA, SEMINAR, NEWS, KPPT}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The bundled proceedings, built once for this module as `python build.py` builds them."""
    output = tmp_path_factory.mktemp("navigation") / "output"
    assert main(["build", "--source", str(REPO), "--output", str(output)]) == 0
    return output


# ---- What every page must be


def assert_reader_page(offline_page, site: Path, path: str, heading: str) -> None:
    """The browser shows `path` of the site from file://, in Indonesian, styled, with `heading` in its h1."""
    page = offline_page.page
    page.wait_for_load_state("load")
    url = urlsplit(page.url)
    assert url.scheme == "file"
    assert url.path.endswith("/index.html")
    assert url._replace(query="", fragment="").geturl() == (site / path).as_uri()
    assert page.get_attribute("html", "lang") == "id"
    h1 = page.locator("h1")
    assert h1.count() == 1
    assert h1.is_visible()
    assert heading in " ".join(h1.inner_text().split())
    # style.css hides the skip link off screen; unstyled, it would sit at the top of the page.
    assert page.eval_on_selector(".skip-link", "link => getComputedStyle(link).position") == "absolute"
    # The "home" link of the header leads to the site's own index.html from any depth.
    assert page.eval_on_selector(".site-title a", "link => link.href") == (site / "index.html").as_uri()
    assert offline_page.problems() == []


def result_urls(page, list_selector: str) -> list[str]:
    """Absolute URLs of the results shown, in order."""
    return page.eval_on_selector_all(f"{list_selector} a", "links => links.map(link => link.href)")


def uris(site: Path, paths) -> set[str]:
    return {(site / path).as_uri() for path in paths}


# ---- Clicking through


def test_clicking_from_home_to_a_presentation_a_person_an_institution_and_back(offline_page, site: Path):
    page = offline_page.page
    offline_page.open(site / "index.html")
    assert_reader_page(offline_page, site, "index.html", "Prosiding Seminar Diklatpim")

    click_link(offline_page, SEMINAR_TITLE, site / SEMINAR)
    assert_reader_page(offline_page, site, SEMINAR, SEMINAR_TITLE)

    click_link(offline_page, NUSA_TITLE, site / NUSA)
    assert_reader_page(offline_page, site, NUSA, NUSA_TITLE)
    assert page.locator("main .facts").filter(has_text="Nusa").is_visible()

    click_link(offline_page, "Sri Widarti", site / SRI_WIDARTI)
    assert_reader_page(offline_page, site, SRI_WIDARTI, "Sri Widarti")

    click_link(offline_page, NUSA_TITLE, site / NUSA)
    click_link(offline_page, "Bagian Humas Setda Kabupaten Wonosobo", site / HUMAS)
    assert_reader_page(offline_page, site, HUMAS, "Bagian Humas Setda")

    page.go_back()  # the browser's history works on file:// too
    page.wait_for_url((site / NUSA).as_uri())
    assert_reader_page(offline_page, site, NUSA, NUSA_TITLE)
    page.go_forward()
    page.wait_for_url((site / HUMAS).as_uri())

    click_link(offline_page, "Instansi", site / "instansi/index.html", within="nav.breadcrumbs")
    assert_reader_page(offline_page, site, "instansi/index.html", "Instansi")

    click_link(offline_page, "KPPT Kabupaten Wonosobo", site / KPPT)
    assert_reader_page(offline_page, site, KPPT, "KPPT")

    click_link(offline_page, "Beranda", site / "index.html", within="header nav")
    assert_reader_page(offline_page, site, "index.html", "Prosiding Seminar Diklatpim")


def test_the_header_menu_reaches_every_section(offline_page, site: Path):
    offline_page.open(site / NUSA)
    for text, path, heading in [
        ("Seminar", "arsip/index.html", "Arsip"),
        ("Berita", "berita/index.html", "Berita"),
        ("Orang", "orang/index.html", "Orang"),
        ("Instansi", "instansi/index.html", "Instansi"),
        ("Tag", "tag/index.html", "Tag"),
        ("Tentang situs ini", TENTANG, "Tentang situs ini"),
        ("Beranda", "index.html", "Prosiding Seminar Diklatpim"),
    ]:
        click_link(offline_page, text, site / path, within="header nav")
        assert_reader_page(offline_page, site, path, heading)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_kind_of_page_opens_offline(offline_page, site: Path, kind: str):
    path, heading = PAGE_KINDS[kind]
    offline_page.open(site / path)
    assert_reader_page(offline_page, site, path, heading)
    # Every link the reader can click on this page leads to a file of the site, by file://.
    hrefs = offline_page.page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    assert hrefs
    for href in hrefs:
        url = urlsplit(href)
        assert url.scheme == "file", href
        assert Path(url.path).is_file(), href


# ---- Search


def test_typing_in_the_search_box_and_clicking_a_result(offline_page, site: Path):
    page = offline_page.page
    offline_page.open(site / "index.html")
    page.locator("#search-box-input").click()
    page.keyboard.type("humas")
    status = wait_for_results(page, "#search-box-panel [data-search-status]")
    assert page.locator("#search-box-panel").is_visible()
    found = result_urls(page, "#search-box-panel")
    assert status == f"{len(found)} hasil"
    # The head of Bagian Humas is found by the office he heads; the group leader and the about page are not.
    assert {(site / NUSA).as_uri(), (site / HUMAS).as_uri(), (site / "orang/tri-antoro/index.html").as_uri()} <= set(found)
    assert not uris(site, [SRI_WIDARTI, TENTANG]) & set(found)

    click_link(offline_page, NUSA_TITLE, site / NUSA, within="#search-box-panel")
    assert_reader_page(offline_page, site, NUSA, NUSA_TITLE)


def test_enter_in_the_search_box_opens_the_search_page_with_results(offline_page, site: Path):
    page = offline_page.page
    offline_page.open(site / "index.html")
    page.locator("#search-box-input").click()
    page.keyboard.type("humas")
    # Enter before the search scripts have loaded would abort their loading (a failed request
    # to the fixture, harmless to a reader); a reader sees the list first, so wait for it.
    wait_for_results(page, "#search-box-panel [data-search-status]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^file://.*/cari/index\.html\?q=humas$"))
    assert_reader_page(offline_page, site, search.SEARCH_PAGE_PATH, "Cari")
    status = wait_for_results(page, "#search-page-status")
    assert page.input_value("#search-page-input") == "humas"
    found = result_urls(page, ".search-page__results")
    assert status == f"{len(found)} hasil"
    assert (site / NUSA).as_uri() in found and (site / HUMAS).as_uri() in found

    click_link(offline_page, NUSA_TITLE, site / NUSA, within=".search-page__results")
    assert_reader_page(offline_page, site, NUSA, NUSA_TITLE)


def test_an_indonesian_word_form_finds_pages_with_other_forms_of_it(offline_page, site: Path):
    """"dilayani" is nowhere in the content; it finds "pelayanan", "layanan", "melayani" by their stem."""
    content_words = set()
    for source in (REPO / "content").rglob("*.md"):
        content_words.update(search.split_words(source.read_text(encoding="utf-8")))
    assert "dilayani" not in content_words and "pelayanan" in content_words

    page = offline_page.page
    offline_page.open(site / NUSA)  # from a page three folders deep
    page.locator("#search-box-input").click()
    page.keyboard.type("dilayani")
    assert wait_for_results(page, "#search-box-panel [data-search-status]") == f"{len(LAYAN_PAGES)} hasil"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^file://.*/cari/index\.html\?q=dilayani$"))
    status = wait_for_results(page, "#search-page-status")
    assert set(result_urls(page, ".search-page__results")) == uris(site, LAYAN_PAGES)
    assert status == f"{len(LAYAN_PAGES)} hasil"

    page.fill("#search-page-input", "pelayanan")
    page.wait_for_function("document.querySelectorAll('.search-page__results mark').length > 0"
                           " && document.querySelector('.search-page__results mark').textContent.toLowerCase() !== 'dilayani'")
    wait_for_results(page, "#search-page-status")
    assert set(result_urls(page, ".search-page__results")) == uris(site, LAYAN_PAGES)
    # The words that matched are marked in the titles, whatever their form.
    marked = {text.lower() for text in page.locator(".search-page__results .search-result__title mark").all_text_contents()}
    assert marked >= {"pelayanan", "layanan"}

    page.fill("#search-page-input", "kriptografi")
    assert wait_for_results(page, "#search-page-status") == "Tidak ada hasil untuk “kriptografi”."
    assert result_urls(page, ".search-page__results") == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Nusa", NUSA),  # a group name finds that group's report first
        ("Bangsa", BANGSA),
        ("Sri Widarti", "orang/sri-widarti/index.html"),
        ("KPPT", "instansi/kppt/index.html"),
        ("forum warga", NUSA),
        ("one stop service", BANGSA),
    ],
)
def test_a_search_puts_the_page_a_reader_means_first(offline_page, site: Path, query: str, first: str):
    page = offline_page.page
    offline_page.open(site / "cari" / "index.html")
    page.fill("#search-page-input", query)
    wait_for_results(page, "#search-page-status")
    assert result_urls(page, ".search-page__results")[0] == (site / first).as_uri()


def test_words_late_in_a_long_body_are_found(offline_page, site: Path):
    """The news text says "inovasi" only in its fourth paragraph: small sites index whole bodies."""
    news_text = (REPO / "content" / "berita" / "pelayanan-publik-wonosobo-dinilai-inovatif.md").read_text(encoding="utf-8")
    assert news_text.index("inovasi dan kreativitas") > 1000
    page = offline_page.page
    offline_page.open(site / "cari" / "index.html")
    page.fill("#search-page-input", "kreativitas")
    wait_for_results(page, "#search-page-status")
    assert (site / "berita/pelayanan-publik-wonosobo-dinilai-inovatif/index.html").as_uri() in result_urls(page, ".search-page__results")


# ---- Keyboard only


def focused(page) -> dict:
    return page.evaluate("""() => {
        const element = document.activeElement;
        return {tag: element.tagName.toLowerCase(), id: element.id, cls: element.className,
                href: element.href || null, text: element.textContent.trim()};
    }""")


def test_the_skip_link_comes_first_and_jumps_to_the_content(offline_page, site: Path):
    page = offline_page.page
    offline_page.open(site / "index.html")
    skip = page.locator(".skip-link")
    assert skip.bounding_box()["x"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    assert focused(page)["cls"] == "skip-link"
    assert skip.bounding_box()["x"] >= 0  # visible while it has the focus
    page.keyboard.press("Enter")
    page.wait_for_url((site / "index.html").as_uri() + "#isi")
    page.keyboard.press("Tab")  # the next stop is the first link of the content, not the header
    assert focused(page)["href"] == (site / SEMINAR).as_uri()


def test_keyboard_only_search_from_the_home_page(offline_page, site: Path):
    page = offline_page.page
    offline_page.open(site / "index.html")
    stops = []
    for _ in range(20):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if stops[-1]["id"] == "search-box-input":
            break
    assert stops[0]["cls"] == "skip-link"
    assert stops[-1]["id"] == "search-box-input", [stop["text"] for stop in stops]
    assert [stop["text"] for stop in stops[2:-1]] == [
        "Beranda", "Seminar", "Berita", "Orang", "Instansi", "Tag", "Tentang situs ini",
    ]

    page.keyboard.type("humas")
    wait_for_results(page, "#search-box-panel [data-search-status]")
    count = page.locator("#search-box-panel a").count()
    assert count >= 2
    for _ in range(count):
        page.keyboard.press("ArrowDown")
        if focused(page)["href"] == (site / NUSA).as_uri():
            break
    assert focused(page)["href"] == (site / NUSA).as_uri()
    page.keyboard.press("Enter")
    page.wait_for_url((site / NUSA).as_uri())
    assert_reader_page(offline_page, site, NUSA, NUSA_TITLE)


def test_printing_a_page_leaves_out_menus_and_the_search_box(offline_page, site: Path):
    page = offline_page.page
    offline_page.open(site / NUSA)
    assert page.locator("#search-box-input").is_visible() and page.locator(".site-nav").is_visible()
    page.emulate_media(media="print")
    assert page.locator("#search-box-input").is_hidden()
    assert page.locator(".site-nav").is_hidden()
    assert page.locator("h1").is_visible()


def test_results_name_each_person_with_their_part(offline_page, site: Path):
    """Group Bangsa names no member: its result must not make the head of the office look like the author."""
    page = offline_page.page
    offline_page.open(site / "cari" / "index.html")
    page.fill("#search-page-input", "Bangsa")
    wait_for_results(page, "#search-page-status")
    first = page.locator(".search-page__results li").first
    meta = first.locator(".search-result__meta").text_content()
    assert meta.startswith("Paparan · ") and "Didik Wibawanto SSos MM (Kepala instansi)" in meta
