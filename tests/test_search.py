"""Offline search data (prosiding/search.py) and the templates that load it, without a browser.

What a reader would notice: other word forms of the same Indonesian root find each other,
the data file is the same for the same site, and 5,000 presentations stay a few MB.
The browser side is in tests/browser/test_search_browser.py.
"""
from __future__ import annotations

import importlib.util
import json
import random
import re
import sys
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prosiding import search, urls
from prosiding.search import SearchDoc, make_search_files, stem_words

REPO = Path(__file__).resolve().parent.parent
LAYOUTS = REPO / "layouts"
SEARCH_JS = LAYOUTS / "_static" / "search.js"


def make_doc(url: str = "seminar/2014-x/nusa/index.html", **changes) -> SearchDoc:
    values = dict(
        url=url,
        title="Pelayanan Publik di Kabupaten Nusa",
        kind="presentation",
        seminar="Seminar Nasional Benchmarking 2014",
        people=("Siti Rahmawati",),
        institutions=("Universitas Nusa Cendana",),
        tags=("pelayanan publik",),
        text="Penelitian ini membahas mutu pelayanan kesehatan di puskesmas.",
        year=2014,
    )
    values.update(changes)
    return SearchDoc(**values)


def read_data(files: dict[str, bytes]) -> dict:
    """The object the data script assigns, parsed back from the JS text."""
    text = files[search.SEARCH_DATA_PATH].decode("ascii")
    prefix = f"window.{search.DATA_GLOBAL}="
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def rows_by_column(data: dict) -> list[dict]:
    return [dict(zip(data["columns"], row)) for row in data["docs"]]


# ---- Words and stems


@pytest.mark.parametrize("word", ["pelayanan", "layanan", "melayani", "dilayani", "pelayanannya"])
def test_word_forms_of_one_root_share_a_stem(word):
    assert stem_words(word) == ["layan"]


def test_stem_words_folds_case_and_diacritics_and_keeps_order():
    assert stem_words("Pelayanan PUBLIK, Pémbangunan désa!") == ["layan", "publik", "bangun", "desa"]


def test_stem_words_keeps_numbers_and_splits_on_punctuation():
    assert stem_words("COVID-19 tahun 2020") == ["covid", "19", "tahun", "2020"]


def test_fold_removes_combining_marks_written_either_way():
    composed, decomposed = "Ékowisata", "E\u0301kowisata"
    assert search.fold(composed) == search.fold(decomposed) == "ekowisata"


# ---- The data file


def test_data_is_one_classic_script_at_the_announced_path():
    files = make_search_files([make_doc()])
    assert list(files) == [search.SEARCH_DATA_PATH]
    data = read_data(files)
    assert data["format"] == search.FORMAT_VERSION
    assert data["columns"] == list(search.COLUMNS)


def test_a_row_has_display_values_and_stems_of_the_body():
    data = read_data(make_search_files([make_doc()]))
    (row,) = rows_by_column(data)
    assert row["url"] == "seminar/2014-x/nusa/index.html"
    assert data["kinds"][row["kind"]] == "presentation"
    assert data["seminars"][row["seminar"]] == "Seminar Nasional Benchmarking 2014"
    assert (row["title"], row["year"], row["people"]) == ("Pelayanan Publik di Kabupaten Nusa", 2014, ["Siti Rahmawati"])
    assert row["institutions"] == ["Universitas Nusa Cendana"] and row["tags"] == ["pelayanan publik"]
    text_stems = {data["stems"][i] for i in search.decode_ids(row["textStems"])}
    assert {"bahas", "mutu", "layan", "sehat", "puskesmas"} <= text_stems
    assert not text_stems & search.STOPWORDS  # "ini", "di" cost bytes and find everything


def test_fields_ship_only_the_stems_their_words_do_not_already_give():
    data = read_data(make_search_files([make_doc()]))
    (row,) = rows_by_column(data)
    title_stems = {data["stems"][i] for i in search.decode_ids(row["titleStems"])}
    assert title_stems == {"layan"}  # "publik", "kabupaten", "nusa" are their own stems
    assert row["peopleStems"] == ""  # names are not stemmed


def test_a_small_site_indexes_whole_bodies_but_the_snippet_is_short():
    tail_word = "zebrakuda"
    body = "kata " * 2000 + tail_word  # 10,000 characters in: well past the least indexed length
    data = read_data(make_search_files([make_doc(text=body)]))
    (row,) = rows_by_column(data)
    assert tail_word in data["stems"]
    assert len(row["snippet"]) <= search.SNIPPET_CHARS + 1 and row["snippet"].endswith("…")


def test_a_large_site_indexes_the_opening_of_each_body_only():
    """The text budget is shared: 5,000 pages keep the data file and the first search small."""
    assert search.text_limit(5000) == search.MAX_TEXT_CHARS
    assert search.text_limit(1) == search.MAX_WHOLE_TEXT_CHARS
    tail_word = "zebrakuda"
    body = "kata " * (search.MAX_TEXT_CHARS // 5) + tail_word
    docs = [make_doc(f"seminar/2014-x/talk-{n}/index.html", text=body) for n in range(search.TEXT_BUDGET_CHARS // search.MAX_TEXT_CHARS)]
    data = read_data(make_search_files(docs))
    assert tail_word not in data["stems"]


def test_a_site_with_nothing_to_search_still_gets_a_valid_data_file():
    data = read_data(make_search_files([]))
    assert data["docs"] == [] and data["stems"] == []


def test_same_docs_in_any_order_give_identical_bytes():
    docs = [make_doc(f"seminar/2014-x/talk-{n}/index.html", title=f"Judul {n} pelayanan") for n in range(20)]
    shuffled = docs[:]
    random.Random(7).shuffle(shuffled)
    assert make_search_files(docs) == make_search_files(shuffled)


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (make_doc(kind="talk"), "search kind 'talk' is not one of"),
        (make_doc(url="/seminar/x/index.html"), "must be a site-root-relative POSIX path"),
        (make_doc(url="seminar/x/"), "must be a site-root-relative POSIX path"),
    ],
)
def test_invalid_docs_are_rejected_naming_the_url(doc, message):
    with pytest.raises(ValueError, match=re.escape(message)) as error:
        make_search_files([doc])
    assert str(error.value).startswith(doc.url + ": ")


def test_duplicate_urls_are_rejected():
    with pytest.raises(ValueError, match="two search documents have the same URL"):
        make_search_files([make_doc(), make_doc(title="Lain")])


@given(st.lists(st.integers(min_value=0, max_value=100_000), unique=True))
def test_id_gaps_round_trip(ids):
    assert search.decode_ids(search.encode_ids(ids)) == sorted(ids)


@given(st.text())
def test_data_for_any_text_is_ascii_json(text):
    data = read_data(make_search_files([make_doc(title=text, text=text, people=(text,))]))
    (row,) = rows_by_column(data)
    assert row["title"] == search.normalize_space(text)


# ---- Size: 5,000 presentations


SYNTHETIC_SYLLABLES = "ba be bi bu da de di du ga gi gu ka ke ki ku la li lu ma mi mu na ni nu pa pi pu ra ri ru sa si su ta ti tu ja wa ya".split()
SYNTHETIC_PREFIXES = ["", "", "", "me", "mem", "meng", "di", "pe", "pem", "peng", "ber", "ke", "ter", "per"]
SYNTHETIC_SUFFIXES = ["", "", "", "an", "kan", "i", "nya"]
SYNTHETIC_NAMES = "Siti Ahmad Budi Dewi Rina Agus Hendra Wati Nur Yusuf Made Ketut Putu Ayu Bambang Sri Eko Joko Lestari Santoso Wijaya Pratama Hidayat Kusuma".split()


def make_synthetic_docs(count: int, *, seed: int = 2014, body_words: int = 400) -> list[SearchDoc]:
    """Presentations with Indonesian-shaped text: ~6,000 roots with affixes, Zipf-like use.

    A larger, flatter vocabulary than real abstracts, so the size measured is an upper bound.
    """
    rng = random.Random(seed)
    roots = sorted({"".join(rng.choice(SYNTHETIC_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(8000)})
    weights = [1 / (rank + 10) for rank in range(len(roots))]
    function_words = sorted(search.STOPWORDS)[:40]

    def words(n: int) -> str:
        picked = rng.choices(roots, weights, k=n)
        out = [
            rng.choice(function_words) if rng.random() < 0.3 else rng.choice(SYNTHETIC_PREFIXES) + root + rng.choice(SYNTHETIC_SUFFIXES)
            for root in picked
        ]
        return " ".join(out)

    docs = []
    for number in range(count):
        seminar = number // 100
        docs.append(
            SearchDoc(
                url=f"seminar/{1990 + seminar}-seminar/makalah-{number}/index.html",
                title=words(rng.randint(6, 14)).capitalize(),
                kind="presentation",
                seminar=f"Seminar Nasional Benchmarking {1990 + seminar}",
                people=tuple(f"{rng.choice(SYNTHETIC_NAMES)} {rng.choice(SYNTHETIC_NAMES)}" for _ in range(rng.randint(1, 4))),
                institutions=(f"Universitas {rng.choice(roots).capitalize()}",),
                tags=tuple(rng.sample(roots, 3)),
                text=words(body_words),
                year=1990 + seminar,
            )
        )
    return docs


def test_data_for_5000_presentations_is_a_few_megabytes():
    data = make_search_files(make_synthetic_docs(5000))[search.SEARCH_DATA_PATH]
    assert len(data) < 5_000_000, f"{len(data) / 1e6:.2f} MB"


# ---- Agreement with search.js, the templates and the vendored files


def test_search_js_names_the_same_data_path_and_global():
    script = SEARCH_JS.read_text(encoding="utf-8")
    assert f'var DATA_PATH = "{search.SEARCH_DATA_PATH}";' in script
    assert f'var DATA_GLOBAL = "{search.DATA_GLOBAL}";' in script
    for path in re.findall(r'"(_static/vendor/[^"]+)"', script):
        assert (LAYOUTS / path).is_file(), path


def make_environment(translations: dict[str, str] | None = None) -> jinja2.Environment:
    """Like the site's environment (autoescape, strict, newstyle gettext), with a stand-in base.html."""
    base = '<!DOCTYPE html><html lang="id" data-root="{{ root }}"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head><body>{% include "partials/search_box.html" %}{% block content %}{% endblock %}</body></html>'
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader({"base.html": base}), jinja2.FileSystemLoader(LAYOUTS)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    table = translations or {}
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: table.get(message, message), lambda one, many, n: one if n == 1 else many, newstyle=True
    )
    return env


def test_search_box_is_a_labelled_search_form_that_posts_q_to_the_search_page():
    html = make_environment().get_template("partials/search_box.html").render(root="../../")
    assert '<form class="search-box" role="search" aria-label="Search" action="../../cari/index.html" method="get" data-search-box' in html
    assert '<label class="search-box__label" for="search-box-input">Search</label>' in html
    assert 'id="search-box-input" type="search" name="q"' in html
    assert '<script src="../../_static/search.js" defer></script>' in html
    assert search.SEARCH_PAGE_PATH == urls.SEARCH == "cari/index.html"


def test_interface_strings_come_from_gettext_and_are_escaped_for_attributes():
    env = make_environment({"No results for “{query}”.": 'Tidak ada hasil untuk "{query}".', "Search": "Cari"})
    html = env.get_template("partials/search_box.html").render(root="")
    assert 'data-msg-no-results="Tidak ada hasil untuk &#34;{query}&#34;."' in html
    assert ">Cari</label>" in html


def test_the_search_page_has_one_form_the_strings_of_the_box_and_a_title_with_the_site(tmp_path):
    from sitemaker import build_files

    html = build_files(REPO)["cari/index.html"].decode("utf-8")
    page = html[html.index("data-search-page"):]
    assert 'data-msg-results="{count} hasil"' in page
    assert '<form class="search-page__form" role="search" aria-label="Cari di prosiding" action="../cari/index.html" method="get">' in page
    assert 'for="search-page-input"' in page and 'id="search-page-input"' in page
    assert html.count("<form") == 1 and html.count('id="search-box-input"') == 0  # the header box is left out here
    assert "<title>Cari · Prosiding Seminar Diklatpim</title>" in html
    assert 'data-title-query="“{query}” — pencarian · Prosiding Seminar Diklatpim"' in html


def load_vendor_script():
    spec = importlib.util.spec_from_file_location("vendor_js", REPO / "scripts" / "vendor_js.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["vendor_js"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_vendored_files_match_the_pins_in_the_vendor_script():
    vendor_js = load_vendor_script()
    for package in vendor_js.PACKAGES:
        folder = vendor_js.VENDOR_DIR / package.dest
        on_disk = {vendored.target: (folder / vendored.target).read_bytes() for vendored in package.files}
        # Equal text means the same pins and sources, and files unchanged since vendoring.
        assert (folder / "VERSION").read_text(encoding="utf-8") == vendor_js.make_version_file(package, on_disk)


def test_commonjs_wrapper_keeps_the_module_text_and_its_strict_directive():
    wrapped = load_vendor_script().wrap_commonjs('"use strict";exports.x=1;', "Thing", "pkg@1 package/x.cjs")
    body = wrapped.split("(function (exports, module) {\n", 1)[1]
    assert body.startswith('"use strict";exports.x=1;\n')
    assert wrapped.rstrip().endswith("})((window.Thing = {}), {});")
