"""The zip for USB sticks: `python build.py archive`, unpacked elsewhere, read in Chromium from file://.

The bundled proceedings are archived once per module, the zip is unpacked into a different
folder (with a space and an accent in its path, as on a reader's flash disk) and the built
site is deleted, so the unpacked copy cannot lean on it. The `offline_page` fixture
(tests/conftest.py) fails a test on any console error, failed file load or request to another host.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from prosiding.cli import main
from reading import HUMAS, NUSA, NUSA_TITLE, SEMINAR, SEMINAR_TITLE, SRI_WIDARTI, click_link, wait_for_results

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]



@dataclass(frozen=True)
class Unpacked:
    zip_path: Path
    site_files: frozenset[str]  # what the build wrote, as site-root-relative paths
    top: Path  # the folder the zip unpacks to, holding index.html


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Unpacked:
    work = tmp_path_factory.mktemp("archive")
    built, dest = work / "output", work / "dist"
    assert main(["archive", "--source", str(REPO), "--output", str(built), "--dest", str(dest)]) == 0
    zips = sorted(dest.glob("*.zip"))
    assert [path.name for path in dest.iterdir()] == [zip_path.name for zip_path in zips]
    assert len(zips) == 1
    site_files = frozenset(path.relative_to(built).as_posix() for path in built.rglob("*") if path.is_file())
    shutil.rmtree(built)

    usb = work / "Flashdisk Saya" / "salinan é"
    with zipfile.ZipFile(zips[0]) as archive:
        archive.extractall(usb)
    folders = list(usb.iterdir())
    assert len(folders) == 1 and folders[0].is_dir()
    return Unpacked(zips[0], site_files, folders[0])


def assert_reader_page(offline_page, unpacked: Unpacked, path: str, heading: str) -> None:
    """The unpacked copy's `path` is showing, from file://, in Indonesian, with `heading` in its h1."""
    page = offline_page.page
    page.wait_for_load_state("load")
    url = urlsplit(page.url)
    assert url._replace(query="", fragment="").geturl() == (unpacked.top / path).as_uri()
    assert page.get_attribute("html", "lang") == "id"
    h1 = page.locator("h1")
    assert h1.count() == 1 and h1.is_visible()
    assert heading in " ".join(h1.inner_text().split())
    assert page.eval_on_selector(".skip-link", "link => getComputedStyle(link).position") == "absolute"
    assert offline_page.problems() == []


# ---- The zip


def test_the_zip_holds_the_whole_site_and_the_reader_notes(unpacked: Unpacked):
    stem = unpacked.zip_path.stem
    assert re.fullmatch(r"prosiding-seminar-diklatpim-\d{4}-\d{2}-\d{2}", stem)
    with zipfile.ZipFile(unpacked.zip_path) as archive:
        names = archive.namelist()
        notes = {name: archive.read(f"{stem}/{name}").decode("utf-8") for name in ("BACA-SAYA.txt", "README.txt")}
    assert all(name.startswith(f"{stem}/") for name in names)
    files = {name.removeprefix(f"{stem}/") for name in names if not name.endswith("/")}
    assert files == (unpacked.site_files - {".prosiding-output"}) | {"BACA-SAYA.txt", "README.txt"}
    assert "index.html" in files and "_cari/data.js" in files

    assert "Cara membuka prosiding ini" in notes["BACA-SAYA.txt"] and "index.html" in notes["BACA-SAYA.txt"]
    assert "How to open these proceedings" in notes["README.txt"] and "index.html" in notes["README.txt"]
    for text in notes.values():
        assert text.startswith("Prosiding Seminar Diklatpim\r\n")
    assert (unpacked.top / "BACA-SAYA.txt").read_bytes().decode("utf-8") == notes["BACA-SAYA.txt"]


# ---- The unpacked copy in the browser


def test_the_unpacked_copy_is_read_by_clicking(offline_page, unpacked: Unpacked):
    page = offline_page.page
    offline_page.open(unpacked.top / "index.html")
    assert_reader_page(offline_page, unpacked, "index.html", "Prosiding Seminar Diklatpim")

    click_link(offline_page, SEMINAR_TITLE, unpacked.top / SEMINAR)
    assert_reader_page(offline_page, unpacked, SEMINAR, SEMINAR_TITLE)
    click_link(offline_page, NUSA_TITLE, unpacked.top / NUSA)
    assert_reader_page(offline_page, unpacked, NUSA, NUSA_TITLE)
    click_link(offline_page, "Sri Widarti", unpacked.top / SRI_WIDARTI)
    assert_reader_page(offline_page, unpacked, SRI_WIDARTI, "Sri Widarti")
    click_link(offline_page, "Orang", unpacked.top / "orang/index.html", within="header nav")
    assert_reader_page(offline_page, unpacked, "orang/index.html", "Orang")
    click_link(offline_page, "Prosiding Seminar Diklatpim", unpacked.top / "index.html", within="header .site-title")
    assert_reader_page(offline_page, unpacked, "index.html", "Prosiding Seminar Diklatpim")
    assert page.url.startswith("file://")


def test_search_works_in_the_unpacked_copy(offline_page, unpacked: Unpacked):
    page = offline_page.page
    offline_page.open(unpacked.top / SRI_WIDARTI)
    page.locator("#search-box-input").click()
    page.keyboard.type("humas")
    status = wait_for_results(page, "#search-box-panel [data-search-status]")
    found = page.eval_on_selector_all("#search-box-panel a", "links => links.map(link => link.href)")
    assert status == f"{len(found)} hasil"
    assert {(unpacked.top / NUSA).as_uri(), (unpacked.top / HUMAS).as_uri()} <= set(found)

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^file://.*/cari/index\.html\?q=humas$"))
    assert_reader_page(offline_page, unpacked, "cari/index.html", "Cari")
    wait_for_results(page, "#search-page-status")
    click_link(offline_page, NUSA_TITLE, unpacked.top / NUSA, within=".search-page__results")
    assert_reader_page(offline_page, unpacked, NUSA, NUSA_TITLE)
