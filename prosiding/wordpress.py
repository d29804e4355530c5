"""`prosiding import wordpress EXPORT.xml`: a WordPress export (WXR) into content files.

Published posts become news articles (`content/berita/`), published pages plain pages, approved
comments comment files (comments.py), and the images posts show local files from a copy of
`wp-content/uploads` (`--uploads`). Every old address (`<link>`) becomes `alamat_lama`, so the
build writes a forwarding page there. Bodies go HTML → Markdown with markdownify after
WordPress's own paragraph rule (wpautop), with `[caption]` and `[gallery]` turned into images.

The export is parsed by defusedxml (no entity expansion, no external entities). Nothing is
written unless the whole export was read; a file edited since the last import is kept unless
`--force`; the same export imports to the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from .comments import CommentRecord, comment_file_text
from .errors import ProsidingError, SourceRef

MANIFEST = ".impor-wordpress.json"
NEWS_DIR = PurePosixPath("berita")
MEDIA_DIR = PurePosixPath("berita/media")
_RESERVED = {"seminar", "berita", "orang", "instansi", "tag", "arsip", "cari", "_static", "_cari", "media"}

_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@dataclass
class ImportReport:
    posts: int = 0
    pages: int = 0
    comments: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        lines = [f"{self.posts} posts, {self.pages} pages, {self.comments} comments imported; {skipped} skipped" + (f" ({reasons})" if reasons else "")]
        lines += [f"  wrote {path}" for path in self.written]
        lines += [f"warning: {path} was edited since the last import; kept (--force overwrites it)" for path in self.kept]
        lines += [f"warning: {message}" for message in self.warnings]
        return "\n".join(lines)


# --- reading the export ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WpComment:
    id: int
    parent: int
    author: str
    url: str
    date_gmt: str
    date_local: str
    content: str
    approved: str
    kind: str


@dataclass(frozen=True)
class WpItem:
    id: int
    kind: str
    status: str
    title: str
    slug: str
    link: str
    date_gmt: str
    date_local: str
    creator: str
    content: str
    excerpt: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    thumbnail_id: int | None
    attachment_url: str
    comments: tuple[WpComment, ...]


@dataclass(frozen=True)
class WpExport:
    base_url: str
    authors: dict[str, str]  # login → display name
    items: tuple[WpItem, ...]


def read_export(path: Path) -> WpExport:
    """Parse a WXR file; anything else (not WXR, truncated, an XML bomb) is one ProsidingError."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import parse
    from xml.etree.ElementTree import ParseError

    where = SourceRef(str(path))
    try:
        root = parse(str(path), forbid_dtd=True).getroot()
    except (ParseError, DefusedXmlException, ValueError, LookupError) as exc:
        raise ProsidingError(f"not a readable WordPress export: {_short(exc)}", where) from None
    except OSError as exc:
        raise ProsidingError(f"cannot read the export: {exc.strerror or exc}", where) from None
    channel = root.find("channel")
    wp = _wp_namespace(root)
    if root.tag != "rss" or channel is None or wp is None:
        raise ProsidingError("not a WordPress export (WXR): expected <rss> with a <channel> and wp: elements", where)

    def text(element: Any, name: str) -> str:
        found = element.find(name, {**_NS, "wp": wp})
        return (found.text or "") if found is not None else ""

    base_url = text(channel, "wp:base_blog_url") or text(channel, "link")
    authors = {text(a, "wp:author_login"): text(a, "wp:author_display_name") or text(a, "wp:author_login")
               for a in channel.findall("wp:author", {"wp": wp})}
    items = []
    for item in channel.findall("item"):
        meta = {text(m, "wp:meta_key"): text(m, "wp:meta_value") for m in item.findall("wp:postmeta", {"wp": wp})}
        comments = tuple(
            WpComment(_int(text(c, "wp:comment_id")), _int(text(c, "wp:comment_parent")), text(c, "wp:comment_author"),
                      text(c, "wp:comment_author_url"), text(c, "wp:comment_date_gmt"), text(c, "wp:comment_date"),
                      text(c, "wp:comment_content"), text(c, "wp:comment_approved"), text(c, "wp:comment_type"))
            for c in item.findall("wp:comment", {"wp": wp})
        )
        categories = tuple(c.text or "" for c in item.findall("category") if c.get("domain") == "category")
        tags = tuple(c.text or "" for c in item.findall("category") if c.get("domain") == "post_tag")
        thumbnail = meta.get("_thumbnail_id")
        items.append(WpItem(
            _int(text(item, "wp:post_id")), text(item, "wp:post_type"), text(item, "wp:status"), text(item, "title"), text(item, "wp:post_name"),
            text(item, "link"), text(item, "wp:post_date_gmt"), text(item, "wp:post_date"), text(item, "dc:creator"), text(item, "content:encoded"),
            text(item, "excerpt:encoded"), categories, tags, _int(thumbnail) if thumbnail else None, text(item, "wp:attachment_url"), comments,
        ))
    return WpExport(base_url, authors, tuple(items))


def _wp_namespace(root: Any) -> str | None:
    """WXR 1.0, 1.1 and 1.2 differ only in the wp: namespace's version."""
    for element in root.iter():
        match = re.match(r"\{(http://wordpress\.org/export/1\.\d/)\}", element.tag)
        if match:
            return match.group(1)
    return None


def _int(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        return 0


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] or type(exc).__name__


# --- converting one body ------------------------------------------------------------------------------

_GUTENBERG = re.compile(r"<!--\s*/?wp:[^>]*?-->\s*")
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S)
_GALLERY = re.compile(r"\[gallery([^\]]*)\]")
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)([^\]]*)\]")
_BLOCK_START = re.compile(r"^\s*<(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|figure|figcaption|div|pre|hr|dl|dd|dt|section|img)\b", re.I)


@dataclass
class BodyContext:
    """What converting a body needs from the rest of the export, and what it reports back."""

    attachments: dict[int, str]  # attachment id → its URL
    new_pages: dict[str, str]  # old address path or ?p=id → the new page's source, content-relative
    media: "MediaFiles"
    source_rel: PurePosixPath
    warnings: list[str]
    title: str
    old_host: str = ""  # links to this host (or without one) may name imported posts


def wpautop(text: str) -> str:
    """WordPress's paragraph rule: a blank line separates paragraphs, a single newline is a <br>,
    blocks that already are HTML blocks stay as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    out = []
    for block in blocks:
        if _BLOCK_START.match(block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br />\n") + "</p>")
    return "\n\n".join(out)


def _attributes(text: str) -> dict[str, str]:
    return {k.lower(): v for k, v in re.findall(r'(\w+)\s*=\s*"([^"]*)"', text)}


def convert_body(raw: str, context: BodyContext) -> str:
    """A post's HTML (with shortcodes) as Markdown that Python-Markdown renders back the same."""
    from lxml import html as lxml_html
    from markdownify import markdownify

    text = _GUTENBERG.sub("", raw)

    def caption(found: re.Match) -> str:
        inner = found.group(2)
        image = re.search(r"<img[^>]*>", inner)
        words = re.sub(r"<[^>]+>", "", re.sub(r"<img[^>]*>", "", inner)).strip()
        link = re.search(r'<a [^>]*href="([^"]*)"', inner)
        picture = image.group(0) if image else ""
        return f"\n\n<p>{picture}</p>\n\n<p><em>{html.escape(words)}</em></p>\n\n" if words else f"\n\n<p>{picture}</p>\n\n" if picture or not link else ""

    def gallery(found: re.Match) -> str:
        ids = [_int(i) for i in _attributes(found.group(1)).get("ids", "").split(",") if i.strip()]
        images = [f'<p><img src="{html.escape(context.attachments[i])}" alt=""></p>' for i in ids if i in context.attachments]
        missing = [str(i) for i in ids if i not in context.attachments]
        if missing:
            context.warnings.append(f"{context.source_rel}: [gallery] names attachments not in the export: {', '.join(missing)}")
        return "\n\n" + "\n\n".join(images) + "\n\n"

    text = _CAPTION.sub(caption, text)
    text = _GALLERY.sub(gallery, text)
    for name in sorted({m.group(2) for m in _SHORTCODE.finditer(text) if not m.group(1)}):
        context.warnings.append(f"{context.source_rel}: unknown shortcode [{name}] kept as text")
    text = wpautop(text)
    tree = lxml_html.fragment_fromstring(text, create_parent="div")
    for image in tree.iter("img"):
        _localise_image(image, context)
    for link in tree.iter("a"):
        href = link.get("href")
        if href:
            link.set("href", _local_link(href, context))
    for element in tree.xpath("//script|//style|//iframe|//object|//embed|//form"):
        element.drop_tree()
    cleaned = lxml_html.tostring(tree, encoding="unicode")
    markdown = markdownify(cleaned, heading_style="ATX", bullets="-", escape_underscores=False, escape_asterisks=True)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return markdown + "\n"


def _localise_image(image: Any, context: BodyContext) -> None:
    """An <img> of the old site as a local file, or visible text when its file is not at hand."""
    src = image.get("src") or ""
    alt = (image.get("alt") or "").strip() or _words_of(src) or context.title
    image.set("alt", alt)
    for name in ("srcset", "sizes", "width", "height", "class", "style"):
        image.attrib.pop(name, None)
    local = context.media.local(src)
    if local is not None:
        image.set("src", posixpath.relpath(local.as_posix(), context.source_rel.parent.as_posix()))
        return
    context.warnings.append(f"{context.source_rel}: image {src} not found{' in --uploads' if context.media.uploads else ' (give --uploads DIR)'}; shown as text")
    parent = image.getparent()
    text_node = f"[{'Gambar'}: {alt} ({src})]"
    link = parent if parent is not None and parent.tag == "a" else None
    target = link if link is not None and link.getparent() is not None else image
    holder = target.getparent()
    if holder is None:
        return
    tail = target.tail or ""
    index = list(holder).index(target)
    holder.remove(target)
    if index == 0:
        holder.text = (holder.text or "") + text_node + tail
    else:
        previous = holder[index - 1]
        previous.tail = (previous.tail or "") + text_node + tail


def _words_of(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).stem
    name = re.sub(r"-\d+x\d+$", "", name)
    return " ".join(re.split(r"[-_\s]+", name)).strip()


def _local_link(href: str, context: BodyContext) -> str:
    """A link to another imported post or page goes to its new file (the build makes it relative
    and checks it); every other link stays as it was."""
    host = urlsplit(href).netloc
    if host and host.lower() != context.old_host.lower():
        return href
    key = _address_key(href)
    target = context.new_pages.get(key) if key else None
    if target is None:
        return href
    return posixpath.relpath(target, context.source_rel.parent.as_posix())


def _address_key(url: str) -> str | None:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "p" in query or "page_id" in query:
        return f"?p={(query.get('p') or query.get('page_id'))[0]}"
    if not parts.path:
        return None
    return "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"


# --- media ------------------------------------------------------------------------------------------


@dataclass
class MediaFiles:
    """Images of the old site found in a copy of wp-content/uploads, copied beside the news."""

    uploads: Path | None
    copies: dict[PurePosixPath, Path] = field(default_factory=dict)  # content-relative → the file to copy

    def local(self, url: str) -> PurePosixPath | None:
        path = unquote(urlsplit(url).path)
        marker = "/wp-content/uploads/"
        if self.uploads is None or marker not in path:
            return None
        rel = PurePosixPath(path.split(marker, 1)[1])
        if ".." in rel.parts or not rel.parts:
            return None
        found = self.uploads.joinpath(*rel.parts)
        if not found.is_file():
            return None
        target = MEDIA_DIR / rel
        self.copies[target] = found
        return target


# --- the import ---------------------------------------------------------------------------------------


def _time(gmt: str, local: str) -> dt.datetime | None:
    """The moment with the offset the old site showed (local time minus GMT)."""
    try:
        at_gmt = dt.datetime.strptime(gmt.strip(), "%Y-%m-%d %H:%M:%S")
        at_local = dt.datetime.strptime(local.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        try:
            at_local = dt.datetime.strptime(local.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return None
        return at_local.replace(tzinfo=dt.timezone.utc)
    offset = at_local - at_gmt
    if abs(offset) > dt.timedelta(hours=14):
        offset = dt.timedelta(0)
    return at_local.replace(tzinfo=dt.timezone(offset))


def _slug(item: WpItem) -> str:
    from . import urls

    return urls.slugify(unquote(item.slug) or item.title or f"tulisan-{item.id}") or f"tulisan-{item.id}"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def plan_import(export: WpExport, uploads: Path | None, report: ImportReport) -> dict[PurePosixPath, bytes | Path]:
    """Every file the import writes, content-relative → its bytes (or the file to copy)."""
    attachments = {i.id: i.attachment_url for i in export.items if i.kind == "attachment" and i.attachment_url}
    chosen: list[tuple[WpItem, PurePosixPath]] = []
    taken: set[str] = set()
    for item in export.items:
        if item.kind not in ("post", "page"):
            report.skip({"attachment": "attachments (kept as media)", "revision": "revisions", "nav_menu_item": "menu items"}.get(item.kind, f"items of type {item.kind or 'unknown'}"))
            continue
        if item.status != "publish":
            report.skip(f"{item.status or 'unknown'} {item.kind}s" if item.status in ("draft", "private", "trash", "pending", "future") else f"{item.kind}s with status {item.status or 'none'}")
            continue
        slug = _slug(item)
        if item.kind == "post":
            rel = NEWS_DIR / f"{slug}.md"
        else:
            rel = PurePosixPath(f"{slug if slug not in _RESERVED else 'halaman-' + slug}.md")
        while rel.as_posix().casefold() in taken:
            rel = rel.with_name(f"{rel.stem}-{item.id}.md")
        taken.add(rel.as_posix().casefold())
        chosen.append((item, rel))
    new_pages: dict[str, str] = {}
    for item, rel in chosen:
        key = _address_key(item.link)
        if key:
            new_pages[key] = rel.as_posix()
        new_pages[f"?p={item.id}"] = rel.as_posix()
    media = MediaFiles(uploads)
    files: dict[PurePosixPath, bytes | Path] = {}
    for item, rel in chosen:
        context = BodyContext(attachments, new_pages, media, rel, report.warnings, item.title, urlsplit(export.base_url).netloc)
        body = convert_body(item.content, context)
        meta: dict[str, Any] = {"judul": html.unescape(item.title).strip() or rel.stem}
        when = _time(item.date_gmt, item.date_local)
        if item.kind == "post":
            if when:
                meta["tanggal"] = when.date().isoformat()
            author = export.authors.get(item.creator, item.creator)
            if author:
                meta["penulis"] = author
        excerpt = _plain(item.excerpt)
        if excerpt:
            meta["ringkasan"] = excerpt
        if item.kind == "post":
            if item.categories:
                meta["kategori"] = list(dict.fromkeys(html.unescape(c) for c in item.categories))
            if item.tags:
                meta["tag"] = list(dict.fromkeys(html.unescape(t) for t in item.tags))
            if item.thumbnail_id and item.thumbnail_id in attachments:
                local = media.local(attachments[item.thumbnail_id])
                if local is not None:
                    meta["gambar"] = posixpath.relpath(local.as_posix(), rel.parent.as_posix())
                    meta["alt_gambar"] = _words_of(attachments[item.thumbnail_id]) or meta["judul"]
                else:
                    report.warnings.append(f"{rel}: featured image {attachments[item.thumbnail_id]} not found; left out")
        old = _address_key(item.link)
        if old and not old.startswith("?") and old != "/":
            meta["alamat_lama"] = [old]
        elif item.link:
            report.warnings.append(f"{rel}: old address {item.link} cannot be served by static files; links to it will break")
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10**6)
        files[rel] = f"---\n{front}---\n{body}".encode("utf-8")
        records = _comment_records(item, report)
        if records:
            files[rel.with_name(rel.stem + ".komentar.yml")] = comment_file_text(records).encode("utf-8")
        if item.kind == "post":
            report.posts += 1
        else:
            report.pages += 1
    for target, source in sorted(media.copies.items()):
        files[target] = source
    return files


def _comment_records(item: WpItem, report: ImportReport) -> list[CommentRecord]:
    """Approved comments only; e-mail and IP addresses are never read from the export."""
    approved = {c.id: c for c in item.comments if c.approved == "1" and c.kind in ("", "comment")}
    for comment in item.comments:
        if comment.id not in approved:
            reason = {"spam": "spam comments", "trash": "deleted comments", "0": "pending comments"}.get(comment.approved, "pingbacks and trackbacks")
            report.skip(reason if comment.kind in ("", "comment") else "pingbacks and trackbacks")
    records = []
    for comment in approved.values():
        when = _time(comment.date_gmt, comment.date_local)
        if when is None:
            report.warnings.append(f"comment {comment.id} has no readable date; left out")
            continue
        from markdownify import markdownify

        text = markdownify(wpautop(_GUTENBERG.sub("", comment.content)), heading_style="ATX", bullets="-").strip() or "…"
        website = comment.url.strip() if comment.url.strip().lower().startswith(("http://", "https://")) else None
        name = " ".join(html.unescape(comment.author).split())[:200] or "Anonim"
        parent = f"wp-{comment.parent}" if comment.parent in approved else None
        records.append(CommentRecord(f"wp-{comment.id}", name, when, text, website, parent))
        report.comments += 1
    return records


def import_wordpress(export_path: Path, content_dir: Path, uploads: Path | None = None, force: bool = False) -> ImportReport:
    """Read the export, convert everything, then write: a bad export writes nothing."""
    if uploads is not None and not uploads.is_dir():
        raise ProsidingError(f"--uploads: {uploads} is not a folder", None)
    if not content_dir.is_dir():
        raise ProsidingError(f"no content folder at {content_dir}; run this in a site (python build.py new site DIR makes one)", None)
    report = ImportReport()
    files = plan_import(read_export(export_path), uploads, report)
    manifest_path = content_dir / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    with tempfile.TemporaryDirectory(prefix=".impor-", dir=content_dir) as staging_name:
        staging = Path(staging_name)
        moves: list[tuple[Path, Path]] = []
        for rel, data in sorted(files.items()):
            payload = data if isinstance(data, bytes) else data.read_bytes()
            digest = hashlib.sha256(payload).hexdigest()
            target = content_dir.joinpath(*rel.parts)
            if target.exists():
                current = hashlib.sha256(target.read_bytes()).hexdigest()
                if current == digest:
                    manifest[rel.as_posix()] = digest
                    continue
                if manifest.get(rel.as_posix()) != current and not force:
                    report.kept.append(f"content/{rel}")
                    continue
            staged = staging.joinpath(*rel.parts)
            staged.parent.mkdir(parents=True, exist_ok=True)
            staged.write_bytes(payload)
            moves.append((staged, target))
            manifest[rel.as_posix()] = digest
        for staged, target in moves:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(staged), str(target))
            report.written.append(f"content/{target.relative_to(content_dir).as_posix()}")
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n", encoding="utf-8")
    return report
