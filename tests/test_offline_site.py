"""The bundled proceedings, built and crawled as files: everything a reader opens from file:// is there.

No browser: every HTML page of the built site is parsed with lxml.html (independently of
prosiding/linkcheck.py, which the build itself uses) and every URL it names is resolved on disk.
The rules are those of a USB stick without internet:

- a link names a file (`orang/index.html`), never a folder: file:// shows a folder as a listing;
- no root-relative `/x`: from file:// it is the root of the disk;
- nothing is *loaded* from another host (scripts, styles, icons, images, frames, CSS url());
  a link a reader clicks (`<a href="https://...">`) may leave the site;
- shipped JavaScript uses nothing Chromium refuses on file:// (fetch, XHR, modules, workers).

Each checker is also run on a deliberately broken folder, so none of them can pass by finding nothing.
"""
from __future__ import annotations

import posixpath
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from prosiding.cli import main

REPO = Path(__file__).resolve().parents[1]

# One page of every kind the bundled content makes; the crawl must meet each of them.
EXPECTED_PAGES = {
    "index.html",  # home
    "seminar/2014-benchmarking-to-best-practice/index.html",  # seminar
    "seminar/2014-benchmarking-to-best-practice/nusa/index.html",  # presentation
    "berita/index.html",  # news list
    "berita/pelayanan-publik-wonosobo-dinilai-inovatif/index.html",  # news
    "berita/kategori/pemerintahan/index.html",  # news category
    "orang/index.html",  # people
    "orang/sri-widarti/index.html",  # person
    "instansi/index.html",  # institutions
    "instansi/bagian-humas-setda/index.html",  # institution
    "tag/index.html",  # tags
    "tag/pelayanan-publik/index.html",  # tag
    "arsip/index.html",  # archive
    "arsip/2014/index.html",  # year
    "tentang/index.html",  # content page
    "cari/index.html",  # search page
}

SEARCH_DATA = "_cari/data.js"

OUTBOUND_SCHEMES = {"http", "https", "mailto", "tel"}

# What the browser fetches while showing the page, by element; everything else is navigated to.
LOADING_TAGS = {"script", "img", "iframe", "frame", "embed", "object", "source", "track", "audio", "video",
                "input", "use", "image", "style"}
LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch"}
# <link rel> values that name a URL without fetching it (e.g. a canonical address on the web).
NAMING_RELS = {"canonical", "alternate", "author", "license", "me"}

# JavaScript that fails from file:// in Chromium (or reaches for the network).
FORBIDDEN_JS = {
    "fetch()": re.compile(r"(?<![\w$.])fetch\s*\((?![^()]*\)\s*\{)|\b(?:window|self|globalThis)\.fetch\s*\("),
    "XMLHttpRequest": re.compile(r"\bXMLHttpRequest\b"),
    "dynamic import()": re.compile(r"(?<![\w$.])import\s*\("),
    "static import/export": re.compile(r"^\s*(?:import\s*[\w{*'\"]|export\s+(?:default|const|let|var|function|class|\{))", re.M),
    "module script": re.compile(r"""["']module["']"""),
    "worker": re.compile(r"\bnew\s+(?:Shared)?Worker\s*\(|\bimportScripts\s*\(|\bserviceWorker\b"),
    "URL on another host": re.compile(r"""["'`](?:https?:)?//[^"'`\s]+"""),
}

# The comment form's script (with komentar.isso_url): it returns at once unless the page was served
# over http(s), as test_comments_browser shows in Chromium.
COMMENT_FORM = "_static/komentar.js"
WEB_ONLY = re.compile(r"if \(!template \|\| !/\^https\?:\$/\.test\(location\.protocol\)")

_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


@dataclass(frozen=True)
class Link:
    """One URL as written in a file of the site, and whether the browser loads it or a reader follows it."""

    page: str  # site-root-relative path of the file it is in
    url: str
    where: str  # e.g. "<script src>", "<a href>", "style.css url()"
    loads: bool


# ---- The built site


def build_repo_site(output: Path) -> Path:
    """Build the repository's own content/ into `output`, exactly as `python build.py` does."""
    assert main(["build", "--source", str(REPO), "--output", str(output)]) == 0
    return output


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_repo_site(tmp_path_factory.mktemp("offline-site") / "output")


@pytest.fixture(scope="module")
def links(site: Path) -> list[Link]:
    return list(site_links(site))


def site_files(site: Path, suffix: str) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob(f"*{suffix}") if path.is_file())


# ---- Reading links with lxml


def site_links(site: Path) -> Iterator[Link]:
    """Every URL in every .html and .css file of the site."""
    for page in site_files(site, ".html"):
        yield from page_links(page, (site / page).read_bytes())
    for sheet in site_files(site, ".css"):
        for url in css_urls((site / sheet).read_text(encoding="utf-8")):
            yield Link(sheet, url, f"{posixpath.basename(sheet)} url()", loads=True)


def parse_page(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))


def page_links(page: str, data: bytes) -> Iterator[Link]:
    """The URLs of one page: lxml's iterlinks (href, src, action, style, meta refresh...) plus srcset and poster."""
    doc = parse_page(data)
    for element, attribute, url, _ in doc.iterlinks():
        tag = element.tag if isinstance(element.tag, str) else ""
        if attribute is None or attribute == "style":
            yield Link(page, url, f"<{tag}> CSS url()", loads=True)
        else:
            yield Link(page, url, f"<{tag} {attribute}>", loads=_loads(element, tag, attribute))
    for element in doc.xpath("//*[@srcset]"):
        for url in srcset_urls(element.get("srcset")):
            yield Link(page, url, f"<{element.tag} srcset>", loads=True)
    for element in doc.xpath("//*[@poster]"):
        yield Link(page, element.get("poster"), f"<{element.tag} poster>", loads=True)


def _loads(element: lxml.html.HtmlElement, tag: str, attribute: str) -> bool:
    if tag == "link":
        rels = set((element.get("rel") or "").lower().split())
        return bool(rels & LOADING_RELS) or not rels & NAMING_RELS
    if tag in ("a", "area", "form", "meta", "blockquote", "q", "del", "ins", "button"):
        return False
    return tag in LOADING_TAGS or attribute in ("src", "data", "background", "lowsrc", "dynsrc")


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of `srcset="a.jpg 1x, b.jpg 2x"` (good enough for the URLs a build writes)."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def css_urls(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [next(group for group in match.groups() if group is not None) for match in _CSS_URL.finditer(css)]


# ---- Judging links


def link_problem(site: Path, link: Link) -> str | None:
    """Why `link` fails for a reader opening the site from file://, or None."""
    url = link.url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("data", "about") and link.loads:
        return None
    if scheme in OUTBOUND_SCHEMES or parts.netloc or url.startswith("//"):
        return "loaded from another host" if link.loads else None
    if scheme:
        return f"scheme {scheme}: does not work offline"
    if parts.path.startswith("/"):
        return "root-relative"
    if not parts.path:
        return fragment_problem(site, link.page, parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(link.page), unquote(parts.path)))
    if target == ".." or target.startswith("../"):
        return "climbs above the site root"
    if parts.path.endswith("/") or (site / target).is_dir():
        return "names a folder, not its index.html"
    if not (site / target).is_file():
        return f"no such file: {target}"
    return fragment_problem(site, target, parts.fragment)


def fragment_problem(site: Path, target: str, fragment: str) -> str | None:
    if not fragment or fragment == "top" or not target.endswith(".html"):
        return None
    doc = parse_page((site / target).read_bytes())
    if doc.xpath("//*[@id=$name] | //a[@name=$name]", name=unquote(fragment)):
        return None
    return f"no id {unquote(fragment)!r} on {target}"


def problems(site: Path, links: list[Link]) -> list[str]:
    found = []
    for link in links:
        reason = link_problem(site, link)
        if reason:
            found.append(f"{link.page}: {link.where} {link.url!r}: {reason}")
    return found


# ---- Judging JavaScript


def strip_js_comments(source: str) -> str:
    """JavaScript without its comments; strings, template literals and regex literals are kept.

    Comments are removed because they may say what the code avoids ("fetch() fails on file://").
    """
    out, i, n = [], 0, len(source)
    last_significant = ""
    while i < n:
        char, pair = source[i], source[i:i + 2]
        if pair == "//":
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        if pair == "/*":
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
            continue
        if char in "'\"`" or (char == "/" and (not last_significant or last_significant in "(,=:[!&|?{};+-*%<>~^")):
            j = i + 1
            in_class = False
            while j < n and (source[j] != char or in_class):
                if source[j] == "\\":
                    j += 1
                elif char == "/" and source[j] == "[":
                    in_class = True
                elif char == "/" and source[j] == "]":
                    in_class = False
                elif char != "`" and source[j] == "\n":
                    break
                j += 1
            out.append(source[i:j + 1])
            last_significant = "a"  # a string or regex is a value: a following "/" divides
            i = j + 1
            continue
        out.append(char)
        if not char.isspace():
            last_significant = char
        i += 1
    return "".join(out)


def js_problems(name: str, source: str) -> list[str]:
    code = strip_js_comments(source)
    found = []
    for what, pattern in FORBIDDEN_JS.items():
        if what == "URL on another host" and name == SEARCH_DATA:
            continue  # search data quotes page text, which may mention a web address; it loads nothing
        if what == "fetch()" and name == COMMENT_FORM and WEB_ONLY.search(code):
            continue  # posts a comment to Isso only when the page came over http(s); from file:// it does nothing
        for match in pattern.finditer(code):
            found.append(f"{name}: {what}: {match.group(0).strip()!r}")
    return found


def shipped_javascript(site: Path) -> dict[str, str]:
    """Every .js file and every inline <script> of the site, by where it is."""
    scripts = {path: (site / path).read_text(encoding="utf-8") for path in site_files(site, ".js")}
    for page in site_files(site, ".html"):
        for number, script in enumerate(parse_page((site / page).read_bytes()).xpath("//script"), start=1):
            text = script.text or ""
            if (script.get("type") or "").strip().lower() == "application/ld+json":
                continue  # a data block (schema.org metadata), never run; tests/test_metadata.py parses it
            if (script.get("type") or "").strip().lower() == "module":
                text = f'type="module"\n{text}'  # reported by the "module script" rule
            if text.strip():
                scripts[f"{page} <script> {number}"] = text
    return scripts


# ---- The bundled site


def test_the_crawl_covers_every_kind_of_page(site: Path, links: list[Link]):
    pages = set(site_files(site, ".html"))
    assert EXPECTED_PAGES <= pages, f"missing pages: {sorted(EXPECTED_PAGES - pages)}"
    linked_from = {link.page for link in links}
    assert pages <= linked_from, f"pages without a single link: {sorted(pages - linked_from)}"
    assert any(link.where == "<link href>" and link.url.endswith("_static/style.css") for link in links)
    assert any(link.where == "<script src>" and link.url.endswith("_static/search.js") for link in links)


def test_every_link_resolves_to_a_file_of_the_site(site: Path, links: list[Link]):
    assert problems(site, links) == []


def test_no_link_is_root_relative(links: list[Link]):
    assert [f"{link.page}: {link.url}" for link in links if link.url.strip().startswith("/")] == []


def test_links_to_pages_name_index_html(site: Path, links: list[Link]):
    to_pages = [link for link in links if not urlsplit(link.url).scheme and urlsplit(link.url).path and not link.loads]
    assert len(to_pages) > 100
    not_a_file = [f"{link.page}: {link.url}" for link in to_pages
                  if not urlsplit(link.url).path.endswith((".html", ".pdf", ".txt", ".bib", ".ris", ".json", ".xml"))]
    assert not_a_file == []


def test_nothing_is_loaded_from_another_host(links: list[Link]):
    loaded = [link for link in links if link.loads]
    assert {link.where for link in loaded} >= {"<link href>", "<script src>"}
    remote = [f"{link.page}: {link.where} {link.url}" for link in loaded
              if urlsplit(link.url.strip()).scheme.lower() not in ("", "data") or link.url.strip().startswith("//")]
    assert remote == []


def test_every_page_is_reachable_from_the_home_page(site: Path, links: list[Link]):
    """A page no link leads to can only be found by someone who knows its path."""
    followed: dict[str, set[str]] = {}
    for link in links:
        parts = urlsplit(link.url)
        if not link.loads and not parts.scheme and parts.path.endswith(".html"):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(link.page), unquote(parts.path)))
            followed.setdefault(link.page, set()).add(target)
    reached, todo = {"index.html"}, ["index.html"]
    while todo:
        for target in followed.get(todo.pop(), ()):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    assert set(site_files(site, ".html")) - reached == {"404.html"}  # shown by a web host for a missing address, linked from nowhere


def test_shipped_javascript_works_from_file_urls(site: Path):
    scripts = shipped_javascript(site)
    assert {"_static/search.js", "_static/vendor/minisearch/minisearch.js", SEARCH_DATA} <= set(scripts)
    found = [problem for name, source in sorted(scripts.items()) for problem in js_problems(name, source)]
    assert found == []


def test_pages_are_indonesian_with_one_heading(site: Path):
    wrong = {}
    for page in site_files(site, ".html"):
        doc = parse_page((site / page).read_bytes())
        headings = [" ".join(h1.text_content().split()) for h1 in doc.xpath("//h1")]
        if doc.get("lang") != "id" or len(headings) != 1 or not headings[0]:
            wrong[page] = (doc.get("lang"), headings)
    assert wrong == {}


# ---- The checks above find what they look for


BROKEN_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Rusak</title>
<link rel="stylesheet" href="https://cdn.example.org/gaya.css">
<link rel="icon" href="/favicon.ico">
<style>body { background: url("gambar/hilang.png") }</style>
<script type="module" src="aplikasi.js"></script>
<script>fetch("data.json").then(function (r) { return r.json(); });</script>
</head>
<body style="background-image: url(//cdn.example.org/latar.png)">
<h1>Rusak</h1>
<a href="orang/">Tokoh</a>
<a href="orang/index.html#tidak-ada">Tokoh</a>
<a href="https://wonosobokab.go.id/">Pemkab</a>
<img src="foto.jpg" srcset="foto.jpg 1x, foto@2x.jpg 2x" alt="">
<iframe src="https://www.youtube.com/embed/x"></iframe>
</body></html>
"""

BROKEN_SCRIPT = """
// fetch() is fine in a comment, and so is new Worker("x.js")
var index = map.fetch(term, create); /* a method called fetch, not window.fetch */
var pattern = /https?:\\/\\/x/g; var half = 1 / 2;
import("./lazy.js").then(function () {});
var worker = new Worker("hitung.js");
var xhr = new XMLHttpRequest();
loadScript("https://cdn.example.org/minisearch.js");
export default index;
"""


@pytest.fixture
def broken_site(tmp_path: Path) -> Path:
    (tmp_path / "orang").mkdir()
    (tmp_path / "orang" / "index.html").write_text('<html lang="id"><h1 id="isi">Tokoh</h1></html>', encoding="utf-8")
    (tmp_path / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "aplikasi.js").write_text(BROKEN_SCRIPT, encoding="utf-8")
    return tmp_path


def test_the_link_checks_catch_each_offline_problem(broken_site: Path):
    found = problems(broken_site, list(site_links(broken_site)))
    assert sorted(found) == sorted([
        "index.html: <link href> 'https://cdn.example.org/gaya.css': loaded from another host",
        "index.html: <link href> '/favicon.ico': root-relative",
        "index.html: <style> CSS url() 'gambar/hilang.png': no such file: gambar/hilang.png",
        "index.html: <iframe src> 'https://www.youtube.com/embed/x': loaded from another host",
        "index.html: <body> CSS url() '//cdn.example.org/latar.png': loaded from another host",
        "index.html: <a href> 'orang/': names a folder, not its index.html",
        "index.html: <a href> 'orang/index.html#tidak-ada': no id 'tidak-ada' on orang/index.html",
        "index.html: <img srcset> 'foto@2x.jpg': no such file: foto@2x.jpg",
    ])


def test_the_script_checks_catch_what_fails_on_file_urls(broken_site: Path):
    found = [problem for name, source in sorted(shipped_javascript(broken_site).items()) for problem in js_problems(name, source)]
    assert sorted(found) == sorted([
        "aplikasi.js: dynamic import(): 'import('",
        "aplikasi.js: worker: 'new Worker('",
        "aplikasi.js: XMLHttpRequest: 'XMLHttpRequest'",
        "aplikasi.js: static import/export: 'export default'",
        "aplikasi.js: URL on another host: '\"https://cdn.example.org/minisearch.js'",
        "index.html <script> 1: module script: '\"module\"'",
        "index.html <script> 2: fetch(): 'fetch('",
    ])


# ---- The build refuses a layout link that leads nowhere; check --external lists without fetching


def copy_repo_site(folder: Path) -> Path:
    """A site folder with the bundled content, to which a test adds its own layouts or pages."""
    shutil.copytree(REPO / "content", folder / "content")
    return folder


def test_a_dead_link_in_a_layout_fails_the_build_and_is_named(tmp_path: Path, capsys):
    source = copy_repo_site(tmp_path / "situs")
    base = (REPO / "layouts" / "base.html").read_text(encoding="utf-8")
    nav_item = '{{ nav_item("orang/index.html"'
    assert nav_item in base
    (source / "layouts").mkdir()
    (source / "layouts" / "base.html").write_text(
        base.replace(nav_item, '<li><a href="{{ root }}panduan/index.html">Panduan</a></li>\n            ' + nav_item), encoding="utf-8"
    )
    output = tmp_path / "output"

    assert main(["build", "--source", str(source), "--output", str(output)]) == 1

    stderr = capsys.readouterr().err
    assert "no such file: panduan/index.html: '../../../panduan/index.html' in seminar/2014-benchmarking-to-best-practice/nusa/index.html" in stderr
    assert "no such file: panduan/index.html: 'panduan/index.html' in index.html" in stderr
    assert "the output folder was not changed" in stderr
    assert not output.exists()


def test_a_search_form_sent_to_a_missing_page_fails_the_build(tmp_path: Path, capsys):
    """A form's action is a link the reader follows by pressing Enter; it must lead somewhere too."""
    source = copy_repo_site(tmp_path / "situs")
    box = (REPO / "layouts" / "partials" / "search_box.html").read_text(encoding="utf-8")
    action = 'action="{{ root }}cari/index.html"'
    assert action in box
    (source / "layouts" / "partials").mkdir(parents=True)
    (source / "layouts" / "partials" / "search_box.html").write_text(
        box.replace(action, 'action="{{ root }}pencarian/index.html"'), encoding="utf-8"
    )

    assert main(["build", "--source", str(source), "--output", str(tmp_path / "output")]) == 1

    assert "no such file: pencarian/index.html: 'pencarian/index.html' in index.html" in capsys.readouterr().err


def test_check_external_lists_an_outbound_link_without_fetching_it(tmp_path: Path, capsys, monkeypatch):
    source = copy_repo_site(tmp_path / "situs")
    about = source / "content" / "tentang.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nLihat juga [situs Pemkab](https://wonosobokab.go.id/berita).\n", encoding="utf-8")
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)

    assert main(["check", "--source", str(source), "--external"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok: ")
    assert re.fullmatch(r"tentang/index\.html:\d+: https://wonosobokab\.go\.id/berita", out[1]), out
    assert len(out) == 2
    assert attempts == []
    assert not (source / "output").exists()
