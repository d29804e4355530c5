"""Small sites for tests: write a few files into a folder, build them, read the pages back.

    site = make_site(tmp_path, {"content/seminar/x/index.md": "---\\njudul: X\\ntanggal: 2014-10-02\\n---\\n"})
    files = build_files(site)                      # in memory, nothing written
    doc = page(files, "seminar/x/index.html")      # lxml.html element

Text values are dedented, so files can be written as indented triple-quoted strings; bytes are
written exactly as given (for BOM and CRLF tests). A site without `content/_site.yml` gets a
minimal one; pass `{"content/_site.yml": None}` to leave it out.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import lxml.html

from prosiding.errors import ErrorList, ProsidingError
from prosiding.pipeline import BuildResult, Project, build

DEFAULT_SITE_YML = "judul: Prosiding Uji\n"


def make_site(tmp_path: Path, files: Mapping[str, str | bytes | None], folder: str = "site") -> Path:
    """Write `files` (paths relative to the site folder) under tmp_path/folder; return the site folder."""
    site = tmp_path / folder
    (site / "content").mkdir(parents=True, exist_ok=True)
    files = dict(files)
    files.setdefault("content/_site.yml", DEFAULT_SITE_YML)
    for rel, text in files.items():
        if text is None:
            continue
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8", newline="\n")
    return site


def image_bytes(width: int = 64, height: int = 48, *, fmt: str = "JPEG", gps: bool = False, orientation: int | None = None,
                colour: tuple[int, int, int] = (200, 120, 40)) -> bytes:
    """A small real image (Pillow), optionally with GPS EXIF and an EXIF orientation, like a phone photo."""
    import io

    from PIL import Image

    image = Image.new("RGB", (width, height), colour)
    image.paste((20, 40, 160), (0, 0, width // 2, height // 2))  # something to resize, not one flat colour
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "S", 2: (7.0, 47.0, 30.0), 3: "E", 4: (110.0, 21.0, 50.0)}  # GPSInfo: latitude, longitude
        exif[0x010F] = "PhoneMaker"
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes() if (gps or orientation) else b"")
    return out.getvalue()


def build_result(site: Path) -> BuildResult:
    """Run the whole pipeline on `site` without writing anything."""
    return build(Project.at(site, site / "output"), write=False)


def build_files(site: Path) -> dict[str, bytes]:
    """Every output file of `site` as path → bytes, built in memory."""
    result = build_result(site)
    return {path: result.files[path] for path in result.files}


def build_errors(site: Path) -> list[str]:
    """The `path:line: message` lines a failing build reports; fails if the build succeeds."""
    try:
        build_result(site)
    except ErrorList as exc:
        return [str(error) for error in exc.errors]
    except ProsidingError as exc:
        return [str(exc)]
    raise AssertionError("the build succeeded, but errors were expected")


def page(files: Mapping[str, bytes], path: str) -> lxml.html.HtmlElement:
    """Parse one built HTML page."""
    assert path in files, f"{path} was not built; html pages: {sorted(p for p in files if p.endswith('.html'))}"
    return lxml.html.document_fromstring(files[path])


def text_of(element: lxml.html.HtmlElement) -> str:
    """Visible text with whitespace collapsed, as a reader would see it."""
    return " ".join(element.text_content().split())


def texts(doc: lxml.html.HtmlElement, xpath: str) -> list[str]:
    """Collapsed text of every element matching `xpath`."""
    return [text_of(e) for e in doc.xpath(xpath)]


def main_text(doc: lxml.html.HtmlElement) -> str:
    """Text of the page's <main>, without the site header, navigation and footer."""
    return text_of(doc.xpath("//main")[0])


def facts(element: lxml.html.HtmlElement) -> dict[str, str]:
    """The first `<dl class="facts">` under `element` as label → value."""
    found = element.xpath(".//dl[contains(@class, 'facts')]")
    if not found:
        return {}
    return {text_of(dt): text_of(dt.getnext()) for dt in found[0].xpath(".//dt")}


def links(doc: lxml.html.HtmlElement, xpath: str = "//a[@href]") -> dict[str, str]:
    """Link text → href for the links matching `xpath` (later duplicates win)."""
    return {text_of(a): a.get("href") for a in doc.xpath(xpath)}


def resolve_href(from_path: str, href: str) -> str:
    """The output path a relative href on page `from_path` leads to (fragment and query dropped)."""
    import posixpath
    from urllib.parse import unquote, urlsplit

    target = unquote(urlsplit(href).path)
    if not target:
        return from_path
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))

