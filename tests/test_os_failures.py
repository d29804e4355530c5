"""Operating-system failures through the real command line: one line naming the path and what to
do, exit 1, no traceback, and the previous output, zip or content exactly as it was.

Each failure is made real where this machine allows it (a 64 KiB tmpfs for a full disk, a
read-only bind mount; both need root and mount), and is also simulated with a monkeypatched
OSError so that every platform runs every case. Root ignores file permissions, so EACCES is only
ever simulated.
"""
from __future__ import annotations

import errno
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from prosiding import archive as archive_module
from prosiding import scaffold, write
from test_bad_input import GOOD_SITE, hashes, run_cli
from sitemaker import make_site


@pytest.fixture
def site(tmp_path: Path, capsys) -> Path:
    folder = make_site(tmp_path, GOOD_SITE)
    code, _, err = run_cli(capsys, "--source", str(folder), "build")
    assert code == 0, err
    return folder


def fails(capsys, *argv: str) -> list[str]:
    code, out, err = run_cli(capsys, *argv)
    assert "Traceback" not in err + out
    assert code == 1, err
    return err.splitlines()


def _can_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory() as folder:
        try:
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder], check=True, capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return False
        subprocess.run(["umount", folder], capture_output=True, timeout=10)
    return True


needs_mount = pytest.mark.skipif(not _can_mount(), reason="needs root and mount (a tmpfs / read-only bind mount)")


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "full"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], check=True, timeout=10)
    (folder / "filler").write_bytes(b"\0" * 60_000)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, timeout=10)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "earlier.txt").write_text("earlier\n")
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True, timeout=10)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, timeout=10)
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True, timeout=10)


FULL = "the disk is full; free some space on it (or choose another disk) and try again"
READ_ONLY = "the disk is read-only; choose a folder on a disk you can write to"
DENIED = "permission denied; check the folder's permissions, or choose a folder you can write to"
TOO_LONG = "the name is too long for the file system; choose a shorter name, or a folder nearer the top of the disk"
NO_ARCHIVE = "prosiding: 1 error; the site was built, but no archive was written (an earlier zip is unchanged)."
UNCHANGED = "prosiding: 1 error; the output folder was not changed."


# --- the lock ---------------------------------------------------------------------------------------


def test_a_lock_path_that_is_a_folder(site: Path, capsys):
    (site / "output.lock").mkdir()
    before = hashes(site / "output")
    assert fails(capsys, "--source", str(site), "build") == [
        f"{site / 'output.lock'} is a folder, but prosiding keeps its lock file under that name; move or delete the folder and build again",
        UNCHANGED,
    ]
    assert hashes(site / "output") == before


def test_an_unreadable_lock_file(site: Path, capsys, monkeypatch):
    (site / "output.lock").write_text("12345\n")
    real_read_text = Path.read_text

    def refuse(self: Path, *args, **kwargs):
        if self.name == "output.lock":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", refuse)
    monkeypatch.setattr(os, "name", "posix")
    before = hashes(site / "output")
    assert fails(capsys, "--source", str(site), "build") == [f"could not read the lock file {site / 'output.lock'}: {DENIED}", UNCHANGED]
    assert hashes(site / "output") == before


# --- build: full, read-only, denied, too long ---------------------------------------------------------


def test_build_on_a_full_disk_simulated(site: Path, capsys, monkeypatch):
    def no_space(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "_write_new_file", no_space)
    before = hashes(site / "output")
    lines = fails(capsys, "--source", str(site), "build")
    assert lines == [f"could not write the new output {site / 'output.tmp-prosiding'}: {FULL}", UNCHANGED]
    assert hashes(site / "output") == before


@needs_mount
def test_build_on_a_full_disk(site: Path, full_disk: Path, capsys):
    output = full_disk / "out"
    lines = fails(capsys, "--source", str(site), "build", "--output", str(output))
    assert lines[-1] == UNCHANGED and lines[0].startswith("could not write the new output ") and lines[0].endswith(f": {FULL}")
    left = {p.name for p in full_disk.iterdir()}
    assert left.isdisjoint({"out", "out.tmp-prosiding", "out.lock", "out.old-prosiding"}), left  # (the build cache may stay)


@needs_mount
def test_build_into_a_read_only_folder(site: Path, read_only: Path, capsys):
    assert fails(capsys, "--source", str(site), "build", "--output", str(read_only / "out")) == [
        f"could not create the lock file {read_only / 'out.lock'}: {READ_ONLY}", UNCHANGED]


def test_build_into_a_folder_without_permission_simulated(site: Path, tmp_path: Path, capsys, monkeypatch):
    real_open = os.open

    def denied(path, flags, *args):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", denied)
    assert fails(capsys, "--source", str(site), "build", "--output", str(tmp_path / "out")) == [
        f"could not create the lock file {tmp_path / 'out.lock'}: {DENIED}", UNCHANGED]


def test_an_output_name_too_long_for_the_file_system(site: Path, tmp_path: Path, capsys):
    output = tmp_path / ("x" * 300)
    assert fails(capsys, "--source", str(site), "build", "--output", str(output)) == [f"could not use the output folder {output}: {TOO_LONG}", UNCHANGED]


# --- archive ----------------------------------------------------------------------------------------


def test_archive_on_a_full_disk_keeps_the_earlier_zip_simulated(site: Path, tmp_path: Path, capsys, monkeypatch):
    dest = tmp_path / "zips"
    code, out, _ = run_cli(capsys, "--source", str(site), "archive", "--dest", str(dest))
    assert code == 0
    before = hashes(dest)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive_module, "_write_entries", no_space)
    zip_path = next(dest.glob("*.zip"))
    assert fails(capsys, "--source", str(site), "archive", "--dest", str(dest)) == [f"could not write the archive {zip_path}: {FULL}", NO_ARCHIVE]
    assert hashes(dest) == before


@needs_mount
def test_archive_on_a_full_disk(site: Path, full_disk: Path, capsys):
    lines = fails(capsys, "--source", str(site), "archive", "--dest", str(full_disk))
    assert lines[-1] == NO_ARCHIVE and lines[0].startswith(f"could not write the archive {full_disk}") and lines[0].endswith(f": {FULL}")
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


@needs_mount
def test_archive_into_a_read_only_folder(site: Path, read_only: Path, capsys):
    before = hashes(read_only)
    assert fails(capsys, "--source", str(site), "archive", "--dest", str(read_only)) == [f"could not write the archive into {read_only}: {READ_ONLY}", NO_ARCHIVE]
    assert hashes(read_only) == before


def test_archive_into_a_read_only_folder_simulated(site: Path, tmp_path: Path, capsys, monkeypatch):
    def read_only_disk(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(archive_module.tempfile, "mkstemp", read_only_disk)
    dest = tmp_path / "zips"
    assert fails(capsys, "--source", str(site), "archive", "--dest", str(dest)) == [f"could not write the archive into {dest}: {READ_ONLY}", NO_ARCHIVE]


# --- new ----------------------------------------------------------------------------------------------


def test_new_in_a_read_only_content_folder_simulated(site: Path, capsys, monkeypatch):
    before = hashes(site / "content")

    def read_only_disk(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(scaffold, "open", read_only_disk, raising=False)
    path = Path(site) / "content" / "seminar" / "baru" / "index.md"
    assert fails(capsys, "--source", str(site), "new", "seminar", "baru") == [
        f"could not create {path}: {READ_ONLY}", "prosiding: 1 error; nothing was written."]
    assert hashes(site / "content") == before  # the seminar folder it made is gone again


@needs_mount
def test_new_in_a_read_only_content_folder(site: Path, capsys):
    content = site / "content"
    subprocess.run(["mount", "--bind", str(content), str(content)], check=True, timeout=10)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(content)], check=True, timeout=10)
    try:
        assert fails(capsys, "--source", str(site), "new", "news", "kabar-baru") == [
            f"could not create {content / 'berita' / 'kabar-baru.md'}: {READ_ONLY}", "prosiding: 1 error; nothing was written."]
    finally:
        subprocess.run(["umount", str(content)], check=True, timeout=10)


def test_new_with_a_name_too_long_for_the_file_system(site: Path, capsys):
    before = hashes(site / "content")
    lines = fails(capsys, "--source", str(site), "new", "news", "x" * 300)
    assert lines == [f"could not create {site / 'content' / 'berita' / ('x' * 300 + '.md')}: {TOO_LONG}", "prosiding: 1 error; nothing was written."]
    assert hashes(site / "content") == before


# --- serve --------------------------------------------------------------------------------------------


def test_serve_keeps_going_when_the_disk_fills_up(site: Path, capsys, monkeypatch):
    from prosiding.pipeline import Project
    from prosiding.serve import rebuild

    def no_space(target: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(write, "_write_new_file", no_space)
    before = hashes(site / "output")
    assert rebuild(Project.at(site)) is False
    assert capsys.readouterr().err.splitlines() == [
        f"could not write the new output {site / 'output.tmp-prosiding'}: {FULL}", "prosiding: build failed; still serving the previous site"]
    assert hashes(site / "output") == before


def test_serve_on_a_port_in_use_is_one_line(site: Path, capsys, monkeypatch):
    import livereload

    def in_use(self, *args, **kwargs):
        raise OSError(errno.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(livereload.Server, "serve", in_use)
    assert fails(capsys, "--source", str(site), "serve", "--port", "8123")[-2:] == [
        "port 8123 on 127.0.0.1 is already in use (another server is running?); choose another with --port", UNCHANGED]
