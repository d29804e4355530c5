"""Comments as content: approved comments live beside the page they belong to, are rendered into
it at build time (so they are archived with the site and read offline), and are pulled from an
Isso comment server, which receives and moderates new ones.

A page's comments are one YAML file beside its source, `<source stem>.komentar.yml`:

    komentar:
      - id: isso-12
        nama: Budi Santoso
        situs: https://example.org         # optional
        waktu: 2014-10-02T14:05:00+07:00   # ISO 8601 with its UTC offset
        balasan_untuk: isso-10             # optional: the comment this one answers
        isi: |
          Text in **Markdown**.

Comment text was written by strangers: it is converted under the strict limits of
`batas_teks_luar` and sanitised more tightly than page bodies (no images, no raw HTML beyond
basic formatting, `rel="nofollow ugc"` on every link). An e-mail or IP address has no field here,
so none can reach content or output.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import markdown
import nh3
import yaml

from .budget import BodyLimits, find_overload, time_limit
from .cache import BuildCache, digest
from .errors import Collector, ProsidingError, SourceRef
from .parse import parse_yaml_mapping

SUFFIX = ".komentar.yml"
COMMENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
KEYS = ("id", "nama", "situs", "waktu", "balasan_untuk", "isi")
REQUIRED = ("id", "nama", "waktu", "isi")
MAX_NAME = 200

_TAGS = {"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"}


@dataclass(frozen=True)
class Comment:
    """One approved comment as a page shows it; `html` is the sanitised body."""

    id: str
    name: str
    time: dt.datetime
    html: str
    website: str | None = None
    reply_to: str | None = None
    depth: int = 0  # 0 for a comment on the page, 1 for a reply to it, …


@dataclass(frozen=True)
class Thread:
    """A page's comments in reading order (each reply right after what it answers)."""

    comments: tuple[Comment, ...] = ()

    @property
    def count(self) -> int:
        return len(self.comments)


@dataclass(frozen=True)
class CommentRecord:
    """A comment as its file holds it: what `comments pull` writes and the build reads."""

    id: str
    name: str
    time: dt.datetime
    text: str
    website: str | None = None
    reply_to: str | None = None

    def as_yaml(self) -> dict[str, Any]:
        item: dict[str, Any] = {"id": self.id, "nama": self.name}
        if self.website:
            item["situs"] = self.website
        item["waktu"] = self.time.isoformat()
        if self.reply_to:
            item["balasan_untuk"] = self.reply_to
        item["isi"] = self.text
        return item


def comment_file_of(source_rel: PurePosixPath) -> PurePosixPath:
    """content/berita/x.md → content/berita/x.komentar.yml"""
    return source_rel.with_name(source_rel.stem + SUFFIX)


def page_source_of(comment_rel: PurePosixPath) -> PurePosixPath:
    return comment_rel.with_name(comment_rel.name[: -len(SUFFIX)] + ".md")


def is_comment_file(rel: PurePosixPath) -> bool:
    return rel.name.endswith(SUFFIX)


# --- reading -------------------------------------------------------------------------------------


def parse_comment_file(text: str, ref: SourceRef) -> list[tuple[CommentRecord, SourceRef]]:
    """The records of one comment file, each with its line; every problem names file and line."""
    meta, lines = parse_yaml_mapping(text, ref)
    errors = Collector()
    unknown = sorted(set(meta) - {"komentar"})
    for key in unknown:
        errors.add(f"{key}: unknown key; a comment file holds only `komentar:`, a list of comments", SourceRef(ref.path, lines.get(key, 1)))
    items = meta.get("komentar", [])
    if not isinstance(items, list):
        errors.add("komentar: must be a list of comments (lines starting with `- id:`)", SourceRef(ref.path, lines.get("komentar", 1)))
        items = []
    records: list[tuple[CommentRecord, SourceRef]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = SourceRef(ref.path, lines.get(f"komentar.{index}", 1))
        if not isinstance(item, dict):
            errors.add(f"komentar item {index + 1}: must be a mapping with id, nama, waktu and isi", where)
            continue

        def at(key: str) -> SourceRef:
            return SourceRef(ref.path, lines.get(f"komentar.{index}.{key}", where.line))

        problems = [(f"{key}: unknown key (a comment has {', '.join(KEYS)})", at(key)) for key in item if key not in KEYS]
        problems += [(f"{key}: required field is missing", where) for key in REQUIRED if item.get(key) in (None, "")]
        comment_id, name, text_, website, reply_to = (item.get(k) for k in ("id", "nama", "isi", "situs", "balasan_untuk"))
        if comment_id is not None and not (isinstance(comment_id, str) and COMMENT_ID.fullmatch(comment_id)):
            problems.append((f"id: {comment_id!r} is not a comment id (lower-case letters, digits and -, e.g. isso-12)", at("id")))
        elif comment_id in seen:
            problems.append((f"id: {comment_id} appears twice in this file", at("id")))
        else:
            seen.add(comment_id)
        if name is not None and not (isinstance(name, str) and 0 < len(name) <= MAX_NAME and name.isprintable()):
            problems.append((f"nama: must be a name of at most {MAX_NAME} printable characters", at("nama")))
        if text_ is not None and not isinstance(text_, str):
            problems.append(("isi: must be text", at("isi")))
        if website is not None and not (isinstance(website, str) and re.match(r"^https?://[^\s/]+", website)):
            problems.append((f"situs: {website!r} is not a web address (https://…)", at("situs")))
        time = _time(item.get("waktu"))
        if item.get("waktu") is not None and time is None:
            problems.append((f"waktu: {item.get('waktu')!r} is not a date and time with its UTC offset (e.g. 2014-10-02T14:05:00+07:00)", at("waktu")))
        if reply_to is not None and not isinstance(reply_to, str):
            problems.append(("balasan_untuk: must be the id of another comment in this file", at("balasan_untuk")))
        for message, line in problems:
            errors.add(message, line)
        if problems:
            continue
        records.append((CommentRecord(comment_id, name, time, text_, website or None, reply_to or None), where))  # type: ignore[arg-type]
    known = {record.id for record, _ in records}
    for record, where in records:
        if record.reply_to and record.reply_to not in known:
            errors.add(f"balasan_untuk: {record.reply_to} is not a comment in this file", where)
        elif record.reply_to == record.id:
            errors.add("balasan_untuk: a comment cannot answer itself", where)
    errors.raise_if_any()
    return records


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else None
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


# --- rendering -----------------------------------------------------------------------------------


class _CommentTooSlow(BaseException):
    """A comment's conversion overran its time budget."""


def render_comment_text(text: str, limits: BodyLimits) -> tuple[str | None, str | None]:
    """(sanitised HTML, None) or (None, why the text was refused), under `limits`."""
    overload = find_overload(text, limits)
    if overload:
        return None, overload.message
    try:
        with time_limit(limits.seconds, _CommentTooSlow):
            raw = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    except (_CommentTooSlow, RecursionError):
        return None, "this text takes too long to convert"
    html = nh3.clean(raw, tags=_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                     link_rel="nofollow ugc noopener", strip_comments=True)
    return html.strip(), None


def thread_of(records: list[tuple[CommentRecord, SourceRef]], limits: BodyLimits, errors: Collector,
              cache: BuildCache | None = None) -> Thread:
    """The comments in reading order: by time, each reply under what it answers."""
    children: dict[str | None, list[CommentRecord]] = {}
    where = {record.id: ref for record, ref in records}
    for record, _ in records:
        children.setdefault(record.reply_to, []).append(record)
    for replies in children.values():
        replies.sort(key=lambda r: (r.time, r.id))
    ordered: list[Comment] = []

    def walk(parent: str | None, depth: int, path: frozenset[str]) -> None:
        for record in children.get(parent, []):
            if record.id in path:
                continue
            key = digest("comment", str(limits), record.text)
            html = cache.get("comment", key) if cache is not None else None
            if not isinstance(html, str):
                html, problem = render_comment_text(record.text, limits)
                if problem:
                    errors.add(f"comment {record.id}: {problem}", where[record.id])
                    continue
                if cache is not None:
                    cache.put("comment", key, html)
            ordered.append(Comment(record.id, record.name, record.time, html, record.website, record.reply_to, min(depth, 4)))
            walk(record.id, depth + 1, path | {record.id})

    walk(None, 0, frozenset())
    return Thread(tuple(ordered))


def load_threads(texts: Iterable[Any], page_sources: Mapping[str, str | None], limits: BodyLimits,
                 cache: BuildCache | None = None) -> dict[str, Thread]:
    """Every comment file's thread, by the URL of its page. `page_sources` maps a page's source
    (as displayed, content/…/x.md) to its URL, or to None for a draft or a file left out by its
    own error; a comment file beside no page at all is an error."""
    errors = Collector()
    threads: dict[str, Thread] = {}
    for source in texts:
        if not is_comment_file(source.rel):
            continue
        ref = SourceRef(source.display)
        page = source.display[: -len(SUFFIX)] + ".md"
        if page not in page_sources:
            errors.add(f"no page {page_source_of(source.rel).name} beside this comment file; comments belong to the page whose file name they share", ref)
            continue
        page_url = page_sources[page]
        if page_url is None:
            continue
        try:
            records = parse_comment_file(source.text, ref)
        except ProsidingError as exc:
            errors.extend([exc])
            continue
        threads[page_url] = thread_of(records, limits, errors, cache)
    errors.raise_if_any()
    return threads


# --- what a page shows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentsView:
    """The comments section of one page: its thread, and where new comments go."""

    thread: Thread
    thread_uri: str  # the page's path on the web server: Isso's name for the thread
    isso_url: str | None = None  # the form is offered (when the page is served over http) only with it
    online_url: str | None = None  # the page on the web, for readers of an offline copy


def comments_view(entity: Any, kind: str, config: Any, threads: Mapping[str, Thread]) -> CommentsView | None:
    """None where the page shows no comments: a `komentar: false` page, a kind that has none, or
    every page when the site sets `komentar.aktif: false` (a page may still say `komentar: true`)."""
    from . import urls

    wanted = getattr(entity, "comments", None)
    if wanted is False or (wanted is None and not (config.comments_on and kind in ("news", "presentation"))):
        return None
    online = config.base_url + entity.url.removesuffix("index.html") if config.base_url else None
    return CommentsView(threads.get(entity.url, Thread()), urls.web_path(entity.url, config.base_url), config.comments_url, online)


# --- writing -------------------------------------------------------------------------------------


def comment_file_text(records: Iterable[CommentRecord]) -> str:
    """The bytes `comments pull` and the WordPress importer write: sorted, stable, readable."""
    items = sorted(records, key=lambda r: (r.time, r.id))
    return yaml.safe_dump({"komentar": [r.as_yaml() for r in items]}, sort_keys=False, allow_unicode=True, width=10**6)


def write_comment_file(path: Path, records: Iterable[CommentRecord]) -> bool:
    """Write `records` to `path` (atomically); False when the file already says exactly that."""
    import os

    text = comment_file_text(records)
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True
