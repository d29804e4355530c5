"""`prosiding comments pull`: approved comments from an Isso comment server into the content.

Isso (a self-hosted comment server with a SQLite database) receives and moderates new comments;
this copies the approved ones (Isso's mode 1) into each page's `.komentar.yml` (comments.py), so
they are archived with the site and read offline. Pending (mode 2) and deleted (mode 4) comments
are never read, and neither are e-mail or IP addresses: the queries below do not select them.

Idempotent: the same approvals write the same bytes, and a file is rewritten only when what it
says changed. Comments of other origins in the same file (imported from WordPress) are kept.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import sqlite3
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from . import urls
from .comments import COMMENT_ID, MAX_NAME, SUFFIX, CommentRecord, comment_file_of, comment_file_text, parse_comment_file, render_comment_text
from .errors import ProsidingError, SourceRef
from .project import Project

ORIGIN = "isso-"


@dataclass(frozen=True)
class IssoComment:
    """One approved comment as Isso holds it (without the e-mail and address it also keeps)."""

    id: int
    thread_uri: str
    parent: int | None
    created: float
    author: str | None
    website: str | None
    text: str


@dataclass
class PullReport:
    pulled: int = 0
    pages: int = 0
    written: list[str] = field(default_factory=list)
    unmatched: dict[str, int] = field(default_factory=dict)  # thread URI → approved comments on no page
    left_out: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{self.pulled} approved comment(s) for {self.pages} page(s); {len(self.written)} file(s) written"]
        lines += [f"  wrote {path}" for path in self.written]
        lines += [f"warning: Isso thread {uri} ({count} comment(s)) belongs to no page of this site; not pulled" for uri, count in sorted(self.unmatched.items())]
        lines += [f"warning: {reason}" for reason in self.left_out]
        return "\n".join(lines)


# --- reading Isso ----------------------------------------------------------------------------------


def read_isso_database(path: Path) -> list[IssoComment]:
    """Approved comments from an Isso SQLite file, opened read-only (Isso may be running)."""
    if not path.is_file():
        raise ProsidingError(f"no Isso database at {path}", SourceRef(str(path)))
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "SELECT c.id, t.uri, c.parent, c.created, c.author, c.website, c.text "
                "FROM comments AS c JOIN threads AS t ON c.tid = t.id WHERE c.mode = 1 ORDER BY c.id"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise ProsidingError(f"cannot read the Isso database: {exc}", SourceRef(str(path))) from None
    return [IssoComment(int(r[0]), str(r[1]), r[2], float(r[3]), r[4], r[5], str(r[6] or "")) for r in rows]


def read_isso_server(base: str, thread_uris: list[str], timeout: float = 20.0) -> list[IssoComment]:
    """Approved comments of the given threads from a running Isso, over its public API
    (`GET /?uri=…&plain=1`: the Markdown as written; Isso gives a stranger only approved ones)."""
    found: dict[int, IssoComment] = {}
    for uri in thread_uris:
        query = urllib.parse.urlencode({"uri": uri, "plain": "1"})
        request = urllib.request.Request(f"{base.rstrip('/')}/?{query}", headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the site's own server)
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                continue  # no thread for this page yet
            raise ProsidingError(f"Isso at {base} answered {exc.code} for {uri}", None) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ProsidingError(f"cannot read comments from Isso at {base}: {getattr(exc, 'reason', exc)}", None) from None
        _collect(data.get("replies", []), uri, found)
    return sorted(found.values(), key=lambda c: c.id)


def _collect(items: list[dict[str, Any]], uri: str, found: dict[int, IssoComment]) -> None:
    for item in items:
        if item.get("mode") == 1:
            found[int(item["id"])] = IssoComment(int(item["id"]), uri, item.get("parent"), float(item["created"]), item.get("author"),
                                                 item.get("website"), str(item.get("text") or ""))
        _collect(item.get("replies", []) or [], uri, found)


# --- into the content ----------------------------------------------------------------------------


def pull(project: Project, comments: list[IssoComment], utc_offset: dt.timezone, anonymous: str) -> PullReport:
    """Write the approved `comments` into the comment files of the pages their threads name."""
    pages = page_sources(project)
    config = pages.config
    report = PullReport()
    by_page: dict[str, list[IssoComment]] = {}
    for comment in comments:
        page = urls.page_of_web_path(comment.thread_uri, config.base_url)
        if page is None or page not in pages.sources:
            report.unmatched[comment.thread_uri] = report.unmatched.get(comment.thread_uri, 0) + 1
            continue
        by_page.setdefault(page, []).append(comment)
    touched = set(by_page) | pages.with_isso_comments
    for page in sorted(touched):
        source_rel = pages.sources.get(page)
        if source_rel is None:
            continue
        approved = {c.id for c in by_page.get(page, [])}
        records = []
        for comment in by_page.get(page, []):
            record, problem = _record(comment, approved, utc_offset, anonymous, config.untrusted_limits)
            if problem:
                report.left_out.append(f"Isso comment {comment.id} on {comment.thread_uri} left out: {problem}")
            else:
                records.append(record)
        report.pulled += len(records)
        report.pages += bool(records)
        if _write(project.content_dir, comment_file_of(source_rel), records):
            report.written.append(f"content/{comment_file_of(source_rel)}")
    return report


def _record(comment: IssoComment, approved: set[int], zone: dt.timezone, anonymous: str, limits: Any) -> tuple[CommentRecord | None, str | None]:
    """The comment as our file holds it; Isso stores names and addresses HTML-escaped."""
    name = " ".join(html.unescape(comment.author or "").split())[:MAX_NAME] or anonymous
    name = "".join(ch for ch in name if ch.isprintable()) or anonymous
    website = html.unescape(comment.website or "").strip() or None
    if website and not website.lower().startswith(("http://", "https://")):
        website = None
    _, problem = render_comment_text(comment.text, limits)
    if problem:
        return None, problem
    time = dt.datetime.fromtimestamp(int(comment.created), tz=zone)
    parent = f"{ORIGIN}{comment.parent}" if comment.parent in approved else None
    return CommentRecord(f"{ORIGIN}{comment.id}", name, time, comment.text, website, parent), None


def _write(content_dir: Path, rel: PurePosixPath, pulled: list[CommentRecord]) -> bool:
    """Merge `pulled` over the file's Isso comments, keep comments of other origins; write on change."""
    path = content_dir.joinpath(*rel.parts)
    kept: list[CommentRecord] = []
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        kept = [record for record, _ in parse_comment_file(text, SourceRef(f"content/{rel}")) if not record.id.startswith(ORIGIN)]
    else:
        text = None
    records = kept + pulled
    if not records:
        if text is not None:
            path.unlink()
            return True
        return False
    new_text = comment_file_text(records)
    if new_text == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(new_text, encoding="utf-8", newline="\n")
    temporary.replace(path)
    return True


@dataclass(frozen=True)
class _Pages:
    config: Any
    sources: dict[str, PurePosixPath]  # output page → its source, content-relative
    with_isso_comments: set[str]  # pages whose comment file holds Isso comments now


def page_sources(project: Project) -> _Pages:
    """Every page of the site and its source file, as the build sees them."""
    from .collect import build_site
    from .pipeline import load_content

    from .photos import read_images

    tree, config, docs = load_content(project)
    site = build_site(docs, tree, config, images=read_images(tree.assets, None))
    entities = [*site.seminars, *site.presentations.values(), *site.news, *site.pages, *site.people.values(), *site.institutions.values(),
                *([site.home] if site.home else [])]
    sources = {e.url: PurePosixPath(e.source.path.removeprefix("content/")) for e in entities if e.source is not None}
    with_isso = set()
    by_source = {rel: page for page, rel in sources.items()}
    for text in tree.texts:
        if text.rel.name.endswith(SUFFIX) and f"id: {ORIGIN}" in text.text:
            page = by_source.get(text.rel.with_name(text.rel.name[: -len(SUFFIX)] + ".md"))
            if page:
                with_isso.add(page)
    return _Pages(config, sources, with_isso)


def thread_uris(project: Project) -> list[str]:
    """The Isso thread name of every page that can have comments, for reading over HTTP."""
    pages = page_sources(project)
    found = []
    for page in sorted(pages.sources):
        path = urls.web_path(page, pages.config.base_url)
        found += [path, path + "index.html"] if path.endswith("/") else [path]
    return found


def parse_offset(text: str) -> dt.timezone:
    """+07:00 (WIB), +08:00 (WITA), +09:00 (WIT): the zone comment times are written in."""
    try:
        parsed = dt.datetime.strptime(text.replace(":", ""), "%z")
    except ValueError:
        raise ValueError(f"{text!r} is not a UTC offset such as +07:00") from None
    return dt.timezone(parsed.utcoffset())  # type: ignore[arg-type]


__all__ = ["COMMENT_ID", "IssoComment", "PullReport", "pull", "read_isso_database", "read_isso_server", "thread_uris", "parse_offset"]
