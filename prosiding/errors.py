"""Errors that carry a file and line, collected per pipeline phase."""
from __future__ import annotations
from dataclasses import dataclass, field
from pathlib import Path

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
