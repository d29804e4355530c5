"""Discover and read the site's source files: the only place content is read from disk."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Collector, ProsidingError, SourceRef

#: A source larger than this is refused: a Markdown file of several MB is almost always an accident
#: (a pasted PDF, a binary renamed to .md) and would make every build slow.
MAX_SOURCE_BYTES = 2 * 1024 * 1024

TEXT_SUFFIXES = {".md", ".yml", ".yaml"}


@dataclass(frozen=True)
class SourceFile:
    """A text source (Markdown or YAML) with its decoded text and content hash."""

    rel: PurePosixPath  # relative to content/, e.g. seminar/2014-x/nusa.md
    display: str  # as shown in messages, e.g. content/seminar/2014-x/nusa.md
    text: str
    sha256: str


@dataclass(frozen=True)
class AssetFile:
    """Any other file under content/ (images, PDFs): copied to the output when something links to it."""

    rel: PurePosixPath
    display: str
    path: Path
    size: int


@dataclass(frozen=True)
class SourceTree:
    texts: tuple[SourceFile, ...]
    assets: tuple[AssetFile, ...]
    # Set by read_sources only: files that could not be read, so later stages can report every
    # other file's problems in the same run without mistaking an unreadable file for a missing one.
    problems: tuple[ProsidingError, ...] = ()
    unreadable: frozenset[PurePosixPath] = frozenset()


def discover(content_dir: Path, display_prefix: str = "content") -> SourceTree:
    """Walk content/ in a stable order; decode text sources strictly as UTF-8 (a BOM is accepted)."""
    tree = read_sources(content_dir, display_prefix)
    errors = Collector()
    errors.extend(list(tree.problems))
    errors.raise_if_any()
    return tree


def read_sources(content_dir: Path, display_prefix: str = "content") -> SourceTree:
    """Like `discover`, but files that cannot be read are listed in `problems` instead of raised."""
    errors = Collector()
    texts: list[SourceFile] = []
    assets: list[AssetFile] = []
    unreadable: set[PurePosixPath] = set()
    root = content_dir.resolve()
    for path in sorted(_walk(content_dir), key=lambda p: p.as_posix()):
        rel = PurePosixPath(path.relative_to(content_dir).as_posix())
        display = printable_path(f"{display_prefix}/{rel}")
        problem = _unusable(path, root)
        if problem:
            errors.add(problem, SourceRef(display))
            unreadable.add(rel)
            continue
        try:
            if rel.suffix.lower() not in TEXT_SUFFIXES:
                assets.append(AssetFile(rel, display, path, path.stat().st_size))
                continue
            data = path.read_bytes()
        except OSError as exc:
            errors.add(f"could not be read: {exc.strerror or exc}", SourceRef(display))
            unreadable.add(rel)
            continue
        if len(data) > MAX_SOURCE_BYTES:
            errors.add(f"file is {len(data):,} bytes; the limit for a source file is {MAX_SOURCE_BYTES:,} bytes", SourceRef(display))
            unreadable.add(rel)
            continue
        text = _decode(data, display, errors)
        if text is None:
            unreadable.add(rel)
        else:
            texts.append(SourceFile(rel, display, text, hashlib.sha256(data).hexdigest()))
    return SourceTree(tuple(texts), tuple(assets), tuple(errors.errors), frozenset(unreadable))


def printable_path(name: str) -> str:
    """A file name for a one-line message: a newline or other control character in it is shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _unusable(path: Path, root: Path) -> str | None:
    """Why `path` cannot be part of the site: a link leading out of content/, a folder link, or no regular file."""
    if path.is_symlink():
        target = path.resolve()
        what = "folder" if target.is_dir() else "file"
        if not _inside(target, root):
            return f"is a link to a {what} outside content/; copy the {what} into the site instead"
        if target.is_dir():
            return "is a link to a folder; the build does not follow folder links (it would read the files twice): move the folder here instead"
        if not target.exists():
            return "is a link to a file that does not exist"
    if not path.is_file():
        return "is not a regular file (a pipe, socket or device); only files and folders belong in content/"
    return None


def _walk(folder: Path):
    """Files below `folder`, skipping hidden files/folders and editor backups (`~`, `.swp`)."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        # os.walk lists a link to a folder among the folders but never enters it; report it instead
        # of silently leaving its files out.
        yield from (Path(dirpath) / d for d in dirnames if os.path.islink(os.path.join(dirpath, d)))
        for name in filenames:
            if name.startswith(".") or name.endswith("~") or name.endswith(".swp"):
                continue
            yield Path(dirpath) / name


def _decode(data: bytes, display: str, errors: Collector) -> str | None:
    if b"\x00" in data[:8192]:
        errors.add("is not a text file (it contains NUL bytes); save Markdown as UTF-8 text", SourceRef(display))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        errors.add(f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", SourceRef(display, line))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
