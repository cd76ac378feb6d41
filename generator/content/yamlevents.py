"""The first step of reading a YAML file: libyaml's parser events, bounded.

The events are counted as they pass, so that a hostile file (too many values once
parsed, nesting too deep) fails fast in little memory, before any value is built;
anchors, aliases and documents are checked as PyYAML's composer would. Only then are
the events of a file kept, for ``yamlsource`` to build its values from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError

from generator.errors import Problem
from generator.i18n import _

#: Expanded values allowed in one document; real curricula stay far below.
MAX_NODES = 200_000

#: Levels of nesting allowed; a course needs about eight.
MAX_DEPTH = 50

#: Above this size a file with a syntax error is not parsed again in pure Python to word
#: the error (that parser is about fifty times slower): libyaml's message is used.
REWORD_BYTES = 512 * 1024

#: libyaml's parser when PyYAML was built with it: the same events and marks, ten times faster.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """Raised while a YAML file is read; carries a finished Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Composed:
    """What composing the events would find: the root's event (its index; None for an empty
    file), the event of each anchor, and the first error composing would raise (duplicate
    anchor, undefined alias, a second document), raised once the whole file is bounded."""

    root: int | None = None
    anchors: dict[str, int] = field(default_factory=dict)
    written: dict[int, yaml.Event] = field(default_factory=dict)  # root's and anchors' events
    error: yaml.YAMLError | None = None


def read_events(text: str, display: str) -> tuple[list[yaml.Event], Composed]:
    """The parser's events, once their values and nesting are bounded.

    The events are walked once, kept nowhere, to bound the values and the nesting: only a
    file within the bounds is parsed again and its events kept, from which the document is
    built (libyaml's composer would take three times as long to make a node tree that is
    thrown away). On a syntax error, parse again in pure Python when the file is small: its
    messages say what was found, libyaml's do not.
    """
    try:
        composed = _walk_events(text, _FAST_LOADER, display)
    except yaml.YAMLError:
        if len(text) > REWORD_BYTES:
            raise
        _walk_events(text, yaml.SafeLoader, display)
        raise
    events = [] if composed.error is not None else list(yaml.parse(text, Loader=_FAST_LOADER))
    return events, composed


def _walk_events(text: str, loader: type[yaml.SafeLoader], display: str) -> Composed:
    values = depth = 0
    composed = Composed()

    def fail(event: yaml.Event, message: str) -> YamlProblem:
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return YamlProblem(Problem(display, line, column, message, "too-large"))

    for index, event in enumerate(yaml.parse(text, Loader=loader)):
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
            values += 1
            if values > MAX_NODES:
                raise fail(event, _("expected at most {limit:,} values in one file, found "
                                    "more: split it into several files").format(limit=MAX_NODES))
            if composed.error is None and (event.anchor is not None or composed.root is None):
                _compose(event, index, composed)  # an anchor, an alias (named by .anchor), the root
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise fail(event, _("expected lists and mappings nested at most {limit} levels "
                                    "deep, found deeper nesting").format(limit=MAX_DEPTH))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif (isinstance(event, yaml.DocumentStartEvent) and composed.root is not None
              and composed.error is None):
            composed.error = _composer_error("expected a single document in the stream",
                                             composed.written[composed.root],
                                             "but found another document", event)
    return composed


def _compose(event: yaml.NodeEvent, index: int, composed: Composed) -> None:
    """Note the root and the anchors as libyaml's composer would, and its first error."""
    if composed.root is None:
        composed.root = index
        composed.written[index] = event
    if isinstance(event, yaml.AliasEvent):
        if event.anchor not in composed.anchors:
            composed.error = _composer_error(None, None, "found undefined alias", event)
    elif event.anchor is not None:
        if event.anchor in composed.anchors:
            first = composed.written[composed.anchors[event.anchor]]
            composed.error = _composer_error("found duplicate anchor; first occurrence",
                                             first, "second occurrence", event)
        else:
            composed.anchors[event.anchor] = index
            composed.written[index] = event


def _composer_error(context: str | None, first: yaml.Event | None, problem: str,
                    event: yaml.Event) -> ComposerError:
    """The error libyaml's composer raises, with the marks of the events it names."""
    context_mark: Any = first.start_mark if first is not None else None
    problem_mark: Any = event.start_mark
    return ComposerError(context, context_mark, problem, problem_mark)
