"""Where a site lives and what a build reports: light enough to import before deciding whether to build at all."""
from __future__ import annotations

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
    bodies_converted: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    nothing_changed: bool = False


def theme_dir() -> Path:
    """The bundled theme: installed package data, else the checkout's top-level layouts/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "layouts", here.parent / "layouts"):
        if (candidate / "base.html").is_file():
            return candidate
    try:  # an editable install maps the package name onto the checkout
        from importlib import resources

        return Path(str(resources.files("prosiding.layouts")))
    except ModuleNotFoundError:  # pragma: no cover - broken install
        sys.exit("prosiding: the bundled layouts are missing from this installation")
