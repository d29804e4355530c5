"""Markdown bodies → sanitised HTML with links rewritten to output URLs.

Authors link other pages by their source path (`[Kelompok Bangsa](bangsa.md)`) and images by a
path next to the Markdown file (`![Foto](foto.jpg)`); the build rewrites both to relative output
URLs and reports a link to a missing page or file as an error on the line where it is written.
"""
from __future__ import annotations

import difflib
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Callable, Mapping
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

from .budget import BodyLimits, describe_seconds, find_overload, suspect_line, time_limit
from .i18n import load_catalogue
from .errors import ProsidingError, SourceRef
from .model import Body, HtmlAllowance, TocEntry
from .photos import ImageFacts, make_picture
from .urls import relative_url

# What survives sanitising: Markdown's own output plus the harmless HTML authors reach for.
# Scripts, event handlers, iframes, forms, styles and javascript: URLs never do.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes", "decoding"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# A site may extend the two lists above in _site.yml (`html_diizinkan: {tag: [...], atribut: {tag:
# [...]}}`), but never with these: they run code, load other pages into this one, or change where
# the page's links and forms go. Every attribute starting with "on" is an event handler and is
# refused as well. URL_SCHEMES cannot be extended, so a javascript: URL never survives.
NEVER_ALLOWED_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "base", "link", "meta",
    "noscript", "template", "svg", "math", "portal",
})
NEVER_ALLOWED_ATTRIBUTES = frozenset({"srcdoc", "formaction", "http-equiv"})


@dataclass(frozen=True)
class LinkTargets:
    """What a body may link to: content-relative source paths → output paths."""

    pages: Mapping[str, str]  # "seminar/2014-x/bangsa.md" → "seminar/2014-x/bangsa/index.html"
    assets: Mapping[str, str]  # "seminar/2014-x/foto.jpg" → "seminar/2014-x/foto.jpg"
    drafts: frozenset[str] = frozenset()  # source paths of drafts: linking one is its own error
    images: Mapping[str, ImageFacts] = field(default_factory=dict)  # "seminar/2014-x/foto.jpg" → its size (photos.py)

    def answer(self, target: str) -> list:
        """Everything a body's link to `target` depends on: a cached body is reused only while
        every link it made gets the same answer (the target map of the whole site may change)."""
        image = self.images.get(target)
        shown = [image.width, image.height, image.format, image.problem] if image is not None else None
        return [self.pages.get(target), self.assets.get(target), target in self.drafts, f"{target}/index.md" in self.pages, shown]


@dataclass
class RenderedBody:
    body: Body
    used_assets: set[str] = field(default_factory=set)  # output paths of files to copy
    errors: list[ProsidingError] = field(default_factory=list)
    lookups: dict[str, list] = field(default_factory=dict)  # link target → LinkTargets.answer(target)


class _LinkRewriter(Treeprocessor):
    """Rewrites `a[href]` and `img[src]` that point into the site; records what cannot be found."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.resolve: Callable[[str], str | None] = lambda url: None
        self.show_image: Callable[[etree.Element, str], None] = lambda element, url: None

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                url = element.get(attribute, "")
                if markdown.util.AMP_SUBSTITUTE in url:  # `<name@example.org>` arrives entity-encoded against spam bots
                    url = html.unescape(url.replace(markdown.util.AMP_SUBSTITUTE, "&"))
                if element.tag == "img":
                    self.show_image(element, url)
                else:
                    rewritten = self.resolve(url)
                    if rewritten is not None:
                        element.set(attribute, rewritten)
            if element.tag == "img" and not element.get("loading"):
                element.set("loading", "lazy")


def make_markdown(language: str = "id") -> markdown.Markdown:
    """One configured Markdown instance per interface language; reuse it (reset between documents)."""
    backlink_title = load_catalogue(language).gettext("Jump back to footnote %d in the text")
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "toc", "attr_list", "fenced_code", "def_list", "smarty", "sane_lists", "abbr"],
        extension_configs={
            "toc": {"slugify": slugify_unicode, "permalink": False, "toc_depth": "2-4"},
            "footnotes": {"BACKLINK_TEXT": "↩", "BACKLINK_TITLE": backlink_title},
            "smarty": {"smart_angled_quotes": False},
        },
        output_format="html",
    )
    md.treeprocessors.register(_LinkRewriter(md), "prosiding_links", 1)
    return md


_MARKDOWN: dict[str, markdown.Markdown] = {}


class _BodyTooSlow(BaseException):
    """Raised inside a conversion that overran its time budget; a BaseException, so that no
    `except Exception` in Python-Markdown swallows it."""


def render_body(
    text: str, *, source_rel: str, page_url: str, ref: SourceRef, body_line: int, targets: LinkTargets, allowed: HtmlAllowance = HtmlAllowance(),
    language: str = "id", limits: BodyLimits = BodyLimits(),
) -> RenderedBody:
    """Render one Markdown body for the page at `page_url` (its output path); `allowed` is the site's extra HTML.

    `limits` bounds the work (budget.py): a body that would take too long, or nest too deeply,
    renders empty with one error on the line to blame. Pass budget.STRICT_LIMITS for text that
    nobody on the team wrote.
    """
    overload = find_overload(text, limits)
    if overload:
        return RenderedBody(Body(), errors=[ProsidingError(overload.message, SourceRef(ref.path, body_line + overload.line - 1))])
    try:
        with time_limit(limits.seconds, _BodyTooSlow):
            return _render_body(text, source_rel, page_url, ref, body_line, targets, allowed, language)
    except (_BodyTooSlow, RecursionError) as error:
        _MARKDOWN.pop(language, None)  # interrupted half-way: its state cannot be trusted
        where = SourceRef(ref.path, body_line + suspect_line(text) - 1)
        if isinstance(error, RecursionError):
            message = "this text is nested too deeply to convert; look for very deep lists or quotes, or long runs of [ or *"
        else:
            message = f"this text takes too long to convert (over {describe_seconds(limits.seconds)}); look for very long runs of [ or *"
        return RenderedBody(Body(), errors=[ProsidingError(message, where)])


def _render_body(
    text: str, source_rel: str, page_url: str, ref: SourceRef, body_line: int, targets: LinkTargets, allowed: HtmlAllowance, language: str,
) -> RenderedBody:
    md = _MARKDOWN.get(language)
    if md is None:
        md = _MARKDOWN[language] = make_markdown(language)
    md.reset()
    result = RenderedBody(Body())
    rewriter: _LinkRewriter = md.treeprocessors["prosiding_links"]  # type: ignore[assignment]

    def resolve(url: str) -> str | None:
        return _resolve_link(url, source_rel, page_url, targets, result, lambda: _line_of(text, url, body_line, ref))

    def show_image(element: etree.Element, url: str) -> None:
        _show_image(element, url, source_rel, page_url, targets, result, lambda: _line_of(text, url, body_line, ref))

    rewriter.resolve = resolve
    rewriter.show_image = show_image
    raw_html = md.convert(text)
    result.errors.extend(_unused_footnotes(raw_html, text, body_line, ref))
    toc = tuple(_toc(token) for token in getattr(md, "toc_tokens", []))
    clean_html = sanitise(raw_html, allowed)
    result.errors.extend(_html_images_without_alt(clean_html, text, body_line, ref))
    result.body = Body(html=clean_html, toc=toc, text=plain_text(clean_html))
    return result


def sanitise(fragment: str, allowed: HtmlAllowance = HtmlAllowance()) -> str:
    """Remove anything that could run in a reader's browser; keep Markdown's ordinary output.

    `allowed` extends the built-in lists; the NEVER_ALLOWED_* names are removed from it again here,
    so a hand-made HtmlAllowance that skipped the schema still cannot let a script through.
    """
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    for tag, names in allowed.attributes.items():
        attributes.setdefault(tag, set()).update(n for n in names if _attribute_allowed(n))
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS | (set(allowed.tags) - NEVER_ALLOWED_TAGS),
        attributes={tag: names for tag, names in attributes.items() if tag not in NEVER_ALLOWED_TAGS},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _attribute_allowed(name: str) -> bool:
    name = name.lower()
    return not name.startswith("on") and name not in NEVER_ALLOWED_ATTRIBUTES


def _resolve_link(url: str, source_rel: str, page_url: str, targets: LinkTargets, result: RenderedBody, line: Callable[[], SourceRef]) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("#") or not url:
        return None  # outbound, mail, or same-page: left as written (sanitising handles schemes)
    base = posixpath.dirname(source_rel)
    if url.startswith("/"):
        # The example is the author's own link made relative when it names a page or file of this
        # site; otherwise a generic one (never a page of the bundled example site).
        meant = posixpath.normpath(unquote(parts.path).lstrip("/"))
        example = posixpath.relpath(meant, base or ".") if meant in targets.pages or meant in targets.assets else "../other-page.md"
        fragment = f"#{parts.fragment}" if parts.fragment and example != "../other-page.md" else ""
        result.errors.append(ProsidingError(f"link {url!r} starts with '/', which breaks offline reading; link by relative path from this file, e.g. {example}{fragment}", line()))
        return None
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    if target.startswith("../") or target == "..":
        result.errors.append(ProsidingError(f"link {url!r} points outside content/", line()))
        return None
    result.lookups[target] = targets.answer(target)
    if target in targets.pages:
        return relative_url(page_url, targets.pages[target] + fragment)
    if target in targets.assets:
        output = targets.assets[target]
        result.used_assets.add(output)
        return relative_url(page_url, output + fragment)
    if target in targets.drafts:
        result.errors.append(ProsidingError(f"link to {url!r}: the page is a draft (draft: true)", line()))
    elif f"{target}/index.md" in targets.pages:  # a seminar folder, or a folder with its own index.md
        result.errors.append(ProsidingError(f"link to {url!r}: that is a folder; link its page instead: {posixpath.relpath(target + '/index.md', posixpath.dirname(source_rel) or '.')}", line()))
    elif target.endswith(".md"):
        hint = _nearest(target, [p for p in targets.pages if p.endswith(".md")], source_rel)
        result.errors.append(ProsidingError(f"link to {url!r}: no such page (looked for content/{target}){hint}", line()))
    else:
        hint = _nearest(target, list(targets.assets), source_rel)
        result.errors.append(ProsidingError(f"link to {url!r}: no such file (looked for content/{target}){hint}", line()))
    return None


def _show_image(element: etree.Element, url: str, source_rel: str, page_url: str, targets: LinkTargets, result: RenderedBody,
                line: Callable[[], SourceRef]) -> None:
    """`![alt](foto.jpg)`: alt text is required; a JPEG/PNG/WebP of the site is shown through its
    resized copies (`srcset`, the widest as `src`, with its width and height so nothing jumps)."""
    if not (element.get("alt") or "").strip():
        result.errors.append(ProsidingError(
            f"image {url!r} has no alt text; say what it shows for readers who cannot see it: ![what the image shows]({url})", line()))
    rewritten = _resolve_link(url, source_rel, page_url, targets, result, line)
    if rewritten is None:
        return  # on another site (the offline check reports it), or missing (reported)
    element.set("src", rewritten)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source_rel), unquote(urlsplit(url).path)))
    facts = targets.images.get(target)
    if facts is None:
        return  # not a JPEG/PNG/WebP (an SVG, a GIF): shown as it is
    if facts.problem is not None:
        result.errors.append(ProsidingError(f"image {url!r}: content/{target} {facts.problem}", line()))
        return
    picture = make_picture(target, facts)
    result.used_assets.update(c.url for c in picture.copies)
    element.set("src", relative_url(page_url, picture.src.url))
    element.set("srcset", ", ".join(f"{relative_url(page_url, c.url)} {c.width}w" for c in picture.copies))
    element.set("sizes", picture.sizes)
    element.set("width", str(picture.src.width))
    element.set("height", str(picture.src.height))
    element.set("decoding", "async")


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def _html_images_without_alt(clean_html: str, text: str, body_line: int, ref: SourceRef) -> list[ProsidingError]:
    """Raw HTML `<img>` without an alt attribute (Markdown images always have one, maybe empty, and
    are checked as they are converted); `alt=""` written out is an explicit "decoration only"."""
    errors = []
    for tag in _IMG_WITHOUT_ALT.findall(clean_html):
        src = html.unescape(next(iter(_SRC.findall(tag)), ""))
        where = _line_of(text, src, body_line, ref) if src else SourceRef(ref.path, body_line + text.count("\n", 0, max(text.find("<img"), 0)))
        errors.append(ProsidingError(f"<img src={src!r}> has no alt attribute; add alt=\"what the image shows\" (or alt=\"\" if it is only decoration)", where))
    return errors


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0]


def _nearest(target: str, candidates: list[str], source_rel: str) -> str:
    """" (did you mean south.md?)": the closest existing name, as a link from this file would say it.

    Names in the same folder are compared first (a typo in the file name is the usual mistake),
    then whole paths (a wrong folder).
    """
    folder, name = posixpath.split(target)
    stem = posixpath.splitext(name)[0]  # compared without the extension every page shares
    siblings = {posixpath.splitext(posixpath.basename(c))[0]: c for c in candidates if posixpath.dirname(c) == folder and c != source_rel}
    found = difflib.get_close_matches(stem, sorted(siblings), n=1, cutoff=0.7)
    elsewhere = sorted((c for c in candidates if c != source_rel), key=lambda c: (-difflib.SequenceMatcher(None, stem, _stem(c)).ratio(), c))
    wider = [c for c in elsewhere[:1] if difflib.SequenceMatcher(None, stem, _stem(c)).ratio() >= 0.8]
    best = siblings[found[0]] if found else wider[0] if wider else None
    return f" (did you mean {posixpath.relpath(best, posixpath.dirname(source_rel) or '.')}?)" if best else ""


_BACKREF = re.compile(r'href="#fnref:([^"]+)"')


def _unused_footnotes(raw_html: str, text: str, body_line: int, ref: SourceRef) -> list[ProsidingError]:
    """A footnote defined but never referenced gets a ↩ link to nowhere; say so on its line."""
    errors = []
    for label in dict.fromkeys(_BACKREF.findall(raw_html)):
        if f'id="fnref:{label}"' not in raw_html:
            index = text.find(f"[^{html.unescape(label)}]:")
            line = body_line + text.count("\n", 0, index) if index >= 0 else body_line
            errors.append(ProsidingError(f"footnote [^{html.unescape(label)}] is never referenced in the text; add [^{html.unescape(label)}] where it belongs or remove the note", SourceRef(ref.path, line)))
    return errors


def _line_of(text: str, url: str, body_line: int, ref: SourceRef) -> SourceRef:
    # Prefer the link itself, `](url`, over an earlier mention of the same text (`../tentang.md`
    # contains `/tentang.md`); reference-style and HTML links fall back to the first mention.
    index = text.find(f"]({url}")
    if index < 0:
        index = text.find(url)
    return SourceRef(ref.path, body_line + text.count("\n", 0, index) if index >= 0 else body_line)


def _toc(token: dict) -> TocEntry:
    return TocEntry(token["level"], token["id"], html.unescape(re.sub(r"<[^>]+>", "", token["name"])), tuple(_toc(c) for c in token["children"]))


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed (for search and summaries)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


# --- many bodies: cached, and converted across processes on a cold build ------------------------


@dataclass(frozen=True)
class BodyJob:
    """One body to render, with everything its HTML depends on except the site's link targets."""

    text: str
    source_rel: str
    page_url: str
    ref: SourceRef
    body_line: int
    limits: BodyLimits = BodyLimits()

    def cache_key(self, allowed: HtmlAllowance, language: str) -> str:
        from .cache import digest

        # body_line and ref only shape error messages, and bodies with errors are never cached;
        # the limits decide whether a body is refused, so stricter ones must check it again.
        return digest(language, _allowance_key(allowed), repr(self.limits), self.source_rel, self.page_url, self.text)


def _allowance_key(allowed: HtmlAllowance) -> str:
    return repr((sorted(allowed.tags), sorted((tag, sorted(names)) for tag, names in allowed.attributes.items())))


def render_bodies(jobs: list[BodyJob], targets: LinkTargets, allowed: HtmlAllowance, language: str, cache=None, pool=None) -> list[RenderedBody]:
    """Render every job, reusing a cached body while each of its links still resolves the same way.

    Misses are converted in `pool` (a process pool, see `parallel.py`) when one is given: Markdown
    conversion is most of a cold build's time, and it is pure.
    """
    results: list[RenderedBody | None] = [None] * len(jobs)
    keys = [job.cache_key(allowed, language) for job in jobs] if cache is not None else []
    misses = []
    for index, job in enumerate(jobs):
        found = cache.get("body", keys[index]) if cache is not None else None
        reused = _from_record(found, targets) if found is not None else None
        if reused is None:
            misses.append(index)
        else:
            results[index] = reused
    if pool is not None and len(misses) > 1:
        records = pool.map_bodies([jobs[i] for i in misses], targets, allowed, language)
    else:
        records = [_to_record(render_job(jobs[i], targets, allowed, language)) for i in misses]
    for index, record in zip(misses, records):
        rendered = _from_record(record, targets, check=False)
        assert rendered is not None
        results[index] = rendered
        if cache is not None and not rendered.errors:
            cache.put("body", keys[index], record)
    return results  # type: ignore[return-value]


def render_job(job: BodyJob, targets: LinkTargets, allowed: HtmlAllowance, language: str) -> RenderedBody:
    return render_body(job.text, source_rel=job.source_rel, page_url=job.page_url, ref=job.ref, body_line=job.body_line,
                       targets=targets, allowed=allowed, language=language, limits=job.limits)


def _to_record(rendered: RenderedBody) -> dict:
    """A rendered body as JSON values (for the cache and for crossing a process boundary)."""
    return {
        "html": rendered.body.html,
        "toc": [_toc_record(t) for t in rendered.body.toc],
        "text": rendered.body.text,
        "assets": sorted(rendered.used_assets),
        "lookups": rendered.lookups,
        "errors": [[e.message, e.ref.path if e.ref else None, e.ref.line if e.ref else 0] for e in rendered.errors],
    }


def _toc_record(entry: TocEntry) -> list:
    return [entry.level, entry.id, entry.title, [_toc_record(c) for c in entry.children]]


def _toc_entry(record: list) -> TocEntry:
    level, ident, title, children = record
    return TocEntry(int(level), str(ident), str(title), tuple(_toc_entry(c) for c in children))


def _from_record(record: object, targets: LinkTargets, check: bool = True) -> RenderedBody | None:
    """Rebuild a body from its record; None if the record is malformed or a link now resolves otherwise."""
    try:
        assert isinstance(record, dict)
        lookups = record["lookups"]
        if check and any(targets.answer(target) != answer for target, answer in lookups.items()):
            return None
        body = Body(html=str(record["html"]), toc=tuple(_toc_entry(t) for t in record["toc"]), text=str(record["text"]))
        errors = [ProsidingError(m, SourceRef(p, int(line)) if p else None) for m, p, line in record.get("errors", [])]
        return RenderedBody(body, set(record["assets"]), errors, dict(lookups))
    except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
        return None
