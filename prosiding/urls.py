"""The one place that decides output paths and the links between them.

Every output path is site-root-relative POSIX (`seminar/2014-x/nusa/index.html`). Links between
pages are always relative and name `index.html` explicitly, so a site opened from `file://` (where a
folder does not open its index.html) works exactly as on a web server.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

HOME = "index.html"
SEARCH = "cari/index.html"
NOT_FOUND = "404.html"  # at the root: web hosts serve it for a missing address
STATIC = "_static"


def page_path(*segments: str | int) -> str:
    return "/".join(str(s) for s in segments) + "/index.html"


def seminar_path(slug: str) -> str:
    return page_path("seminar", slug)


def presentation_path(seminar_slug: str, slug: str) -> str:
    return page_path("seminar", seminar_slug, slug)


def volume_path(seminar_slug: str) -> str:
    """The printable volume (buku) of a seminar: at a presentation's depth, so body links resolve alike."""
    return page_path("seminar", seminar_slug, "buku")


def volume_pdf_path(seminar_slug: str) -> str:
    return f"seminar/{seminar_slug}/buku/{seminar_slug}.pdf"


def crossref_path(seminar_slug: str) -> str:
    """A seminar's Crossref deposit: beside its page, for the organisation that registers its DOIs."""
    return f"seminar/{seminar_slug}/crossref.xml"


def news_path(slug: str) -> str:
    return page_path("berita", slug)


def news_index_path(page_number: int = 1) -> str:
    return page_path("berita") if page_number == 1 else page_path("berita", "halaman", page_number)


def category_path(slug: str) -> str:
    return page_path("berita", "kategori", slug)


def person_path(person_id: str) -> str:
    return page_path("orang", person_id)


def institution_path(institution_id: str) -> str:
    return page_path("instansi", institution_id)


def tag_path(slug: str) -> str:
    return page_path("tag", slug)


def year_path(year: int) -> str:
    return page_path("arsip", year)


def static_path(name: str) -> str:
    return f"{STATIC}/{name}"


def asset_path(content_rel: str) -> str:
    """A file under content/ (photo, PDF) keeps its place: content/seminar/x/foto.jpg → seminar/x/foto.jpg."""
    return content_rel


def image_copy_path(content_rel: str, width: int) -> str:
    """A resized copy beside its image: seminar/x/foto.jpg at 480 pixels → seminar/x/foto-480w.jpg."""
    stem, suffix = posixpath.splitext(asset_path(content_rel))
    return f"{stem}-{width}w{suffix}"


def content_page_path(rel_without_suffix: str) -> str:
    """content/tentang.md → tentang/index.html; content/panduan/mulai.md → panduan/mulai/index.html."""
    return page_path(rel_without_suffix)


def citation_path(page_path_: str, name: str, extension: str) -> str:
    """A citation file beside its page: seminar/x/nusa/index.html → seminar/x/nusa/nusa.bib."""
    folder = posixpath.dirname(page_path_)
    return f"{folder}/{name}.{extension}" if folder else f"{name}.{extension}"


def web_path(page_path_: str, base_url: str | None) -> str:
    """A page's address path on the web server (`/prosiding/berita/x/`): how Isso names the
    comment thread of the page, whether it was opened as `…/x/` or `…/x/index.html`."""
    from urllib.parse import urlsplit

    prefix = urlsplit(base_url).path if base_url else "/"
    return (prefix.rstrip("/") + "/" + page_path_.removesuffix("index.html")).replace("//", "/")


def page_of_web_path(path: str, base_url: str | None) -> str | None:
    """The output page a web address path names (the inverse of web_path), or None when it lies
    outside the site; `…/x/`, `…/x/index.html` and `…/x` name the same page."""
    from urllib.parse import unquote, urlsplit

    prefix = urlsplit(base_url).path.rstrip("/") if base_url else ""
    path = unquote(urlsplit(path).path)
    if not path.startswith(prefix + "/"):
        return None
    rest = path[len(prefix) + 1:]
    if rest.endswith(".html"):
        return rest
    return (rest.rstrip("/") + "/index.html").lstrip("/") if rest.strip("/") else HOME


def redirect_path(old_path: str) -> str:
    """Where the page that forwards an old address lives: `/2014/10/02/x/` → `2014/10/02/x/index.html`,
    `/lama.html` → `lama.html` (a web server serves both; file:// opens both)."""
    path = old_path.strip("/")
    if not path:
        return HOME
    return path if path.rsplit("/", 1)[-1].endswith((".html", ".htm")) else path + "/index.html"


def relative_url(from_path: str, to_path: str) -> str:
    """A link from one output file to another (an optional #fragment is kept), percent-encoded."""
    target, _, fragment = to_path.partition("#")
    if not target:
        return "#" + fragment
    url = _relative(posixpath.dirname(from_path), target)
    return f"{url}#{fragment}" if fragment else url


@lru_cache(maxsize=65536)
def _relative(start_folder: str, target: str) -> str:
    """Cached: a site of thousands of pages asks for the same few thousand pairs again and again."""
    start = start_folder.split("/") if start_folder else []
    parts = target.split("/")
    common = 0
    while common < len(start) and common < len(parts) - 1 and start[common] == parts[common]:
        common += 1
    rel = "../" * (len(start) - common) + "/".join(parts[common:])
    return quote(rel, safe="/._-~")


def root_prefix(from_path: str) -> str:
    """The relative path from a page to the site root: "" at the top, "../../" two folders down."""
    return "../" * from_path.count("/")


def slugify(text: str) -> str:
    """ASCII, lower case, hyphenated; safe on FAT and Windows ("Pelayanan Publik" → pelayanan-publik)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def fold_key(text: str) -> str:
    """Identity used for duplicate detection: slugs differing in case or Unicode form are the same."""
    return unicodedata.normalize("NFC", text).casefold()
