"""Errors that carry a file and line, collected per pipeline phase."""
from __future__ import annotations

import errno
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SourceRef:
    """Where something came from: a path (as shown to the user) and a 1-based line, 0 if unknown."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class ProsidingError(Exception):
    """One user-facing problem: `path:line: message`. Never shown with a traceback."""

    def __init__(self, message: str, ref: SourceRef | None = None):
        super().__init__(message)
        self.message = message
        self.ref = ref

    def __str__(self) -> str:
        return f"{self.ref}: {self.message}" if self.ref else self.message


class UsageError(ProsidingError):
    """A bad command line or setting: exit code 2."""


class ErrorList(ProsidingError):
    """All problems of one phase, reported together, sorted by file and line."""

    def __init__(self, errors: list[ProsidingError]):
        # One mistake in a shared file (a `_dir.yml` default) is reported once, not once per page.
        unique = {(str(e.ref), e.message): e for e in errors}
        self.errors = sorted(unique.values(), key=_sort_key)
        super().__init__("\n".join(str(e) for e in self.errors))


def _sort_key(error: ProsidingError) -> tuple[str, int, str]:
    ref = error.ref or SourceRef("")
    return (ref.path, ref.line, error.message)


class Collector:
    """Gathers errors during a phase; `raise_if_any()` stops the pipeline at the phase's end."""

    def __init__(self) -> None:
        self.errors: list[ProsidingError] = []

    def add(self, message: str, ref: SourceRef | None = None) -> None:
        self.errors.append(ProsidingError(message, ref))

    def extend(self, errors: list[ProsidingError]) -> None:
        self.errors.extend(errors)

    def raise_if_any(self) -> None:
        if self.errors:
            flat: list[ProsidingError] = []
            for error in self.errors:
                flat.extend(error.errors if isinstance(error, ErrorList) else [error])
            raise ErrorList(flat)


# --- operating-system failures ----------------------------------------------------------------

# errno → (what went wrong, in a reader's words; what to do about it).
_OS_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full", "free some space on it (or choose another disk) and try again"),
    getattr(errno, "EDQUOT", -2): ("your disk quota is used up", "free some space (or choose another disk) and try again"),
    errno.EROFS: ("the disk is read-only", "choose a folder on a disk you can write to"),
    errno.EACCES: ("permission denied", "check the folder's permissions, or choose a folder you can write to"),
    errno.EPERM: ("permission denied", "check the folder's permissions, or choose a folder you can write to"),
    errno.ENOENT: ("no such file or folder", "check the path; a folder on the way may be missing or was just moved"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("it is a folder, where a file was expected", "move the folder away"),
    errno.ENAMETOOLONG: ("the name is too long for the file system", "choose a shorter name, or a folder nearer the top of the disk"),
    errno.EMFILE: ("too many files are open", "close other programs and try again"),
    errno.EIO: ("the disk reported an input/output error", "check the disk (or USB stick) and try again"),
    errno.EBUSY: ("it is in use by another program", "close the program using it and try again"),
}


def describe_os_error(error: OSError, doing: str, path: object = None) -> str:
    """One line for an operating-system failure: `could not <doing> <path>: <why>; <what to do>`."""
    where = path if path is not None else error.filename
    reason, advice = _OS_REASONS.get(error.errno or -1, (error.strerror or str(error), "try again, or run with --debug for details"))
    return f"could not {doing} {where}: {reason}; {advice}" if where else f"could not {doing}: {reason}; {advice}"


def os_error(error: OSError, doing: str, path: object = None) -> ProsidingError:
    """`describe_os_error` as a ProsidingError, with the OSError kept as its cause for --debug."""
    problem = ProsidingError(describe_os_error(error, doing, path))
    problem.__cause__ = error
    return problem


# --- warnings ---------------------------------------------------------------------------------

# Warnings stay plain text (they are cached and compared as text); a kind is recognised by its
# wording: (the one-file warning, with the part to list as an example; the line for many).
WARNING_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^page removed since the last build: (?P<subject>.+) \(links and citations to it now break\)$"),
     "{count} pages removed since the last build, e.g. {examples}; links and citations to them now break"),
    (re.compile(r"^(?:(?P<where>.+?): )?(?P<subject>'.*') is a new (?:person|institution); did you mean "),
     "{count} names are new but one letter or so away from a known name, e.g. {examples}; check them for typos"),
)


def summarise_warnings(warnings: Iterable[str], *, examples: int = 3, at_least: int = 4) -> list[str]:
    """One line per warning, except that `at_least` or more of one kind become one line with the
    count and the first `examples` subjects: 300 removed pages must not bury the other warnings."""
    items = [str(warning) for warning in warnings]
    kinds: list[tuple[str, str] | None] = [_kind_of(item) for item in items]
    groups: dict[str, list[str]] = {}
    for kind in kinds:
        if kind:
            groups.setdefault(kind[0], []).append(kind[1])
    lines: list[str] = []
    summarised: set[str] = set()
    for item, kind in zip(items, kinds):
        if kind is None or len(groups[kind[0]]) < at_least:
            lines.append(item)
        elif kind[0] not in summarised:  # the group's line takes the place of its first warning
            summarised.add(kind[0])
            subjects = groups[kind[0]]
            lines.append(kind[0].format(count=len(subjects), examples=", ".join(subjects[:examples])))
    return lines


def _kind_of(warning: str) -> tuple[str, str] | None:
    """(the summary template, the example to list) of a warning of a known kind, else None."""
    for pattern, template in WARNING_KINDS:
        found = pattern.match(warning)
        if found:
            where = found.groupdict().get("where")
            return template, f"{found['subject']} ({where})" if where else found["subject"]
    return None
