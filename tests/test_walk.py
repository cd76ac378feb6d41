"""The Markdown fields are found by the models' types: declaring a field ``Markdown`` is the one
edit a new Markdown field needs for its links to be checked."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from generator.content.models.base import ContentModel, Markdown, MarkdownText, Text
from generator.content.models.course import Course
from generator.content.models.questionnaire import Questionnaire
from generator.content.models.responsibility import ResponsibilityList
from generator.content.walk import markdown_fields
from generator.content.yamlsource import Loc
from tests.conftest import MINIMAL_QUIZ, content_errors

TOP_MODELS = (Course, Questionnaire, ResponsibilityList)


def _is_markdown(tp: Any, metadata: list[Any]) -> bool:
    return any(isinstance(m, MarkdownText) for m in metadata) or (
        typing.get_origin(tp) is Annotated
        and any(isinstance(m, MarkdownText) for m in typing.get_args(tp)[1:]))


class _Sample:
    """A raw document with every field of a model filled in, made from the types alone; the
    places of its Markdown texts, and the (model, key) of every Markdown field it holds."""

    def __init__(self) -> None:
        self.places: set[Loc] = set()
        self.fields: set[tuple[type[BaseModel], str]] = set()

    def value(self, tp: Any, loc: Loc, metadata: list[Any] | None = None,
              owner: tuple[type[BaseModel], str] | None = None) -> Any:
        if _is_markdown(tp, metadata or []):
            self.places.add(loc)
            if owner:
                self.fields.add(owner)
            return "见[课程](id:l1)。"
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is Annotated:
            return self.value(args[0], loc, list(args[1:]), owner)
        if origin in (typing.Union, types.UnionType):
            members = [m for m in args if m is not type(None)]
            return self.value(members[0], loc, owner=owner)
        if origin is list:
            item = args[0]
            inner = typing.get_args(item)[0] if typing.get_origin(item) is Annotated else item
            members = [m for m in typing.get_args(inner) if m is not type(None)]
            if typing.get_origin(inner) in (typing.Union, types.UnionType) and len(members) > 1:
                return [self.value(m, loc + (i,)) for i, m in enumerate(members)]  # each member
            return [self.value(item, loc + (0,), owner=owner)]
        if origin is dict:
            return {"key": self.value(args[1], loc + ("key",), owner=owner)}
        if origin is Literal:
            return args[0]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            data = {}
            for name, field in tp.model_fields.items():
                key = field.alias or name
                data[key] = self.value(field.annotation, loc + (key,), field.metadata, (tp, key))
            return data
        return "1" if tp is str else None


Owner = tuple[type[BaseModel], str]


def _markdown_fields_of(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[Owner]:
    """(model, key) of every Markdown field of *model* and of the models it holds."""
    if model in seen:
        return set()
    seen.add(model)
    found: set[Owner] = set()

    def types_in(tp: Any) -> list[Any]:
        return [tp] + [t for arg in typing.get_args(tp) for t in types_in(arg)]

    for name, field in model.model_fields.items():
        if _is_markdown(field.annotation, field.metadata) or any(
                _is_markdown(t, []) for t in types_in(field.annotation)):
            found.add((model, field.alias or name))
        for tp in types_in(field.annotation):
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                found |= _markdown_fields_of(tp, seen)
    return found


def test_every_markdown_field_of_every_model_is_walked() -> None:
    for model in TOP_MODELS:
        sample = _Sample()
        data = sample.value(model, ())
        assert sample.fields == _markdown_fields_of(model, set()), model  # the sample has them all
        assert {loc for loc, _text in markdown_fields(model, data)} == sample.places, model


def test_the_models_have_the_markdown_fields_the_pages_render_as_markdown() -> None:
    found = {(m.__name__, key) for top in TOP_MODELS for m, key in _markdown_fields_of(top, set())}
    assert found == {
        ("Course", "description"), ("Module", "description"), ("Lesson", "body"),
        ("Case", "body"), ("Case", "analysis"), ("Questionnaire", "introduction"),
        ("Band", "interpretation"), ("Band", "advice"), ("Profile", "advice"),
        ("ResponsibilityList", "introduction")}


class _Leaf(ContentModel):
    note: Markdown
    label: Text


class _A(ContentModel):
    type: Literal["a"]
    text: Markdown


class _B(ContentModel):
    type: Literal["b"]
    text: Text
    more: Markdown | None = None


class _Throwaway(ContentModel):
    """A model written for this test: one edit (the type) makes each field Markdown."""

    intro: Markdown = Field(alias="from")
    plain: Text
    maybe: Markdown | None = None
    many: list[Markdown] = Field(default=[])
    leaf: _Leaf | None = None
    leaves: list[_Leaf] = Field(default=[])
    table: dict[str, Markdown] = Field(default={})
    entries: list[Annotated[_A | _B, Field(discriminator="type")]] = Field(default=[])


def test_a_new_markdown_field_is_walked_where_the_data_holds_it_even_when_invalid() -> None:
    data = {
        "from": "a", "plain": "b", "maybe": "c", "many": ["d", 5, "e"],
        "leaf": {"note": "f", "label": "g", "unknown": "h"},
        "leaves": [{"note": "i"}, "not a mapping", {"note": ["not text"]}],
        "table": {"x": "j"},
        "entries": [{"type": "a", "text": "k"}, {"type": "b", "text": "l", "more": "m"},
                    {"type": "?", "text": "n", "more": "o"}, {"text": "p"}],
        "extra": "q",
    }
    assert list(markdown_fields(_Throwaway, data)) == [
        (("from",), "a"), (("maybe",), "c"), (("many", 0), "d"), (("many", 2), "e"),
        (("leaf", "note"), "f"), (("leaves", 0, "note"), "i"), (("table", "x"), "j"),
        (("entries", 0, "text"), "k"), (("entries", 1, "more"), "m"),
        # an unknown or missing tag: whatever any member reads as Markdown
        (("entries", 2, "text"), "n"), (("entries", 2, "more"), "o"), (("entries", 3, "text"), "p"),
    ]


def test_a_document_of_the_wrong_shape_yields_nothing() -> None:
    for data in ([], "text", None, {"modules": "x"}, {"modules": [{"lessons": {"body": "x"}}]}):
        assert list(markdown_fields(Course, data)) == []


def test_links_in_markdown_of_an_invalid_questionnaire_come_in_the_same_run(
    quiz_project: Path, write_quiz: Callable[..., Path]
) -> None:
    write_quiz(MINIMAL_QUIZ.replace("advice: 保持", "advice: '[点](javascript:x) [课](id:l9)'")
               .replace("  - id: q6\n    type: text\n", "  - id: q6\n    type: essay\n")
               .replace("    text: 情景题", "    text: 见[课](id:l8)"))  # plain text
    errors = content_errors(quiz_project)
    # The item's text is plain text, shown as typed: (id:l8) there is no link to check.
    assert errors == [
        "quizzes/check.yml:10:67: dimensions[0].bands[1].advice: expected a link to a web address "
        "or a page of the site, found a javascript: address (it could run code or show a forged "
        "page when clicked)",
        "quizzes/check.yml:10:67: dimensions[0].bands[1].advice: link (id:l9) expected the id of a "
        "lesson, found 'l9'",
        "quizzes/check.yml:50:11: items[5].type: expected one of 'likert', 'single', 'multi', "
        "'yesno', 'text', found 'essay'"]
