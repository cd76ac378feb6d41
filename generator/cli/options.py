"""What the Click commands share: the --project option and how warnings are printed."""

from __future__ import annotations

from pathlib import Path

import click

from generator.errors import Problem
from generator.i18n import _

project_option = click.option(
    "-C", "--project", "project", default=".", show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Project folder (holding mkdocs.yml and content/).",
)


def warn(warnings: list[Problem]) -> None:
    """Warnings on stderr, one a line; they never change the exit code."""
    for problem in warnings:
        click.echo(_("Warning: {problem}").format(problem=problem), err=True)
