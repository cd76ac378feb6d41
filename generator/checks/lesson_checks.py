"""Checks across the fields of a lesson's 随堂测验 (``check:``), each problem at its own place.

Run on the raw data, item by item, so that a course with other errors still
has its checks checked in the same run: an item the model rejects has been
reported by pydantic and is skipped here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.checks.links import mappings, raw_lessons
from generator.content.models.check import BLANK, CheckItem, FillIn, MultipleChoice, SingleChoice
from generator.content.parse import where
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import _
from generator.scoring.grading import normalise


@cache
def _adapter() -> TypeAdapter[CheckItem]:
    return TypeAdapter(CheckItem)


def _item(raw: dict[str, Any]) -> CheckItem | None:
    try:
        return _adapter().validate_python(raw)
    except ValidationError:
        return None


def check_lesson_checks(doc: Document) -> list[Problem]:
    """Every lesson's check of one course file: ids, right options, blanks, the pass rule."""
    problems: list[Problem] = []

    def problem(loc: Loc, message: str, code: str = "invalid-value") -> None:
        problems.append(doc.problem(loc, where(loc) + message, code=code))

    for lesson_loc, lesson in raw_lessons(doc.data):
        items = lesson.get("check")
        if "pass" in lesson and not (isinstance(items, list) and items):
            problem(lesson_loc + ("pass",), _("expected 'pass' only on a lesson with a check, "
                                              "found no items under 'check'"))
        first: dict[str, int] = {}
        for index, raw in mappings(items):
            loc = lesson_loc + ("check", index)
            ident = raw.get("id")
            if isinstance(ident, str):
                if ident in first:
                    line = doc.mark(lesson_loc + ("check", first[ident], "id"))[0]
                    problem(loc + ("id",), _("duplicate id '{id}': expected ids unique in the "
                                             "lesson's check, found it already on line {line}")
                            .format(id=ident, line=line), "duplicate-id")
                first.setdefault(ident, index)
            item = _item(raw)
            if item is not None:
                _check_item(item, loc, problem)
    return problems


def _check_item(item: CheckItem, loc: Loc, problem: Any) -> None:
    if isinstance(item, SingleChoice | MultipleChoice):
        right = sum(1 for o in item.options if o.correct)
        if isinstance(item, SingleChoice) and right != 1:
            problem(loc + ("options",), _("expected exactly one option with 'correct: true' in a "
                                          "single-choice item, found {count}").format(count=right))
        if isinstance(item, MultipleChoice) and right < 1:
            problem(loc + ("options",), _("expected at least one option with 'correct: true' in "
                                          "a multiple-choice item, found none"))
        seen: dict[str, int] = {}
        for oi, option in enumerate(item.options):
            key = normalise(option.label) or option.label
            if key in seen:
                problem(loc + ("options", oi, "label"), _(
                    "duplicate option '{label}': expected different options, found the same "
                    "as options[{first}]").format(label=option.label, first=seen[key]),
                        "duplicate-option")
            seen.setdefault(key, oi)
    elif isinstance(item, FillIn):
        marks = len(BLANK.findall(item.text))
        if marks != len(item.blanks):
            problem(loc + ("text",), _(
                "expected one ___ (three or more underscores) in the text for each of the "
                "{blanks} blanks, found {marks}").format(blanks=len(item.blanks), marks=marks))
        for bi, accepted in enumerate(item.blanks):
            if not accepted:
                problem(loc + ("blanks", bi), _("expected at least one accepted answer for the "
                                                "blank, found none"))
            for ai, answer in enumerate(accepted):
                if not normalise(answer):
                    problem(loc + ("blanks", bi, ai), _(
                        "expected an answer with letters or digits, found '{answer}', which no "
                        "reply can match once spaces and punctuation are left out").format(
                            answer=answer))
