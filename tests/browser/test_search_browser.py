"""Site search in headless Chromium, from file://, as a reader offline would use it.

A tiny site is built on disk: search.html and partials/search_box.html rendered with a
stand-in base.html (the real one belongs to the theme), layouts/_static copied, and the
files make_search_files returns. The `offline_page` fixture (tests/conftest.py) blocks
every request that is not file:// and fails the test on any console error or failed load.
"""
from __future__ import annotations

import importlib.util
import re
import shutil
from types import SimpleNamespace
import time
from pathlib import Path
from urllib.parse import quote

import jinja2
import pytest
import snowballstemmer

from prosiding import search
from prosiding.search import SearchDoc, make_search_files

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
LAYOUTS = REPO / "layouts"

# A stand-in for the theme's base.html: only what search needs (data-root, the box, blocks).
BASE_HTML = """<!DOCTYPE html>
<html lang="id" data-root="{{ root }}">
<head><meta charset="utf-8"><title>{% block title %}Prosiding{% endblock %}</title></head>
<body>
<header>{% include "partials/search_box.html" %}</header>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
"""
PAGE_HTML = """{% extends "base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block content %}<h1>{{ title }}</h1><p>{{ text }}</p>{% endblock %}
"""

NUSA = "seminar/2014-benchmarking/nusa/index.html"
LAYANAN_DESA = "seminar/2014-benchmarking/layanan-desa/index.html"
MELAYANI = "seminar/2015-inovasi/melayani-warga/index.html"
EKOWISATA = "seminar/2015-inovasi/ekowisata/index.html"
PESISIR = "seminar/2015-inovasi/pangan-pesisir/index.html"
MANGROVE = "seminar/2016-lingkungan/hutan-pantai/index.html"
PERSON = "orang/siti-rahmawati/index.html"
SEMINAR = "seminar/2015-inovasi/index.html"

CORPUS = (
    SearchDoc(
        NUSA, "Pelayanan Publik di Kabupaten Nusa", "presentation", "Seminar Nasional Benchmarking 2014",
        ("Siti Rahmawati", "Agus Santoso"), ("Universitas Nusa Cendana",), ("birokrasi",),
        "Makalah ini menilai mutu pelayanan puskesmas di kabupaten kepulauan. Waktu tunggu pasien diukur selama enam bulan.",
        2014,
    ),
    SearchDoc(
        LAYANAN_DESA, "Layanan Administrasi Desa secara Daring", "presentation", "Seminar Nasional Benchmarking 2014",
        ("Budi Hartono",), ("Institut Teknologi Sepuluh Nopember",), ("administrasi",),
        "Aplikasi surat-menyurat desa mempercepat layanan kependudukan bagi warga.",
        2014,
    ),
    SearchDoc(
        MELAYANI, "Birokrasi yang Melayani Warga", "presentation", "Seminar Inovasi Daerah 2015",
        ("Dewi Lestari",), ("Universitas Airlangga",), ("birokrasi",),
        "Budaya kerja aparatur sipil negara berubah ketika kinerja diukur dari kepuasan warga.",
        2015,
    ),
    SearchDoc(
        EKOWISATA, "Pengembangan Ékowisata di Désa Adat", "presentation", "Seminar Inovasi Daerah 2015",
        ("Ni Luh Putu Séntana",), ("Universitas Udayana",), ("pariwisata",),
        "Kelompok sadar wisata mengelola kunjungan tamu bersama lembaga adat.",
        2015,
    ),
    SearchDoc(
        PESISIR, "Ketahanan Pangan Masyarakat Pesisir", "presentation", "Seminar Inovasi Daerah 2015",
        ("Yusuf Hidayat",), ("Universitas Hasanuddin",), ("nelayan",),
        "Rumah tangga nelayan menyimpan ikan asin sebagai cadangan pangan pada musim paceklik.",
        2015,
    ),
    SearchDoc(
        MANGROVE, "Rehabilitasi Hutan Pantai", "presentation", "Seminar Lingkungan 2016",
        ("Made Wijaya",), ("Institut Pertanian Bogor",), ("lingkungan",),
        "Penanaman mangrove oleh kelompok tani mengurangi abrasi di sepanjang garis pantai utara.",
        2016,
    ),
    SearchDoc(
        PERSON, "Siti Rahmawati", "person", "", ("Siti Rahmawati",), (), (),
        "Peneliti kebijakan kesehatan di Kupang.",
    ),
    SearchDoc(
        SEMINAR, "Seminar Inovasi Daerah 2015", "seminar", "Seminar Inovasi Daerah 2015", ("Dewi Lestari",), (), (),
        "Seminar tahunan tentang inovasi pemerintahan daerah.", 2015,
    ),
)
LAYAN_DOCS = {NUSA, LAYANAN_DESA, MELAYANI}

# query → the results that must come first (a set when their order among themselves is free)
EXPECTED_TOP = [
    ("pelayanan", LAYAN_DOCS),
    ("dilayani", LAYAN_DOCS),  # no document has this form: found through the stem "layan"
    ("Layanan", LAYAN_DOCS),
    ("ekowisata", {EKOWISATA}),  # the title says "Ékowisata"
    ("ÉKOWISATA desa", {EKOWISATA}),
    ("sentana", {EKOWISATA}),  # a person written "Séntana"
    ("pesi", {PESISIR}),  # prefix while typing
    ("pesisr", {PESISIR}),  # typo
    ("mangrove", {MANGROVE}),  # only in the body
    ("cendana", {NUSA}),  # only in the institution
    ("nelayan", {PESISIR}),  # tag and body
    ("rahmawati", {NUSA, PERSON}),  # people and a person page
    ("pelayanan puskesmas", {NUSA}),  # every word must match
]


def make_environment() -> jinja2.Environment:
    """Like the site's: autoescape, strict undefined, i18n with newstyle gettext (null translations here)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({"base.html": BASE_HTML, "page.html": PAGE_HTML}), jinja2.FileSystemLoader(LAYOUTS)]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def root_of(path: str) -> str:
    return "../" * path.count("/")


def build_site(folder: Path, docs: tuple[SearchDoc, ...] | list[SearchDoc]) -> Path:
    """Write a site: home, search page, one page per document, static files and search data."""
    env = make_environment()
    pages = {"index.html": ("page.html", {"title": "Beranda", "text": "Prosiding seminar."})}
    pages[search.SEARCH_PAGE_PATH] = ("search.html", {})
    for doc in docs:
        pages.setdefault(doc.url, ("page.html", {"title": doc.title, "text": doc.text}))
    for path, (layout, context) in pages.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        site = SimpleNamespace(config=SimpleNamespace(title="Prosiding Uji"))  # what search.html reads of the site
        target.write_text(env.get_template(layout).render(root=root_of(path), site=site, **context), encoding="utf-8")
    shutil.copytree(LAYOUTS / "_static", folder / "_static")
    for path, data in make_search_files(docs).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"), CORPUS)


# ---- Helpers that act like a reader


def wait_for_results(page, status_selector: str) -> None:
    """Wait until the status line says something other than "loading"."""
    page.wait_for_function(
        """selector => {
            const status = document.querySelector(selector);
            return status && status.textContent && status.textContent !== "Loading search…";
        }""",
        arg=status_selector,
    )


def page_results(page) -> list[str]:
    """Result URLs on the search page, as site-root-relative paths."""
    hrefs = page.eval_on_selector_all(".search-page__results a", "links => links.map(a => a.getAttribute('href'))")
    return [href.removeprefix("../") for href in hrefs]


def search_on_page(page, query: str) -> list[str]:
    page.fill("#search-page-input", query)
    wait_for_results(page, "#search-page-status")
    return page_results(page)


def data_requests(page) -> list[str]:
    """Script URLs in the page so far, to see when the index was loaded."""
    return page.evaluate("Array.from(document.scripts).map(script => script.src)")


# ---- Finding


def test_queries_find_the_expected_documents_first(offline_page, site):
    assert not any("dilayani" in search.split_words(f"{doc.title} {doc.text}") for doc in CORPUS)
    page = offline_page.page
    offline_page.open(site / search.SEARCH_PAGE_PATH)
    wrong = {}
    for query, expected in EXPECTED_TOP:
        found = search_on_page(page, query)
        if set(found[: len(expected)]) != expected:
            wrong[query] = found
    assert not wrong, f"unexpected top results: {wrong}"


def test_a_word_that_matches_nothing_says_so(offline_page, site):
    offline_page.open(site / search.SEARCH_PAGE_PATH)
    assert search_on_page(offline_page.page, "kriptografi") == []
    assert offline_page.page.text_content("#search-page-status") == "No results for “kriptografi”."


def test_results_show_title_seminar_and_a_snippet_with_the_match_marked(offline_page, site):
    page = offline_page.page
    offline_page.open(site / search.SEARCH_PAGE_PATH)
    assert search_on_page(page, "mangrove") == [MANGROVE]
    result = page.locator(".search-page__results li").first
    assert result.locator(".search-result__title").text_content() == "Rehabilitasi Hutan Pantai"
    assert result.locator(".search-result__meta").text_content().startswith("Presentation · Seminar Lingkungan 2016")
    assert result.locator(".search-result__snippet mark").all_text_contents() == ["mangrove"]

    # A form that is nowhere in the site is marked through its stem: "pelayanan" for "dilayani".
    search_on_page(page, "dilayani")
    nusa = page.locator(".search-page__results li", has=page.locator(f'a[href="../{NUSA}"]'))
    assert nusa.locator(".search-result__snippet mark").all_text_contents() == ["pelayanan"]
    assert nusa.locator(".search-result__title mark").all_text_contents() == ["Pelayanan"]


def test_search_page_reads_q_from_its_address(offline_page, site):
    page = offline_page.page
    page.goto((site / search.SEARCH_PAGE_PATH).as_uri() + "?q=" + quote("désa adat"))
    wait_for_results(page, "#search-page-status")
    assert page.input_value("#search-page-input") == "désa adat"
    assert page_results(page)[0] == EKOWISATA


# ---- Loading only when used, and from any depth


def test_ordinary_pages_load_the_index_only_when_the_box_is_used(offline_page, site):
    page = offline_page.page
    offline_page.open(site / "index.html")
    page.wait_for_load_state("load")
    assert not [url for url in data_requests(page) if "vendor/" in url or search.SEARCH_DATA_PATH in url]
    page.focus("#search-box-input")
    page.wait_for_function(f"window.{search.DATA_GLOBAL} !== undefined && window.MiniSearch !== undefined")
    loaded = data_requests(page)
    assert any(url.endswith(search.SEARCH_DATA_PATH) for url in loaded)
    assert any(url.endswith("vendor/orama-stemmers/indonesian.js") for url in loaded)


def test_links_and_data_path_are_prefixed_with_the_root_of_a_deep_page(offline_page, site):
    page = offline_page.page
    offline_page.open(site / MELAYANI)
    page.fill("#search-box-input", "ekowisata")
    wait_for_results(page, "#search-box-panel [data-search-status]")
    first = page.locator("#search-box-panel a").first
    assert first.get_attribute("href") == "../../../" + EKOWISATA
    first.click()
    page.wait_for_url((site / EKOWISATA).as_uri())


# ---- Keyboard


def test_keyboard_only_use_of_the_search_box(offline_page, site):
    page = offline_page.page
    offline_page.open(site / "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-box-input"
    page.keyboard.type("pelayanan")
    wait_for_results(page, "#search-box-panel [data-search-status]")
    assert page.is_visible("#search-box-panel")
    links = page.locator("#search-box-panel a")
    assert links.count() == 3

    def focused_href() -> str | None:
        return page.evaluate("document.activeElement.getAttribute('href')")

    page.keyboard.press("ArrowDown")
    first = focused_href()
    page.keyboard.press("ArrowDown")
    assert focused_href() not in (None, first)
    page.keyboard.press("ArrowUp")
    assert focused_href() == first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-box-input"
    page.keyboard.press("Escape")
    assert page.is_hidden("#search-box-panel")

    page.keyboard.type(" ")  # editing shows the list again
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url((site / first).as_uri())


def test_enter_in_the_box_opens_the_search_page_with_the_query(offline_page, site):
    page = offline_page.page
    offline_page.open(site / NUSA)
    page.focus("#search-box-input")
    page.keyboard.type("dilayani")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/cari/index\.html\?q=dilayani$"))
    wait_for_results(page, "#search-page-status")
    assert page.input_value("#search-page-input") == "dilayani"
    assert set(page_results(page)) == LAYAN_DOCS
    assert page.text_content("#search-page-status") == "3 results"


def test_missing_data_is_reported_to_the_reader(offline_page, tmp_path):
    folder = build_site(tmp_path, CORPUS[:1])
    (folder / search.SEARCH_DATA_PATH).unlink()
    offline_page.open(folder / search.SEARCH_PAGE_PATH)
    offline_page.page.fill("#search-page-input", "pelayanan")
    offline_page.page.wait_for_function(
        "document.querySelector('#search-page-status').textContent === 'Search could not be loaded.'"
    )
    assert [failure.split(": ")[0] for failure in offline_page.failed_requests] == [
        (folder / search.SEARCH_DATA_PATH).as_uri()
    ]
    offline_page.clear()


# ---- The browser's stemmer agrees with Snowball


STEMMER_WORDS = """
pelayanan layanan melayani dilayani pelayanannya pembangunan membangun dibangun bangunan pendidikan
mendidik pendidik kebijakan kebijaksanaan perekonomian ekonomi penelitian meneliti diteliti peneliti
kesehatan menyehatkan masyarakat kemasyarakatan pemerintahan memerintah pemerintah pertanian bertani
petani menyampaikan disampaikan penyampaian pengembangan mengembangkan dikembangkan berkembang
perkembangan penggunaan menggunakan digunakan kegunaan memperbaiki diperbaiki perbaikan kepemimpinan
pemimpin memimpin dipimpin pembelajaran belajar mengajar pengajaran diajarkan keterampilan terampil
kesejahteraan sejahtera pemberdayaan memberdayakan berdaya ketahanan bertahan pertahanan pengelolaan
mengelola dikelola pengelola perencanaan merencanakan direncanakan rencana pelaksanaan melaksanakan
dilaksanakan pengawasan mengawasi diawasi pengukuran mengukur diukur penilaian menilai dinilai
keberlanjutan berkelanjutan lanjutan pemanfaatan memanfaatkan dimanfaatkan manfaat penanaman menanam
ditanam tanaman perlindungan melindungi dilindungi lindungan persaingan bersaing saingan kerjasama
bekerjasama pekerjaan bekerja pekerja dikerjakan mengerjakan kepuasan memuaskan puas kelembagaan
lembaga penerapan menerapkan diterapkan penyelenggaraan menyelenggarakan diselenggarakan
bukunya bukukah sayalah apapun kamupun rumahku rumahmu mempermainkan permainan bermain
perempuan empunya terbaik terpercaya ketidakadilan keadilan adil pertanggungjawaban bertanggung
jawab menjawab jawaban penyebaran menyebarkan tersebar sebaran pengaruh berpengaruh mempengaruhi
dipengaruhi keberhasilan berhasil menghasilkan dihasilkan hasil memperkenalkan diperkenalkan
mempersiapkan persiapan disiapkan menyiapkan siap tahun 2014 covid19 ekowisata mangrove pesisir
""".split()


def site_vocabulary() -> list[str]:
    """Words to check: the list above, this test's corpus, and any bundled content in content/."""
    words = set(STEMMER_WORDS)
    for doc in CORPUS:
        words.update(search.split_words(" ".join([doc.title, doc.text, *doc.institutions, *doc.tags])))
    for source in sorted((REPO / "content").rglob("*.md")):
        words.update(search.split_words(source.read_text(encoding="utf-8", errors="replace")))
    return sorted(words)[:20_000]


def test_javascript_stemmer_agrees_with_snowball_on_the_site_vocabulary(offline_page, tmp_path):
    shutil.copytree(LAYOUTS / "_static", tmp_path / "_static")
    (tmp_path / "stem.html").write_text(
        '<!DOCTYPE html><meta charset="utf-8"><title>stem</title>'
        '<script src="_static/vendor/orama-stemmers/indonesian.js"></script>',
        encoding="utf-8",
    )
    offline_page.open(tmp_path / "stem.html")
    words = site_vocabulary()
    from_js = offline_page.page.evaluate("words => words.map(window.ProsidingIndonesianStemmer.stemmer)", words)
    from_python = snowballstemmer.stemmer("indonesian").stemWords(words)
    disagreements = {word: (py, js) for word, py, js in zip(words, from_python, from_js) if py != js}
    assert not disagreements
    assert len(words) >= len(STEMMER_WORDS)


# ---- 5,000 presentations


def load_synthetic_docs(count: int) -> list[SearchDoc]:
    """The synthetic presentations that tests/test_search.py measures for size."""
    spec = importlib.util.spec_from_file_location("prosiding_test_search", REPO / "tests" / "test_search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_synthetic_docs(count)


def test_first_search_over_5000_presentations(offline_page, tmp_path, record_property):
    """Measures (and prints) the time from focusing the box to the first results; no threshold here."""
    docs = load_synthetic_docs(5000)
    folder = build_site(tmp_path, docs[:1])  # pages for one document are enough to search all
    for path, data in make_search_files(docs).items():
        (folder / path).write_bytes(data)
    page = offline_page.page
    offline_page.open(folder / "index.html")
    query = search.split_words(docs[1234].title)[-1]

    started = time.perf_counter()
    page.focus("#search-box-input")
    page.keyboard.type(query)
    wait_for_results(page, "#search-box-panel [data-search-status]")
    first_search = time.perf_counter() - started

    started = time.perf_counter()
    page.fill("#search-box-input", query[:-1])
    wait_for_results(page, "#search-box-panel [data-search-status]")
    later_search = time.perf_counter() - started

    assert page.locator("#search-box-panel a").count() > 0
    size = (folder / search.SEARCH_DATA_PATH).stat().st_size
    record_property("first_search_seconds", round(first_search, 3))
    print(f"\n5000 presentations: data {size / 1e6:.2f} MB, first search {first_search:.2f} s, next {later_search:.3f} s")
