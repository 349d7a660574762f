"""Errors and problems the core reports to its shells.

A :class:`Problem` is something wrong in one file (a broken YAML file, an
undecodable article); the rest of the workspace still loads.  A
:class:`SahelError` is raised when an operation cannot go on; its ``str()`` is a
one-line message that a shell shows as is (CLI: stderr; TUI: a notification).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem found while loading or checking: ``file:line: message``."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class SahelError(Exception):
    """An error with a one-line message meant for the user."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = " ".join(str(message).split())
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class NotFound(SahelError):
    """An article, mention or entity id that does not exist."""


class InvalidInput(SahelError):
    """A value given by the user (label, offsets, id, query) that cannot be used."""


class IndexBusy(SahelError):
    """Another writer (a teammate's app, ``index --rebuild``) holds the search index: try again later."""


class UndoConflict(SahelError):
    """Undo (or redo) refused: someone changed the mention after this session's edit."""


class ReadOnlyWorkspace(SahelError):
    """The workspace cannot be written (permissions or read-only mode)."""
