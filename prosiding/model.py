"""The content model: one frozen dataclass per content kind, each carrying where it came from.

Everything here is resolved: people and institutions are ids into `Site.people`/`Site.institutions`,
bodies are rendered, and `url` is the page's output path relative to the site root (decided by
urls.py). Templates receive these objects; nothing downstream reads raw front matter.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Mapping

from .budget import STRICT_LIMITS, BodyLimits
from .errors import SourceRef


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    title: str
    children: tuple["TocEntry", ...] = ()


@dataclass(frozen=True)
class Body:
    """Rendered Markdown: sanitised HTML with rewritten links, its headings, and plain text."""

    html: str = ""
    toc: tuple[TocEntry, ...] = ()
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.html.strip())


@dataclass(frozen=True)
class HtmlAllowance:
    """HTML a site lets through sanitising on top of body.ALLOWED_* (`html_diizinkan` in _site.yml).

    Validated by the schema: it never holds script/style/iframe/object/embed or on* attributes
    (see body.NEVER_ALLOWED_*). URL schemes are not extensible: javascript: never survives.
    """

    tags: frozenset[str] = frozenset()
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)  # tag or "*" → attribute names


@dataclass(frozen=True)
class CrossrefSettings:
    """`crossref:` in _site.yml: who deposits DOIs with Crossref, and under which prefix.

    Only organisations that mint DOIs set it; without it no deposit file is written."""

    prefix: str  # "10.12345"
    depositor_name: str
    depositor_email: str
    registrant: str
    source: SourceRef | None = None  # the `crossref:` line, for errors about the setting as a whole


@dataclass(frozen=True)
class Identity:
    """`identitas:` in _site.yml: logo, colours, contact and licence shown on every page."""

    logo: str | None = None  # the logo's output path (it is copied like any file under content/)
    logo_alt: str = ""
    accent: str | None = None  # #rrggbb, checked for contrast (WCAG AA) against the theme's backgrounds
    accent_dark: str | None = None
    contact: str | None = None
    address: str | None = None
    license: str | None = None


@dataclass(frozen=True)
class SiteConfig:
    """content/_site.yml, validated once."""

    title: str
    organiser: str | None = None
    description: str | None = None
    language: str = "id"
    base_url: str | None = None
    news_per_page: int = 10
    volume_pdf: bool = True  # `buku_pdf`: print each seminar volume as a PDF when WeasyPrint is installed
    extra: Mapping[str, Any] = field(default_factory=dict)
    source: SourceRef | None = None
    allowed_html: HtmlAllowance = field(default_factory=HtmlAllowance)
    limits: BodyLimits = BodyLimits()  # `batas`: for the site's own content and layouts
    untrusted_limits: BodyLimits = STRICT_LIMITS  # `batas_teks_luar`: comments, imported posts
    identity: "Identity" = field(default_factory=lambda: Identity())
    comments_on: bool = True  # `komentar.aktif`: news and presentations show their comments
    comments_url: str | None = None  # `komentar.isso_url`: where the comment form sends new comments
    crossref: CrossrefSettings | None = None  # `crossref`: DOI deposits, see crossref.py


@dataclass(frozen=True)
class ImageCopy:
    """One resized copy of an image: its output path and pixel size."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """A raster image as a page shows it: copies for `srcset`, the widest is `src` (see photos.py)."""

    original: str  # output path of the full-size file (metadata removed)
    copies: tuple[ImageCopy, ...]  # narrowest first
    sizes: str  # the `sizes` attribute: how wide the theme shows it

    @property
    def src(self) -> ImageCopy:
        return self.copies[-1]


@dataclass(frozen=True)
class Attachment:
    """A file shipped with a page (slides PDF, photo); `url` is its output path."""

    url: str
    title: str
    filename: str
    kind: str  # "pdf" | "image" | "document" | "other"
    size: int
    # What the image says to a reader who cannot see it (`alt_gambar`, `alt_foto`): "" only for
    # decoration the author declared as such, or a thumbnail whose link text already names the file.
    alt: str = ""
    picture: Picture | None = None  # a JPEG/PNG/WebP: its resized copies


@dataclass(frozen=True)
class Person:
    id: str
    name: str  # display name with academic titles, e.g. "Drs Tri Antoro MSi"
    url: str
    aliases: tuple[str, ...] = ()
    summary: str | None = None
    photo: Attachment | None = None
    body: Body = Body()
    source: SourceRef | None = None  # None: known only from where the person appears
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    url: str
    abbreviation: str | None = None
    former_names: tuple[str, ...] = ()
    parent_id: str | None = None
    website: str | None = None
    summary: str | None = None
    body: Body = Body()
    source: SourceRef | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def short_name(self) -> str:
        return self.abbreviation or self.name


ROLE_KINDS = ("narasumber", "pejabat", "moderator", "pembicara", "panitia", "peserta", "ketua", "anggota", "pemapar", "kepala")


@dataclass(frozen=True)
class Role:
    """A person's part in something at a point in time: headship is a role, not a property."""

    person_id: str
    kind: str  # one of ROLE_KINDS
    seminar_key: str | None = None
    presentation_key: str | None = None
    institution_id: str | None = None
    title: str | None = None  # jabatan as written, e.g. "Kepala Bagian Humas"
    note: str | None = None
    date: dt.date | None = None
    source: SourceRef | None = None


@dataclass(frozen=True)
class Session:
    title: str
    id: str | None = None
    date: dt.date | None = None
    time: str | None = None
    venue: str | None = None
    moderator_id: str | None = None
    presentation_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seminar:
    key: str  # the slug; stable, used in URLs
    title: str
    url: str
    date: dt.date
    end_date: dt.date | None = None
    theme: str | None = None
    venue: str | None = None
    city: str | None = None
    organiser: str | None = None
    participants: int | None = None
    group_count: int | None = None
    summary: str | None = None
    sessions: tuple[Session, ...] = ()
    presentation_keys: tuple[str, ...] = ()  # programme order
    tags: tuple[str, ...] = ()
    doi: str | None = None
    isbn: str | None = None
    issn: str | None = None
    editors: tuple[str, ...] = ()  # names as written (`editor`)
    publisher: str | None = None  # `penerbit`, else the organiser
    license: str | None = None
    body: Body = Body()
    layout: str | None = None
    source: SourceRef | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.date.year


@dataclass(frozen=True)
class Presentation:
    key: str  # "<seminar>/<slug>"
    seminar_key: str
    slug: str
    title: str
    url: str
    position: int  # 1-based place in the seminar's programme, as sorted by the build
    order: int | None = None  # `urutan` as the author wrote it; shown only when given
    group: str | None = None
    leader_id: str | None = None
    member_ids: tuple[str, ...] = ()
    presenter_id: str | None = None  # `pemapar`: who spoke, when not the leader
    institution_id: str | None = None
    head_id: str | None = None
    head_title: str | None = None
    study_start: dt.date | None = None
    study_end: dt.date | None = None
    date: dt.date | None = None
    venue: str | None = None
    session_id: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    doi: str | None = None
    pages: str | None = None  # `halaman` in the printed volume, e.g. "12-25"
    license: str | None = None  # `lisensi`, or the seminar's
    comments: bool | None = None  # `komentar:` in front matter; None: the site's rule
    body: Body = Body()
    layout: str | None = None
    source: SourceRef | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class NewsArticle:
    slug: str
    title: str
    url: str
    date: dt.date | None = None
    sort_date: dt.date | None = None  # date, or the related seminar's date
    author: str | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: Attachment | None = None
    image_caption: str | None = None
    seminar_key: str | None = None
    old_paths: tuple[str, ...] = ()  # `alamat_lama`: addresses on a previous site, redirected here
    comments: bool | None = None  # `komentar:` in front matter; None: the site's rule
    body: Body = Body()
    layout: str | None = None
    source: SourceRef | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    url: str
    summary: str | None = None
    order: int | None = None
    old_paths: tuple[str, ...] = ()  # `alamat_lama`: addresses on a previous site, redirected here
    comments: bool | None = None  # `komentar: true` shows comments on a plain page
    body: Body = Body()
    layout: str | None = None
    source: SourceRef | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Term:
    """A tag or news category: its display name and URL slug."""

    slug: str
    name: str
    url: str


@dataclass(frozen=True)
class Site:
    """Everything a layout may ask about, indexed for the lookups pages need."""

    config: SiteConfig
    seminars: tuple[Seminar, ...]  # newest first
    presentations: Mapping[str, Presentation]  # by key, in programme order within each seminar
    news: tuple[NewsArticle, ...]  # newest first
    people: Mapping[str, Person]  # by id, sorted by name
    institutions: Mapping[str, Institution]
    pages: tuple[Page, ...]
    roles: tuple[Role, ...]
    tags: tuple[Term, ...]
    categories: tuple[Term, ...]
    home: Page | None = None  # content/index.md, shown on the home page
    assets: Mapping[str, str] = field(default_factory=dict)  # output path → content-relative source path
    # Content-relative path → photos.ImageFacts of every JPEG/PNG/WebP under content/.
    images: Mapping[str, Any] = field(default_factory=dict)

    # Lookups layouts make once per page: indexed on first use, so a site of thousands of people
    # and roles does not scan every role for every page. (cached_property writes the instance
    # __dict__ directly, which a frozen dataclass allows.)

    @cached_property
    def _seminars_by_key(self) -> dict[str, Seminar]:
        return {s.key: s for s in self.seminars}

    @cached_property
    def _roles_by_person(self) -> dict[str, list[Role]]:
        return _group(self.roles, lambda r: r.person_id)

    @cached_property
    def _roles_by_institution(self) -> dict[str, list[Role]]:
        return _group(self.roles, lambda r: r.institution_id)

    @cached_property
    def _roles_by_seminar(self) -> dict[str, list[Role]]:
        return _group(self.roles, lambda r: r.seminar_key)

    @cached_property
    def _presentations_by_institution(self) -> dict[str, list[Presentation]]:
        return _group(self.presentations.values(), lambda p: p.institution_id)

    @cached_property
    def _tag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in [*self.seminars, *self.presentations.values(), *self.news]:
            for slug in {_tag_slug(name) for name in item.tags}:
                counts[slug] = counts.get(slug, 0) + 1
        return counts

    def tagged_count(self, tag_slug: str) -> int:
        """How many seminars, presentations and news carry the tag."""
        return self._tag_counts.get(tag_slug, 0)

    def seminar(self, key: str) -> Seminar:
        return self._seminars_by_key[key]

    def presentations_of(self, seminar: Seminar) -> list[Presentation]:
        return [self.presentations[k] for k in seminar.presentation_keys]

    def presentations_at(self, institution_id: str) -> list[Presentation]:
        """Field studies held at an institution, in programme order."""
        return list(self._presentations_by_institution.get(institution_id, ()))

    def roles_of(self, person_id: str) -> list[Role]:
        return list(self._roles_by_person.get(person_id, ()))

    def roles_at(self, institution_id: str) -> list[Role]:
        return list(self._roles_by_institution.get(institution_id, ()))

    def heads_of(self, institution_id: str) -> list[Role]:
        """An institution's heads, one line per person and period (seminar).

        Every presentation about the institution names its head, often the same person, once
        with `jabatan_kepala` and once without: they are one headship, keeping the position
        where one was written and the earliest date.
        """
        merged: dict[tuple[str, str | None], Role] = {}
        for role in self._roles_by_institution.get(institution_id, ()):
            if role.kind != "kepala":
                continue
            key = (role.person_id, role.seminar_key)
            known = merged.get(key)
            if known is None:
                merged[key] = role
                continue
            dates = [d for d in (known.date, role.date) if d]
            merged[key] = replace(known, title=known.title or role.title, date=min(dates) if dates else None)
        return list(merged.values())

    def roles_in(self, seminar_key: str, kinds: tuple[str, ...] = ("narasumber", "pejabat", "moderator", "pembicara", "panitia")) -> list[Role]:
        return [r for r in self._roles_by_seminar.get(seminar_key, ()) if r.kind in kinds and r.presentation_key is None]

    @property
    def years(self) -> list[int]:
        return sorted({s.year for s in self.seminars} | {n.sort_date.year for n in self.news if n.sort_date}, reverse=True)


def _group(items, key) -> dict:
    """Items by key, each list in the items' own order; items whose key is None are left out."""
    groups: dict = {}
    for item in items:
        value = key(item)
        if value is not None:
            groups.setdefault(value, []).append(item)
    return groups


def _tag_slug(name: str) -> str:
    from . import urls

    return urls.slugify(name)
