"""Discover and read the site's source files: the only place content is read from disk."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Collector, SourceRef

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


def discover(content_dir: Path, display_prefix: str = "content") -> SourceTree:
    """Walk content/ in a stable order; decode text sources strictly as UTF-8 (a BOM is accepted)."""
    errors = Collector()
    texts: list[SourceFile] = []
    assets: list[AssetFile] = []
    root = content_dir.resolve()
    for path in sorted(_walk(content_dir), key=lambda p: p.as_posix()):
        rel = PurePosixPath(path.relative_to(content_dir).as_posix())
        display = f"{display_prefix}/{rel}"
        if path.is_symlink() and not _inside(path.resolve(), root):
            errors.add("is a link to a file outside content/; copy the file into the site instead", SourceRef(display))
            continue
        if rel.suffix.lower() not in TEXT_SUFFIXES:
            assets.append(AssetFile(rel, display, path, path.stat().st_size))
            continue
        data = path.read_bytes()
        if len(data) > MAX_SOURCE_BYTES:
            errors.add(f"file is {len(data):,} bytes; the limit for a source file is {MAX_SOURCE_BYTES:,} bytes", SourceRef(display))
            continue
        text = _decode(data, display, errors)
        if text is not None:
            texts.append(SourceFile(rel, display, text, hashlib.sha256(data).hexdigest()))
    errors.raise_if_any()
    return SourceTree(tuple(texts), tuple(assets))


def _walk(folder: Path):
    """Files below `folder`, skipping hidden files/folders and editor backups (`~`, `.swp`)."""
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
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
