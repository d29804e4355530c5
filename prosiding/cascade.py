"""Folder defaults: `_dir.yml` values merged shallowly under each file's own front matter.

A `_dir.yml` applies to the pages in its folder and below (nearer folders win, key by key) but not
to a seminar's own `index.md`: seminar-wide values belong there already. Each inherited key
remembers the `_dir.yml` line it came from, so an error in a default points at the default.
"""
from __future__ import annotations

import posixpath
from dataclasses import replace
from typing import Any, Mapping

from .errors import SourceRef
from .parse import RawDoc

DEFAULTS_FILE = "_dir.yml"


def apply_defaults(doc: RawDoc, rel: str, defaults: Mapping[str, RawDoc]) -> RawDoc:
    """Return `doc` with the defaults of its folders (outermost first) filled in under its own keys.

    `defaults` maps a content-relative folder ("" for content/ itself) to its parsed `_dir.yml`.
    """
    meta: dict[str, Any] = {}
    origins: dict[str, SourceRef] = {}
    for folder in _folders_of(rel):
        folder_defaults = defaults.get(folder)
        if folder_defaults is None:
            continue
        for key, value in folder_defaults.meta.items():
            meta[key] = value
            origins[key] = SourceRef(folder_defaults.ref.path, folder_defaults.line_of(key))
    if not meta:
        return doc
    for key in doc.meta:
        origins.pop(key, None)
    meta.update(doc.meta)
    return replace(doc, meta=meta, origins=origins)


def _folders_of(rel: str) -> list[str]:
    """"seminar/2014/nusa.md" → ["", "seminar", "seminar/2014"]."""
    folder = posixpath.dirname(rel)
    parts = folder.split("/") if folder else []
    return [""] + ["/".join(parts[: i + 1]) for i in range(len(parts))]
