"""The Markdown fields of a content file, found by its model's field types.

Which fields are Markdown is said once, by typing them ``Markdown``
(``generator.content.models.base``). The walk goes over the raw data of a file
together with its model class, so it works on a file that failed validation too:
every field whose value is where the model expects Markdown is found, and every
check of links runs in the same run as the structural checks.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.models.base import MarkdownText
from generator.content.yamlsource import Loc


def markdown_fields(model: type[BaseModel], data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(place, text) of every Markdown text in *data*, read as an instance of *model*.

    A value of the wrong kind (a list where a mapping is expected, a number where
    Markdown is) is passed over: the model's validation reports it. An entry of a
    discriminated union is read as the member its tag names, or, when the tag is
    missing or unknown, as every member (so nothing that may be Markdown is missed).
    """
    yield from _walk(model, data, loc)


def _walk(tp: Any, value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    kind, inner, tag = _shape(tp)
    if kind == "markdown":
        if isinstance(value, str):
            yield loc, value
    elif kind == "annotated":
        yield from _walk(inner, value, loc)
    elif kind == "union":
        yield from _walk_union(inner, value, loc, tag)
    elif kind == "list":
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(inner, item, loc + (index,))
    elif kind == "dict":
        if isinstance(value, dict):
            for key, item in value.items():
                yield from _walk(inner, item, loc + (key,))
    elif kind == "model" and isinstance(value, dict):
        fields = _fields(inner)
        for key, item in value.items():
            if key in fields:
                yield from _walk(fields[key], item, loc + (key,))


#: What each type is, worked out once: the walk meets the same few types thousands of times.
_SHAPES: dict[int, tuple[Any, tuple[str, Any, Any]]] = {}


def _shape(tp: Any) -> tuple[str, Any, Any]:
    """(kind, the type to walk inside, the discriminator) of a field's type."""
    known = _SHAPES.get(id(tp))
    if known is not None and known[0] is tp:
        return known[1]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    shape: tuple[str, Any, Any] = ("other", None, None)
    if origin is typing.Annotated:
        if any(isinstance(meta, MarkdownText) for meta in args[1:]):
            shape = ("markdown", None, None)
        else:
            tag = next((meta.discriminator for meta in args[1:]
                        if isinstance(meta, FieldInfo) and meta.discriminator), None)
            shape = ("annotated", args[0], None) if tag is None else ("union", args[0], tag)
    elif origin in (typing.Union, types.UnionType):
        shape = ("union", tp, None)
    elif origin in (list, tuple, set, frozenset) and args:
        shape = ("list", args[0], None)
    elif origin is dict and len(args) == 2:
        shape = ("dict", args[1], None)
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        shape = ("model", tp, None)
    _SHAPES[id(tp)] = (tp, shape)  # the type is kept, so its id is never reused
    return shape


def _walk_union(tp: Any, value: Any, loc: Loc, tag: Any) -> Iterator[tuple[Loc, str]]:
    """A union: the member the tag names, else every member (each place found once)."""
    union = typing.get_origin(tp) in (typing.Union, types.UnionType)
    members = [m for m in (typing.get_args(tp) if union else (tp,)) if m is not type(None)]
    if isinstance(tag, str) and isinstance(value, dict):
        named = [m for m in members if value.get(tag) in _tags(m, tag)]
        members = named or members
    seen: set[Loc] = set()
    for member in members:
        for place, text in _walk(member, value, loc):
            if place not in seen:
                seen.add(place)
                yield place, text


def _tags(member: Any, tag: str) -> tuple[Any, ...]:
    """The values of *member*'s ``Literal`` field *tag* (the discriminator)."""
    if not (isinstance(member, type) and issubclass(member, BaseModel)):
        return ()
    field = member.model_fields.get(tag)
    return typing.get_args(field.annotation) if field is not None else ()


@cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Key as written in YAML (the alias, if any) → the field's whole type.

    Pydantic moves a field's outer ``Annotated`` metadata (the Markdown mark, a
    discriminator) into its FieldInfo: put it back, so that one walk reads every type.
    """
    result: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        tp: Any = field.annotation
        if field.discriminator is not None:
            tp = typing.Annotated[tp, FieldInfo(discriminator=field.discriminator)]
        if field.metadata:
            tp = typing.Annotated[(tp, *field.metadata)]
        result[field.alias or name] = tp
    return result
