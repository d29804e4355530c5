"""Discovery for a site on the web: Atom feeds of news and of new presentations, sitemap.xml and
robots.txt. All need absolute addresses, so they exist only when `url_dasar` is set (the build
prints one note otherwise; the offline folder needs none of them).

Each output is made from a `FeedView`/`SitemapView` of plain values, which is all it depends
on: the plan hands it over, and the freshness check compares it whole.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from . import urls
from .model import Site

NEWS_FEED_PATH = "berita/atom.xml"
PRESENTATIONS_FEED_PATH = "seminar/atom.xml"
SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
FEED_ENTRIES = 50  # the newest; readers subscribe for what is new, the archive has the rest


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str  # absolute
    date: dt.date
    summary: str | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedView:
    title: str
    feed_url: str
    site_url: str
    language: str
    entries: tuple[FeedEntry, ...]
    subtitle: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class SitemapView:
    base_url: str
    pages: tuple[tuple[str, dt.date | None], ...]  # (absolute address, last change known from content)


def absolute(base_url: str, path: str) -> str:
    """Pages by their folder address (`…/seminar/x/`), as a web server serves them."""
    return base_url + path.removesuffix("index.html")


def news_feed(site: Site) -> FeedView | None:
    base = site.config.base_url
    if not base or not site.news:
        return None
    entries = tuple(
        FeedEntry(a.title, absolute(base, a.url), a.sort_date or dt.date(1970, 1, 1), a.summary, (a.author,) if a.author else (), a.categories)
        for a in site.news[:FEED_ENTRIES]
    )
    return FeedView(_feed_title(site, "Berita" if site.config.language == "id" else "News"), base + NEWS_FEED_PATH, base, site.config.language,
                    entries, site.config.description, site.config.organiser)


def presentations_feed(site: Site) -> FeedView | None:
    base = site.config.base_url
    if not base or not site.presentations:
        return None
    people = site.people
    talks = sorted(site.presentations.values(), key=lambda p: (p.date or site.seminar(p.seminar_key).date, p.seminar_key, -p.position), reverse=True)
    entries = []
    for talk in talks[:FEED_ENTRIES]:
        seminar = site.seminar(talk.seminar_key)
        names = tuple(people[i].name for i in (talk.leader_id, *talk.member_ids) if i and i in people)
        authors = names or ((f"Kelompok {talk.group}",) if talk.group else ())
        entries.append(FeedEntry(talk.title, absolute(base, talk.url), talk.date or seminar.date, talk.summary, authors, (seminar.title,)))
    label = "Paparan terbaru" if site.config.language == "id" else "New presentations"
    return FeedView(_feed_title(site, label), base + PRESENTATIONS_FEED_PATH, base, site.config.language, tuple(entries),
                    site.config.description, site.config.organiser)


def _feed_title(site: Site, label: str) -> str:
    return f"{site.config.title}: {label}"


def render_feed(view: FeedView) -> bytes:
    """Atom 1.0 by feedgen. Every date is set from content, so the same input gives the same bytes."""
    from feedgen.feed import FeedGenerator

    feed = FeedGenerator()
    feed.id(view.feed_url)
    feed.title(view.title)
    feed.link(href=view.feed_url, rel="self", type="application/atom+xml")
    feed.link(href=view.site_url, rel="alternate", type="text/html")
    feed.language(view.language)
    feed.generator("prosiding")
    if view.subtitle:
        feed.subtitle(view.subtitle)
    if view.author:
        feed.author({"name": view.author})
    newest = max((e.date for e in view.entries), default=dt.date(1970, 1, 1))
    feed.updated(_midnight(newest))
    for item in reversed(view.entries):  # feedgen puts each new entry first: add oldest first
        entry = feed.add_entry()
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.updated(_midnight(item.date))
        entry.published(_midnight(item.date))
        if item.summary:
            entry.summary(item.summary)
        for name in item.authors:
            entry.author({"name": name})
        for category in item.categories:
            entry.category(term=urls.slugify(category), label=category)
    return feed.atom_str(pretty=True)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def sitemap_view(base_url: str | None, pages: list[tuple[str, dt.date | None]]) -> SitemapView | None:
    if not base_url:
        return None
    return SitemapView(base_url, tuple(sorted((absolute(base_url, path), day) for path, day in pages)))


def render_sitemap(view: SitemapView) -> bytes:
    """sitemaps.org 0.9: every page once, `lastmod` only where the content gives a date."""
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    root = ET.Element("urlset", xmlns=namespace)
    for address, day in view.pages:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = address
        if day is not None:
            ET.SubElement(url, "lastmod").text = day.isoformat()
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def render_robots(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{SITEMAP_PATH}\n".encode("utf-8")


def render_discovery_file(kind: str, context: dict) -> bytes:
    """The bytes of a generated discovery file from its plan context."""
    view = context["view"]
    if kind == "feed":
        return render_feed(view)
    if kind == "sitemap":
        return render_sitemap(view)
    return render_robots(view)
