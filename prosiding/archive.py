"""Pack a built site into one zip a committee can hand out on a USB stick or by e-mail.

The zip holds one top folder (named like the zip) with the site and two short notes,
BACA-SAYA.txt and README.txt, telling a reader to extract it and open index.html.
The same output always gives a byte-identical zip (fixed timestamps, order and permissions),
so a re-run does not look like a new edition and checksums can be published.
"""
from __future__ import annotations

import datetime
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from prosiding.errors import ProsidingError, os_error
from prosiding.write import MARKER_NAME

ENTRY_PAGE = "index.html"

# Which note is written in which language; the wording comes from `reader_note`.
READER_NOTES = {"BACA-SAYA.txt": "id", "README.txt": "en"}

# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".woff", ".woff2",
    ".mp3", ".mp4", ".m4a", ".webm", ".ogg", ".zip", ".gz", ".pdf",
})

FILE_MODE = stat.S_IFREG | 0o644
FOLDER_MODE = stat.S_IFDIR | 0o755
MSDOS_DIRECTORY_FLAG = 0x10
ZIP_EARLIEST = datetime.datetime(1980, 1, 1)  # the zip format cannot store earlier times
ZIP_LATEST = datetime.datetime(2107, 12, 31, 23, 59, 58)
MAX_SLUG_LENGTH = 60


def make_archive(output_dir: Path, dest: Path, *, site_title: str, build_date: datetime.date) -> Path:
    """Write `<slug>-<date>.zip` of `output_dir` into the folder `dest`; return the zip's path."""
    output_dir, dest = Path(output_dir), Path(dest)
    if not (output_dir / ENTRY_PAGE).is_file():
        raise ProsidingError(f"{output_dir}: no {ENTRY_PAGE}; build the site before archiving it")
    if dest.resolve().is_relative_to(output_dir.resolve()):
        raise ProsidingError(f"{dest}: the archive cannot be written inside the site it packs ({output_dir})")

    stem = archive_stem(site_title, build_date)
    # The build's own marker says "a build replaces this folder": not a reader's file.
    site_files = [name for name in _list_site_files(output_dir) if name != MARKER_NAME]
    for note in READER_NOTES:
        if note in site_files:
            raise ProsidingError(f"{output_dir / note}: the archive adds its own {note}; rename this page")
    timestamp = _zip_timestamp(build_date, os.environ.get("SOURCE_DATE_EPOCH"))

    zip_path = dest / f"{stem}.zip"
    try:
        dest.mkdir(parents=True, exist_ok=True)
        # Write beside the target, then replace: a reader never downloads a half-written zip,
        # and a failure (a full USB stick) leaves an earlier zip of the same name as it was.
        handle, temp_name = tempfile.mkstemp(dir=dest, prefix=f".{stem}.", suffix=".tmp")
    except OSError as error:
        raise os_error(error, "write the archive into", dest) from error
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            _write_entries(archive, stem, output_dir, site_files, site_title, timestamp)
        os.chmod(temp_name, 0o644)  # mkstemp makes it 0600; a shared zip should be readable
        os.replace(temp_name, zip_path)
    except OSError as error:
        _remove_quietly(Path(temp_name))
        raise os_error(error, "write the archive", zip_path) from error
    except BaseException:
        _remove_quietly(Path(temp_name))
        raise
    return zip_path


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def archive_stem(site_title: str, build_date: datetime.date) -> str:
    """`prosiding-wonosobo-2026-11-28`: ASCII, lowercase, safe as a file name on FAT and Windows."""
    ascii_title = unicodedata.normalize("NFKD", site_title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    # The date suffix also keeps the name clear of reserved Windows names (CON, NUL, ...).
    return f"{slug or 'prosiding'}-{build_date.isoformat()}"


def reader_note(site_title: str, language: str) -> str:
    """The text of BACA-SAYA.txt ("id") or README.txt ("en"); one place to translate later."""
    if language == "id":
        lines = [
            site_title,
            "",
            "Cara membuka prosiding ini:",
            "1. Ekstrak (unzip) seluruh isi berkas zip terlebih dahulu.",
            "   Membuka index.html langsung dari dalam zip tidak akan berfungsi.",
            f"2. Di folder hasil ekstrak, klik dua kali berkas {ENTRY_PAGE}.",
            "3. Prosiding terbuka di peramban (browser) Anda, misalnya Chrome, Firefox, Edge, atau Safari.",
            "",
            "Prosiding ini dapat dibaca sepenuhnya tanpa internet (luring/offline): semua halaman,",
            "gambar, dan berkas ada di folder ini. Hanya tautan ke situs lain yang memerlukan internet.",
            "",
            f"Salin atau pindahkan selalu seluruh folder, jangan hanya {ENTRY_PAGE}:",
            "halaman-halamannya membutuhkan berkas lain di sebelahnya.",
        ]
    elif language == "en":
        lines = [
            site_title,
            "",
            "How to open these proceedings:",
            "1. Extract (unzip) the whole zip file first.",
            "   Opening index.html from inside the zip will not work.",
            f"2. In the extracted folder, double-click {ENTRY_PAGE}.",
            "3. The proceedings open in your web browser, e.g. Chrome, Firefox, Edge or Safari.",
            "",
            "The proceedings work completely without internet (offline): every page, image and file",
            "is in this folder. Only links to other websites need an internet connection.",
            "",
            f"Always copy or move the whole folder, not only {ENTRY_PAGE}:",
            "its pages need the other files next to them.",
        ]
    else:
        raise ValueError(f"no reader note in language {language!r}")
    # CRLF so that Notepad on older Windows shows separate lines.
    return "\r\n".join(lines) + "\r\n"


def _list_site_files(output_dir: Path) -> list[str]:
    """Every file under `output_dir` as a sorted POSIX path; symlinks are refused, not followed."""
    found = []
    for folder, subfolders, names in os.walk(output_dir):
        for name in [*subfolders, *names]:
            path = Path(folder, name)
            if path.is_symlink():
                raise ProsidingError(f"{path}: a symbolic link in the built site; it would not survive a zip")
        found.extend(Path(folder, name).relative_to(output_dir).as_posix() for name in names)
    return sorted(found)


def _zip_timestamp(build_date: datetime.date, source_date_epoch: str | None) -> tuple[int, ...]:
    """One time for every entry: SOURCE_DATE_EPOCH if set (reproducible-builds.org), else the build date."""
    if source_date_epoch is None:
        moment = datetime.datetime.combine(build_date, datetime.time())
    else:
        try:
            seconds = int(source_date_epoch)
        except ValueError:
            raise ProsidingError(
                f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a whole number of seconds"
            ) from None
        moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).replace(tzinfo=None)
    moment = min(max(moment, ZIP_EARLIEST), ZIP_LATEST)
    return moment.timetuple()[:6]


def _write_entries(archive: zipfile.ZipFile, stem: str, output_dir: Path, site_files: list[str],
                   site_title: str, timestamp: tuple[int, ...]) -> None:
    """Folders, notes and site files in one sorted order, each with fixed time and permissions."""
    notes = {name: reader_note(site_title, language).encode("utf-8") for name, language in READER_NOTES.items()}
    folders = {f"{stem}/"} | {
        f"{stem}/{'/'.join(parts[:end])}/"
        for parts in (path.split("/")[:-1] for path in site_files)
        for end in range(1, len(parts) + 1)
    }
    entries = sorted([*folders, *(f"{stem}/{name}" for name in [*notes, *site_files])])
    for name in entries:
        relative = name[len(stem) + 1:]
        if name.endswith("/"):
            archive.writestr(_entry_info(name, timestamp, FOLDER_MODE), b"")
        elif relative in notes:
            archive.writestr(_entry_info(name, timestamp, FILE_MODE), notes[relative])
        else:
            source = output_dir / relative
            info = _entry_info(name, timestamp, FILE_MODE)
            info.file_size = source.stat().st_size  # lets zipfile pick ZIP64 for huge videos
            with source.open("rb") as data, archive.open(info, "w") as entry:
                shutil.copyfileobj(data, entry, 1 << 20)


def _entry_info(name: str, timestamp: tuple[int, ...], mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=timestamp)
    info.create_system = 3  # Unix, so unzip applies `external_attr` permissions
    info.external_attr = mode << 16
    if name.endswith("/"):
        info.external_attr |= MSDOS_DIRECTORY_FLAG
        info.compress_type = zipfile.ZIP_STORED
    elif Path(name).suffix.lower() in STORED_SUFFIXES:
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
    return info
