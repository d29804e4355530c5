"""Interface text: one gettext catalogue per language, read from prosiding/locales/<lang>.po.

Layouts say `{{ _("Presentations") }}`; the msgids are English and `id.po` gives the Indonesian
text, so English needs no catalogue of its own and a new language is one new .po file.
Dates are formatted by Babel with the site's locale ("Kamis, 2 Oktober 2014").
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date as babel_format_date, format_interval, match_skeleton, parse_pattern
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
    """`long`: 2 Oktober 2014; `full`: Kamis, 2 Oktober 2014; `short`: 02/10/14; `iso`: 2014-10-02.

    Both come from the locale's CLDR data, so an English site reads "October 2, 2014" and
    "Thursday, October 2, 2014" alike, never one month-first and the other day-first.
    """
    if value is None:
        return ""
    if style == "iso":
        return value.isoformat()
    if style == "full":
        # CLDR's own `full` style is "dd" in Indonesian (Kamis, 02 Oktober 2014); the weekday
        # skeleton is the long style with the weekday, in every locale.
        locale = Locale.parse(language)
        pattern = locale.datetime_skeletons[match_skeleton("yMMMMEEEEd", locale.datetime_skeletons)]
        return parse_pattern(_ABBREVIATED_WEEKDAY.sub("EEEE", _ABBREVIATED_MONTH.sub("MMMM", str(pattern)))).apply(value, locale)
    return babel_format_date(value, format=style, locale=language)


#: CLDR interval skeleton matching the `long` style (year, month, day); Babel only has the
#: abbreviated-month interval patterns, so they are widened to full month names below.
_INTERVAL_SKELETON = "yMMMd"
_ABBREVIATED_MONTH = re.compile(r"(?<![ML'])M{3}(?!M)")
_ABBREVIATED_WEEKDAY = re.compile(r"(?<!E)E{1,3}(?!E)")


def format_datetime(value: dt.datetime | None, language: str) -> str:
    """2 Oktober 2014, 14.05 (en: October 2, 2014, 2:05 PM), in the time zone it was written in."""
    if value is None:
        return ""
    from babel.dates import format_time

    return f"{format_date(value.date(), language)}, {format_time(value, 'short', tzinfo=value.tzinfo, locale=language)}"


def format_date_range(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """28–30 September 2014 (en: September 28–30, 2014); one day when `end` is missing or the same.

    Ranges use the locale's CLDR interval patterns (what Babel's `format_interval` reads), in
    the same month width as `format_date`'s `long` style, so single dates and ranges match.
    """
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, language, "full")
    locale = Locale.parse(language)
    patterns = locale.interval_formats.get(_INTERVAL_SKELETON, {})
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    parts = patterns.get(greatest)
    if not parts:  # a locale without interval patterns: Babel's own fallback, "start – end"
        return format_interval(start, end, "yMMMMd", locale=locale)
    return "".join(parse_pattern(_ABBREVIATED_MONTH.sub("MMMM", part)).apply(day, locale) for part, day in zip(parts, (start, end)))
