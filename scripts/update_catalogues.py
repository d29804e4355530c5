#!/usr/bin/env python3
"""Extract every interface string from the layouts and merge it into prosiding/locales/*.po.

Run after changing a layout: `python scripts/update_catalogues.py`. New messages appear in each
catalogue with an empty translation (tests fail until id.po has them all); obsolete ones are
dropped. English is the msgid language, so en.po only needs entries whose English should differ.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ROOT / "layouts"
LOCALES = ROOT / "prosiding" / "locales"
METHOD_MAP = [("**.html", "jinja2"), ("**.js", "ignore")]
OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "trimmed": "false"}}


def extract_messages() -> Catalog:
    """All msgids used in the bundled layouts, with the places they are used."""
    template = Catalog(project="prosiding", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(LAYOUTS, METHOD_MAP, OPTIONS):
        template.add(message, None, [(f"layouts/{filename}", lineno)], auto_comments=comments, context=context)
    # A few strings come from Python (the footnote back-link title Markdown writes into bodies).
    for filename, lineno, message, comments, context in extract_from_dir(ROOT / "prosiding", [("**.py", "python")], keywords={"gettext": None}):
        template.add(message, None, [(f"prosiding/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def update(language: str, template: Catalog) -> Path:
    path = LOCALES / f"{language}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, project="prosiding", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return path


def main() -> None:
    template = extract_messages()
    for language in ("id", "en"):
        print(f"updated {update(language, template).relative_to(ROOT)} ({len(template)} messages)")


if __name__ == "__main__":
    main()
