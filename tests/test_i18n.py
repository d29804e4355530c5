"""Interface language: every text the layouts show has its Indonesian translation, translations
keep their placeholders, and dates read the way Indonesian (or English) readers write them."""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from prosiding.i18n import Catalogue, format_date, format_date_range, load_catalogue

REPO = Path(__file__).resolve().parent.parent


def _load_update_catalogues():
    spec = importlib.util.spec_from_file_location("update_catalogues", REPO / "scripts" / "update_catalogues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def layout_messages() -> dict[str, list[str]]:
    """msgid → the layouts that use it."""
    template = _load_update_catalogues().extract_messages()
    found = {}
    for message in template:
        if message.id:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            found[msgid] = sorted({place for place, _ in message.locations})
    return found


@pytest.fixture(scope="module")
def indonesian():
    with (REPO / "prosiding" / "locales" / "id.po").open("rb") as handle:
        return read_po(handle, locale="id")


def test_the_layouts_use_interface_messages(layout_messages):
    assert {"Home", "Presentations", "Group leader", "Search"} <= set(layout_messages)


def test_every_layout_message_has_an_indonesian_translation(layout_messages, indonesian):
    missing = []
    for msgid, places in sorted(layout_messages.items()):
        message = indonesian.get(msgid)
        strings = message.string if message is not None else ""
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(f"{msgid!r} (used in {', '.join(places)})")
    assert missing == [], "add these to prosiding/locales/id.po (python scripts/update_catalogues.py):\n" + "\n".join(missing)


def test_no_translation_is_marked_fuzzy(indonesian):
    assert [m.id for m in indonesian if m.id and m.fuzzy] == []


PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def test_translations_keep_their_placeholders(indonesian):
    for message in indonesian:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[0])))
        for string in strings:
            assert sorted(set(PLACEHOLDER.findall(string))) == wanted, f"{ids[0]!r} → {string!r}"


def test_indonesian_catalogue_translates_and_falls_back_to_english():
    catalogue = load_catalogue("id")
    assert catalogue.gettext("Home") == "Beranda"
    assert catalogue.gettext("Presented") == "Dipaparkan"
    assert catalogue.gettext("A message nobody translated") == "A message nobody translated"


def test_english_needs_no_translations():
    assert load_catalogue("en").gettext("Home") == "Home"


def test_plural_forms():
    catalogue = Catalogue("x", {"1 file": ("satu berkas", "banyak berkas")})
    assert catalogue.ngettext("1 file", "%(n)s files", 1) == "satu berkas"
    assert catalogue.ngettext("1 file", "%(n)s files", 3) == "banyak berkas"
    assert Catalogue("x", {}).ngettext("1 file", "%(n)s files", 3) == "%(n)s files"


@pytest.mark.parametrize(
    ("language", "style", "text"),
    [
        ("id", "full", "Kamis, 2 Oktober 2014"),
        ("id", "long", "2 Oktober 2014"),
        ("id", "iso", "2014-10-02"),
        ("en", "full", "Thursday, October 2, 2014"),  # CLDR full: month first, like long
        ("en", "long", "October 2, 2014"),
    ],
)
def test_dates_in_the_site_language(language, style, text):
    assert format_date(dt.date(2014, 10, 2), language, style) == text


@pytest.mark.parametrize(
    ("language", "start", "end", "text"),
    [
        ("id", dt.date(2014, 10, 2), None, "Kamis, 2 Oktober 2014"),
        ("id", dt.date(2014, 10, 2), dt.date(2014, 10, 2), "Kamis, 2 Oktober 2014"),
        ("id", dt.date(2014, 9, 28), dt.date(2014, 9, 30), "28–30 September 2014"),
        ("id", dt.date(2014, 9, 28), dt.date(2014, 10, 1), "28 September–1 Oktober 2014"),
        ("en", dt.date(2014, 9, 28), dt.date(2014, 9, 30), "September 28\u2009–\u200930, 2014"),  # CLDR puts thin spaces here
        ("en", dt.date(2014, 12, 28), dt.date(2015, 1, 2), "December 28, 2014\u2009–\u2009January 2, 2015"),
        ("en", dt.date(2014, 10, 2), None, "Thursday, October 2, 2014"),
        ("id", dt.date(2014, 12, 28), dt.date(2015, 1, 2), "28 Desember 2014–2 Januari 2015"),
    ],
)
def test_date_ranges_read_naturally(language, start, end, text):
    assert format_date_range(start, end, language) == text


def test_no_date_is_an_empty_text():
    assert format_date(None, "id") == ""
    assert format_date_range(None, None, "id") == ""


def test_an_english_site_uses_one_date_style_for_dates_ranges_and_weekdays(make_site):
    """Seminar range, session day, presentation day and news date all month-first on an English site."""
    from sitemaker import build_files, main_text, page

    site = make_site({
        "content/_site.yml": "judul: Proceedings\nbahasa: en\n",
        "content/seminar/s/index.md": (
            "---\njudul: Two Days\ntanggal: 2026-11-18\ntanggal_selesai: 2026-11-19\n"
            "program:\n  - judul: Day two\n    id: day-2\n    tanggal: 2026-11-19\n---\n"
        ),
        "content/seminar/s/north.md": "---\njudul: North\nsesi: day-2\n---\n",
        "content/berita/news.md": "---\njudul: News\ntanggal: 2026-11-20\n---\n",
    })
    files = build_files(site)
    seminar = main_text(page(files, "seminar/s/index.html"))
    assert "November 18 – 19, 2026" in seminar  # thin spaces, collapsed by main_text and "Thursday, November 19, 2026" in seminar
    assert "Thursday, November 19, 2026" in main_text(page(files, "seminar/s/north/index.html"))
    assert "Friday, November 20, 2026" in main_text(page(files, "berita/news/index.html"))
    every_page = " ".join(main_text(page(files, p)) for p in files if p.endswith(".html"))
    assert not re.search(r"\b\d{1,2} (November|December)\b", every_page), "a day-first date on an English site"


def test_update_catalogues_answers_help_and_writes_only_when_asked(capsys):
    module = _load_update_catalogues()
    locales = REPO / "prosiding" / "locales"
    before = {p.name: p.read_bytes() for p in locales.glob("*.po")}
    with pytest.raises(SystemExit) as caught:
        module.main(["--help"])
    assert caught.value.code == 0 and "--write" in capsys.readouterr().out
    assert module.main([]) == 0  # the catalogues are complete, and a check writes nothing
    assert "id.po: 0 new, 0 obsolete" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in locales.glob("*.po")} == before
