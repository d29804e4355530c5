"""Turn validated sources into the resolved `Site`: slugs, URLs, people, roles, order, bodies.

All files are parsed and validated before anything is resolved (Zola), and every cross-file
problem (duplicate slug, unknown seminar, missing attachment, dead link) is collected and reported
together at the end of the phase.
"""
from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Iterable

from pydantic import BaseModel

from . import urls
from .body import BodyJob, LinkTargets, render_bodies
from .cascade import DEFAULTS_FILE, apply_defaults
from .comments import is_comment_file
from .config import SITE_FILE
from .errors import Collector, ErrorList, ProsidingError, SourceRef
from .model import (
    Attachment,
    Body,
    Institution,
    NewsArticle,
    Page,
    Person,
    Presentation,
    Role,
    Seminar,
    Session,
    Site,
    SiteConfig,
    Term,
)
from .parse import RawDoc, parse_markdown_cached, parse_yaml_mapping
from .photos import ImageFacts, make_picture
from .schema import (
    InstitutionSchema,
    NewsSchema,
    HomeSchema,
    PageSchema,
    PersonSchema,
    PresentationSchema,
    SeminarSchema,
    validate,
)
from .sources import AssetFile, SourceTree

SCHEMAS: dict[str, type[BaseModel]] = {
    "seminar": SeminarSchema,
    "presentation": PresentationSchema,
    "news": NewsSchema,
    "person": PersonSchema,
    "institution": InstitutionSchema,
    "page": PageSchema,
    "home": HomeSchema,
}

# Academic and religious titles (gelar) dropped when deciding whether two names are one person:
# "Drs Tri Antoro MSi", "Drs. Tri Antoro, M.Si." and "Tri Antoro" all become "tri antoro".
TITLES = set(
    "drs dra dr ir h hj prof msi ma mm mt mpd mh mkes mba mag ssos sh se st spd skom sip sag sp phd ak msc bsc ba amd "
    "mkn spt ssi skm sstp mtp mkom mars map mpa sked spsi sthi shi sei spdi mhum shum ssn sds ir kh".split()
)


@dataclass(frozen=True)
class Doc:
    """A validated source, not yet resolved against the others."""

    kind: str
    rel: str  # content-relative, e.g. seminar/2014-x/nusa.md
    raw: RawDoc
    fields: Any  # the schema instance for `kind`
    slug: str
    url: str
    seminar_slug: str | None = None

    @property
    def draft(self) -> bool:
        return bool(getattr(self.fields, "draft", False))


@dataclass(frozen=True)
class LoadedDocs:
    """The sources that validated, and the problems of those that did not.

    A file with broken front matter is left out of the later checks instead of stopping them, so
    one run reports a mistyped key in one file and a dead link in another (`build_site` adds its
    problems to `problems` and raises them all). Links to a left-out file are not reported: its
    own error is.
    """

    docs: tuple[Doc, ...]
    problems: tuple[ProsidingError, ...] = ()
    left_out: frozenset[str] = frozenset()  # content-relative paths of Markdown files not in `docs`

    def with_problems(self, problems: Iterable[ProsidingError]) -> "LoadedDocs":
        return replace(self, problems=tuple(problems))

    def __len__(self) -> int:  # how many files go on to be resolved and rendered
        return len(self.docs)


def load_docs(tree: SourceTree, cache=None) -> list[Doc]:
    """Every Markdown source validated; raises all problems at once when any file is broken."""
    loaded = collect_docs(tree, cache)
    if loaded.problems:
        raise ErrorList(list(loaded.problems))
    return list(loaded.docs)


def collect_docs(tree: SourceTree, cache=None) -> LoadedDocs:
    """Parse, apply folder defaults and validate every Markdown source, collecting every problem."""
    errors = Collector()
    left_out = {rel.as_posix() for rel in tree.unreadable}
    defaults: dict[str, RawDoc] = {}
    for source in tree.texts:
        if source.rel.name == DEFAULTS_FILE:
            try:
                ref = SourceRef(source.display)
                meta, lines = parse_yaml_mapping(source.text, ref)
                defaults[_folder(source.rel)] = RawDoc(ref, meta, lines, "", 0)
            except ProsidingError as exc:
                errors.extend([exc])
    seminar_folders = {  # an unreadable index.md is reported already; its talks are not orphans
        PurePosixPath(*rel.parts[:2])
        for rel in [*(s.rel for s in tree.texts), *tree.unreadable]
        if rel.parts[0] == "seminar" and len(rel.parts) == 3 and rel.name == "index.md"
    }
    docs: list[Doc] = []
    for source in tree.texts:
        if source.rel == SITE_FILE or source.rel.name == DEFAULTS_FILE or is_comment_file(source.rel):
            continue  # settings, folder defaults and comments are read elsewhere
        ref = SourceRef(source.display)
        if source.rel.suffix.lower() != ".md":
            errors.add(f"unexpected YAML file; the build reads only content/{SITE_FILE} and {DEFAULTS_FILE} folder defaults", ref)
            continue
        kind, problem = _classify(source.rel, seminar_folders)
        if problem:
            errors.add(problem, ref)
            left_out.add(source.rel.as_posix())
            continue
        try:
            raw = parse_markdown_cached(source.text, ref, source.sha256, cache)
            if kind != "seminar" and kind != "home":
                raw = apply_defaults(raw, source.rel.as_posix(), defaults)
            fields = validate(SCHEMAS[kind], raw)
        except ProsidingError as exc:
            errors.extend([exc])
            left_out.add(source.rel.as_posix())
            continue
        docs.append(_place(kind, source.rel, raw, fields))
    return LoadedDocs(tuple(docs), _flat(errors.errors), frozenset(left_out))


def _flat(errors: list[ProsidingError]) -> tuple[ProsidingError, ...]:
    return tuple(e for error in errors for e in (error.errors if isinstance(error, ErrorList) else [error]))


def _classify(rel: PurePosixPath, seminar_folders: set[PurePosixPath]) -> tuple[str, str | None]:
    top = rel.parts[0]
    if rel == PurePosixPath("index.md"):
        return "home", None
    if top == "seminar":
        if len(rel.parts) == 2:
            return "", "a seminar needs its own folder: move this file to content/seminar/<name>/index.md"
        folder = PurePosixPath(*rel.parts[:2])
        if len(rel.parts) == 3 and rel.name == "index.md":
            return "seminar", None
        if folder not in seminar_folders:
            return "", f"presentation without a seminar: add content/{folder}/index.md describing the seminar"
        return "presentation", None
    return {"berita": "news", "orang": "person", "instansi": "institution"}.get(top, "page"), None


def _place(kind: str, rel: PurePosixPath, raw: RawDoc, fields: Any) -> Doc:
    """Decide slug and URL: from an explicit `slug`, else the file (or seminar folder) name."""
    explicit = getattr(fields, "slug", None)
    if kind == "seminar":
        slug = explicit or urls.slugify(rel.parts[1])
        return Doc(kind, rel.as_posix(), raw, fields, slug, urls.seminar_path(slug), slug)
    if kind == "home":
        return Doc(kind, rel.as_posix(), raw, fields, "", urls.HOME)
    slug = explicit or urls.slugify(rel.stem)
    if kind == "presentation":
        return Doc(kind, rel.as_posix(), raw, fields, slug, "", rel.parts[1])  # URL once the seminar slug is known
    if kind == "news":
        return Doc(kind, rel.as_posix(), raw, fields, slug, urls.news_path(slug))
    if kind == "person":
        return Doc(kind, rel.as_posix(), raw, fields, slug, urls.person_path(slug))
    if kind == "institution":
        return Doc(kind, rel.as_posix(), raw, fields, slug, urls.institution_path(slug))
    parent = posixpath.dirname(rel.as_posix())
    return Doc(kind, rel.as_posix(), raw, fields, slug, urls.content_page_path(f"{parent}/{slug}" if parent else slug))


def _folder(rel: PurePosixPath) -> str:
    parent = rel.parent.as_posix()
    return "" if parent == "." else parent


# --- people and institutions -------------------------------------------------------------------


def person_key(name: str) -> str:
    """The identity of a person's name: accents, case, punctuation and academic titles dropped."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_name.replace(".", "")).split()
    kept = [w for w in words if w not in TITLES]
    return " ".join(kept or words)


def institution_key(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_name).split())


@dataclass
class _Registry:
    """Names → ids for people or institutions; unknown names become implicit entries."""

    keyer: Any
    by_key: dict[str, str] = field(default_factory=dict)
    explicit: dict[str, Doc] = field(default_factory=dict)
    implicit_names: dict[str, list[str]] = field(default_factory=dict)

    def declare(self, doc: Doc, names: Iterable[str], errors: Collector) -> None:
        self.explicit[doc.slug] = doc
        for name in [doc.slug.replace("-", " "), *names]:
            key = self.keyer(name)
            other = self.by_key.get(key)
            if other and other != doc.slug:
                errors.add(f"the name {name!r} also belongs to {self.explicit[other].raw.ref.path}; give one of them a different alias", doc.raw.ref)
            self.by_key[key] = doc.slug

    def resolve(self, name: str | None) -> str | None:
        if not name:
            return None
        key = self.keyer(name)
        found = self.by_key.get(key)
        if found is None:
            found = urls.slugify(key)
            self.by_key[key] = found
        if found not in self.explicit:
            names = self.implicit_names.setdefault(found, [])
            if name not in names:
                names.append(name)
        return found


def _display_name(variants: list[str]) -> tuple[str, tuple[str, ...]]:
    """The fullest written form (with titles) is the display name; the rest are aliases."""
    ordered = sorted(variants, key=lambda v: (-len(v.split()), -len(v), v))
    return ordered[0], tuple(sorted(ordered[1:]))


# --- the whole site ----------------------------------------------------------------------------


def build_site(docs: LoadedDocs | list[Doc], tree: SourceTree, config: SiteConfig, *, cache=None, pool=None,
               images: dict[str, ImageFacts] | None = None) -> Site:
    """Resolve every reference between documents and render their bodies (cached, maybe in `pool`).

    `images` (photos.read_images) gives the size of every JPEG/PNG/WebP, for the copies pages show.
    Problems found while loading (`LoadedDocs.problems`) are raised together with this phase's.
    """
    images = dict(images or {})
    loaded = docs if isinstance(docs, LoadedDocs) else LoadedDocs(tuple(docs))
    docs = list(loaded.docs)
    errors = Collector()
    errors.extend(list(loaded.problems))
    live = [d for d in docs if not d.draft]
    drafts = {d.rel for d in docs if d.draft}
    seminar_slugs = {PurePosixPath(d.rel).parts[1]: d.slug for d in live if d.kind == "seminar"}
    live = [_with_presentation_url(d, seminar_slugs) for d in live if d.kind != "presentation" or d.seminar_slug in seminar_slugs]
    _check_duplicate_urls(live, tree.assets, errors)
    _check_crossref_dois(live, config, errors)

    refused = frozenset(r for r in loaded.left_out if not r.endswith(".md"))
    assets = _Known({a.rel.as_posix(): urls.asset_path(a.rel.as_posix()) for a in tree.assets}, refused, urls.asset_path)
    asset_files = _Known({a.rel.as_posix(): a for a in tree.assets}, refused, _refused_asset)
    # A left-out file exists; its own error fails the build, so a link to it is never written.
    pages = {**{rel: urls.HOME for rel in loaded.left_out}, **{d.rel: d.url for d in live}}
    targets = LinkTargets(pages, assets, frozenset(drafts), images)
    people = _Registry(person_key)
    institutions = _Registry(institution_key)
    for doc in live:
        if doc.kind == "person":
            people.declare(doc, [doc.fields.nama, *doc.fields.alias], errors)
        elif doc.kind == "institution":
            names = [doc.fields.nama, *doc.fields.nama_lama] + ([doc.fields.singkatan] if doc.fields.singkatan else [])
            institutions.declare(doc, names, errors)

    bodies = _render_bodies(live, targets, config, errors, cache, pool)
    by_kind: dict[str, list[Doc]] = {}
    for doc in live:
        by_kind.setdefault(doc.kind, []).append(doc)

    roles: list[Role] = []
    seminars, presentations = _seminars(by_kind, bodies, people, institutions, asset_files, images, roles, errors)
    seminar_keys = {s.key for s in seminars}
    left_out_seminars = {urls.slugify(PurePosixPath(r).parts[1]) for r in loaded.left_out if PurePosixPath(r).match("seminar/*/index.md")}
    news = _news(by_kind.get("news", []), bodies, seminars, seminar_keys | left_out_seminars, asset_files, images, errors)
    pages = tuple(sorted((_page(d, bodies) for d in by_kind.get("page", [])), key=lambda p: (p.order is None, p.order or 0, p.url)))
    home = next((_page(d, bodies) for d in by_kind.get("home", [])), None)
    person_pages = _people(people, bodies, asset_files, images, errors)
    institution_pages = _institutions(institutions, bodies, errors)
    errors.raise_if_any()

    all_tags = [t for s in seminars for t in s.tags] + [t for p in presentations.values() for t in p.tags] + [t for n in news for t in n.tags]
    return Site(
        config=config,
        seminars=seminars,
        presentations=presentations,
        news=news,
        people=person_pages,
        institutions=institution_pages,
        pages=pages,
        roles=tuple(_dedupe_roles(roles)),
        tags=_terms(all_tags, urls.tag_path),
        categories=_terms([c for n in news for c in n.categories], urls.category_path),
        home=home,
        assets=dict(sorted((output, source) for source, output in assets.items())),
        images=dict(sorted(images.items())),
    )


def _refused_asset(rel: str) -> AssetFile:
    return AssetFile(PurePosixPath(rel), f"content/{rel}", Path(rel), 0)


class _Known(dict):
    """Files by content path; a path in a file or folder that could not be read is known as well.

    That file or folder is reported already (a link out of content/, unreadable), so naming a path
    in it is not also reported as "not found". Picklable (module-level placeholder): the link
    targets cross into the body-rendering process pool.
    """

    def __init__(self, found: dict[str, Any], refused: frozenset[str], placeholder: Any):
        super().__init__(found)
        self._refused, self._placeholder = refused, placeholder

    def _is_refused(self, rel: object) -> bool:
        return isinstance(rel, str) and any(rel == r or rel.startswith(r + "/") for r in self._refused)

    def __contains__(self, rel: object) -> bool:
        return super().__contains__(rel) or self._is_refused(rel)

    def __missing__(self, rel: str) -> Any:
        if self._is_refused(rel):
            return self._placeholder(rel)
        raise KeyError(rel)

    def get(self, rel: str, default: Any = None) -> Any:
        return self[rel] if rel in self else default


def _check_crossref_dois(docs: list[Doc], config: SiteConfig, errors: Collector) -> None:
    """With `crossref` set, every DOI is deposited: it must lie under the site's prefix (Crossref
    refuses others from this depositor) and resolve to a web page, so `url_dasar` is needed."""
    settings = config.crossref
    if settings is None:
        return
    with_doi = [d for d in docs if d.kind in {"seminar", "presentation"} and getattr(d.fields, "doi", None)]
    for doc in with_doi:
        if not doc.fields.doi.startswith(settings.prefix + "/"):
            errors.add(f"doi: {doc.fields.doi} is not under the Crossref prefix {settings.prefix} (crossref.prefiks_doi in _site.yml); "
                       "Crossref registers only DOIs under the depositor's prefix", doc.raw.ref_of("doi"))
    if with_doi and not config.base_url:
        errors.add("crossref: a DOI must resolve to a web address, so url_dasar is needed (e.g. url_dasar: https://example.org/prosiding/); "
                   f"{len(with_doi)} page(s) have a doi", settings.source)


def _with_presentation_url(doc: Doc, seminar_slugs: dict[str, str]) -> Doc:
    if doc.kind != "presentation":
        return doc
    seminar = seminar_slugs.get(doc.seminar_slug or "")
    if seminar is None:
        return doc
    return Doc(doc.kind, doc.rel, doc.raw, doc.fields, doc.slug, urls.presentation_path(seminar, doc.slug), seminar)


def _check_duplicate_urls(docs: list[Doc], assets: Iterable[AssetFile], errors: Collector) -> None:
    """Two sources may not write one output path; case and Unicode form do not make paths differ."""
    seen: dict[str, tuple[str, str]] = {}
    # (explicit slug?, url, where): a page named after its file claims its path first, so the
    # error lands on the `slug:` line that caused the clash.
    claims = [(bool(d.raw.lines.get("slug")), d.url, d.raw.ref_of("slug") if d.raw.lines.get("slug") else d.raw.ref) for d in docs]
    claims += [(False, a.rel.as_posix(), SourceRef(a.display)) for a in assets]
    for _, url, ref in sorted(claims, key=lambda c: (c[0], c[2].path, c[1])):
        key = urls.fold_key(url)
        if key in seen:
            other_url, other_path = seen[key]
            how = _how_names_differ(url, other_url) or _how_names_differ(ref.path, other_path)
            errors.add(f"duplicate slug: {url} is also written by {other_path}{how}", ref)
        else:
            seen[key] = (url, ref.path)


def _how_names_differ(name: str, other: str) -> str:
    """Why two names that look alike (or differ only in case) are one name to Windows and macOS."""
    if name == other:
        return ""
    if unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", other):
        return " (the same name written in another Unicode form, NFC/NFD: macOS treats them as one file)"
    if urls.fold_key(name) == urls.fold_key(other):
        return " (the names differ only in letter case: Windows and macOS treat them as one file)"
    return ""


def _render_bodies(docs: list[Doc], targets: LinkTargets, config: SiteConfig, errors: Collector, cache, pool) -> dict[str, tuple[Body, set[str]]]:
    jobs = [BodyJob(d.raw.body, d.rel, d.url, d.raw.ref, d.raw.body_line, config.limits) for d in docs]
    rendered = render_bodies(jobs, targets, config.allowed_html, config.language, cache=cache, pool=pool)
    for item in rendered:
        errors.extend(item.errors)
    return {doc.rel: (item.body, item.used_assets) for doc, item in zip(docs, rendered)}


def _shown_image(path: str | None, alt: str | None, title: str | None, doc: Doc, field: str, alt_field: str, assets: dict[str, AssetFile],
                 images: dict[str, ImageFacts], errors: Collector) -> Attachment | None:
    """A featured image or photo named in front matter: a file like an attachment, and a page
    shows it, so it needs alt text (`alt_field`; an explicit "" declares it decoration)."""
    if path and alt is None:
        errors.add(f"{field}: {alt_field} is missing; say what the image shows for readers who cannot see it "
                   f"({alt_field}: ...), or write {alt_field}: \"\" if it is only decoration", doc.raw.ref_of(field))
    found = _attachment(path, title, doc, field, assets, errors, images, shown=True)
    return replace(found, alt=alt or "") if found is not None else None


def _attachment(path: str | None, title: str | None, doc: Doc, field_path: str, assets: dict[str, AssetFile], errors: Collector,
                images: dict[str, ImageFacts] | None = None, shown: bool = False) -> Attachment | None:
    """A file named in front matter, relative to the Markdown file; it must exist inside content/.

    A JPEG/PNG/WebP gets its resized copies; one that cannot be opened as an image is an error
    when a page shows it (`shown`, and every attachment list shows an image's thumbnail)."""
    if not path:
        return None
    if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path) or "\\" in path:
        errors.add(f"{field_path}: {path!r} must be a relative path next to the Markdown file", doc.raw.ref_of(field_path))
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(doc.rel), path))
    if target.startswith(".."):
        errors.add(f"{field_path}: {path!r} points outside content/", doc.raw.ref_of(field_path))
        return None
    asset = assets.get(target)
    if asset is None:
        errors.add(f"{field_path}: file {path!r} not found (looked for content/{target})", doc.raw.ref_of(field_path))
        return None
    suffix = asset.rel.suffix.lower()
    kind = "pdf" if suffix == ".pdf" else "image" if suffix in {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"} else (
        "document" if suffix in {".doc", ".docx", ".ppt", ".pptx", ".odt", ".odp", ".xls", ".xlsx"} else "other"
    )
    facts = (images or {}).get(target)
    if facts is not None and facts.problem is not None and (shown or kind == "image"):
        errors.add(f"{field_path}: content/{target} {facts.problem}", doc.raw.ref_of(field_path))
        return None
    picture = make_picture(target, facts) if facts is not None and facts.problem is None else None
    return Attachment(url=urls.asset_path(target), title=title or asset.rel.name, filename=asset.rel.name, kind=kind, size=asset.size, picture=picture)


def _seminars(by_kind, bodies, people: _Registry, institutions: _Registry, assets, images, roles: list[Role], errors: Collector):
    presentations: dict[str, Presentation] = {}
    seminars: list[Seminar] = []
    talks_by_seminar: dict[str, list[Doc]] = {}
    for doc in by_kind.get("presentation", []):
        talks_by_seminar.setdefault(doc.seminar_slug or "", []).append(doc)
    for doc in by_kind.get("seminar", []):
        f = doc.fields
        talks = sorted(talks_by_seminar.get(doc.slug, []), key=lambda d: (d.fields.urutan is None, d.fields.urutan or 0, d.slug))
        session_ids = {item.id for item in f.program if item.id}
        keys = []
        for order, talk in enumerate(talks, start=1):
            presentation = _presentation(talk, doc, order, bodies, people, institutions, assets, images, roles, errors)
            if talk.fields.sesi and talk.fields.sesi not in session_ids:
                known = ", ".join(sorted(session_ids)) or "none: give programme items an id"
                errors.add(f"sesi: {talk.fields.sesi!r} is not a session of this seminar (known: {known})", talk.raw.ref_of("sesi"))
            presentations[presentation.key] = presentation
            keys.append(presentation.key)
        sessions = []
        for index, item in enumerate(f.program):
            moderator = people.resolve(item.moderator)
            if moderator:
                roles.append(Role(moderator, "moderator", seminar_key=doc.slug, date=item.tanggal or f.tanggal, source=doc.raw.ref_of(f"program.{index}.moderator")))
            in_session = tuple(k for k in keys if item.id and presentations[k].session_id == item.id)
            sessions.append(Session(item.judul, item.id, item.tanggal, item.waktu, item.tempat, moderator, in_session))
        for index, person in enumerate(f.orang):
            roles.append(
                Role(
                    people.resolve(person.nama) or "",
                    person.peran,
                    seminar_key=doc.slug,
                    institution_id=institutions.resolve(person.instansi),
                    title=person.jabatan,
                    note=person.keterangan,
                    date=f.tanggal,
                    source=doc.raw.ref_of(f"orang.{index}"),
                )
            )
        body, _ = bodies[doc.rel]
        seminars.append(
            Seminar(
                key=doc.slug, title=f.judul, url=doc.url, date=f.tanggal, end_date=f.tanggal_selesai, theme=f.tema, venue=f.tempat,
                city=f.kota, organiser=f.penyelenggara, participants=f.jumlah_peserta, group_count=f.jumlah_kelompok, summary=f.ringkasan,
                sessions=tuple(sessions), presentation_keys=tuple(keys), tags=tuple(f.tag), doi=f.doi, isbn=f.isbn, issn=f.issn,
                editors=tuple(f.editor), publisher=f.penerbit, license=f.lisensi, body=body, layout=f.layout, source=doc.raw.ref, extra=f.extra,
            )
        )
    seminars.sort(key=lambda s: (s.date, s.key), reverse=True)
    ordered = {k: presentations[k] for s in seminars for k in s.presentation_keys}
    return tuple(seminars), ordered


def _presentation(doc: Doc, seminar: Doc, order: int, bodies, people: _Registry, institutions: _Registry, assets, images, roles: list[Role], errors) -> Presentation:
    f = doc.fields
    key = f"{seminar.slug}/{doc.slug}"
    # A presentation is held when and where its session is, unless it says otherwise.
    session = next((item for item in seminar.fields.program if f.sesi and item.id == f.sesi), None)
    date = f.tanggal or (session.tanggal if session else None) or seminar.fields.tanggal
    venue = f.tempat or (session.tempat if session else None) or seminar.fields.tempat
    leader = people.resolve(f.ketua)
    members = tuple(m for m in (people.resolve(name) for name in f.anggota) if m)
    presenter = people.resolve(f.pemapar)
    institution = institutions.resolve(f.instansi)
    head = people.resolve(f.kepala_instansi)
    common = dict(seminar_key=seminar.slug, presentation_key=key, date=date)
    if leader:
        roles.append(Role(leader, "ketua", source=doc.raw.ref_of("ketua"), **common))
    for index, member in enumerate(members):
        roles.append(Role(member, "anggota", source=doc.raw.ref_of(f"anggota.{index}"), **common))
    if presenter:
        roles.append(Role(presenter, "pemapar", source=doc.raw.ref_of("pemapar"), **common))
    if head:
        roles.append(Role(head, "kepala", institution_id=institution, title=f.jabatan_kepala, source=doc.raw.ref_of("kepala_instansi"), **common))
    attachments = tuple(
        a for a in (_attachment(item.berkas, item.judul, doc, f"lampiran.{i}.berkas", assets, errors, images) for i, item in enumerate(f.lampiran)) if a
    )
    body, _ = bodies[doc.rel]
    return Presentation(
        key=key, seminar_key=seminar.slug, slug=doc.slug, title=f.judul, url=doc.url, position=order, order=f.urutan, group=f.kelompok, leader_id=leader,
        member_ids=members, presenter_id=presenter, institution_id=institution, head_id=head, head_title=f.jabatan_kepala, study_start=f.studi_mulai,
        study_end=f.studi_selesai, date=date, venue=venue, session_id=f.sesi, summary=f.ringkasan,
        tags=tuple(f.tag), attachments=attachments, doi=f.doi, pages=f.halaman, license=f.lisensi or seminar.fields.lisensi, comments=f.komentar, body=body, layout=f.layout, source=doc.raw.ref, extra=f.extra,
    )


def _news(docs: list[Doc], bodies, seminars: tuple[Seminar, ...], seminar_keys: set[str], assets, images, errors: Collector) -> tuple[NewsArticle, ...]:
    dates = {s.key: s.date for s in seminars}
    articles = []
    for doc in docs:
        f = doc.fields
        seminar_key = f.seminar
        if seminar_key and seminar_key not in seminar_keys:
            known = ", ".join(sorted(seminar_keys)) or "none"
            errors.add(f"seminar: {seminar_key!r} is not a seminar slug (known: {known})", doc.raw.ref_of("seminar"))
            seminar_key = None
        sort_date = f.tanggal or (dates.get(seminar_key) if seminar_key else None)
        if sort_date is None and not f.seminar:
            errors.add("tanggal: required field is missing (or name the related seminar with `seminar:`)", doc.raw.ref)
        body, _ = bodies[doc.rel]
        articles.append(
            NewsArticle(
                slug=doc.slug, title=f.judul, url=doc.url, date=f.tanggal, sort_date=sort_date, author=f.penulis, summary=f.ringkasan,
                categories=tuple(f.kategori), tags=tuple(f.tag), image=_shown_image(f.gambar, f.alt_gambar, f.keterangan_gambar or f.judul, doc, "gambar", "alt_gambar", assets, images, errors),
                image_caption=f.keterangan_gambar, seminar_key=seminar_key, old_paths=tuple(f.alamat_lama), comments=f.komentar, body=body, layout=f.layout, source=doc.raw.ref, extra=f.extra,
            )
        )
    articles.sort(key=lambda n: (n.sort_date or dt.date.min, n.slug), reverse=True)
    return tuple(articles)


def _page(doc: Doc, bodies) -> Page:
    f = doc.fields
    body, _ = bodies[doc.rel]
    return Page(
        slug=doc.slug, title=f.judul or "", url=doc.url, summary=f.ringkasan, order=getattr(f, "urutan", None), old_paths=tuple(getattr(f, "alamat_lama", ())), comments=getattr(f, "komentar", None), body=body, layout=f.layout,
        source=doc.raw.ref, extra=f.extra,
    )


def _people(registry: _Registry, bodies, assets, images, errors: Collector) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for person_id, doc in registry.explicit.items():
        f = doc.fields
        body, _ = bodies[doc.rel]
        people[person_id] = Person(
            id=person_id, name=f.nama, url=doc.url, aliases=tuple(f.alias), summary=f.ringkasan,
            photo=_shown_image(f.foto, f.alt_foto, f.nama, doc, "foto", "alt_foto", assets, images, errors), body=body, source=doc.raw.ref, extra=f.extra,
        )
    for person_id, variants in registry.implicit_names.items():
        if person_id not in people:
            name, aliases = _display_name(variants)
            people[person_id] = Person(id=person_id, name=name, url=urls.person_path(person_id), aliases=aliases)
    return dict(sorted(people.items(), key=lambda item: (person_key(item[1].name), item[0])))


def _institutions(registry: _Registry, bodies, errors: Collector) -> dict[str, Institution]:
    found: dict[str, Institution] = {}
    for institution_id, doc in registry.explicit.items():
        f = doc.fields
        body, _ = bodies[doc.rel]
        found[institution_id] = Institution(
            id=institution_id, name=f.nama, url=doc.url, abbreviation=f.singkatan, former_names=tuple(f.nama_lama),
            parent_id=registry.resolve(f.induk), website=f.situs, summary=f.ringkasan, body=body, source=doc.raw.ref, extra=f.extra,
        )
    for institution_id, variants in registry.implicit_names.items():
        if institution_id not in found:
            name, aliases = _display_name(variants)
            found[institution_id] = Institution(id=institution_id, name=name, url=urls.institution_path(institution_id), former_names=())
    return dict(sorted(found.items(), key=lambda item: (institution_key(item[1].name), item[0])))


def _dedupe_roles(roles: list[Role]) -> list[Role]:
    """One role per person, kind and place; details written in either mention are kept.

    A moderator named in the programme and again under `orang:` with a note is one role
    carrying the note, not two lines (nor one that loses the note).
    """
    merged: dict[tuple, Role] = {}
    for role in roles:
        key = (role.person_id, role.kind, role.seminar_key, role.presentation_key)
        known = merged.get(key)
        if known is None:
            merged[key] = role
            continue
        details = {
            name: getattr(known, name) if getattr(known, name) is not None else getattr(role, name)
            for name in ("institution_id", "title", "note", "date")
        }
        merged[key] = replace(known, **details)
    return list(merged.values())


def _terms(names: list[str], path_of) -> tuple[Term, ...]:
    """Tags that slugify alike are one tag; the first spelling in sorted order names it."""
    by_slug: dict[str, str] = {}
    for name in sorted(names):
        by_slug.setdefault(urls.slugify(name), name)
    return tuple(Term(slug, name, path_of(slug)) for slug, name in sorted(by_slug.items()))


# --- warnings ------------------------------------------------------------------------------------


def duplicate_orders(site: Site) -> list[str]:
    """One warning per `urutan` that two or more presentations of one seminar share.

    The build still orders them (by file name), but the programme order should be the author's
    decision, not an accident of file names.
    """
    by_place: dict[tuple[str, int], list[Presentation]] = {}
    for talk in site.presentations.values():
        if talk.order is not None:
            by_place.setdefault((talk.seminar_key, talk.order), []).append(talk)
    warnings = []
    for (_, order), talks in sorted(by_place.items()):
        if len(talks) > 1:
            paths = sorted(t.source.path for t in talks if t.source)
            others = " and ".join(paths[1:])
            warnings.append(f"{paths[0]}: urutan: {order} is also the urutan of {others}; give each presentation its own (until then they are ordered by file name)")
    return warnings


def near_duplicate_names(site: Site) -> list[str]:
    """Warnings for a name known only from where it appears that looks like a misspelling of another.

    Such a name still gets its own page (it may be a different person), but an archive kept year
    after year should not quietly split "Sri Widarti" into two people over one missing letter.
    """
    person_places = {r.person_id: r.source for r in reversed(site.roles) if r.source}
    institution_places = {p.institution_id: p.source for p in reversed(list(site.presentations.values())) if p.institution_id and p.source}
    return sorted(
        _near_names(site.people.values(), person_key, person_places, "person", "orang")
        + _near_names(site.institutions.values(), institution_key, institution_places, "institution", "instansi")
    )


def _near_names(entities: Iterable[Any], keyer: Any, places: dict[str, SourceRef], noun: str, folder: str) -> list[str]:
    """For people or institutions: each one without a file whose name is close to another's."""
    entities = list(entities)
    candidates = [(e.id, e.name, keyer(e.name)) for e in entities]
    warnings = []
    for entity in entities:
        match = _closest(keyer(entity.name), entity.id, candidates) if entity.source is None else None
        if match:
            where = places.get(entity.id)
            prefix = f"{where}: " if where else ""
            warnings.append(f"{prefix}{entity.name!r} is a new {noun}; did you mean {match[1]!r} ({folder}/{match[0]})?")
    return warnings


def _closest(key: str, own_id: str, candidates: list[tuple[str, str, str]]) -> tuple[str, str] | None:
    others = {candidate_key: (candidate_id, name) for candidate_id, name, candidate_key in candidates if candidate_id != own_id}
    found = difflib.get_close_matches(key, list(others), n=1, cutoff=0.85)
    return others[found[0]] if found else None
