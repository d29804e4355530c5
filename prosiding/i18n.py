"""Interface text: one gettext catalogue per language, read from prosiding/locales/<lang>.po.

Layouts say `{{ _("Presentations") }}`; the msgids are English and `id.po` gives the Indonesian
text, so English needs no catalogue of its own and a new language is one new .po file.
Dates are formatted by Babel with the site's locale ("Kamis, 2 Oktober 2014").
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources

from babel.dates import format_date as babel_format_date
from babel.messages.pofile import read_po

LANGUAGES = ("id", "en")


class Catalogue:
    """gettext/ngettext over a dict; untranslated messages fall back to the msgid."""

    def __init__(self, language: str, messages: dict[str, str | tuple[str, ...]]):
        self.language = language
        self.messages = messages

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.messages.get(singular)
        if isinstance(found, tuple) and all(found):
            # Indonesian has one plural form; English two.
            return found[0] if len(found) == 1 or n == 1 else found[1]
        return singular if n == 1 else plural


@lru_cache(maxsize=None)
def load_catalogue(language: str) -> Catalogue:
    path = resources.files("prosiding.locales") / f"{language}.po"
    if not path.is_file():
        return Catalogue(language, {})
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            messages[message.id[0]] = tuple(message.string)
        else:
            messages[message.id] = message.string
    return Catalogue(language, messages)


def format_date(value: dt.date | None, language: str, style: str = "long") -> str:
    """`long`: 2 Oktober 2014; `full`: Kamis, 02 Oktober 2014; `short`: 02/10/14; `iso`: 2014-10-02."""
    if value is None:
        return ""
    if style == "iso":
        return value.isoformat()
    if style == "full":
        return babel_format_date(value, "EEEE, d MMMM y", locale=language)
    return babel_format_date(value, format=style, locale=language)


def format_date_range(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """2–4 Oktober 2014; a single day when `end` is missing or the same."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, language, "full")
    if (start.year, start.month) == (end.year, end.month):
        if language == "en":  # English puts the month first: September 28–30, 2014
            return f"{babel_format_date(start, 'MMMM d', locale=language)}–{end.day}, {end.year}"
        return f"{start.day}–{format_date(end, language)}"
    return f"{format_date(start, language)} – {format_date(end, language)}"
