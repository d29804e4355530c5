#!/usr/bin/env python3
"""For the bundled theme's translations: merge the layouts' interface strings into prosiding/locales/*.po.

This is a tool for working on prosiding itself (a site's own layouts need nothing from it).
`python scripts/update_catalogues.py` only reports what is missing or obsolete; `--write` updates
the catalogues. New messages appear with an empty translation (tests fail until id.po has them
all); obsolete ones are dropped. English is the msgid language, so en.po only needs entries whose
English should differ.
"""
from __future__ import annotations

import argparse
import sys
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


def merged(language: str, template: Catalog) -> tuple[Catalog, list[str], list[str]]:
    """The catalogue for `language` updated from `template`, with the msgids added and dropped."""
    path = LOCALES / f"{language}.po"
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        catalog = Catalog(locale=language, project="prosiding", charset="utf-8")
    before = {m.id for m in catalog if m.id}
    creation_date = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = creation_date  # unchanged text keeps the file byte for byte
    catalog.obsolete.clear()
    after = {m.id for m in catalog if m.id}
    return catalog, sorted(map(str, after - before)), sorted(map(str, before - after))


def update(language: str, template: Catalog) -> Path:
    catalog, _, _ = merged(language, template)
    path = LOCALES / f"{language}.po"
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="update_catalogues.py",
        description="For the bundled theme's translations: compare the interface strings of layouts/ with "
        "prosiding/locales/*.po, and with --write add new messages (empty translations) and drop obsolete ones.",
    )
    parser.add_argument("--write", action="store_true", help="update prosiding/locales/*.po (without it nothing is written)")
    args = parser.parse_args(argv)
    template = extract_messages()
    stale = False
    for language in ("id", "en"):
        _, added, dropped = merged(language, template)
        stale = stale or bool(added or dropped)
        if args.write:
            print(f"updated {update(language, template).relative_to(ROOT)} ({len(template)} messages; {len(added)} new, {len(dropped)} dropped)")
        else:
            print(f"{language}.po: {len(added)} new, {len(dropped)} obsolete" + "".join(f"\n  new: {m!r}" for m in added))
    if stale and not args.write:
        print("run with --write to update the catalogues, then translate the new entries in prosiding/locales/id.po")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
