"""Check every link of a built site as a reader opening it from file:// would meet it.

Pure: `check_links(files)` takes the output as a mapping of site-root-relative POSIX paths to
bytes and returns a `LinkReport`; nothing touches the disk. Each HTML page is parsed once with
the stdlib `html.parser` (first pass: its ids and its links), then every link is resolved against
the mapping (second pass), so a page that is linked a thousand times is still parsed once.

The rules follow from "the proceedings must open offline from a USB stick":
a link to a folder is dead (file:// shows a directory listing, not index.html), a root-relative
`/x` points to the root of the disk, and anything *loaded* from another host is missing offline.
Outbound links a reader clicks (`<a href="https://...">`, mailto:, tel:) are fine and collected.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import SplitResult, unquote, urlsplit


@dataclass(frozen=True)
class LinkProblem:
    """One broken or offline-hostile link: the file it is in, the URL as written, why, and where.

    `line` is 1-based within `page` (the line of the tag for HTML, of the url() for CSS).
    """

    page: str
    link: str
    reason: str
    line: int

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.link}: {self.reason}"


@dataclass(frozen=True)
class ExternalLink:
    """An outbound link a reader may click (http(s), mailto:, tel:); listed, not an error."""

    page: str
    link: str
    line: int


@dataclass(frozen=True)
class LinkReport:
    """All problems and external links of a site, sorted by page, line, then link."""

    problems: tuple[LinkProblem, ...]
    external: tuple[ExternalLink, ...]
    pages: Mapping[str, "PageLinks"] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems


class Use(Enum):
    """What the browser does with a URL; it decides which schemes and hosts are acceptable."""

    NAVIGATE = "navigate"  # the reader clicks it: <a href>, <area href>, meta refresh
    LOAD = "load"  # fetched while the page renders: scripts, styles, images, frames, fonts
    REFER = "refer"  # named but not fetched: <link rel=canonical>, relative og:image


@dataclass(frozen=True)
class _Ref:
    url: str
    line: int
    use: Use


@dataclass(frozen=True)
class ScannedFile:
    anchors: frozenset[str]
    refs: tuple[_Ref, ...]
    problems: tuple[LinkProblem, ...]  # found without resolving anything, e.g. module scripts


HTML_SUFFIXES = (".html", ".htm")

# rel values whose href the browser fetches or connects to while showing the page.
LOADING_RELS = frozenset({
    "stylesheet", "icon", "apple-touch-icon", "apple-touch-icon-precomposed",
    "mask-icon", "preload", "modulepreload", "prefetch", "prerender", "preconnect",
    "dns-prefetch", "manifest",
})

# Elements whose src is fetched on render (script, img, media, frames).
SRC_LOADING_TAGS = frozenset({
    "script", "img", "video", "audio", "source", "track", "iframe", "embed", "input", "frame",
})

# Only these meta properties hold a URL worth checking, and only when relative: an absolute
# og:image is for link previews on social sites and is never fetched by a reader's browser.
IMAGE_META_KEYS = frozenset({"og:image", "og:image:url", "og:image:secure_url", "twitter:image"})

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)""", re.I)
_CSS_IMPORT_STRING = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
_META_REFRESH_URL = re.compile(r"""^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^'"]*)""", re.I)


@dataclass(frozen=True)
class PageLinks:
    """What the next build needs to know of a checked page without reading it again."""

    anchors: tuple[str, ...]
    targets: tuple[str, ...]  # site-root-relative paths its relative links resolve to
    external: tuple[ExternalLink, ...]


def check_links(files: Mapping[str, bytes], *, kept: Mapping[str, PageLinks] | None = None, scanned: Mapping[str, "ScannedFile"] | None = None) -> LinkReport:
    """Find dead, root-relative and off-host links in every .html and .css file of a site.

    `kept` holds pages that are byte-identical to the last build, which passed this check: they
    are read again only if a file they link to is gone or a page they link to lost anchors.
    `scanned` holds pages already scanned (by the worker that rendered them, see `scan_file`).
    """
    kept = dict(kept or {})
    done = scanned or {}
    # Only pages and stylesheets are read: `files` may read copied files (PDFs, photos) from disk.
    scanned = {path: done[path] if path in done else scan_file(path, files[path]) for path in files if _is_scanned(path) and path not in kept}
    anchors = {path: scan.anchors for path, scan in scanned.items() if path.endswith(HTML_SUFFIXES)}
    anchors.update((path, frozenset(links.anchors)) for path, links in kept.items() if path in files)
    site = _SiteIndex(files.keys(), anchors)
    if kept:
        suspicious = _possibly_broken(kept, site, anchors)
        for path in suspicious:
            scanned[path] = scan_file(path, files[path])
            kept.pop(path)

    problems: set[LinkProblem] = set()
    external: set[ExternalLink] = set()
    pages: dict[str, PageLinks] = {}
    for path, scan in scanned.items():
        problems.update(scan.problems)
        page_external = []
        for ref in scan.refs:
            verdict = _judge(path, ref, site)
            if isinstance(verdict, ExternalLink):
                page_external.append(verdict)
            elif verdict is not None:
                problems.add(verdict)
        external.update(page_external)
        pages[path] = PageLinks(tuple(sorted(scan.anchors)), _targets(path, scan.refs), tuple(sorted(set(page_external), key=lambda e: (e.line, e.link))))
    for path, links in kept.items():
        external.update(links.external)
        pages[path] = links
    return LinkReport(
        problems=tuple(sorted(problems, key=lambda p: (p.page, p.line, p.link, p.reason))),
        external=tuple(sorted(external, key=lambda e: (e.page, e.line, e.link))),
        pages=pages,
    )


def _targets(path: str, refs: Iterable[_Ref]) -> tuple[str, ...]:
    """Where a page's relative links lead, with the fragment: `seminar/x/index.html#temuan`."""
    found = set()
    for ref in refs:
        try:
            parts = urlsplit(ref.url.strip())
        except ValueError:
            continue
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            continue
        target = _resolve(path, unquote(parts.path)) if parts.path else path
        if target is not None:
            found.add(f"{target}#{parts.fragment}" if parts.fragment else target)
    return tuple(sorted(found))


def _possibly_broken(kept: Mapping[str, PageLinks], site: "_SiteIndex", anchors: Mapping[str, frozenset[str]]) -> list[str]:
    """Kept pages that link to a file that is gone (or became a folder) or an anchor that is gone."""
    broken = []
    for path, links in kept.items():
        if path not in site.files:
            continue
        for target in links.targets:
            file, _, fragment = target.partition("#")
            if file not in site.files or file in site.folders:
                broken.append(path)
                break
            if fragment and file in anchors and not _has_anchor(anchors[file], fragment):
                broken.append(path)
                break
    return broken


def _is_scanned(path: str) -> bool:
    return path.endswith(HTML_SUFFIXES) or path.endswith(".css")


def scan_file(path: str, data: bytes) -> ScannedFile:
    """The anchors and links of one page or stylesheet: pure, so a render worker can do it."""
    text = data.decode("utf-8-sig", errors="replace")
    if path.endswith(".css"):
        refs = tuple(_Ref(url, line, Use.LOAD) for url, line in css_urls(text, first_line=1))
        return ScannedFile(frozenset(), refs, ())
    scanner = _PageScanner(path)
    scanner.scan(text)
    return ScannedFile(frozenset(scanner.anchors), tuple(scanner.refs), tuple(scanner.problems))


class _SiteIndex:
    """What exists in the output: files, the folders they make, and each page's anchors."""

    def __init__(self, paths: Iterable[str], anchors: Mapping[str, frozenset[str]]):
        self.files = frozenset(paths)
        self.folders = frozenset(_parent_folders(self.files))
        self.by_lowercase: dict[str, str] = {}
        for path in sorted(self.files):
            self.by_lowercase.setdefault(path.lower(), path)
        self.anchors = anchors


def _parent_folders(paths: Iterable[str]) -> Iterator[str]:
    yield ""  # the site root
    for path in paths:
        parts = path.split("/")[:-1]
        for end in range(1, len(parts) + 1):
            yield "/".join(parts[:end])


def _judge(path: str, ref: _Ref, site: _SiteIndex) -> LinkProblem | ExternalLink | None:
    """Decide what one link is: fine (None), an outbound link, or a problem."""
    url = ref.url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unbalanced '[' in the host part
        return LinkProblem(page=path, link=ref.url, reason=f"malformed URL ({exc})", line=ref.line)
    if parts.scheme.lower() in EXTERNAL_SCHEMES and ref.use is Use.REFER:
        return None  # canonical and alternate links name this site's own published address
    if parts.scheme.lower() in EXTERNAL_SCHEMES and ref.use is not Use.LOAD:
        return ExternalLink(page=path, link=ref.url, line=ref.line)
    reason = _problem_with(path, url, parts, ref.use, site)
    return LinkProblem(page=path, link=ref.url, reason=reason, line=ref.line) if reason else None


def _problem_with(path: str, url: str, parts: SplitResult, use: Use, site: _SiteIndex) -> str | None:
    """Why a (not outbound) link fails from file://, or None if it works."""
    scheme = parts.scheme.lower()
    if not url:
        return "empty URL" if use is Use.LOAD else None
    if scheme == "about":  # about:blank, e.g. an iframe filled by script
        return None
    if scheme == "data":
        return "data: URL as a link; browsers refuse to open it" if use is Use.NAVIGATE else None
    if scheme == "javascript":
        return "javascript: URL; use a real link or a script"
    if scheme == "file":
        return "file: URL points to one machine's disk; use a relative path"
    if use is Use.LOAD and (scheme in EXTERNAL_SCHEMES or parts.netloc or url.startswith("//")):
        return "loaded from another host; the site must work offline"
    if scheme:
        return f"unsupported URL scheme '{scheme}:'"
    if parts.netloc or url.startswith("//"):
        return "protocol-relative URL ('//host'); from file:// it points nowhere, write https://"
    if parts.path.startswith("/"):
        return "root-relative link; from file:// it points to the root of the disk, use a relative path"
    return _problem_with_relative(path, parts.path, parts.fragment, site)


def _problem_with_relative(path: str, url_path: str, fragment: str, site: _SiteIndex) -> str | None:
    if not url_path:  # "#x" or "?q": this same page
        target = path
    else:
        target = _resolve(path, unquote(url_path))
        if target is None:
            return "goes above the site root"
        if target in site.folders:
            index = f"{target}/index.html" if target else "index.html"
            hint = f"; link to {index}" if index in site.files else ""
            return f"points to a folder; file:// does not open its index.html{hint}"
        if target not in site.files or url_path.endswith("/"):
            same_but_case = site.by_lowercase.get(target.lower())
            if same_but_case not in (None, target):
                return f"no such file; only {same_but_case} (differs in case, breaks on Linux)"
            return f"no such file: {target}"
    if fragment and target in site.anchors and not _has_anchor(site.anchors[target], fragment):
        return f"no id or <a name> '{unquote(fragment)}' on {target}"
    return None


def _resolve(page: str, url_path: str) -> str | None:
    """The site-root-relative path `url_path` names from `page`; None if it climbs above the root."""
    segments = page.split("/")[:-1]
    for segment in url_path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                return None
            segments.pop()
        else:
            segments.append(segment)
    return "/".join(segments)


def _has_anchor(anchors: frozenset[str], fragment: str) -> bool:
    """Browsers try the fragment as written, then percent-decoded; '#top' always scrolls up."""
    decoded = unquote(fragment)
    if decoded.lower() == "top" or fragment.startswith(":~:"):  # ":~:text=" is a text fragment
        return True
    return fragment in anchors or decoded in anchors


def css_urls(css: str, *, first_line: int) -> Iterator[tuple[str, int]]:
    """Every url(...) and @import "..." in a stylesheet, with the line it is on."""
    # Blank comments out but keep their newlines, so line numbers stay right.
    css = _CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    matches = sorted(
        [*_CSS_URL.finditer(css), *_CSS_IMPORT_STRING.finditer(css)], key=lambda m: m.start()
    )
    line, counted_to = first_line, 0
    for match in matches:
        line += css.count("\n", counted_to, match.start())
        counted_to = match.start()
        yield next(group for group in match.groups() if group is not None), line


def srcset_urls(srcset: str) -> list[str]:
    """The URLs of a srcset, following the HTML spec (commas inside a URL, e.g. data:, are kept)."""
    urls, position = [], 0
    while position < len(srcset):
        while position < len(srcset) and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < len(srcset) and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors ("2x", "640w") up to the next comma outside parentheses
            depth = 0
            while position < len(srcset) and (srcset[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(srcset[position], 0)
                position += 1
        if url:
            urls.append(url)
    return urls


# A tokenizer for the start tags of a page: several times faster than html.parser, which matters
# because every build checks every page. Comments, and the raw text of <script>/<textarea>, are
# skipped; <style> text is kept for its url()s. Attribute values are entity-decoded like a browser.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(?P<tag>[a-zA-Z][^\s/>]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|</(?P<end>[a-zA-Z][^\s/>]*)[^>]*>",
    re.S,
)
_ATTRIBUTE = re.compile(r"""([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT_END = {"script": re.compile(r"</script\s*>", re.I), "textarea": re.compile(r"</textarea\s*>", re.I)}


class _PageScanner:
    """One pass over a page: its anchors (id=, <a name=>) and every URL it names."""

    def __init__(self, path: str):
        self.path = path
        self._line = 1
        self._tag_text = ""
        self.anchors: set[str] = set()
        self.refs: list[_Ref] = []
        self.problems: list[LinkProblem] = []
        self._style_text: list[str] | None = None
        self._style_line = 0

    def scan(self, text: str) -> None:
        position = 0
        counted_to = 0
        while True:
            match = _TOKEN.search(text, position)
            if match is None:
                break
            self._line += text.count("\n", counted_to, match.start())
            counted_to = match.start()
            if self._style_text is not None:
                self._style_text.append(text[position : match.start()])
            position = match.end()
            if match.group("tag"):
                tag = match.group("tag").lower()
                attrs = match.group("attrs")
                # Most tags (<p>, <li>, <td>) carry no attribute: nothing to record, so no work.
                if tag == "style" or (attrs and not attrs.isspace() and attrs.strip() != "/"):
                    self._tag_text = match.group(0)
                    self.handle_starttag(tag, _attributes(attrs or ""))
                end = _RAW_TEXT_END.get(tag)
                if end is not None:
                    closing = end.search(text, position)
                    position = closing.end() if closing else len(text)
            elif match.group("end"):
                self.handle_endtag(match.group("end").lower())

    def getpos(self) -> tuple[int, int]:
        """The current 1-based line (the html.parser interface the handlers below were written for)."""
        return self._line, 0

    def get_starttag_text(self) -> str:
        return self._tag_text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.anchors.add(values["id"])
        if tag == "a" and "name" in values:
            self.anchors.add(values["name"])
        for url, use in _urls_of_tag(tag, values):
            self.refs.append(_Ref(url, line, use))
        if "style" in values:
            self.refs.extend(_Ref(url, line, Use.LOAD) for url, _ in css_urls(values["style"], first_line=line))
        if tag == "script" and values.get("type", "").lower() == "module" and values.get("src"):
            self.problems.append(LinkProblem(
                page=self.path, link=values["src"], line=line,
                reason="module scripts do not load from file:// (blocked by CORS); use a classic script",
            ))
        if tag == "style":
            self._style_text = []
            self._style_line = line + (self.get_starttag_text() or "").count("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style_text is not None:
            css = "".join(self._style_text)
            self.refs.extend(_Ref(url, line, Use.LOAD) for url, line in css_urls(css, first_line=self._style_line))
            self._style_text = None


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """`name="value"` pairs of a start tag; a bare attribute (`defer`) has the value None."""
    pairs: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE.finditer(text):
        name, double, single, bare = match.groups()
        value = double if double is not None else single if single is not None else bare
        pairs.append((name.lower(), html.unescape(value) if value is not None else None))
    return pairs


def _urls_of_tag(tag: str, attrs: Mapping[str, str]) -> Iterator[tuple[str, Use]]:
    """The URLs one start tag names, each with what the browser does with it."""
    if tag in ("a", "area") and "href" in attrs:
        yield attrs["href"], Use.NAVIGATE
    elif tag == "link" and "href" in attrs:
        rels = set(attrs.get("rel", "").lower().split())
        yield attrs["href"], Use.LOAD if rels & LOADING_RELS else Use.REFER
    elif tag == "meta":
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        content = attrs.get("content", "")
        if key in IMAGE_META_KEYS and content and not urlsplit(content.strip()).scheme:
            yield content, Use.REFER
        if attrs.get("http-equiv", "").lower() == "refresh":
            target = _META_REFRESH_URL.match(content)
            if target and target.group(1).strip():
                yield target.group(1).strip(), Use.NAVIGATE
    elif tag == "form" and attrs.get("action"):  # the search box submits to the search page
        yield attrs["action"], Use.NAVIGATE
    elif tag in ("use", "image"):  # SVG sprites and images inside inline <svg>
        url = attrs.get("href") or attrs.get("xlink:href")
        if url:
            yield url, Use.LOAD

    if tag in SRC_LOADING_TAGS and "src" in attrs:
        yield attrs["src"], Use.LOAD
    if tag in ("img", "source") and "srcset" in attrs:
        for url in srcset_urls(attrs["srcset"]):
            yield url, Use.LOAD
    if tag == "video" and "poster" in attrs:
        yield attrs["poster"], Use.LOAD
    if tag == "object" and "data" in attrs:
        yield attrs["data"], Use.LOAD
