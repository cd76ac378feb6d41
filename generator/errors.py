"""The one error hierarchy: every failure a user can cause is a GeneratorError.

Click prints ``Error: <message>`` (in Chinese ``错误：<message>``) on stderr and exits 1
for any of them, so no traceback ever reaches a user.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from generator.i18n import _, ngettext

#: The stable codes of problems (``validate --format json``), in the order of docs/cli.md's
#: table of them; tests/test_messages.py checks that every code given to a Problem is here.
CODES = (
    "yaml-syntax", "not-utf8", "too-large", "unsupported-yaml", "duplicate-key",
    "expected-type", "missing-key", "unknown-key", "invalid-value", "duplicate-id",
    "duplicate-option", "unknown-reference", "not-checked", "band-coverage", "unsafe-link", "broken-link",
    "page-clash", "outside-project", "bad-result",
    "bad-record", "bad-roster", "unmatched", "ambiguous", "matched-by-name", "duplicate-record",
)


class GeneratorError(click.ClickException):
    """Base of every user-facing error (exit code 1)."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), file=file,
                   err=file is None)


@dataclass(frozen=True, order=True)
class Problem:
    """One content error at a place in a file: ``path:line:col: message``.

    ``code`` names the kind of error in stable English for tools; ``detail`` keeps
    what a parser said in its own words (PyYAML's message), when that was reworded.
    """

    path: str
    line: int
    column: int
    message: str
    code: str = field(default="invalid-value", compare=False)
    detail: str = field(default="", compare=False)
    #: A warning is printed and never fails a command (``checks.rating`` has the only one).
    warning: bool = field(default=False, compare=False)

    def as_warning(self) -> Problem:
        return Problem(self.path, self.line, self.column, self.message, self.code, self.detail,
                       warning=True)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        result: dict[str, object] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
        }
        if self.detail:
            result["detail"] = self.detail
        return result


class ContentError(GeneratorError):
    """Every problem found in the content, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        head = ngettext("{count} content error:", "{count} content errors:", count)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(head.format(count=count) + "\n" + lines)


class BuildError(GeneratorError):
    """MkDocs refused to build the generated pages."""


class ProjectError(GeneratorError):
    """The folder is not a project, or a target cannot be written."""


def os_error(exc: OSError, path: Path) -> ProjectError:
    """A failed write of *path*, worded for the user (a full disk named as such)."""
    return ProjectError(_("cannot write {path}: {reason}").format(path=path, reason=os_reason(exc)))


def os_reason(exc: OSError) -> str:
    """Why a read or write failed, worded for the user."""
    if exc.errno == errno.ENOSPC:
        return _("no space left on device: free some disk space")
    if exc.errno == errno.EROFS:
        return _("the folder is read-only")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if exc.errno == errno.ENOTDIR:
        return _("a part of the path is a file, not a folder")
    return (exc.strerror or str(exc)).lower()


def display_path(path: Path, root: Path) -> str:
    """Show *path* relative to *root* when it lies below it, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
