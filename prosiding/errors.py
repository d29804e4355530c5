"""Errors that carry a file and line, collected per pipeline phase."""
from __future__ import annotations

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
