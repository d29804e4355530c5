"""`build()`: the whole pipeline, top to bottom. Each stage reports all its errors, then stops.

    load sources → settings → parse + validate → resolve the site → plan → render → check links → write

Nothing is written unless every stage succeeded; then the output is swapped in whole.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from . import search
from .cite import make_citations, render_citation_file
from .comments import Thread, load_threads
from .crossref import render_crossref_file
from .feeds import render_discovery_file
from .redirects import render_redirect
from .volume import ENGINE_NOTE, SiteFiles, creation_date, installed_engine, loads_unchanged, pdf_engine_version, pdf_key, pdf_settings, print_volumes
from .cache import BuildCache, cache_dir_for, digest, engine_fingerprint, environment_says_no_cache
from .collect import LoadedDocs, build_site, collect_docs, duplicate_orders, near_duplicate_names
from .deps import Facts, Reads, layout_fingerprints, value_fingerprint
from .config import SITE_FILE, make_config
from .i18n import load_catalogue
from .errors import Collector, ProsidingError, SourceRef
from .linkcheck import ExternalLink, LinkReport, PageLinks, ScannedFile, check_links, scan_file
from .manifest import build_manifest, nothing_changed, state_key
from .project import BuildResult, BuildStats, Project  # noqa: F401  (re-exported: the build's API)
from .model import Site, SiteConfig
from .plan import DEFAULT_LAYOUTS, OutputFile, make_plan
from .render import make_environment, missing_layouts, render_page, theme_dir, unusable_layouts
from .sources import SourceTree, read_sources
from .parallel import WorkerPool, worker_pool
from .photos import copy_key, encode_copy, pack, read_image_bytes, read_images, unpack
from .write import check_output_dir, commit_output, recover_interrupted_swap


T = TypeVar("T")


def build(project: Project, *, write: bool = True, use_cache: bool = True, jobs: int | None = None, check_unchanged: bool = True,
          progress: Callable[[str], None] = lambda stage: None) -> BuildResult:
    """Build the site; with `write=False` (the `check` command) validate everything, write nothing.

    Every stage reuses what the build cache knows (see cache.py and deps.py), so a rebuild does
    only the work an edit made necessary; the result is byte-identical to a build without cache.
    """
    started = time.perf_counter()
    if write:
        check_output_dir(project.output, project.source, project.content_dir, project.layouts_dir)
        # Before anything is judged fresh by its stat: a killed earlier commit is finished or undone.
        recover_interrupted_swap(project.output)
    cache = open_cache(project, use_cache, read_only=not write)
    cache.preload("parse", "body", "search")
    try:
        if write and check_unchanged and (unchanged := nothing_changed(project, cache)) is not None:
            return unchanged
        progress("reading content")
        tree, config, docs = load_content(project, cache)
        with worker_pool(jobs, len(docs)) as pool:
            progress(f"converting {len(docs)} Markdown files")
            site = build_site(docs, tree, config, cache=cache, pool=pool, images=read_images(tree.assets, cache))
            comments = load_comments(tree, docs, site, cache)
            cache.flush()  # converted bodies are right whatever happens next; holding them costs memory
            layout_dirs = layout_folders(project)
            statics = static_files(layout_dirs)
            citations = make_citations(site, cache, pool)
            pdf_engine = pdf_engine_version() if config.volume_pdf else None
            plan = make_plan(site, sorted(statics), citations, with_pdf=pdf_engine is not None,
                             source_date_epoch=os.environ.get("SOURCE_DATE_EPOCH"), comments=comments)
            previous = PreviousPages.load(cache, project.output) if write else PreviousPages()
            progress(f"rendering pages that changed (of {len(plan)} files)")
            pages = render_files(plan, site, layout_dirs, previous, pool)
            progress("resizing photos that changed")
            make_image_files(plan, pages, previous, project.content_dir, cache, encode=write)
            if pdf_engine is not None and write:
                progress("printing seminar volumes")  # after rendering: a PDF is made from its volume page
                make_volume_pdfs(plan, pages, previous, _Outputs(pages.rendered, plan, project.content_dir, statics, project.output, pages.kept),
                                 site.config, pdf_engine, creation_date(os.environ.get("SOURCE_DATE_EPOCH")), pool)
            elif pdf_engine is not None:
                # `check` validates the pages as a build makes them but does not print: an empty stand-in
                # lets the link check see the PDF each volume links to.
                pages.rendered.update({item.path: b"" for item in plan if item.generator == "pdf"})
        progress("search data and link check")
        files = dict(pages.rendered)
        files.update(search.make_search_files(search_docs(site), cache=cache))
        outputs = _Outputs(files, plan, project.content_dir, statics, project.output, pages.kept)
        links = check_links(outputs, kept={path: previous.links(path) for path in pages.kept}, scanned=pages.scans)
        report_dead_links(links, plan)
        result = BuildResult(site, outputs, links, warnings=cached_near_duplicate_names(site, cache) + duplicate_orders(site), title=config.title, base_url=config.base_url)
        engine_note = write and config.volume_pdf and pdf_engine is None and bool(site.seminars)
        notes = list(cache.notes) + ([ENGINE_NOTE] if engine_note else [])
        result.stats = BuildStats(pages=sum(1 for p in outputs if p.endswith(".html")), rendered=len(pages.rendered), notes=notes)
        if write:
            progress("writing the output")
            result.written = commit_output(outputs, project.output, protected=[project.source, project.content_dir, project.layouts_dir], kept=pages.kept)
            result.warnings += [f"page removed since the last build: {p} (links and citations to it now break)" for p in result.written.removed_pages]
            remember_build(cache, project, pages, previous, links, result, engine_note)
        cache.flush()
        result.stats.seconds = time.perf_counter() - started
        return result
    finally:
        cache.close()


def load_comments(tree: SourceTree, loaded: LoadedDocs, site: Site, cache: BuildCache) -> dict[str, Thread]:
    """Each page's approved comments (comments.py), by page URL."""
    pages: dict[str, str | None] = {f"content/{rel}": None for rel in loaded.left_out}
    pages.update({d.raw.ref.path: None for d in loaded.docs if d.draft})
    entities = [*site.seminars, *site.presentations.values(), *site.news, *site.pages, *site.people.values(), *site.institutions.values(),
                *([site.home] if site.home else [])]
    pages.update({e.source.path: e.url for e in entities if e.source is not None})
    return load_threads(tree.texts, pages, site.config.untrusted_limits, cache)


def open_cache(project: Project, use_cache: bool, read_only: bool = False) -> BuildCache:
    """The build cache beside the output, or none (`--no-cache`, PROSIDING_NO_CACHE=1).

    `check` only reads it (if a build left one): it writes nothing, not even a cache."""
    if not use_cache or environment_says_no_cache():
        return BuildCache.open(None)
    return BuildCache.open(cache_dir_for(project.output), read_only=read_only)


def cached_near_duplicate_names(site: Site, cache: BuildCache) -> list[str]:
    """The misspelt-name warnings: comparing every name with every other is slow on big sites,
    and the answer depends only on the names and where they were written."""
    people = [(p.id, p.name, p.source is None) for p in site.people.values()]
    institutions = [(i.id, i.name, i.source is None) for i in site.institutions.values()]
    places = [(r.person_id, str(r.source)) for r in site.roles if r.source]
    places += [(p.institution_id, str(p.source)) for p in site.presentations.values() if p.institution_id and p.source]
    key = digest(repr((people, institutions, places)))
    found = cache.get("names", key)
    if isinstance(found, list) and all(isinstance(w, str) for w in found):
        return list(found)
    warnings = near_duplicate_names(site)
    cache.put("names", key, warnings)
    return warnings


def load_content(project: Project, cache: BuildCache | None = None) -> tuple[SourceTree, SiteConfig, LoadedDocs]:
    """Read, parse and validate every source file; check layout files and the `layout:` names.

    One phase for all files: an unreadable file, a bad setting and a bad date in three different
    files are reported together, sorted, instead of one per run.
    """
    errors = Collector()
    tree = read_sources(project.content_dir)
    errors.extend(list(tree.problems))
    config = _collect(errors, make_config, tree) if SITE_FILE not in tree.unreadable else None
    loaded = collect_docs(tree, cache)  # files with broken front matter are left out; the others go on to be checked
    errors.extend(list(loaded.problems))
    docs = loaded.docs
    layout_dirs = layout_folders(project)
    requests = [(d.fields.layout, d.raw.ref_of("layout")) for d in docs if getattr(d.fields, "layout", None) and not d.draft]
    errors.extend(missing_layouts(layout_dirs, requests))
    errors.extend(unusable_layouts(layout_dirs))
    if config is None:
        errors.raise_if_any()
    assert config is not None  # raise_if_any stopped the build otherwise
    return tree, config, loaded.with_problems(errors.errors)  # build_site reports them with its own


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


@dataclass
class RenderedPages:
    rendered: dict[str, bytes]  # pages rendered by this build
    kept: frozenset[str]  # pages unchanged in the current output: nothing they read has changed
    records: dict[str, dict]  # what each page read, for the next build (see deps.py)
    scans: dict[str, ScannedFile] = field(default_factory=dict)  # links and anchors of rendered pages


def render_files(plan: list[OutputFile], site: Site, layout_dirs: list[Path], previous: "PreviousPages | None" = None, pool=None) -> RenderedPages:
    """Render the pages of the plan whose inputs changed; layout errors are reported once per layout and line."""
    previous = previous or PreviousPages()
    facts = Facts(site, layout_fingerprints(layout_dirs))
    previous.find_changes(facts)
    todo: list[tuple[OutputFile, str]] = []
    kept: set[str] = set()
    records: dict[str, dict] = {}
    generated: list[tuple[OutputFile, str]] = []
    shared_values: dict[int, str] = {}  # the plan keeps every value alive while this runs
    for item in plan:
        if (item.layout is None and item.generator is None) or item.generator in ("pdf", "image"):
            continue
        key = page_key(item, site.config.language, shared_values)
        record = previous.fresh_record(item.path, key, facts)
        if record is not None:
            kept.add(item.path)
            records[item.path] = record
        elif item.generator is not None:
            generated.append((item, key))
        else:
            todo.append((item, key))
    if pool is not None and len(todo) > 1:
        results = pool.render_pages([item for item, _ in todo], site, layout_dirs)
    else:
        results = render_many([item for item, _ in todo], site, layout_dirs, facts)
    errors = Collector()
    seen_problems: set[tuple[str, str]] = set()
    rendered: dict[str, bytes] = {}
    scans: dict[str, ScannedFile] = {}
    for (item, key), (data, reads, error, scan) in zip(todo, results):
        if error is not None:
            problem = (str(error.ref), error.message.split(" while rendering ")[0])
            if problem not in seen_problems:
                seen_problems.add(problem)
                errors.extend([_with_layout_hint(error, item, getattr(item.context.get("page"), "source", None))])
            continue
        rendered[item.path] = data
        scans[item.path] = scan
        records[item.path] = {"key": key, "facts": reads}
    errors.raise_if_any()
    for item, key in generated:  # cheap, and made from their context alone: no worker, no recorded reads
        rendered[item.path] = GENERATED[item.generator](item.generator, dict(item.context))  # type: ignore[index]
        records[item.path] = {"key": key, "facts": {}}
    return RenderedPages(rendered, frozenset(kept), records, scans)


def make_volume_pdfs(plan: list[OutputFile], pages: RenderedPages, previous: "PreviousPages", outputs: "_Outputs", config: SiteConfig,
                     engine: str, created: str | None = None, pool: WorkerPool | None = None) -> None:
    """Print each seminar volume whose page or loaded files changed; keep the others as they are.

    Printing is the slowest step of a build (seconds a volume), so a PDF is keyed by the bytes of
    its volume page and the files it loaded, not by the site: an edit elsewhere keeps it. The
    volumes that must be printed are spread over the worker processes."""
    files = outputs.site_files()
    kept = set(pages.kept)
    to_print: list[tuple[OutputFile, bytes, str]] = []
    for item in plan:
        if item.generator != "pdf":
            continue
        html = outputs.get(item.context["html"])
        if html is None:
            continue  # the volume page failed: its error is already reported
        key = pdf_key(html, engine, config.language, created, config.base_url)
        record = previous.fresh_record(item.path, key, None)  # type: ignore[arg-type]
        if record is not None and loads_unchanged(record.get("loads", {}), files.read):
            kept.add(item.path)
            pages.records[item.path] = record
        else:
            to_print.append((item, html, key))
    volumes = [(html, item.context["html"]) for item, html, _ in to_print]
    printed = pool.print_volumes(volumes, files, config.base_url, config.language, created) if pool else \
        print_volumes(volumes, files, config.base_url, config.language, created)
    for (item, _, key), (data, loads) in zip(to_print, printed):
        pages.rendered[item.path] = data
        pages.records[item.path] = {"key": key, "facts": {}, "loads": loads}
    pages.kept = frozenset(kept)


def make_image_files(plan: list[OutputFile], pages: RenderedPages, previous: "PreviousPages", content_dir: Path, cache: BuildCache,
                     encode: bool = True) -> None:
    """Encode the photos' copies (photos.py) whose source or settings changed; keep the others.

    Encoding is slow next to rendering, so a copy is keyed by what makes its bytes (source hash,
    width, format, quality, encoder), not by the site: an unchanged image is left as it is in the
    output, and one the cache holds (after the output was removed) is not encoded again.
    Without `encode` (`check`) each copy is an empty stand-in: the pages' links to it are checked,
    the image itself was checked when it was read."""
    kept = set(pages.kept)
    source: tuple[str, bytes] = ("", b"")  # one image at a time: its copies sort next to each other
    used: set[str] = set()
    for item in plan:
        if item.generator != "image":
            continue
        if not encode:
            pages.rendered[item.path] = b""
            continue
        key = copy_key(item.context)
        used.add(key)
        record = previous.fresh_record(item.path, key, None)  # type: ignore[arg-type]
        if record is not None:
            kept.add(item.path)
            pages.records[item.path] = record
            continue
        data = unpack(cache.get("image-copy", key))
        if data is None:
            rel = item.context["source"]
            if source[0] != rel:
                cache.flush()  # copies are right whatever happens next; holding many photos costs memory
                source = (rel, read_image_bytes(content_dir, rel, item.context["sha256"]))
            data = encode_copy(source[1], item.context["width"], item.context["format"], item.context["quality"])
            cache.put("image-copy", key, pack(data))
        pages.rendered[item.path] = data
        pages.records[item.path] = {"key": key, "facts": {}}
    pages.kept = frozenset(kept)
    if encode:
        cache.retain("image-copy", used)  # copies of images since edited or removed: megabytes nobody asks for again


# Files made by a pure function of their plan context instead of a layout.
GENERATED: dict[str, Callable[[str, dict], bytes]] = {
    "bibtex": render_citation_file, "ris": render_citation_file, "csl-json": render_citation_file, "site-bibtex": render_citation_file,
    "feed": render_discovery_file, "sitemap": render_discovery_file, "robots": render_discovery_file, "redirect": render_redirect,
    "crossref": render_crossref_file,
}


def render_many(items: list[OutputFile], site: Site, layout_dirs: list[Path], facts: Facts | None = None) -> list[tuple[bytes, dict[str, str], ProsidingError | None, ScannedFile | None]]:
    """Render `items` in this process, noting what each read and scanning its links: (bytes, facts, error, scan) per item."""
    env = make_environment(layout_dirs, site.config.language)
    # In this process the freshness check's fingerprints are reused; a worker computes its own.
    facts = facts or Facts(site, layout_fingerprints(layout_dirs))
    results = []
    for item in items:
        source = getattr(item.context.get("page"), "source", None)
        env.reads = reads = Reads(facts)  # type: ignore[attr-defined]
        try:
            data = render_page(env, item.layout or "", item.path, site, item.context, source)
            results.append((data, reads.facts, None, scan_file(item.path, data)))
        except ProsidingError as exc:
            results.append((b"", {}, exc, None))
        finally:
            env.reads = None  # type: ignore[attr-defined]
    return results


def page_key(item: OutputFile, language: str, memo: dict[int, str] | None = None) -> str:
    """Everything a page depends on besides what it reads: its path, layout, language and the view it is given."""
    return digest(item.path, item.layout or "", language, value_fingerprint(dict(item.context), memo))


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
        # A seminar is found by the institutions its groups visited and its resource persons head.
        places = {r.institution_id for r in site.roles_in(seminar.key) if r.institution_id}
        places |= {t.institution_id for t in site.presentations_of(seminar) if t.institution_id}
        seminar_institutions = tuple(sorted(institutions[i].name for i in places if i in institutions))
        docs.append(search.SearchDoc(seminar.url, seminar.title, "seminar", seminar.title, tuple(names), seminar_institutions, seminar.tags,
                                     " ".join(filter(None, [seminar.theme, seminar.summary, seminar.body.text])), seminar.year))
    gettext = load_catalogue(site.config.language).gettext
    # Results name each person with their part, so the head of the office visited is not taken for the author.
    parts = {"presenter": gettext("presenter"), "leader": gettext("group leader"), "member": gettext("Group member"),
             "head": gettext("Head of institution")}
    for talk in site.presentations.values():
        seminar = site.seminar(talk.seminar_key)
        with_parts = [(talk.presenter_id, "presenter"), (talk.leader_id, "leader"), *((m, "member") for m in talk.member_ids), (talk.head_id, "head")]
        talk_people = list(dict.fromkeys(f"{people[i].name} ({parts[part]})" for i, part in with_parts if i))
        talk_institutions = [institutions[talk.institution_id].name] if talk.institution_id else []
        if talk.institution_id and institutions[talk.institution_id].abbreviation:
            talk_institutions.append(institutions[talk.institution_id].abbreviation or "")
        # The group name is searched like a tag: "Nusa" should find group Nusa's report first.
        talk_tags = (*talk.tags, talk.group) if talk.group else talk.tags
        docs.append(search.SearchDoc(talk.url, talk.title, "presentation", seminar.title, tuple(talk_people), tuple(talk_institutions), talk_tags,
                                     " ".join(filter(None, [talk.summary, talk.body.text])), seminar.year))
    for article in site.news:
        seminar_title = site.seminar(article.seminar_key).title if article.seminar_key else ""
        docs.append(search.SearchDoc(article.url, article.title, "news", seminar_title, (), (), article.tags,
                                     " ".join(filter(None, [article.summary, article.body.text])), article.sort_date.year if article.sort_date else None))
    for person in people.values():
        # A person is found by the institutions they head or came from ("humas" finds its head).
        person_places = tuple(sorted({institutions[r.institution_id].name for r in site.roles_of(person.id) if r.institution_id in institutions}))
        docs.append(search.SearchDoc(person.url, person.name, "person", "", (person.name, *person.aliases), person_places, (),
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
    """Rendered pages in memory; copied files (assets, theme statics) and pages kept from the
    last build are read from disk only when needed."""

    def __init__(self, rendered: dict[str, bytes], plan: list[OutputFile], content_dir: Path, statics: dict[str, Path],
                 output_dir: Path | None = None, kept: frozenset[str] = frozenset()):
        self._rendered = rendered
        self._copies: dict[str, Path] = {}
        for item in plan:
            if item.copy_from is None:
                continue
            if item.copy_from.startswith("theme:"):
                self._copies[item.path] = statics[item.copy_from.removeprefix("theme:")]
            else:
                self._copies[item.path] = content_dir / item.copy_from
        if output_dir is not None:
            for path in kept:
                self._copies[path] = output_dir.joinpath(*path.split("/"))
        self._paths = sorted(set(rendered) | set(self._copies))

    def site_files(self) -> SiteFiles:
        """The files a printed page may load, to send to a worker: pages stay behind."""
        return SiteFiles({path: data for path, data in self._rendered.items() if not path.endswith(".html")}, dict(self._copies))

    def __getitem__(self, path: str) -> bytes:
        if path in self._rendered:
            return self._rendered[path]
        return self._copies[path].read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


# --- what the next build reuses ------------------------------------------------------------------


def _stat_signature(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


class PreviousPages:
    """The page records of the last successful build into this output folder."""

    def __init__(self, records: dict[str, dict] | None = None, output_dir: Path | None = None):
        self.records = records or {}
        self.output_dir = output_dir
        self.changed: set[tuple[str, str]] = set()

    def find_changes(self, facts: Facts) -> None:
        """Every (fact, fingerprint) some page recorded that no longer holds, each fact computed once."""
        recorded: set[tuple[str, str]] = set()
        for record in self.records.values():
            try:
                recorded.update(record["facts"].items())
            except (KeyError, TypeError, AttributeError):
                continue
        self.changed = {pair for pair in recorded if facts.current(pair[0]) != pair[1]}

    @classmethod
    def load(cls, cache: BuildCache, output_dir: Path) -> "PreviousPages":
        return cls(cache.get_many(_pages_namespace(output_dir)), output_dir)

    def fresh_record(self, path: str, key: str, facts: Facts) -> dict | None:
        """The record of `path` if the page needs no rendering: same key, every fact it read
        unchanged, and its file in the output exactly as the last build left it."""
        record = self.records.get(path)
        if not isinstance(record, dict) or record.get("key") != key or self.output_dir is None:
            return None
        try:
            if not self.changed.isdisjoint(record["facts"].items()):
                return None
            if record["stat"] != _stat_signature(self.output_dir.joinpath(*path.split("/"))):
                return None
            self.links(path)  # malformed link data: render again
        except (KeyError, TypeError, AttributeError, ValueError):
            return None
        return record

    def links(self, path: str) -> PageLinks:
        data = self.records[path]["links"]
        return PageLinks(tuple(data["anchors"]), tuple(data["targets"]), tuple(ExternalLink(path, str(link), int(line)) for link, line in data["external"]))


NO_LINKS = PageLinks((), (), ())  # a generated file that is not a page links nowhere


def _pages_namespace(output_dir: Path) -> str:
    return "pages:" + digest(str(Path(output_dir).resolve()))


def remember_build(cache: BuildCache, project: Project, pages: "RenderedPages", previous: PreviousPages, links: LinkReport, result: BuildResult,
                   engine_note: bool = False) -> None:
    """Store what the next build needs: each page's record with its file's stat, and the manifest
    of every input and output for the no-change fast path."""
    if not cache.enabled:
        return
    namespace = _pages_namespace(project.output)
    gone = [path for path in previous.records if path not in pages.records]
    cache.delete(namespace, gone)
    for path, record in pages.records.items():
        if path in pages.kept:
            continue  # linked or left in place: same file, same stat, same record
        page_links = links.pages.get(path) or (None if path.endswith((".html", ".css")) else NO_LINKS)
        stat = _stat_signature(project.output.joinpath(*path.split("/")))
        if page_links is None or stat is None:
            continue
        cache.put(namespace, path, {
            "key": record["key"], "facts": record["facts"], "stat": stat, **({"loads": record["loads"]} if "loads" in record else {}),
            "links": {"anchors": list(page_links.anchors), "targets": list(page_links.targets),
                      "external": [[e.link, e.line] for e in page_links.external]},
        })
    cache.put("state", state_key(project), {
        "manifest": build_manifest(project), "warnings": result.warnings, "pages": result.stats.pages, "engine": engine_fingerprint(),
        "title": result.title, "base_url": result.base_url,
        "pdf": pdf_settings(installed_engine(), os.environ.get("SOURCE_DATE_EPOCH")), "engine_note": engine_note,
    })


