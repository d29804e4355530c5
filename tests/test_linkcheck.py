"""check_links on small hand-made sites: every rule a reader opening file:// would notice."""
from __future__ import annotations

import pytest

from prosiding.linkcheck import ExternalLink, LinkProblem, check_links, css_urls, srcset_urls


def html(body: str, head: str = "") -> bytes:
    """A page whose body starts on line 3, so `line` numbers in tests are easy to read."""
    return f"<!doctype html>\n<html><head>{head}</head>\n<body>{body}</body></html>\n".encode()


def problems(files: dict[str, bytes]) -> list[tuple[str, str, int]]:
    return [(p.page, p.link, p.line) for p in check_links(files).problems]


def reasons(files: dict[str, bytes]) -> list[str]:
    return [p.reason for p in check_links(files).problems]


SITE = {
    "index.html": html('<a href="seminar/nusa/index.html">Nusa</a>'),
    "seminar/nusa/index.html": html(
        '<h2 id="abstrak">Abstrak</h2><a name="lama"></a>'
        '<a href="../../index.html">Beranda</a> <a href="#abstrak">#</a>'
        '<img src="../../aset/foto%20sesi.jpg" alt="">'
    ),
    "aset/foto sesi.jpg": b"\xff\xd8",
    "aset/gaya.css": b"body { background: url('pola.png') }",
    "aset/pola.png": b"\x89PNG",
}


def test_a_clean_site_has_no_problems():
    report = check_links(SITE)
    assert report.problems == ()
    assert report.ok


def test_missing_file_is_reported_with_page_and_line():
    files = {"index.html": html('<p>\n<a href="sesi/tidak-ada.html">x</a></p>')}
    assert check_links(files).problems == (
        LinkProblem(page="index.html", link="sesi/tidak-ada.html", reason="no such file: sesi/tidak-ada.html", line=4),
    )


def test_percent_encoding_and_query_strings_are_resolved():
    files = {
        "index.html": html('<a href="berkas%20saya.pdf?v=2">pdf</a><img src="./a/../gambar.png?x#y" alt="">'),
        "berkas saya.pdf": b"%PDF",
        "gambar.png": b"",
    }
    assert problems(files) == []


def test_link_to_a_folder_is_dead_because_file_urls_do_not_open_index_html():
    files = {
        "index.html": html('<a href="seminar/">a</a>\n<a href="seminar">b</a>\n<a href="./">c</a>'),
        "seminar/index.html": html(""),
    }
    assert reasons(files) == [
        "points to a folder; file:// does not open its index.html; link to seminar/index.html",
        "points to a folder; file:// does not open its index.html; link to seminar/index.html",
        "points to a folder; file:// does not open its index.html; link to index.html",
    ]


def test_link_above_the_site_root_is_reported():
    files = {"a/index.html": html('<a href="../../luar.html">x</a>')}
    assert reasons(files) == ["goes above the site root"]


def test_case_mismatch_is_named_because_it_works_on_windows_but_not_linux():
    files = {"index.html": html('<img src="Foto.JPG" alt="">'), "foto.jpg": b""}
    assert reasons(files) == ["no such file; only foto.jpg (differs in case, breaks on Linux)"]


def test_fragments_must_exist_on_the_target_page():
    files = {
        "index.html": html(
            '<a href="b.html#ada">ok</a>\n'
            '<a href="b.html#hilang">dead</a>\n'
            '<a href="b.html#lama">a name</a>\n'
            '<a href="#sendiri">same page ok</a>\n'
            '<a href="#tidak-ada">same page dead</a>\n'
            '<a href="#top">top always works</a> <a href="#">empty</a>\n'
            '<a href="b.html#bagian%20dua">percent-encoded id</a>',
            head="",
        ).replace(b"<body>", b'<body id="sendiri">'),
        "b.html": html('<h2 id="ada">x</h2><a name="lama"></a><h3 id="bagian dua"></h3>'),
    }
    assert check_links(files).problems == (
        LinkProblem("index.html", "b.html#hilang", "no id or <a name> 'hilang' on b.html", 4),
        LinkProblem("index.html", "#tidak-ada", "no id or <a name> 'tidak-ada' on index.html", 7),
    )


def test_name_counts_as_an_anchor_only_on_a_elements():
    files = {"index.html": html('<input name="q"><a href="#q">x</a>')}
    assert reasons(files) == ["no id or <a name> 'q' on index.html"]


def test_fragments_of_non_html_targets_are_not_checked():
    files = {"index.html": html('<a href="makalah.pdf#page=3">p3</a>'), "makalah.pdf": b"%PDF"}
    assert problems(files) == []


def test_root_relative_links_are_always_errors():
    files = {
        "index.html": html('<a href="/index.html">home</a><img src="/logo.png" alt="">'),
        "logo.png": b"",
    }
    assert reasons(files) == [
        "root-relative link; from file:// it points to the root of the disk, use a relative path",
    ] * 2


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="https://cdn.example.org/x.js"></script>',
        '<img src="http://example.org/x.png" alt="">',
        '<img srcset="a.png 1x, https://example.org/b.png 2x" alt="">',
        '<video poster="https://example.org/p.jpg"></video>',
        '<video><source src="https://example.org/v.mp4"></video>',
        '<audio src="https://example.org/a.mp3"></audio>',
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<embed src="https://example.org/e.swf">',
        '<object data="https://example.org/o.pdf"></object>',
        '<div style="background: url(https://example.org/bg.png)"></div>',
        '<style>@import "https://fonts.example.org/css";</style>',
        '<style>\n@font-face { src: url("//fonts.example.org/f.woff2") }</style>',
    ],
)
def test_anything_loaded_from_another_host_is_an_error(markup):
    files = {"index.html": html(markup), "a.png": b""}
    assert reasons(files) == ["loaded from another host; the site must work offline"]


@pytest.mark.parametrize("rel", ["stylesheet", "icon", "shortcut icon", "preload", "modulepreload", "preconnect"])
def test_link_elements_that_load_are_errors_off_host(rel):
    files = {"index.html": html("", head=f'<link rel="{rel}" href="https://example.org/x">')}
    assert reasons(files) == ["loaded from another host; the site must work offline"]


def test_canonical_links_are_neither_problems_nor_outbound_links():
    """They name the site's own published address on every page; `check --external` would drown in them."""
    files = {"index.html": html("", head='<link rel="canonical" href="https://example.org/">')}
    report = check_links(files)
    assert report.problems == ()
    assert report.external == ()


def test_outbound_links_mailto_and_tel_are_collected_not_errors():
    files = {
        "index.html": html(
            '<a href="https://doi.org/10.1/x">doi</a>\n<a href="mailto:panitia@example.org">mail</a>\n'
            '<a href="tel:+62286123">tel</a>'
        )
    }
    report = check_links(files)
    assert report.problems == ()
    assert report.external == (
        ExternalLink("index.html", "https://doi.org/10.1/x", 3),
        ExternalLink("index.html", "mailto:panitia@example.org", 4),
        ExternalLink("index.html", "tel:+62286123", 5),
    )


def test_javascript_urls_are_errors():
    files = {"index.html": html('<a href="javascript:void(0)">x</a>')}
    assert reasons(files) == ["javascript: URL; use a real link or a script"]


def test_protocol_relative_links_are_errors_because_file_urls_have_no_host():
    files = {"index.html": html('<a href="//example.org/x">x</a>')}
    assert reasons(files) == ["protocol-relative URL ('//host'); from file:// it points nowhere, write https://"]


def test_file_urls_and_unknown_schemes_are_errors():
    files = {"index.html": html('<a href="file:///home/panitia/x.html">x</a><a href="ftp://example.org/">y</a>')}
    assert reasons(files) == [
        "file: URL points to one machine's disk; use a relative path",
        "unsupported URL scheme 'ftp:'",
    ]


def test_data_uris_are_fine_for_images():
    png = "data:image/png;base64,iVBORw0KGgo="
    files = {
        "index.html": html(
            f'<img src="{png}" alt=""><img srcset="{png} 1x, data:image/png;base64,AAA= 2x" alt="">'
            f'<div style="background:url({png})"></div>'
        )
    }
    assert problems(files) == []


def test_about_blank_is_fine():
    files = {"index.html": html('<iframe src="about:blank" title="x"></iframe>')}
    assert problems(files) == []


def test_empty_src_is_an_error_but_empty_href_is_not():
    files = {"index.html": html('<img src="" alt=""><a href="">reload</a>')}
    assert reasons(files) == ["empty URL"]


def test_css_files_are_checked_relative_to_themselves():
    files = {
        "index.html": html("", head='<link rel="stylesheet" href="aset/gaya.css">'),
        "aset/gaya.css": (
            b"/* url(komentar.png) is ignored */\n"
            b"body { background: url(pola.png) }\n"
            b"h1 { background: url('../hilang.svg') }\n"
            b'@import "font.css";\n'
        ),
        "aset/pola.png": b"",
    }
    assert check_links(files).problems == (
        LinkProblem("aset/gaya.css", "../hilang.svg", "no such file: hilang.svg", 3),
        LinkProblem("aset/gaya.css", "font.css", "no such file: aset/font.css", 4),
    )


def test_style_element_lines_count_from_the_page():
    files = {"index.html": b'<html><head><style>\nbody{}\nh1 { background: url("x.png") }\n</style></head></html>'}
    assert problems(files) == [("index.html", "x.png", 3)]


def test_relative_og_image_must_exist_but_absolute_one_is_ignored():
    files = {
        "index.html": html(
            "",
            head='<meta property="og:image" content="kartu.png">'
            '<meta property="og:image" content="https://example.org/kartu.png">'
            '<meta name="description" content="/bukan/url">',
        )
    }
    assert problems(files) == [("index.html", "kartu.png", 2)]


def test_meta_refresh_target_is_checked():
    files = {"lama.html": html("", head='<meta http-equiv="refresh" content="0; url=baru.html">')}
    assert reasons(files) == ["no such file: baru.html"]


def test_module_scripts_are_errors_because_file_urls_block_them():
    files = {"index.html": html('<script type="module" src="app.js"></script>'), "app.js": b""}
    assert reasons(files) == ["module scripts do not load from file:// (blocked by CORS); use a classic script"]


def test_html_entities_in_attributes_are_decoded_before_resolving():
    files = {"index.html": html('<a href="a.html?x=1&amp;y=2">x</a>'), "a.html": html("")}
    assert problems(files) == []


def test_results_are_sorted_and_deterministic():
    files = {
        "b.html": html('<a href="x">x</a>\n<a href="y">y</a>'),
        "a.html": html('<a href="z">z</a>'),
    }
    first = check_links(files)
    assert [(p.page, p.line) for p in first.problems] == [("a.html", 3), ("b.html", 3), ("b.html", 4)]
    assert check_links(dict(reversed(files.items()))) == first


def test_each_page_is_parsed_once_even_if_linked_from_many_pages(monkeypatch):
    import prosiding.linkcheck as linkcheck

    parsed: list[str] = []
    real_scan = linkcheck.scan_file
    monkeypatch.setattr(linkcheck, "scan_file", lambda path, data: parsed.append(path) or real_scan(path, data))
    files = {f"p{i}.html": html('<a href="target.html#x">t</a>') for i in range(50)}
    files["target.html"] = html('<p id="x"></p>')
    assert check_links(files).problems == ()
    assert sorted(parsed) == sorted(files)


def test_srcset_keeps_commas_inside_urls():
    assert srcset_urls("a.png 1x, data:image/png;base64,AA,BB 2x,c.png") == [
        "a.png", "data:image/png;base64,AA,BB", "c.png",
    ]


def test_css_urls_report_lines():
    css = 'a{}\n/* url(no.png)\n */ b { background: url( "one.png" ) }\n@import \'two.css\';'
    assert list(css_urls(css, first_line=10)) == [("one.png", 12), ("two.css", 13)]
