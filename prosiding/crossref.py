"""Crossref deposit XML, one file per seminar, for organisations that register DOIs with Crossref.

Written only when the site sets `crossref:` (a DOI prefix and a depositor) in _site.yml, and only
for a seminar that has a DOI itself or in one of its presentations: a deposit registers DOIs, so a
file with none would be refused. The file follows Crossref's deposit schema 5.3.1: a `conference`
with the seminar as `event_metadata`, its volume as `proceedings_metadata`, and one
`conference_paper` per presentation that has a `doi` (the others are left out: nothing to register).

Like the feeds, each file is made from a `DepositView` of plain values, which is all it depends
on: the plan hands it over and the freshness check compares it whole. The cross-file checks (every
DOI under the prefix, `url_dasar` set so DOIs resolve to web pages) run in collect.py with lines.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from lxml import etree as ET

from . import urls
from .cache import digest
from .cite import Author, presentation_authors, presentation_record, seminar_record, split_name
from .errors import ProsidingError
from .model import Presentation, Seminar, Site

NAMESPACE = "http://www.crossref.org/schema/5.3.1"
SCHEMA_VERSION = "5.3.1"
SCHEMA_LOCATION = f"{NAMESPACE} https://www.crossref.org/schemas/crossref5.3.1.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Contributor:
    """A person (surname, optional given name) or an organisation (a group cited by its name)."""

    role: str  # "author" | "editor" (Crossref's contributor_role)
    surname: str | None = None
    given: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class DepositPaper:
    """One presentation with a DOI, as a `conference_paper`."""

    title: str
    doi: str
    resource: str  # the absolute address the DOI resolves to
    date: dt.date
    contributors: tuple[Contributor, ...] = ()
    first_page: str | None = None
    last_page: str | None = None


@dataclass(frozen=True)
class DepositView:
    """Everything one seminar's deposit says; the file is a pure function of it."""

    batch_id: str
    timestamp: str  # YYYYMMDDhhmmss, see `deposit_timestamp`
    depositor_name: str
    depositor_email: str
    registrant: str
    language: str
    conference_name: str
    start: dt.date
    end: dt.date
    proceedings_title: str
    publisher: str
    publication_date: dt.date
    editors: tuple[Contributor, ...] = ()
    conference_theme: str | None = None
    conference_location: str | None = None
    publisher_place: str | None = None
    isbn: str | None = None
    doi: str | None = None  # the volume's own DOI, if it has one
    resource: str | None = None
    papers: tuple[DepositPaper, ...] = ()


def deposit_view(site: Site, seminar: Seminar, source_date_epoch: str | None = None) -> DepositView | None:
    """The deposit of `seminar`, or None when the site does not deposit or the seminar has no DOI.

    Needs `url_dasar` whenever there is a DOI; collect.py has already refused a site without it."""
    settings = site.config.crossref
    talks = [t for t in site.presentations_of(seminar) if t.doi]
    if settings is None or not (seminar.doi or talks):
        return None
    volume = seminar_record(site, seminar)
    if volume.absolute_url is None:
        raise ProsidingError("crossref: DOIs must resolve to web addresses; set url_dasar", settings.source)
    view = DepositView(
        batch_id="", timestamp=deposit_timestamp(seminar, talks, source_date_epoch),
        depositor_name=settings.depositor_name, depositor_email=settings.depositor_email, registrant=settings.registrant,
        language=site.config.language, conference_name=seminar.title, start=seminar.date, end=seminar.end_date or seminar.date,
        proceedings_title=volume.title, publisher=volume.publisher or settings.registrant, publication_date=seminar.date,
        editors=tuple(_person(split_name(n), "editor") for n in seminar.editors), conference_theme=seminar.theme,
        conference_location=volume.event_place, publisher_place=seminar.city, isbn=seminar.isbn,
        doi=seminar.doi, resource=volume.absolute_url if seminar.doi else None,
        papers=tuple(_paper(site, seminar, talk) for talk in talks),
    )
    return replace(view, batch_id=batch_id(seminar.key, view))


def batch_id(seminar_key: str, view: DepositView) -> str:
    """The seminar and a hash of what the deposit says (not of when it was made): a changed deposit
    gets a new id, the same deposit the same one. Crossref allows at most 100 characters."""
    content = replace(view, batch_id="", timestamp="")
    return f"{seminar_key[:70]}-{digest(repr(content))[:20]}"


def deposit_timestamp(seminar: Seminar, talks: list[Presentation], source_date_epoch: str | None) -> str:
    """SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the last day the content names.

    Crossref ignores a deposit whose timestamp is not newer than the one it holds for a DOI, so
    a correction must be built with SOURCE_DATE_EPOCH (e.g. the time of the last commit); the
    content's date alone never changes, and a wall-clock time would change every build."""
    if source_date_epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(source_date_epoch), dt.timezone.utc)
        except ValueError:
            raise ProsidingError(f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a whole number of seconds") from None
        return moment.strftime("%Y%m%d%H%M%S")
    days = [seminar.end_date or seminar.date, *(t.date for t in talks if t.date)]
    return max(days).strftime("%Y%m%d") + "000000"


def _paper(site: Site, seminar: Seminar, talk: Presentation) -> DepositPaper:
    record = presentation_record(site, talk)
    first, _, last = (talk.pages or "").partition("-")
    return DepositPaper(title=talk.title, doi=talk.doi or "", resource=record.absolute_url or "", date=talk.date or seminar.date,
                        contributors=_authors(site, talk), first_page=first or None, last_page=last or None)


def _authors(site: Site, talk: Presentation) -> tuple[Contributor, ...]:
    """The cited authors: people by name, or the group as an organisation when nobody is named."""
    authors = presentation_authors(site, talk)
    named = any(i in site.people for i in (talk.leader_id, *talk.member_ids) if i)
    if not named:
        return tuple(Contributor("author", organization=a.literal or a.display) for a in authors)
    return tuple(_person(a, "author") for a in authors)


def _person(author: Author, role: str) -> Contributor:
    """Crossref wants a surname; a one-word name (common in Indonesia) is the surname alone."""
    if author.literal:
        return Contributor(role, surname=author.literal)
    return Contributor(role, surname=author.family, given=author.given)


# --- XML ------------------------------------------------------------------------------------------


def render_deposit(view: DepositView) -> bytes:
    """The deposit XML, elements in the order the 5.3.1 schema requires; same view, same bytes."""
    root = ET.Element(_q("doi_batch"), {"version": SCHEMA_VERSION, f"{{{_XSI}}}schemaLocation": SCHEMA_LOCATION},
                      nsmap={None: NAMESPACE, "xsi": _XSI})
    head = _sub(root, "head")
    _sub(head, "doi_batch_id", view.batch_id)
    _sub(head, "timestamp", view.timestamp)
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", view.depositor_name)
    _sub(depositor, "email_address", view.depositor_email)
    _sub(head, "registrant", view.registrant)

    conference = _sub(_sub(root, "body"), "conference")
    _contributors(conference, view.editors)
    event = _sub(conference, "event_metadata")
    _sub(event, "conference_name", view.conference_name)
    if view.conference_theme:
        _sub(event, "conference_theme", view.conference_theme)
    if view.conference_location:
        _sub(event, "conference_location", view.conference_location)
    _sub(event, "conference_date", attrib={
        "start_day": str(view.start.day), "start_month": str(view.start.month), "start_year": str(view.start.year),
        "end_day": str(view.end.day), "end_month": str(view.end.month), "end_year": str(view.end.year),
    })
    proceedings = _sub(conference, "proceedings_metadata", attrib={"language": view.language})
    _sub(proceedings, "proceedings_title", view.proceedings_title)
    publisher = _sub(proceedings, "publisher")
    _sub(publisher, "publisher_name", view.publisher)
    if view.publisher_place:
        _sub(publisher, "publisher_place", view.publisher_place)
    _date(proceedings, view.publication_date)
    if view.isbn:
        _sub(proceedings, "isbn", view.isbn)
    else:
        _sub(proceedings, "noisbn", attrib={"reason": "archive_volume"})
    if view.doi and view.resource:
        _doi_data(proceedings, view.doi, view.resource)
    for item in view.papers:
        paper = _sub(conference, "conference_paper", attrib={"publication_type": "full_text"})
        _contributors(paper, item.contributors)
        _sub(_sub(paper, "titles"), "title", item.title)
        _date(paper, item.date)
        if item.first_page:
            pages = _sub(paper, "pages")
            _sub(pages, "first_page", item.first_page)
            if item.last_page:
                _sub(pages, "last_page", item.last_page)
        _doi_data(paper, item.doi, item.resource)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="UTF-8") + b"\n"


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _sub(parent: ET._Element, name: str, text: str | None = None, attrib: dict[str, str] | None = None) -> ET._Element:
    element = ET.SubElement(parent, _q(name), attrib or {})
    if text is not None:
        element.text = " ".join(text.split())  # one line: titles and names carry no layout
    return element


def _contributors(parent: ET._Element, people: tuple[Contributor, ...]) -> None:
    if not people:
        return
    group = _sub(parent, "contributors")
    for index, who in enumerate(people):
        attrib = {"sequence": "first" if index == 0 else "additional", "contributor_role": who.role}
        if who.organization:
            _sub(group, "organization", who.organization, attrib)
            continue
        name = _sub(group, "person_name", attrib=attrib)
        if who.given:
            _sub(name, "given_name", who.given)
        _sub(name, "surname", who.surname or "")


def _date(parent: ET._Element, day: dt.date) -> None:
    published = _sub(parent, "publication_date", attrib={"media_type": "online"})
    _sub(published, "month", f"{day.month:02d}")
    _sub(published, "day", f"{day.day:02d}")
    _sub(published, "year", str(day.year))


def _doi_data(parent: ET._Element, doi: str, resource: str) -> None:
    data = _sub(parent, "doi_data")
    _sub(data, "doi", doi)
    _sub(data, "resource", resource)


def render_crossref_file(kind: str, context: dict) -> bytes:
    """The bytes of a generated deposit file from its plan context."""
    return render_deposit(context["view"])


def deposit_views(site: Site, source_date_epoch: str | None = None) -> dict[str, DepositView]:
    """Every seminar's deposit by output path; empty without the `crossref` setting."""
    if site.config.crossref is None:
        return {}
    views = {urls.crossref_path(s.key): deposit_view(site, s, source_date_epoch) for s in site.seminars}
    return {path: view for path, view in views.items() if view is not None}


__all__ = ["DepositView", "deposit_view", "deposit_views", "render_deposit", "render_crossref_file"]
