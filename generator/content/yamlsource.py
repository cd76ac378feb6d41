"""Read a YAML file into plain data while remembering where every value came from.

PyYAML's safe *parser* gives events with marks and never constructs objects,
so ``!!python/...`` tags cannot run code. We turn the events into dicts, lists
and scalars ourselves (resolving tags and anchors as PyYAML's composer would),
which lets us refuse duplicate keys (PyYAML would keep the last one), refuse
foreign tags, and bound alias expansion so that a "billion laughs" document
fails fast instead of eating memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.content.yamlevents import MAX_DEPTH, MAX_NODES, YamlProblem, read_events
from generator.errors import Problem
from generator.i18n import _
from generator.utils.yamlhelp import not_utf8, yaml_problem

Loc = tuple[str | int, ...]

#: Bytes allowed in one content file, checked before it is read: a course of
#: 1,000 lessons takes about 3.3 MB.
MAX_BYTES = 8 * 1024 * 1024

#: The first characters of plain values some implicit tag (int, bool, null…) may match; a
#: plain value starting otherwise is text (unless a resolver matched any start: None).
_RESOLVED_FIRST = frozenset(yaml.SafeLoader.yaml_implicit_resolvers)

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = _CORE + "timestamp"


@dataclass
class Document:
    """A parsed YAML file: its data and the line and column of every value."""

    path: Path
    display: str
    data: dict[str, Any]
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    block_scalars: set[Loc] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)

    def mark(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at *loc*, or of its key.

        Falls back to the nearest enclosing value that exists, so a missing
        key is reported at the mapping that should have held it.
        """
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        probe = loc
        while probe:
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def text_mark(self, loc: Loc, line_in_text: int, column_in_line: int) -> tuple[int, int]:
        """Place of a character inside the text value at *loc* (0-based offsets).

        Exact for block scalars (``|`` and ``>``, what Markdown bodies use);
        for a one-line value it points at the value itself.
        """
        line, column = self.mark(loc)
        if loc in self.block_scalars:
            target = line + 1 + line_in_text
            source = self.lines[target - 1] if target <= len(self.lines) else ""
            indent = len(source) - len(source.lstrip(" "))
            return target, indent + column_in_line + 1
        return line, column

    def problem(self, loc: Loc, message: str, *, key: bool = False,
                code: str = "invalid-value") -> Problem:
        line, column = self.mark(loc, key=key)
        return Problem(self.display, line, column, message, code)


def load_document(path: Path, display: str) -> Document:
    """Parse *path*; raise YamlProblem naming the place of the first fault.

    A YAML syntax error stops the parser, so one file yields at most one
    syntax problem; the caller goes on with the other files. Size, nesting
    and the number of values are bounded before any node is built, so a
    hostile file fails fast, in little memory.
    """
    raw = read_bounded(path, display)
    kept = _PARSED.get((path, display))
    if kept is not None and kept[0] == raw:
        return kept[1]
    doc = _load(raw, path, display)
    if len(_PARSED) >= MAX_KEPT:
        _PARSED.clear()
    _PARSED[(path, display)] = (raw, doc)
    return doc


#: Files parsed before, with the bytes they were parsed from: ``serve`` reloads every file at
#: each save, and a file whose bytes are the same gives the same document (nothing changes a
#: Document once it is made). Compared by content, not by modification time, which can stay
#: the same across two quick saves.
_PARSED: dict[tuple[Path, str], tuple[bytes, Document]] = {}

#: Files kept at most; a process that reads more forgets them all and starts again.
MAX_KEPT = 2_000


def _load(raw: bytes, path: Path, display: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(not_utf8(display, raw, exc)) from None
    text = text.removeprefix("\ufeff")
    try:
        events, composed = read_events(text, display)
        if composed.error is not None:
            raise composed.error
    except yaml.YAMLError as exc:
        raise YamlProblem(yaml_problem(display, exc, text)) from None

    if composed.root is None:
        raise YamlProblem(Problem(display, 1, 1, _(
            "expected a mapping of keys at the top level, found an empty file"), "expected-type"))
    doc = Document(path=path, display=display, data={}, lines=text.splitlines())
    builder = _Builder(doc, events, composed.anchors)
    root = events[composed.root]
    if not isinstance(root, yaml.MappingStartEvent):
        line, column = _mark(root)
        raise YamlProblem(Problem(
            display, line, column, _("expected a mapping of keys at the top level, found "
                                     "{found}").format(found=_node_kind(root)), "expected-type"))
    doc.data = builder.build(composed.root, ())[0]
    return doc


def read_bounded(path: Path, display: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of *path*, refused by its size before reading when above *limit*."""
    size = path.stat().st_size
    if size > limit:
        raise YamlProblem(Problem(display, 1, 1, _(
            "expected a file of at most {limit} MB, found {size:.1f} MB: split it into several "
            "files").format(limit=limit // 2**20, size=size / 2**20), "too-large"))
    return path.read_bytes()


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark: Any = event.start_mark
    return mark.line + 1, mark.column + 1


def _node_kind(event: yaml.Event) -> str:
    if isinstance(event, yaml.SequenceStartEvent):
        return _("a list")
    if isinstance(event, yaml.MappingStartEvent):
        return _("a mapping")
    assert isinstance(event, yaml.ScalarEvent)
    return _("the single value {value}").format(value=repr(event.value))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _Builder:
    """Turns the events into plain data, recording marks on the way.

    A value is built from the index of its first event, and returns the index after its
    last; an alias builds its anchor's value again, where the alias is (as the nodes of a
    composer would be shared, each time with the marks of where the anchor was written).
    """

    def __init__(self, doc: Document, events: list[yaml.Event], anchors: dict[str, int]) -> None:
        self.doc = doc
        self.events = events
        self.anchors = anchors
        self.count = 0
        self.active: set[int] = set()
        self.loader = yaml.SafeLoader("")

    def fail(self, event: yaml.Event, message: str, code: str = "unsupported-yaml") -> YamlProblem:
        line, column = _mark(event)
        return YamlProblem(Problem(self.doc.display, line, column, message, code))

    def unsupported(self, event: yaml.Event, tag: str) -> YamlProblem:
        return self.fail(event, _("unsupported YAML tag {tag}; expected plain text, numbers, "
                                  "lists and mappings").format(tag=_short_tag(tag)))

    def target(self, index: int) -> int:
        """The event a value starts at: an alias's anchor, or the value's own."""
        event = self.events[index]
        return self.anchors[str(event.anchor)] if isinstance(event, yaml.AliasEvent) else index

    def build(self, index: int, loc: Loc) -> tuple[Any, int]:
        """The value whose first event is at *index*, and the index after its last."""
        start = self.target(index)
        value, end = self.value(start, loc)
        return value, (end if start == index else index + 1)

    def value(self, start: int, loc: Loc) -> tuple[Any, int]:
        event = self.events[start]
        # The events were counted before: only aliases can make more values or deeper ones.
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(event, _("expected at most {limit:,} values, found more once "
                                     "aliases (*name) are expanded: is this an alias bomb?").format(
                                        limit=MAX_NODES), "too-large")
        if len(loc) > MAX_DEPTH:
            raise self.fail(event, _("expected lists and mappings nested at most {limit} levels "
                                     "deep, found deeper nesting once aliases (*name) are "
                                     "expanded").format(limit=MAX_DEPTH), "too-large")
        if start in self.active:
            raise self.fail(event, _("expected a finite document, found an alias that contains "
                                     "itself"))
        self.doc.value_marks.setdefault(loc, _mark(event))
        if isinstance(event, yaml.ScalarEvent):
            if event.style in ("|", ">"):
                self.doc.block_scalars.add(loc)
            return self.scalar(event), start + 1
        self.active.add(start)
        try:
            if isinstance(event, yaml.SequenceStartEvent):
                return self.sequence(event, start, loc)
            assert isinstance(event, yaml.MappingStartEvent)
            return self.mapping(event, start, loc)
        finally:
            self.active.discard(start)

    def tag(self, event: yaml.NodeEvent, kind: type[Node]) -> str:
        """The tag a composer would give the value (``!`` and none: the resolved one)."""
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            return str(tag)
        if isinstance(event, yaml.ScalarEvent):
            if not event.implicit[0] or (None not in _RESOLVED_FIRST
                                         and event.value[:1] not in _RESOLVED_FIRST):
                return _CORE + "str"  # quoted or block text, or no implicit tag starts so
            return str(self.loader.resolve(kind, event.value, event.implicit))  # type: ignore[no-untyped-call]
        return str(self.loader.resolve(kind, None, getattr(event, "implicit", None)))  # type: ignore[no-untyped-call]

    def sequence(self, event: yaml.SequenceStartEvent, start: int, loc: Loc
                 ) -> tuple[list[Any], int]:
        tag = self.tag(event, SequenceNode)
        if tag != _CORE + "seq":
            raise self.unsupported(event, tag)
        result: list[Any] = []
        index = start + 1
        while not isinstance(self.events[index], yaml.SequenceEndEvent):
            value, index = self.build(index, loc + (len(result),))
            result.append(value)
        return result, index + 1

    def mapping(self, event: yaml.MappingStartEvent, start: int, loc: Loc
                ) -> tuple[dict[str, Any], int]:
        tag = self.tag(event, MappingNode)
        if tag != _CORE + "map":
            raise self.unsupported(event, tag)
        result: dict[str, Any] = {}
        index = start + 1
        while not isinstance(self.events[index], yaml.MappingEndEvent):
            key_event = self.events[self.target(index)]
            if (not isinstance(key_event, yaml.ScalarEvent)
                    or self.tag(key_event, ScalarNode) == _CORE + "merge"):
                found = (_("a merge key (<<)") if isinstance(key_event, yaml.ScalarEvent)
                         else _node_kind(key_event))
                raise self.fail(key_event, _("expected a plain key, found {found}").format(
                    found=found))
            key = key_event.value
            if key in result:
                first_line = self.doc.key_marks[loc + (key,)][0]
                raise self.fail(key_event, _("duplicate key '{key}' (first given on line "
                                             "{line}); expected each key once").format(
                                                 key=key, line=first_line), "duplicate-key")
            self.doc.key_marks[loc + (key,)] = _mark(key_event)
            result[key], index = self.build(index + 1, loc + (key,))
        return result, index + 1

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = self.tag(event, ScalarNode)
        if tag == _TIMESTAMP or (tag == _CORE + "int" and ":" in event.value):
            # Dates are checked by the models, from the text; and 14:30 is a time, not
            # YAML 1.1's sexagesimal integer 870.
            return event.value
        if tag == _CORE + "str":
            return event.value
        if tag not in _PLAIN_TAGS:
            raise self.unsupported(event, tag)
        node = ScalarNode(tag, event.value, style=event.style)
        return self.loader.construct_object(node)
