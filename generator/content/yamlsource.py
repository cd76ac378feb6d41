"""Read a YAML file into plain data while remembering where every value came from.

PyYAML's safe *composer* gives a node tree with marks and never constructs
objects, so ``!!python/...`` tags cannot run code. We turn that tree into
dicts, lists and scalars ourselves, which lets us refuse duplicate keys
(PyYAML would keep the last one), refuse foreign tags, and bound alias
expansion so that a "billion laughs" document fails fast instead of eating
memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem
from generator.i18n import _
from generator.utils.yamlhelp import not_utf8, yaml_problem

Loc = tuple[str | int, ...]

#: Expanded values allowed in one document; real curricula stay far below.
MAX_NODES = 200_000

#: Bytes allowed in one content file, checked before it is read: a course of
#: 1,000 lessons takes about 3.3 MB.
MAX_BYTES = 8 * 1024 * 1024

#: Levels of nesting allowed; a course needs about eight.
MAX_DEPTH = 50

#: Above this size a file with a syntax error is not parsed again in pure Python to word
#: the error (that parser is about fifty times slower): libyaml's message is used.
REWORD_BYTES = 512 * 1024

#: libyaml's composer when PyYAML was built with it: the same nodes and marks, ten times faster.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


class YamlProblem(Exception):
    """Raised inside this module; carries a finished Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_document(path: Path, display: str) -> Document:
    """Parse *path*; raise YamlProblem naming the place of the first fault.

    A YAML syntax error stops the parser, so one file yields at most one
    syntax problem; the caller goes on with the other files. Size, nesting
    and the number of values are bounded before any node is built, so a
    hostile file fails fast, in little memory.
    """
    raw = read_bounded(path, display)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(not_utf8(display, raw, exc)) from None
    text = text.removeprefix("\ufeff")
    try:
        _check_shape(text, display)
        root = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError as exc:
        raise YamlProblem(yaml_problem(display, exc, text)) from None

    if root is None:
        raise YamlProblem(Problem(display, 1, 1, _(
            "expected a mapping of keys at the top level, found an empty file"), "expected-type"))
    doc = Document(path=path, display=display, data={}, lines=text.splitlines())
    builder = _Builder(doc)
    if not isinstance(root, MappingNode):
        line, column = _mark(root)
        raise YamlProblem(Problem(
            display, line, column, _("expected a mapping of keys at the top level, found "
                                     "{found}").format(found=_node_kind(root)), "expected-type"))
    doc.data = builder.build(root, ())
    return doc


def read_bounded(path: Path, display: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of *path*, refused by its size before reading when above *limit*."""
    size = path.stat().st_size
    if size > limit:
        raise YamlProblem(Problem(display, 1, 1, _(
            "expected a file of at most {limit} MB, found {size:.1f} MB: split it into several "
            "files").format(limit=limit // 2**20, size=size / 2**20), "too-large"))
    return path.read_bytes()


def _check_shape(text: str, display: str) -> None:
    """Walk the parser's events (cheap: no nodes) to bound the values and the nesting.

    On a syntax error, parse again in pure Python when the file is small: its
    messages say what was found, libyaml's do not.
    """
    try:
        _count_events(text, _FAST_LOADER, display)
    except yaml.YAMLError:
        if len(text) > REWORD_BYTES:
            raise
        _count_events(text, yaml.SafeLoader, display)
        raise


def _count_events(text: str, loader: type[yaml.SafeLoader], display: str) -> None:
    values = depth = 0

    def fail(event: yaml.Event, message: str) -> YamlProblem:
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return YamlProblem(Problem(display, line, column, message, "too-large"))

    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
            values += 1
            if values > MAX_NODES:
                raise fail(event, _("expected at most {limit:,} values in one file, found "
                                    "more: split it into several files").format(limit=MAX_NODES))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise fail(event, _("expected lists and mappings nested at most {limit} levels "
                                    "deep, found deeper nesting").format(limit=MAX_DEPTH))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _node_kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return _("a list")
    if isinstance(node, MappingNode):
        return _("a mapping")
    return _("the single value {value}").format(value=repr(node.value))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _Builder:
    """Turns composed nodes into plain data, recording marks on the way."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0
        self.active: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: Node, message: str, code: str = "unsupported-yaml") -> YamlProblem:
        line, column = _mark(node)
        return YamlProblem(Problem(self.doc.display, line, column, message, code))

    def unsupported(self, node: Node) -> YamlProblem:
        return self.fail(node, _("unsupported YAML tag {tag}; expected plain text, numbers, "
                                 "lists and mappings").format(tag=_short_tag(node.tag)))

    def build(self, node: Node, loc: Loc) -> Any:
        # The events were counted before: only aliases can make more values or deeper ones.
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, _("expected at most {limit:,} values, found more once aliases "
                                    "(*name) are expanded: is this an alias bomb?").format(
                                        limit=MAX_NODES), "too-large")
        if len(loc) > MAX_DEPTH:
            raise self.fail(node, _("expected lists and mappings nested at most {limit} levels "
                                    "deep, found deeper nesting once aliases (*name) are "
                                    "expanded").format(limit=MAX_DEPTH), "too-large")
        if id(node) in self.active:
            raise self.fail(node, _("expected a finite document, found an alias that contains "
                                    "itself"))
        self.doc.value_marks.setdefault(loc, _mark(node))
        if isinstance(node, ScalarNode):
            if node.style in ("|", ">"):
                self.doc.block_scalars.add(loc)
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                if node.tag != _CORE + "seq":
                    raise self.unsupported(node)
                return [self.build(child, loc + (i,)) for i, child in enumerate(node.value)]
            assert isinstance(node, MappingNode)
            if node.tag != _CORE + "map":
                raise self.unsupported(node)
            return self.mapping(node, loc)
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _CORE + "merge":
                found = (_("a merge key (<<)") if isinstance(key_node, ScalarNode)
                         else _node_kind(key_node))
                raise self.fail(key_node, _("expected a plain key, found {found}").format(
                    found=found))
            key = key_node.value
            if key in result:
                first_line = self.doc.key_marks[loc + (key,)][0]
                raise self.fail(key_node, _("duplicate key '{key}' (first given on line {line}); "
                                            "expected each key once").format(
                                                key=key, line=first_line), "duplicate-key")
            self.doc.key_marks[loc + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, loc + (key,))
        return result

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _TIMESTAMP or (node.tag == _CORE + "int" and ":" in node.value):
            # Dates are checked by the models, from the text; and 14:30 is a time, not
            # YAML 1.1's sexagesimal integer 870.
            return node.value
        if node.tag not in _PLAIN_TAGS:
            raise self.unsupported(node)
        return self.constructor.construct_object(node)
