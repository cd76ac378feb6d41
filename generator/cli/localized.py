"""Help in the reader's language: Click's own words and ours, through the one catalogue.

Click writes its own words ("Usage:", "Options", "Show this message and exit.") through the
standard library's gettext, so ``i18n.use`` points that at our catalogue too. Our help texts
(command docstrings, option help) are fixed when the decorators run, before ``--lang`` is
read: these classes translate them at the moment the help is shown.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator
from typing import Any

import click

from generator import i18n
from generator.i18n import _


def help_text(text: str | None) -> str | None:
    """*text* (a docstring or an option's help) in the current language."""
    return _(inspect.cleandoc(text)) if text else text


@contextlib.contextmanager
def _translated(command: click.Command) -> Iterator[None]:
    saved = command.help, command.short_help, [getattr(p, "help", None) for p in command.params]
    command.help, command.short_help = help_text(command.help), help_text(command.short_help)
    for param in command.params:
        if isinstance(param, click.Option):
            param.help = help_text(param.help)
    try:
        yield
    finally:
        command.help, command.short_help = saved[0], saved[1]
        for param, text in zip(command.params, saved[2], strict=True):
            if isinstance(param, click.Option):
                param.help = text


class LocalizedCommand(click.Command):
    """A command whose help is shown in the current language."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_options(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):
            return super().get_short_help_str(limit)


class LocalizedGroup(LocalizedCommand, click.Group):
    """The CLI's group: its commands are localized too, and the language is settled before
    anything is parsed (``--help`` may come before ``--lang`` is read)."""

    command_class = LocalizedCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        i18n.language()  # the environment's language unless one was chosen already
        return super().main(*args, **kwargs)
