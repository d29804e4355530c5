"""Where a site lives and what a build reports: light enough to import before deciding whether to build at all."""
from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .linkcheck import LinkReport
from .write import WriteReport

if TYPE_CHECKING:
    from .model import Site


@dataclass(frozen=True)
class Project:
    """Where a site lives: `source/content`, optional `source/layouts`, and the output folder."""

    source: Path
    output: Path

    @property
    def content_dir(self) -> Path:
        return self.source / "content"

    @property
    def layouts_dir(self) -> Path:
        return self.source / "layouts"

    @classmethod
    def at(cls, source: str | Path = ".", output: str | Path | None = None) -> "Project":
        source_path = Path(source).resolve()
        if not (source_path / "content").is_dir():
            raise UsageError(f"{source} has no content/ folder (use --source to name the site folder)")
        output_path = Path(output).resolve() if output else source_path / "output"
        return cls(source_path, output_path)


@dataclass
class BuildResult:
    site: "Site | None"
    files: Mapping[str, bytes]
    links: LinkReport
    written: WriteReport | None = None
    warnings: list[str] = field(default_factory=list)
    stats: BuildStats = field(default_factory=lambda: BuildStats())
    title: str = ""  # the site's title and address, also known when nothing had to be built
    base_url: str | None = None


@dataclass
class BuildStats:
    """For the last line of a build: how much of it was work."""

    pages: int = 0
    rendered: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    nothing_changed: bool = False


def theme_dir() -> Path:
    """The bundled theme folder, wherever the package `prosiding.layouts` was installed from.

    The theme is a namespace package (package data without an `__init__.py`). Its import spec
    names the real folder for a wheel (site-packages/prosiding/layouts) and for an editable install
    (the checkout's layouts/); `importlib.resources.files()` cannot be used for it on Python 3.11,
    because an editable install adds a path hook entry that is no folder, and the namespace reader
    then raises NotADirectoryError. Without any install, the checkout's layouts/ is used.
    Code run from a source checkout uses that checkout's layouts/ first: two checkouts (git
    worktrees) sharing one editable install must each render with their own theme.
    """
    try:
        spec = importlib.util.find_spec("prosiding.layouts")
    except ImportError:  # pragma: no cover - a broken install
        spec = None
    candidates = [Path(location) for location in (spec.submodule_search_locations or [])] if spec else []
    here = Path(__file__).resolve().parent
    checkout = [here.parent / "layouts"] if (here.parent / "pyproject.toml").is_file() else []
    for candidate in (*checkout, *candidates, here / "layouts", here.parent / "layouts"):
        if (candidate / "base.html").is_file():
            return candidate.resolve()
    sys.exit("prosiding: the bundled layouts are missing from this installation")
