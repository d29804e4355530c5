"""The only module that writes the output folder: stage beside it, then swap it in whole.

On disk, for an output folder `output/`, a commit uses these siblings:

    output.lock                 PID of the process writing; one writer per output at a time
    output.tmp-prosiding/       the new site, built completely before anyone sees it
    output.old-prosiding/       the previous site, for the moment between the two renames

A commit is: take the lock, recover from an interrupted earlier commit, stage every file
(hard-linking unchanged ones from the current output), rename output -> output.old-prosiding,
rename staging -> output, delete the old one. Whatever stops the process before the first
rename leaves `output/` untouched; a kill between the renames is undone at the next start.
Durability against power loss (fsync of every file) is not attempted: a build is cheap to repeat.
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from prosiding.errors import ProsidingError, UsageError, os_error

MARKER_NAME = ".prosiding-output"
"""Written into every output, so a later build knows the folder is its own to replace."""

MARKER_TEXT = b"This folder is written by prosiding. Every build replaces all of it.\n"

_WINDOWS_RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789\u00b9\u00b2\u00b3"]
)
_WINDOWS_FORBIDDEN_CHARS = frozenset('<>:"|?*') | frozenset(chr(code) for code in range(32))


@dataclass(frozen=True)
class WriteReport:
    """What a commit changed (site-root-relative paths, sorted), so the caller can warn about lost pages."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def removed_pages(self) -> tuple[str, ...]:
        """Removed .html files: a reader's bookmark to one of these now breaks."""
        return tuple(path for path in self.removed if path.endswith(".html"))


# --- names beside the output folder -------------------------------------------------------


def staging_path(output_dir: Path) -> Path:
    """Where the next site is built before it replaces `output_dir`."""
    output_dir = Path(output_dir)
    return output_dir.with_name(output_dir.name + ".tmp-prosiding")


def old_output_path(output_dir: Path) -> Path:
    """Where the previous site waits between the two renames of a swap."""
    output_dir = Path(output_dir)
    return output_dir.with_name(output_dir.name + ".old-prosiding")


def lock_path(output_dir: Path) -> Path:
    """The lock file of `output_dir`; beside it, not inside, so the swap never moves it."""
    output_dir = Path(output_dir)
    return output_dir.with_name(output_dir.name + ".lock")


# --- the commit ---------------------------------------------------------------------------


def commit_output(
    files: Mapping[str, bytes], output_dir: Path, *, protected: Iterable[Path] = (), kept: Iterable[str] = ()
) -> WriteReport:
    """Make `output_dir` hold exactly `files` (plus the marker), or leave it as it was.

    `files` maps site-root-relative POSIX paths to bytes; values are read one at a time while
    staging, so a lazy mapping works, and an exception from it leaves the old output untouched.
    The output may neither be nor contain a `protected` folder (site, content, layouts).
    Takes `output_lock` itself; a caller that already holds it in this process may nest.
    `kept` names files the caller knows are unchanged in the current output (checked by size,
    mtime and inode against the last build): they are linked without being read or compared.
    When nothing changed at all, the output is left exactly as it is (every mtime kept).
    """
    output_dir = Path(output_dir).resolve()
    paths = check_output_paths(files)
    _refuse_dangerous_output(output_dir, protected)
    kept = frozenset(kept)
    with output_lock(output_dir):
        recover_interrupted_swap(output_dir)
        if (output_dir / MARKER_NAME).is_file() and len(paths) - len(kept) <= IN_PLACE_SHARE * len(paths):
            return _update_in_place(files, paths, kept, output_dir)
        staging = staging_path(output_dir)
        try:
            previous = _list_files(output_dir) if output_dir.is_dir() else {}
            staging.mkdir(parents=True)
            # The marker goes in first: recovery only deletes folders that carry it (or are empty).
            _write_new_file(staging / MARKER_NAME, MARKER_TEXT)
            report = _stage_files(files, paths, previous, output_dir, staging, kept)
        except OSError as error:
            _discard(staging)
            path = Path(error.filename) if error.filename else staging
            # A file the build copies (an attachment) can vanish or become unreadable meanwhile.
            doing = "write the new output" if path == staging or staging in path.parents else "copy into the new output"
            raise os_error(error, doing, path) from error
        except BaseException:
            _discard(staging)
            raise
        if not (report.added or report.changed or report.removed) and output_dir.is_dir():
            _discard(staging)  # a no-change build writes nothing
        else:
            _swap_in(staging, output_dir)
    return report


# An edit that changes a few files of a big site updates the output in place instead of staging
# a copy of every file: new bytes go to hidden temporary files beside their targets first, and
# only when all are written does a journal list the renames that make them live. A failure while
# writing removes the temporaries (the output is untouched); a kill during the renames is
# finished from the journal at the next start.
IN_PLACE_SHARE = 0.25
_TEMP_SUFFIX = ".tmp-prosiding"


def journal_path(output_dir: Path) -> Path:
    """Beside the output: the renames and removals of an in-place update under way."""
    output_dir = Path(output_dir)
    return output_dir.with_name(output_dir.name + ".journal-prosiding")


def _temp_for(target: Path) -> Path:
    return target.with_name("." + target.name + _TEMP_SUFFIX)


def _update_in_place(files: Mapping[str, bytes], paths: list[str], kept: frozenset[str], output_dir: Path) -> WriteReport:
    previous = _list_files(output_dir)
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = [p for p in paths if p in kept and p in previous]
    written: list[str] = []
    made: list[Path] = []
    removed = sorted(set(previous) - set(paths))
    current: Path = output_dir
    try:
        for path in paths:
            if path in kept and path in previous:
                continue
            data = bytes(files[path])
            target = output_dir.joinpath(*path.split("/"))
            old_size = previous.get(path)
            if old_size == len(data) and target.read_bytes() == data:
                unchanged.append(path)
                continue
            (changed if old_size is not None else added).append(path)
            folder = target.parent
            missing = []
            while not folder.exists():
                missing.append(folder)
                folder = folder.parent
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            current = _temp_for(target)
            _write_new_file(current, data)
            written.append(path)
        if written or removed:  # the journal is the commit point: once written, the update happens
            current = journal_path(output_dir)
            current.write_text("\n".join([*("+" + p for p in written), *("-" + p for p in removed)]) + "\n", encoding="utf-8")
    except BaseException as error:
        journal_path(output_dir).unlink(missing_ok=True)
        for path in written:
            _temp_for(output_dir.joinpath(*path.split("/"))).unlink(missing_ok=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        if isinstance(error, OSError):
            raise os_error(error, "write the new output", current) from error
        raise
    if written or removed:
        try:
            _finish_journal(output_dir)
        except OSError as error:  # renames need no space; what is left is finished at the next start
            raise os_error(error, "finish updating", output_dir) from error
    return WriteReport(tuple(sorted(added)), tuple(sorted(changed)), tuple(removed), tuple(sorted(unchanged)))


def _finish_journal(output_dir: Path) -> None:
    """Make an in-place update live: rename each written file into place, remove what went."""
    journal = journal_path(output_dir)
    try:
        entries = journal.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError):
        entries = []
    for entry in entries:
        op, path = entry[:1], entry[1:]
        if not path or path.startswith("/") or ".." in path.split("/"):
            continue
        target = output_dir.joinpath(*path.split("/"))
        if op == "+" and _temp_for(target).exists():
            _rename(_temp_for(target), target)
        elif op == "-":
            target.unlink(missing_ok=True)
            folder = target.parent
            while folder != output_dir:
                try:
                    folder.rmdir()  # only if empty
                except OSError:
                    break
                folder = folder.parent
    journal.unlink(missing_ok=True)


def recover_interrupted_swap(output_dir: Path) -> None:
    """Finish or undo what a killed commit left beside `output_dir`; a no-op after a clean one.

    Killed between the two renames (no output, old one present): the previous output comes
    back, since nothing proves the staged one complete. Killed after them: the old copy goes.
    A leftover staging folder is always half-built, so it goes too.
    """
    output_dir = Path(output_dir).resolve()
    with output_lock(output_dir):
        old = old_output_path(output_dir)
        staging = staging_path(output_dir)
        try:
            if journal_path(output_dir).exists() and output_dir.is_dir():
                _finish_journal(output_dir)
            if old.exists():
                _require_written_by_us(old)
                if not output_dir.exists():
                    _rename(old, output_dir)
                else:
                    _remove_tree(old)
            if staging.exists():
                _require_written_by_us(staging)
                _remove_tree(staging)
        except OSError as error:
            raise os_error(error, "clean up after an interrupted build at", error.filename or output_dir) from error


def _stage_files(
    files: Mapping[str, bytes],
    paths: list[str],
    previous: dict[str, int],
    output_dir: Path,
    staging: Path,
    kept: frozenset[str] = frozenset(),
) -> WriteReport:
    """Fill `staging`: hard-link files whose bytes did not change, write the rest as new files."""
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    made_folders: set[str] = {""}
    can_link = True
    for path in paths:
        if path in kept and path in previous and can_link:
            parts = path.split("/")
            folder = path.rpartition("/")[0]
            if folder not in made_folders:
                staging.joinpath(*parts).parent.mkdir(parents=True, exist_ok=True)
                made_folders.add(folder)
            try:
                os.link(output_dir.joinpath(*parts), staging.joinpath(*parts))
                unchanged.append(path)
                continue
            except OSError:
                can_link = False
        data = files[path]
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"output {path!r}: expected bytes, got {type(data).__name__}")
        data = bytes(data)
        parts = path.split("/")
        target = staging.joinpath(*parts)
        folder = path.rpartition("/")[0]
        if folder not in made_folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_folders.add(folder)
        old_size = previous.get(path)
        if old_size is None:
            added.append(path)
        elif old_size != len(data) or output_dir.joinpath(*parts).read_bytes() != data:
            changed.append(path)
        else:
            unchanged.append(path)
            if can_link:
                try:
                    os.link(output_dir.joinpath(*parts), target)
                    continue
                except OSError:
                    can_link = False  # FAT/exFAT sticks, some network shares: copy from now on
        _write_new_file(target, data)
    removed = sorted(set(previous) - set(paths))
    return WriteReport(tuple(added), tuple(changed), tuple(removed), tuple(unchanged))


def _write_new_file(target: Path, data: bytes) -> None:
    """Create `target` with exactly `data`; "x" mode fails rather than write into an existing
    file, which could be a hard link shared with the live output."""
    with open(target, "xb") as stream:
        stream.write(data)


def _swap_in(staging: Path, output_dir: Path) -> None:
    """Replace `output_dir` with the complete `staging` folder by two renames, undoing the first
    if the second fails."""
    if not output_dir.exists():
        try:
            _rename(staging, output_dir)
        except BaseException as error:
            _discard(staging)
            raise _swap_error(error, output_dir)
        return
    old = old_output_path(output_dir)
    try:
        _rename(output_dir, old)
    except BaseException as error:
        _discard(staging)
        raise _swap_error(error, output_dir)
    try:
        _rename(staging, output_dir)
    except BaseException as error:
        try:
            _rename(old, output_dir)
        except BaseException:
            pass  # recover_interrupted_swap restores it at the next start
        _discard(staging)
        raise _swap_error(error, output_dir)
    _discard(old)  # a failure here costs nothing now: the next start removes it


def _swap_error(error: BaseException, output_dir: Path) -> BaseException:
    """A user-facing message for a failed rename; Ctrl-C and programming errors pass through."""
    if isinstance(error, OSError):
        message = (
            f"could not replace {output_dir}: {error.strerror or error}; "
            "if a program has a file in it open, close it and build again"
        )
        new_error = ProsidingError(message)
        new_error.__cause__ = error
        return new_error
    return error


def _rename(source: Path, target: Path) -> None:
    """os.replace, retried briefly on Windows, where a virus scanner or search indexer may hold
    a file in the folder for a moment."""
    attempts = 5 if os.name == "nt" else 1
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def _discard(folder: Path) -> None:
    """Best-effort removal during cleanup; whatever stays is removed at the next start."""
    try:
        _remove_tree(folder)
    except OSError:
        pass


def _remove_tree(folder: Path) -> None:
    """shutil.rmtree that also removes read-only files (Windows refuses to delete those)."""

    def make_writable_and_retry(function, path, _error):
        os.chmod(path, stat.S_IWRITE)
        function(path)

    if not folder.exists():
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=make_writable_and_retry)
    else:
        shutil.rmtree(folder, onerror=make_writable_and_retry)


def _list_files(root: Path) -> dict[str, int]:
    """Regular files under `root` as POSIX paths -> size, without the marker. Symlinks and other
    odd entries are listed nowhere, so they are never reused and simply vanish with the old output."""
    found: dict[str, int] = {}
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), path + "/"))
                elif entry.is_file(follow_symlinks=False):
                    if entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX):
                        os.unlink(entry.path)  # left by a build killed while writing in place
                        continue
                    found[path] = entry.stat(follow_symlinks=False).st_size
    found.pop(MARKER_NAME, None)
    return found


# --- output paths -------------------------------------------------------------------------


def check_output_paths(paths: Iterable[str]) -> list[str]:
    """Return `paths` sorted, or raise one ProsidingError listing every path that is unsafe or
    not portable: a site built on Linux must also unpack on Windows and macOS."""
    problems: set[str] = set()
    seen: dict[str, tuple[str, str, str]] = {}  # folded name -> (name, "file"/"folder", path)
    ordered = sorted(paths)
    for path in ordered:
        problem = _path_problem(path)
        if problem:
            problems.add(f"{path!r} {problem}")
            continue
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            name = "/".join(parts[:depth])
            kind = "file" if depth == len(parts) else "folder"
            folded = _fold(name)
            if folded not in seen:
                seen[folded] = (name, kind, path)
                continue
            problem = _clash(seen[folded], (name, kind, path))
            if problem:
                problems.add(problem)
                break
    if problems:
        raise ProsidingError("cannot write the output:\n  " + "\n  ".join(sorted(problems)))
    return ordered


def output_path_problem(path: object) -> str | None:
    """Why `path` cannot be an output path on every system (Windows, macOS, Linux), or None.

    The planner asks this per file, so that the error can name the content file responsible.
    """
    return _path_problem(path)


def _path_problem(path: object) -> str | None:
    """Why `path` cannot be an output path, or None if it can."""
    if not isinstance(path, str):
        return "is not a string"
    if path == "":
        return "is empty"
    if "\\" in path:
        return "contains a backslash (use '/')"
    if path.startswith("/"):
        return "is absolute (paths are relative to the site root)"
    if path == MARKER_NAME:
        return "is reserved for prosiding's marker file"
    for name in path.split("/"):
        if name == "":
            return "has an empty part ('//' or a trailing '/')"
        if name in (".", ".."):
            return "contains '.' or '..'"
        forbidden = sorted(set(name) & _WINDOWS_FORBIDDEN_CHARS)
        if forbidden:
            shown = " ".join(repr(char) for char in forbidden)
            return f"contains {shown}, not allowed in Windows file names"
        if name.endswith((".", " ")):
            return "has a name ending in '.' or ' ', which Windows drops"
        if name.split(".")[0].rstrip(" ").upper() in _WINDOWS_RESERVED_NAMES:
            return f"uses {name!r}, a reserved device name on Windows"
    return None


def _fold(name: str) -> str:
    """The form under which Windows and macOS consider two names the same (or nearly so)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def _clash(earlier: tuple[str, str, str], current: tuple[str, str, str]) -> str | None:
    """Why two paths whose names fold alike cannot both be written, or None if that is fine."""
    (earlier_name, earlier_kind, earlier_path), (name, kind, path) = earlier, current
    if earlier_kind == kind == "folder" and earlier_name == name:
        return None
    if earlier_path == path:
        return f"{path!r} is listed twice"
    if earlier_kind != kind:
        return f"{earlier_path!r} and {path!r} would make {name!r} both a file and a folder"
    if unicodedata.normalize("NFC", earlier_name) == unicodedata.normalize("NFC", name):
        return (
            f"{ascii(earlier_name)} and {ascii(name)} are one name in two Unicode forms "
            "(NFC and NFD), which macOS treats as the same name"
        )
    where = "" if kind == "file" else f" (folders of {earlier_path!r} and {path!r})"
    return (
        f"{earlier_name!r} and {name!r} differ only in letter case, "
        f"which Windows and macOS treat as the same name{where}"
    )


# --- where the output may go --------------------------------------------------------------


def check_output_dir(output_dir: Path, site_dir: Path, content_dir: Path, layouts_dir: Path) -> None:
    """Raise UsageError unless replacing `output_dir` on every build can only lose a previous
    build: not a source folder or a parent of one, not home or a filesystem root, and empty,
    missing, or marked as prosiding's own output. Call it before `output_lock`, which creates
    a file beside the output folder."""
    output_dir = Path(output_dir).resolve()
    try:
        _refuse_dangerous_output(output_dir, (site_dir, content_dir, layouts_dir))
    except OSError as error:  # a name too long for the file system, a folder we may not read
        raise os_error(error, "use the output folder", output_dir) from error
    for source_dir in (content_dir, layouts_dir):
        if _place_of(Path(source_dir).resolve(), output_dir) == "contains":
            raise UsageError(
                f"refusing to use {output_dir} as the output folder: it is inside "
                f"{Path(source_dir).resolve()}, so the next build would read its own output"
            )


def _refuse_dangerous_output(output_dir: Path, protected: Iterable[Path]) -> None:
    """The checks commit_output makes on every call, since it deletes the old output."""

    def refuse(reason: str) -> UsageError:
        return UsageError(f"refusing to use {output_dir} as the output folder: {reason}")

    if output_dir.parent == output_dir or os.path.ismount(output_dir):
        raise refuse("it is the root of a filesystem")
    home = _home_folder()
    if home is not None:
        place = _place_of(output_dir, home)
        if place == "is":
            raise refuse("it is your home folder")
        if place == "contains":
            raise refuse(f"it contains your home folder {home}")
    for folder in protected:
        folder = Path(folder).resolve()
        place = _place_of(output_dir, folder)
        if place:
            raise refuse(f"it {place} {folder}, and every build replaces the whole output folder")
    if output_dir.exists() and not output_dir.is_dir():
        raise refuse("it is a file")
    if output_dir.is_dir() and not _is_empty_or_marked(output_dir):
        raise refuse(
            f"it holds files that prosiding did not write (there is no {MARKER_NAME} in it), "
            "and every build replaces the whole folder; choose an empty or new folder"
        )


def _require_written_by_us(folder: Path) -> None:
    """Refuse to delete a folder with one of our sibling names that we did not make."""
    if not folder.is_dir() or not _is_empty_or_marked(folder):
        raise UsageError(
            f"{folder} is in the way: prosiding uses that name while writing the output, "
            "but it was not made by prosiding; move it elsewhere"
        )


def _is_empty_or_marked(folder: Path) -> bool:
    """True for a folder prosiding may replace: it carries the marker, or has nothing to lose."""
    if (folder / MARKER_NAME).is_file():
        return True
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _place_of(outer: Path, inner: Path) -> str | None:
    """"is" if `outer` is `inner`, "contains" if it is a parent of it, else None (both resolved)."""
    if _same_folder(outer, inner):
        return "is"
    if any(_same_folder(outer, parent) for parent in inner.parents):
        return "contains"
    return None


def _same_folder(first: Path, second: Path) -> bool:
    """Same folder on disk (so case-insensitive drives count), or same resolved name if missing."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.normcase(str(first)) == os.path.normcase(str(second))


def _home_folder() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


# --- the lock -----------------------------------------------------------------------------

# Lock files this process holds, by (pid, lock path) -> nesting depth. It lets commit_output
# take the lock that `serve` already holds for its lifetime; the pid keeps a forked child from
# believing it inherited the lock. Nesting is per process, not per thread.
_held_locks: dict[tuple[int, str], int] = {}
_held_locks_guard = threading.Lock()


@contextmanager
def output_lock(output_dir: Path) -> Iterator[Path]:
    """Hold `lock_path(output_dir)` while writing, so two builds (or a build and `serve`) never
    interleave. The file holds the writer's PID; a lock left by a dead process is taken over,
    a live one raises ProsidingError. Yields the lock file's path."""
    output_dir = Path(output_dir).resolve()
    lock = lock_path(output_dir)
    key = (os.getpid(), os.path.normcase(str(lock)))
    with _held_locks_guard:
        if key not in _held_locks:
            _take_lock_file(lock, output_dir)
        _held_locks[key] = _held_locks.get(key, 0) + 1
    try:
        yield lock
    finally:
        with _held_locks_guard:
            _held_locks[key] -= 1
            if _held_locks[key] == 0:
                del _held_locks[key]
                _release_lock_file(lock)


def _my_lock_text() -> str:
    return f"{os.getpid()}\n"


def _take_lock_file(lock: Path, output_dir: Path) -> None:
    """Create `lock` exclusively, taking over a stale one; loops only while racing another taker."""
    for _attempt in range(50):
        if lock.is_dir():
            raise ProsidingError(
                f"{lock} is a folder, but prosiding keeps its lock file under that name; "
                "move or delete the folder and build again"
            )
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            pass
        except PermissionError as error:
            if os.name != "nt":
                raise os_error(error, "create the lock file", lock) from error
            # Windows refuses to create a file whose previous self is still being deleted.
            time.sleep(0.05)
            continue
        except OSError as error:
            raise os_error(error, "create the lock file", lock) from error
        else:
            with os.fdopen(descriptor, "w", encoding="ascii", newline="\n") as stream:
                stream.write(_my_lock_text())
            return
        holder_text = _read_lock_file(lock)
        if holder_text is None:
            continue  # released meanwhile
        holder = int(holder_text) if holder_text.strip().isdigit() else None
        if holder is None:
            # Its writer may be between creating the file and writing its PID: give it a moment.
            time.sleep(0.2)
            if _read_lock_file(lock) != holder_text:
                continue
        elif holder != os.getpid() and _process_is_alive(holder):
            raise ProsidingError(
                f"another build is writing {output_dir} (pid {holder}); "
                f"if no build is running, delete {lock}"
            )
        # Our own PID here but not held by us: left by an earlier process that had our PID,
        # as happens when a container restarts.
        _break_stale_lock(lock, holder_text)
    raise ProsidingError(f"could not take the lock {lock}: it keeps changing or cannot be created")


def _break_stale_lock(lock: Path, stale_text: str) -> None:
    """Remove `lock` only if it still holds `stale_text`. Moving it aside first is atomic, so of
    two processes breaking the same stale lock only one succeeds; if what we moved is a fresh
    lock that the other one just made, we put it back."""
    aside = lock.with_name(f"{lock.name}.stale-{os.getpid()}")
    try:
        os.replace(lock, aside)
    except (FileNotFoundError, PermissionError):
        return  # gone already, or (Windows) still open by the process creating it: look again
    if _read_lock_file(aside) == stale_text:
        aside.unlink(missing_ok=True)
        return
    try:
        os.rename(aside, lock)
    except OSError:
        aside.unlink(missing_ok=True)


def _release_lock_file(lock: Path) -> None:
    try:
        if _read_lock_file(lock) == _my_lock_text():
            lock.unlink(missing_ok=True)
    except (ProsidingError, OSError):
        pass  # a lock we cannot remove is stale once we exit, and is taken over then


def _read_lock_file(lock: Path) -> str | None:
    """The lock's text, or None if it is gone (or, on Windows, being deleted)."""
    try:
        return lock.read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except PermissionError as error:
        if os.name == "nt":
            return None
        raise os_error(error, "read the lock file", lock) from error
    except IsADirectoryError:
        raise ProsidingError(
            f"{lock} is a folder, but prosiding keeps its lock file under that name; "
            "move or delete the folder and build again"
        ) from None
    except OSError as error:
        raise os_error(error, "read the lock file", lock) from error


def _process_is_alive(pid: int) -> bool:
    """Whether `pid` is a running process; when unsure, say yes (a wrong "yes" costs a message,
    a wrong "no" costs a corrupted output)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_process_is_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # PermissionError: it exists but belongs to someone else
    return True


def _windows_process_is_alive(pid: int) -> bool:
    """OpenProcess + GetExitCodeProcess; os.kill(pid, 0) would terminate the process on Windows."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    process_query_limited_information = 0x1000
    error_invalid_parameter = 87  # what OpenProcess says for a PID nobody has
    still_active = 259
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() != error_invalid_parameter
    try:
        exit_code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(exit_code)):
            return True
        return exit_code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
