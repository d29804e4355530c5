"""make_archive: what a reader finds after unzipping, and that the zip is reproducible."""
from __future__ import annotations

import datetime
import stat
import zipfile
from pathlib import Path

import pytest

from prosiding.archive import archive_stem, make_archive, reader_note
from prosiding.errors import ProsidingError

BUILD_DATE = datetime.date(2026, 11, 28)
TITLE = "Prosiding Wonosobo"


@pytest.fixture
def built_site(tmp_path: Path) -> Path:
    """A small built site, as write.py would leave it in output/."""
    site = {
        "index.html": "<!doctype html><title>Beranda</title>",
        "seminar/nusa/index.html": "<!doctype html><title>Nusa</title>",
        "seminar/nusa/makalah.pdf": "%PDF-1.7 fake",
        "aset/gaya.css": "body{}",
        "aset/foto sesi é.jpg": "\xff",
    }
    output = tmp_path / "output"
    for name, text in site.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text, encoding="utf-8")
    return output


def test_zip_is_named_after_the_site_and_date(built_site: Path, tmp_path: Path):
    zip_path = make_archive(built_site, tmp_path / "dist", site_title=TITLE, build_date=BUILD_DATE)
    assert zip_path == tmp_path / "dist" / "prosiding-wonosobo-2026-11-28.zip"
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [zip_path.name]  # no temp file left


def test_unpacked_zip_has_the_site_under_one_folder_with_reader_notes(built_site: Path, tmp_path: Path):
    zip_path = make_archive(built_site, tmp_path / "dist", site_title=TITLE, build_date=BUILD_DATE)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(unpacked)

    assert [p.name for p in unpacked.iterdir()] == ["prosiding-wonosobo-2026-11-28"]
    top = unpacked / "prosiding-wonosobo-2026-11-28"
    unpacked_files = sorted(p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file())
    assert unpacked_files == [
        "BACA-SAYA.txt", "README.txt", "aset/foto sesi é.jpg", "aset/gaya.css", "index.html",
        "seminar/nusa/index.html", "seminar/nusa/makalah.pdf",
    ]
    for name in ["index.html", "seminar/nusa/makalah.pdf", "aset/foto sesi é.jpg"]:
        assert (top / name).read_bytes() == (built_site / name).read_bytes()

    baca_saya = (top / "BACA-SAYA.txt").read_bytes().decode("utf-8")
    assert baca_saya.startswith("Prosiding Wonosobo\r\n")
    assert "index.html" in baca_saya and "tanpa internet" in baca_saya
    readme = (top / "README.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and "without internet" in readme


def test_same_output_gives_a_byte_identical_zip(built_site: Path, tmp_path: Path):
    first = make_archive(built_site, tmp_path / "a", site_title=TITLE, build_date=BUILD_DATE)
    # Touch every file: new mtimes must not change the zip.
    for path in built_site.rglob("*"):
        path.touch()
    second = make_archive(built_site, tmp_path / "b", site_title=TITLE, build_date=BUILD_DATE)
    assert first.read_bytes() == second.read_bytes()


def test_entries_are_sorted_with_fixed_time_and_permissions(built_site: Path, tmp_path: Path):
    (built_site / "index.html").chmod(0o600)
    zip_path = make_archive(built_site, tmp_path, site_title=TITLE, build_date=BUILD_DATE)
    with zipfile.ZipFile(zip_path) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert {info.date_time for info in infos} == {(2026, 11, 28, 0, 0, 0)}
    for info in infos:
        mode = info.external_attr >> 16
        assert stat.S_IMODE(mode) == (0o755 if info.is_dir() else 0o644), info.filename


def test_source_date_epoch_sets_the_timestamps(built_site: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")  # 2025-11-28 00:00:00 UTC
    zip_path = make_archive(built_site, tmp_path, site_title=TITLE, build_date=BUILD_DATE)
    with zipfile.ZipFile(zip_path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 11, 28, 0, 0, 0)}
    assert zip_path.name == "prosiding-wonosobo-2026-11-28.zip"  # the name keeps the build date


def test_invalid_source_date_epoch_is_a_clear_error(built_site: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "kemarin")
    with pytest.raises(ProsidingError, match="SOURCE_DATE_EPOCH='kemarin' is not a whole number"):
        make_archive(built_site, tmp_path, site_title=TITLE, build_date=BUILD_DATE)


def test_archive_inside_the_site_is_refused(built_site: Path):
    with pytest.raises(ProsidingError, match="cannot be written inside the site"):
        make_archive(built_site, built_site / "unduh", site_title=TITLE, build_date=BUILD_DATE)


def test_unbuilt_site_is_refused(tmp_path: Path):
    with pytest.raises(ProsidingError, match="no index.html; build the site"):
        make_archive(tmp_path, tmp_path / "dist", site_title=TITLE, build_date=BUILD_DATE)


def test_site_page_with_a_note_name_is_refused(built_site: Path, tmp_path: Path):
    (built_site / "README.txt").write_text("x")
    with pytest.raises(ProsidingError, match="adds its own README.txt"):
        make_archive(built_site, tmp_path / "dist", site_title=TITLE, build_date=BUILD_DATE)


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Prosiding Wonosobo", "prosiding-wonosobo-2026-11-28"),
        ("Seminar Nasional: Ilmu & Budaya (SNIB) 2026", "seminar-nasional-ilmu-budaya-snib-2026-2026-11-28"),
        ("Prosidéng Çirebon", "prosideng-cirebon-2026-11-28"),
        ("CON", "con-2026-11-28"),
        ("会议", "prosiding-2026-11-28"),
        ("a " * 50, "-".join(["a"] * 30) + "-2026-11-28"),
    ],
)
def test_archive_stem_is_ascii_and_safe_on_fat_and_windows(title: str, stem: str):
    assert archive_stem(title, BUILD_DATE) == stem


def test_reader_notes_exist_in_both_languages_and_name_the_title():
    for language in ("id", "en"):
        note = reader_note("Prosiding Wonosobo", language)
        assert note.startswith("Prosiding Wonosobo\r\n") and "index.html" in note
    with pytest.raises(ValueError):
        reader_note("x", "jv")
