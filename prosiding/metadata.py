"""Metadata in a page's head for scholars, search engines and link previews: Highwire Press
`citation_*` tags (Google Scholar), Dublin Core, Open Graph and schema.org JSON-LD.

Layouts call `head_tags(...)` and `json_ld(...)` with the page they render. Both read only the
entity given (whose every field the page already depends on), its citation record (part of the
page's view, see plan.py) and the site settings, so the recorded dependencies stay complete.
"""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .cite import Author, CitationRecord
from .model import Institution, NewsArticle, Person, Presentation, Seminar, SiteConfig

SCHEMA = "https://schema.org"


def absolute(config: SiteConfig, path: str) -> str | None:
    """A site path as an absolute address, or None where `url_dasar` is not set."""
    if not config.base_url:
        return None
    return config.base_url + path.removesuffix("index.html")


def head_tags(config: SiteConfig, page: Any, citation: Any, current: str) -> list[tuple[str, str, str]]:
    """(attribute, name, content) for every <meta> tag of a page, in a fixed order."""
    title = getattr(page, "title", None) or getattr(page, "name", None) or config.title
    tags: list[tuple[str, str, str]] = []
    record: CitationRecord | None = citation.record if citation is not None else None
    address = absolute(config, current)
    if record is not None and record.kind == "paper":
        tags += _highwire(config, page, record)
    if record is not None:
        tags += _dublin_core(record)
    summary = getattr(page, "summary", None) or config.description
    tags += [("property", "og:title", title), ("property", "og:site_name", config.title),
             ("property", "og:type", "article" if isinstance(page, (Presentation, NewsArticle)) else "website"),
             ("property", "og:locale", "id_ID" if config.language == "id" else "en_US")]
    if address:
        tags.append(("property", "og:url", address))
    if summary:
        tags.append(("property", "og:description", summary))
    image = getattr(page, "image", None) or getattr(page, "photo", None)
    if image is not None and absolute(config, image.url):
        tags.append(("property", "og:image", absolute(config, image.url)))  # type: ignore[arg-type]
    tags.append(("name", "twitter:card", "summary_large_image" if image is not None and address else "summary"))
    return tags


def _author_name(author: Author) -> str:
    return author.literal or f"{author.family}, {author.given}"


def _highwire(config: SiteConfig, page: Presentation, record: CitationRecord) -> list[tuple[str, str, str]]:
    """The tags Google Scholar's inclusion guidelines ask for, one `citation_author` per author in order."""
    tags = [("name", "citation_title", record.title)]
    tags += [("name", "citation_author", _author_name(a)) for a in record.authors]
    if record.date:
        tags.append(("name", "citation_publication_date", record.date.strftime("%Y/%m/%d")))
    for name, value in (("citation_conference_title", record.container_title), ("citation_publisher", record.publisher),
                        ("citation_doi", record.doi), ("citation_isbn", record.isbn), ("citation_issn", record.issn),
                        ("citation_language", record.language)):
        if value:
            tags.append(("name", name, value))
    if record.pages:
        first, _, last = record.pages.partition("-")
        tags.append(("name", "citation_firstpage", first))
        if last:
            tags.append(("name", "citation_lastpage", last))
    pdf = next((a for a in page.attachments if a.kind == "pdf"), None)
    if pdf is not None:
        tags.append(("name", "citation_pdf_url", absolute(config, pdf.url) or pdf.url))
    address = absolute(config, page.url)
    if address:
        tags.append(("name", "citation_abstract_html_url", address))
    return tags


def _dublin_core(record: CitationRecord) -> list[tuple[str, str, str]]:
    tags = [("name", "DC.title", record.title)]
    tags += [("name", "DC.creator", _author_name(a)) for a in record.authors]
    tags += [("name", "DC.contributor", _author_name(a)) for a in record.editors]
    if record.date:
        tags.append(("name", "DC.date", record.date.isoformat()))
    tags.append(("name", "DC.type", "Text"))
    tags.append(("name", "DC.language", record.language))
    for name, value in (("DC.publisher", record.publisher), ("DC.rights", record.license), ("DC.identifier", f"doi:{record.doi}" if record.doi else None)):
        if value:
            tags.append(("name", name, value))
    return tags


def json_ld(config: SiteConfig, page: Any, citation: Any, current: str) -> Markup:
    """schema.org JSON-LD for the page's entity, safe inside <script>.

    Keys are sorted and `<`, `>` and `&` are escaped, so the output is deterministic and no text
    from content can close the script element."""
    data = _entity(config, page, citation, current)
    return _script(data) if data else Markup("")


def breadcrumbs_json_ld(config: SiteConfig, trail: list[tuple[str, str]]) -> Markup:
    """A BreadcrumbList beside the visible breadcrumbs (the trail is known only where they are drawn)."""
    data = _breadcrumbs(config, [(str(name), path) for name, path in trail])
    return _script(data) if data else Markup("")


def _script(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def _url_or_path(config: SiteConfig, path: str, current: str) -> str:
    from .urls import relative_url

    return absolute(config, path) or relative_url(current, path)


def _person(author: Author) -> dict:
    if author.literal and author.literal.lower().startswith("kelompok"):
        return {"@type": "Organization", "name": author.literal}
    if author.literal:
        return {"@type": "Person", "name": author.literal}
    return {"@type": "Person", "name": author.display, "familyName": author.family, "givenName": author.given}


def _entity(config: SiteConfig, page: Any, citation: Any, current: str) -> dict | None:
    record: CitationRecord | None = citation.record if citation is not None else None
    base: dict[str, Any] = {"@context": SCHEMA}
    if isinstance(page, Seminar):
        event = {**base, "@type": "Event", "name": page.title, "startDate": page.date.isoformat(), "url": _url_or_path(config, page.url, current),
                 "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode", "eventStatus": "https://schema.org/EventScheduled"}
        if page.end_date:
            event["endDate"] = page.end_date.isoformat()
        if page.theme:
            event["alternateName"] = page.theme
        if page.summary:
            event["description"] = page.summary
        if page.venue or page.city:
            place: dict[str, Any] = {"@type": "Place", "name": page.venue or page.city}
            if page.city:
                place["address"] = {"@type": "PostalAddress", "addressLocality": page.city, "addressCountry": "ID"}
            event["location"] = place
        organiser = page.organiser or config.organiser
        if organiser:
            event["organizer"] = {"@type": "GovernmentOrganization", "name": organiser}
        sub = [{"@type": "Event", "name": s.title, **({"startDate": s.date.isoformat()} if s.date else {})} for s in page.sessions]
        if sub:
            event["subEvent"] = sub
        return event
    if isinstance(page, Presentation) and record is not None:
        article = {**base, "@type": "ScholarlyArticle", "headline": record.title, "name": record.title, "inLanguage": record.language,
                   "url": _url_or_path(config, page.url, current), "author": [_person(a) for a in record.authors]}
        if record.date:
            article["datePublished"] = record.date.isoformat()
        if record.abstract:
            article["abstract"] = record.abstract
        if record.container_title:
            article["isPartOf"] = {"@type": "PublicationVolume", "name": record.container_title}
        if record.doi:
            article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi}
        if record.pages:
            first, _, last = record.pages.partition("-")
            article["pageStart"] = first
            if last:
                article["pageEnd"] = last
        if record.license:
            article["license"] = record.license
        if record.publisher:
            article["publisher"] = {"@type": "Organization", "name": record.publisher}
        return article
    if isinstance(page, NewsArticle):
        news = {**base, "@type": "NewsArticle", "headline": page.title, "url": _url_or_path(config, page.url, current), "inLanguage": config.language}
        if page.date:
            news["datePublished"] = page.date.isoformat()
        if page.author:
            news["author"] = {"@type": "Person", "name": page.author}
        if page.summary:
            news["description"] = page.summary
        if page.image is not None:
            news["image"] = _url_or_path(config, page.image.url, current)
        if config.organiser:
            news["publisher"] = {"@type": "GovernmentOrganization", "name": config.organiser}
        return news
    if isinstance(page, Person):
        person = {**base, "@type": "Person", "name": page.name, "url": _url_or_path(config, page.url, current)}
        if page.summary:
            person["description"] = page.summary
        return person
    if isinstance(page, Institution):
        organisation = {**base, "@type": "GovernmentOrganization", "name": page.name, "url": _url_or_path(config, page.url, current)}
        if page.abbreviation:
            organisation["alternateName"] = page.abbreviation
        if page.website:
            organisation["sameAs"] = page.website
        return organisation
    return None


def _breadcrumbs(config: SiteConfig, trail: list[tuple[str, str]]) -> dict | None:
    if len(trail) < 2:
        return None
    elements = []
    for position, (name, path) in enumerate(trail, start=1):
        element: dict[str, Any] = {"@type": "ListItem", "position": position, "name": name}
        address = absolute(config, path)
        if address:
            element["item"] = address
        elements.append(element)
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": elements}
