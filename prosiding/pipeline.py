"""`build()`: the whole pipeline, top to bottom. Each stage reports all its errors, then stops.

    load sources → settings → parse + validate → resolve the site → plan → render → check links → write

Nothing is written unless every stage succeeded; then the output is swapped in whole.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import search
from .collect import Doc, build_site, load_docs, near_duplicate_names
from .config import SITE_FILE, make_config
from .errors import REMOVED_PAGES, BuildWarning, Collector, ProsidingError, SourceRef, UsageError
from .linkcheck import LinkReport, check_links
from .model import Site, SiteConfig
from .plan import DEFAULT_LAYOUTS, OutputFile, make_plan
from .render import make_environment, missing_layouts, render_page, theme_dir, unusable_layouts
from .sources import SourceTree, read_sources
from .write import WriteReport, check_output_dir, commit_output


T = TypeVar("T")


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
    site: Site
    files: Mapping[str, bytes]
    links: LinkReport
    written: WriteReport | None = None
    warnings: list[BuildWarning] = field(default_factory=list)  # print them through errors.summarise_warnings


def build(project: Project, *, write: bool = True) -> BuildResult:
    """Build the site; with `write=False` (the `check` command) validate everything, write nothing."""
    if write:
        check_output_dir(project.output, project.source, project.content_dir, project.layouts_dir)
    tree, config, docs = load_content(project)
    site = build_site(docs, tree, config)
    layout_dirs = layout_folders(project)
    statics = static_files(layout_dirs)
    plan = make_plan(site, sorted(statics))
    files = render_files(plan, site, layout_dirs)
    files.update(search.make_search_files(search_docs(site)))
    outputs = _Outputs(files, plan, project.content_dir, statics)
    links = check_links(outputs)
    report_dead_links(links, plan)
    result = BuildResult(site, outputs, links, warnings=near_duplicate_names(site))
    if write:
        result.written = commit_output(outputs, project.output, protected=[project.source, project.content_dir, project.layouts_dir])
        result.warnings += [
            BuildWarning(f"page removed since the last build: {p} (links and citations to it now break)", REMOVED_PAGES, p) for p in result.written.removed_pages
        ]
    return result


def load_content(project: Project) -> tuple[SourceTree, SiteConfig, list[Doc]]:
    """Read, parse and validate every source file; check layout files and the `layout:` names.

    One phase for all files: an unreadable file, a bad setting and a bad date in three different
    files are reported together, sorted, instead of one per run.
    """
    errors = Collector()
    tree = read_sources(project.content_dir)
    errors.extend(list(tree.problems))
    config = _collect(errors, make_config, tree) if SITE_FILE not in tree.unreadable else None
    docs = _collect(errors, load_docs, tree) or []
    layout_dirs = layout_folders(project)
    requests = [(d.fields.layout, d.raw.ref_of("layout")) for d in docs if getattr(d.fields, "layout", None) and not d.draft]
    errors.extend(missing_layouts(layout_dirs, requests))
    errors.extend(unusable_layouts(layout_dirs))
    errors.raise_if_any()
    assert config is not None  # raise_if_any stopped the build otherwise
    return tree, config, docs


def _collect(errors: Collector, stage: Callable[[SourceTree], T], tree: SourceTree) -> T | None:
    """Run one stage; its errors join `errors` instead of stopping the phase."""
    try:
        return stage(tree)
    except ProsidingError as exc:
        errors.extend([exc])
        return None


def layout_folders(project: Project) -> list[Path]:
    """The site's own layouts/ first (file-by-file overrides), then the bundled theme."""
    theme = theme_dir()
    own = project.layouts_dir
    if own.is_dir() and own.resolve() != theme.resolve():
        return [own, theme]
    return [theme]


def static_files(layout_dirs: list[Path]) -> dict[str, Path]:
    """Files under `_static/` of every layout folder; the first folder that has a name wins."""
    found: dict[str, Path] = {}
    for folder in reversed(layout_dirs):
        static = folder / "_static"
        if static.is_dir():
            for path in static.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    found[path.relative_to(static).as_posix()] = path
    return dict(sorted(found.items()))


def render_files(plan: list[OutputFile], site: Site, layout_dirs: list[Path]) -> dict[str, bytes]:
    """Render every page of the plan; layout errors are reported once per layout and line."""
    env = make_environment(layout_dirs, site.config.language)
    errors = Collector()
    seen_problems: set[tuple[str, str]] = set()
    rendered: dict[str, bytes] = {}
    for item in plan:
        if item.layout is None:
            continue
        source = getattr(item.context.get("page"), "source", None)
        try:
            rendered[item.path] = render_page(env, item.layout, item.path, site, item.context, source)
        except ProsidingError as exc:
            key = (str(exc.ref), exc.message.split(" while rendering ")[0])
            if key not in seen_problems:
                seen_problems.add(key)
                errors.extend([_with_layout_hint(exc, item, source)])
    errors.raise_if_any()
    return rendered


def _with_layout_hint(error: ProsidingError, item: OutputFile, source: SourceRef | None) -> ProsidingError:
    """A layout chosen in front matter may be made for another kind of page: point back at the choice."""
    if source is None or item.layout == DEFAULT_LAYOUTS.get(item.kind) or (error.ref and error.ref.path == source.path):
        return error
    hint = f" ({source.path} asks for layout: {item.layout}; is that layout made for a {item.kind} page?)"
    return ProsidingError(error.message + hint, error.ref)


def search_docs(site: Site) -> list[search.SearchDoc]:
    """What the offline search covers: every page with a body, with its people and institutions."""
    people, institutions = site.people, site.institutions
    docs = []
    for seminar in site.seminars:
        names = sorted({people[r.person_id].name for r in site.roles_in(seminar.key)})
        docs.append(search.SearchDoc(seminar.url, seminar.title, "seminar", seminar.title, tuple(names), (), seminar.tags,
                                     " ".join(filter(None, [seminar.theme, seminar.summary, seminar.body.text])), seminar.year))
    for talk in site.presentations.values():
        seminar = site.seminar(talk.seminar_key)
        talk_people = [people[i].name for i in (talk.leader_id, *talk.member_ids, talk.head_id) if i]
        talk_institutions = [institutions[talk.institution_id].name] if talk.institution_id else []
        if talk.institution_id and institutions[talk.institution_id].abbreviation:
            talk_institutions.append(institutions[talk.institution_id].abbreviation or "")
        # The group name is searched like a tag: "Nusa" should find group Nusa's report first.
        talk_tags = (*talk.tags, talk.group) if talk.group else talk.tags
        docs.append(search.SearchDoc(talk.url, talk.title, "presentation", seminar.title, tuple(talk_people), tuple(talk_institutions), talk_tags,
                                     " ".join(filter(None, [talk.group, talk.summary, talk.body.text])), seminar.year))
    for article in site.news:
        seminar_title = site.seminar(article.seminar_key).title if article.seminar_key else ""
        docs.append(search.SearchDoc(article.url, article.title, "news", seminar_title, (), (), article.tags,
                                     " ".join(filter(None, [article.summary, article.body.text])), article.sort_date.year if article.sort_date else None))
    for person in people.values():
        docs.append(search.SearchDoc(person.url, person.name, "person", "", (person.name, *person.aliases), (), (),
                                     " ".join(filter(None, [person.summary, person.body.text])), None))
    for institution in institutions.values():
        names = tuple(filter(None, [institution.name, institution.abbreviation, *institution.former_names]))
        docs.append(search.SearchDoc(institution.url, institution.name, "institution", "", (), names, (),
                                     " ".join(filter(None, [institution.summary, institution.body.text])), None))
    for page in site.pages:
        docs.append(search.SearchDoc(page.url, page.title, "page", "", (), (), (), " ".join(filter(None, [page.summary, page.body.text])), None))
    return docs


def report_dead_links(links: LinkReport, plan: list[OutputFile]) -> None:
    """Links the layouts produced that lead nowhere (body links were checked while rendering)."""
    sources = {item.path: getattr(item.context.get("page"), "source", None) for item in plan}
    errors = Collector()
    for problem in links.problems:
        where = sources.get(problem.page)
        origin = f" (page built from {where.path})" if where else ""
        errors.add(f"{problem.reason}: {problem.link!r} in {problem.page}{origin}", SourceRef(f"output/{problem.page}", problem.line))
    errors.raise_if_any()


class _Outputs(Mapping[str, bytes]):
    """Rendered pages in memory; copied files (assets, theme statics) read from disk only when written."""

    def __init__(self, rendered: dict[str, bytes], plan: list[OutputFile], content_dir: Path, statics: dict[str, Path]):
        self._rendered = rendered
        self._copies: dict[str, Path] = {}
        for item in plan:
            if item.copy_from is None:
                continue
            if item.copy_from.startswith("theme:"):
                self._copies[item.path] = statics[item.copy_from.removeprefix("theme:")]
            else:
                self._copies[item.path] = content_dir / item.copy_from
        self._paths = sorted(set(rendered) | set(self._copies))

    def __getitem__(self, path: str) -> bytes:
        if path in self._rendered:
            return self._rendered[path]
        return self._copies[path].read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
