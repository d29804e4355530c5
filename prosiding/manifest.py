"""The no-change fast path: a stat manifest of every input and output of the last build.

When no file under content/, the site's layouts/, the bundled theme or the output changed since the
last successful build (size, mtime and inode, as git's index decides), the build has nothing to do,
and this module says so without importing the Markdown, YAML and Jinja machinery at all.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from .cache import BuildCache, digest, engine_fingerprint
from .linkcheck import LinkReport
from .project import BuildResult, BuildStats, Project, theme_dir
from .volume import ENGINE_NOTE, installed_engine, pdf_settings
from .write import MARKER_NAME


def state_key(project: Project) -> str:
    return digest(str(project.source.resolve()), str(project.output.resolve()))


# A file changed less than this long before the manifest was taken may change again within the
# same mtime tick without the stat showing it (git's "racy" entries): such a manifest is not trusted.
_RACY_NS = 2_000_000_000


def build_manifest(project: Project) -> dict:
    """Size, mtime and inode of every input (content, site layouts, theme) and every output file."""
    folders = {"content": project.content_dir, "layouts": project.layouts_dir, "theme": theme_dir(), "output": project.output}
    return {"taken": time.time_ns(), **{name: _walk_signatures(folder) for name, folder in folders.items()}}


def _walk_signatures(root: Path) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, name + "/"))
                else:
                    st = entry.stat(follow_symlinks=False)
                    found[name] = [st.st_size, st.st_mtime_ns, st.st_ino]
            except OSError:
                found[name] = [-1, -1, -1]
    return found


def nothing_changed(project: Project, cache: BuildCache) -> BuildResult | None:
    """A result without any work when no input and no output file changed since the last build.

    Decided by stat alone, as git's index does, and only when no file was touched so shortly
    before the last build that a change could hide in the same mtime tick.
    """
    state = cache.get("state", state_key(project))
    if not isinstance(state, dict) or state.get("engine") != engine_fingerprint():
        return None
    if state.get("pdf") != pdf_settings(installed_engine(), os.environ.get("SOURCE_DATE_EPOCH")):
        return None  # a PDF engine came or went, or the PDFs' creation date moved
    try:
        old = state["manifest"]
        taken = int(old["taken"])
        now = build_manifest(project)
        for name in ("content", "layouts", "theme", "output"):
            if now[name] != old[name]:
                return None
            if name != "output" and any(signature[1] > taken - _RACY_NS for signature in old[name].values()):
                return None
        warnings = [str(w) for w in state["warnings"]]
        pages = int(state["pages"])
    except (KeyError, TypeError, ValueError):
        return None
    if (project.output / MARKER_NAME).is_file() is False:
        return None
    files = OutputFolder(project.output, sorted(p for p in old["output"] if p != MARKER_NAME))
    result = BuildResult(None, files, LinkReport((), ()), warnings=[w for w in warnings if not w.startswith("page removed since")],
                         title=str(state.get("title", "")), base_url=state.get("base_url"))
    notes = list(cache.notes) + ([ENGINE_NOTE] if state.get("engine_note") else [])
    result.stats = BuildStats(pages=pages, rendered=0, notes=notes, nothing_changed=True)
    return result


class OutputFolder(Mapping[str, bytes]):
    """The files of an output folder that is already what a build would write, read on demand."""

    def __init__(self, folder: Path, paths: list[str]):
        self._folder, self._paths = folder, paths
        self._known = frozenset(paths)

    def __getitem__(self, path: str) -> bytes:
        if path not in self._known:
            raise KeyError(path)
        return self._folder.joinpath(*path.split("/")).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def unchanged_build(project: Project) -> BuildResult | None:
    """The fast path on its own, for the command line: answer before the build machinery is imported."""
    from .cache import cache_dir_for, environment_says_no_cache
    from .write import check_output_dir

    from .write import journal_path, old_output_path, staging_path

    if environment_says_no_cache() or not (cache_dir_for(project.output)).is_dir():
        return None
    if any(p.exists() for p in (journal_path(project.output), old_output_path(project.output), staging_path(project.output))):
        return None  # an earlier build was interrupted: the full build path recovers first
    check_output_dir(project.output, project.source, project.content_dir, project.layouts_dir)
    cache = BuildCache.open(cache_dir_for(project.output))
    try:
        return nothing_changed(project, cache)
    finally:
        cache.close()
