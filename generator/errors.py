"""The one error hierarchy: every failure a user can cause is a GeneratorError.

Click prints ``Error: <message>`` on stderr and exits 1 for any of them, so no
traceback ever reaches a user.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

import click


class GeneratorError(click.ClickException):
    """Base of every user-facing error (exit code 1)."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One content error at a place in a file: ``path:line:col: message``."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class ContentError(GeneratorError):
    """Every problem found in the content, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        noun = "error" if count == 1 else "errors"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} content {noun}:\n{lines}")


class BuildError(GeneratorError):
    """MkDocs refused to build the generated pages."""


class ProjectError(GeneratorError):
    """The folder is not a project, or a target cannot be written."""


def os_error(exc: OSError, path: Path) -> ProjectError:
    """A failed read or write of *path*, worded for the user (a full disk named as such)."""
    if exc.errno == errno.ENOSPC:
        reason = "no space left on device: free some disk space"
    elif exc.errno == errno.EROFS:
        reason = "the folder is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    elif exc.errno == errno.ENOTDIR:
        reason = "a part of the path is a file, not a folder"
    else:
        reason = (exc.strerror or str(exc)).lower()
    return ProjectError(f"cannot write {path}: {reason}")


def display_path(path: Path, root: Path) -> str:
    """Show *path* relative to *root* when it lies below it, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
