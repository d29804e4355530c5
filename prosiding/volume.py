"""The printable volume of each seminar (buku prosiding): an HTML page made by a layout like any
other, and the same page as a PDF made by WeasyPrint.

WeasyPrint, not headless Chromium: it implements CSS Paged Media (running headers with
`string-set`, page numbers in the table of contents with `target-counter`, `leader()`, PDF
bookmarks from `bookmark-level`), needs no browser process, and writes the same bytes for the
same input. It is optional (`pip install 'prosiding[pdf]'`); without it the HTML volume is still
built and the build says so once.

A PDF is fresh when its volume page has the same bytes and every file WeasyPrint loaded for it
(style sheets, images) is unchanged: those are recorded as it renders, like a page's reads.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from . import urls
from .cache import digest
from .errors import ProsidingError
from .model import Seminar, Site

ENGINE_NOTE = "note: WeasyPrint is not installed, so seminar volumes are built as HTML only; pip install 'prosiding[pdf]' adds their PDFs"
_NO_HOST = "https://prosiding.invalid/"  # a base address that no request can reach: all loads go through the fetcher


@dataclass(frozen=True)
class VolumeFiles:
    html: str
    pdf: str | None


def installed_engine() -> str | None:
    """WeasyPrint's version as installed, without importing it (the no-change fast path asks)."""
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return None


def pdf_settings(installed: str | None, source_date_epoch: str | None) -> list:
    """What a no-change build must find as it was: installing WeasyPrint or changing
    SOURCE_DATE_EPOCH changes PDFs (or the links to them) without touching any file."""
    return [installed, source_date_epoch]


def creation_date(source_date_epoch: str | None) -> str | None:
    """The PDF's creation date: only from SOURCE_DATE_EPOCH (reproducible-builds.org), else none,
    so the same input gives the same bytes."""
    if source_date_epoch is None or source_date_epoch == "":
        return None
    try:
        seconds = int(source_date_epoch)
    except ValueError:
        raise ProsidingError(f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a whole number of seconds") from None
    moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def pdf_engine_version() -> str | None:
    """WeasyPrint's version, or None when it is not installed (or cannot load its libraries)."""
    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return None
    try:
        import weasyprint  # noqa: F401  (Pango must load too)
    except (ImportError, OSError):
        return None
    return version


def volume_files(seminar: Seminar, with_pdf: bool) -> VolumeFiles:
    return VolumeFiles(urls.volume_path(seminar.key), urls.volume_pdf_path(seminar.key) if with_pdf else None)


def volume_context(site: Site, seminar: Seminar, files: VolumeFiles) -> dict[str, Any]:
    """What the volume layout gets besides the seminar: its authors for the PDF's metadata and
    the index, as plain values (they are part of the page's fingerprint)."""
    talks = site.presentations_of(seminar)
    authors = list(seminar.editors)
    entries: dict[str, list[str]] = {}
    for talk in talks:
        people = [i for i in (talk.leader_id, *talk.member_ids) if i and i in site.people]
        authors += [site.people[i].name for i in people]
        for person_id in [*people, talk.head_id]:
            if person_id and person_id in site.people:
                entries.setdefault(site.people[person_id].name, []).append(talk.slug)
        if talk.institution_id and talk.institution_id in site.institutions:
            entries.setdefault(site.institutions[talk.institution_id].name, []).append(talk.slug)
    index = tuple((name, tuple(dict.fromkeys(slugs))) for name, slugs in sorted(entries.items(), key=lambda e: e[0].casefold()))
    return {"page": seminar, "volume_authors": tuple(dict.fromkeys(authors)), "volume_index": index, "pdf_path": files.pdf,
            "volume_chapters": volume_chapters(site, seminar, files.html)}


_ATTRIBUTE = re.compile(r'(\s(id|href|src|srcset)=")([^"]*)"')
_IDS = re.compile(r'\sid="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

# A page of this seminar as linked from the volume's folder → (id prefix, chapter anchor, ids in its body).
Chapters = tuple[tuple[str, str, str, tuple[str, ...]], ...]


def volume_chapters(site: Site, seminar: Seminar, volume_html: str) -> Chapters:
    """The seminar and its presentations as chapters of the volume: a body link to one of them
    lands on its chapter there, instead of leaving the book."""
    folder = posixpath.dirname(volume_html)
    chapters = [(posixpath.relpath(seminar.url, folder), "seminar", "pengantar", tuple(_IDS.findall(seminar.body.html if seminar.body else "")))]
    for talk in site.presentations_of(seminar):
        chapters.append((posixpath.relpath(talk.url, folder), talk.slug, f"paparan-{talk.slug}", tuple(_IDS.findall(talk.body.html if talk.body else ""))))
    return tuple(chapters)


def prefix_ids(html: str, prefix: str, chapters: Chapters = (), up: bool = False) -> str:
    """A body as a chapter of the volume. Its ids and `#fragment` links get a prefix (every
    presentation's "temuan" heading would otherwise share one id); links to the seminar or a
    presentation of it go to that chapter (to the heading when it exists; a missing one is
    reported once, on the page the body belongs to); with `up`, relative addresses are made one
    folder deeper (the seminar's body is written for the folder above the volume)."""
    targets = {href: (chapter_prefix, anchor, frozenset(ids)) for href, chapter_prefix, anchor, ids in chapters}

    def rewrite(found: re.Match) -> str:
        attribute, name, value = found.groups()
        if name == "id":
            return f'{attribute}{prefix}-{value}"'
        if name == "srcset":  # "a-480w.jpg 480w, a-960w.jpg 960w": each address moves like a src
            if not up:
                return found.group(0)
            candidates = (c.strip().split(" ", 1) for c in value.split(","))
            return attribute + ", ".join(" ".join([_deeper(address), *rest]) for address, *rest in candidates) + '"'
        if value.startswith("#"):
            return f'{attribute}#{prefix}-{value[1:]}"'
        if up:
            value = _deeper(value)
        page, _, fragment = value.partition("#")
        if name == "href" and page in targets:
            chapter_prefix, anchor, ids = targets[page]
            value = f"#{chapter_prefix}-{fragment}" if fragment in ids else f"#{anchor}"
        return f'{attribute}{value}"'

    return _ATTRIBUTE.sub(rewrite, html)


def _deeper(address: str) -> str:
    """A relative address as seen from one folder further down."""
    return "../" + address if address and not address.startswith(("/", "#")) and not _SCHEME.match(address) else address


# --- the PDFs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteFiles:
    """The site's files a volume may load while it prints (style sheets, pictures, fonts), in a
    form a worker process can be sent: files made by this build in memory, the others by path."""

    in_memory: Mapping[str, bytes]
    on_disk: Mapping[str, Path]

    def read(self, path: str) -> bytes | None:
        if path in self.in_memory:
            return self.in_memory[path]
        file = self.on_disk.get(path)
        try:
            return file.read_bytes() if file is not None else None
        except OSError:
            return None


def print_volumes(volumes: list[tuple[bytes, str]], files: SiteFiles, base_url: str | None, language: str,
                  created: str | None) -> list[tuple[bytes, dict[str, str]]]:
    """(PDF, loaded files) for each (volume page, its path); a worker's whole task."""
    return [make_pdf(html, path, files.read, base_url, language, created) for html, path in volumes]


def pdf_key(html: bytes, version: str, language: str, created: str | None = None, base_url: str | None = None) -> str:
    """Everything a PDF is made from besides the files it loads (those are checked one by one)."""
    return digest(b"pdf", version, language, created or "", base_url or "", html)


def make_pdf(html: bytes, html_path: str, read: Callable[[str], bytes | None], base_url: str | None, language: str,
             created: str | None = None) -> tuple[bytes, dict[str, str]]:
    """The PDF of a volume page, and what it loaded. Nothing is fetched from a network: every URL
    is a file of the site or nothing (a missing picture is left out, as in a browser)."""
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    site_base = base_url or _NO_HOST
    loads: dict[str, str] = {}

    class SiteFiles(URLFetcher):
        """Serves the site's own files and refuses everything else, so no request leaves the machine."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = _site_path(url, site_base)
            data = read(path) if path is not None else None
            loads[path or url] = digest(data) if data is not None else "-"
            if data is None:
                raise ValueError(f"not a file of the site: {url}")
            return URLFetcherResponse(url, data, {"Content-Type": _mime(path or "")})

    document = weasyprint.HTML(string=html.decode("utf-8"), base_url=site_base + html_path, url_fetcher=SiteFiles()).render()
    # WeasyPrint takes dates only from the page's dcterms meta, and the page has none: the PDF
    # has no creation date unless SOURCE_DATE_EPOCH gives one. The identifier is the page's hash.
    document.metadata.created = created
    pdf = document.write_pdf(pdf_identifier=digest(html).encode("ascii"), finisher=lambda _, written: _site_links(written, site_base, base_url, html_path))
    return pdf, dict(sorted(loads.items()))


def _site_links(pdf: Any, site_base: str, base_url: str | None, html_path: str) -> None:
    """Links from the PDF to pages of the site: absolute on the web address when `url_dasar` is
    set (the PDF may be mailed on), else relative to the PDF, which sits beside its volume page,
    so they resolve in the output folder and the zip as the page's own links do."""
    import pydyf

    folder = posixpath.dirname(html_path)
    for item in pdf.objects:
        action = item.get("A") if isinstance(item, pydyf.Dictionary) else None
        if not isinstance(action, pydyf.Dictionary) or action.get("S") != "/URI":
            continue
        target = getattr(action.get("URI"), "string", "")
        if not isinstance(target, str) or not target.startswith(site_base) or base_url:
            continue
        path, hash_sign, fragment = target[len(site_base):].partition("#")
        action["URI"] = pydyf.String(posixpath.relpath(path, folder or ".") + hash_sign + fragment)


def _site_path(url: str, base: str) -> str | None:
    if not url.startswith(base):
        return None
    path = url[len(base):].split("#", 1)[0].split("?", 1)[0]
    from urllib.parse import unquote

    path = unquote(path)
    return path if path and ".." not in path.split("/") else None


def _mime(path: str) -> str:
    return {".css": "text/css", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml",
            ".gif": "image/gif", ".webp": "image/webp"}.get(path[path.rfind("."):].lower(), "application/octet-stream")


def loads_unchanged(loads: Mapping[str, str], read: Callable[[str], bytes | None]) -> bool:
    for path, known in loads.items():
        data = read(path)
        if (digest(data) if data is not None else "-") != known:
            return False
    return True


__all__ = ["SiteFiles", "VolumeFiles", "print_volumes", "ENGINE_NOTE", "creation_date", "installed_engine", "make_pdf", "pdf_settings", "pdf_engine_version", "prefix_ids", "volume_context", "volume_files", "replace"]
