"""Checks across a course's fields and across files: ids, prerequisites, links, schedules."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.checks.links import check_id_links, check_unsafe_links, mappings, raw_items, raw_lessons
from generator.checks.references import LessonIds
from generator.content.models.course import Course
from generator.content.parse import format_loc, suggest
from generator.content.walk import markdown_fields
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import _


def lessons_readable(data: dict[str, Any]) -> bool:
    """Whether every lesson of a course's raw data can be found, with its id."""
    modules = data.get("modules")
    if not isinstance(modules, list):
        return False
    for module in modules:
        lessons = module.get("lessons") if isinstance(module, dict) else None
        if not isinstance(lessons, list):
            return False
        if not all(isinstance(lesson, dict) and isinstance(lesson.get("id"), str)
                   for lesson in lessons):
            return False
    return True


def check_references(docs: list[Document], other_docs: list[tuple[Document, type[BaseModel]]],
                     lessons: LessonIds) -> list[Problem]:
    """Ids unique, prerequisites and ``id:`` links resolved, links safe, across all files.

    *docs* are courses; *other_docs* the questionnaires and lists, each with its model.
    Works on the raw data, so a reference is checked even in a file that has
    other errors: every problem shows up in one run.
    """
    problems: list[Problem] = []
    seen: dict[str, Problem] = {}

    owners = [(doc, loc, item) for doc in docs for loc, item in raw_items(doc.data)]
    owners += [(doc, (), doc.data) for doc, _model in other_docs]  # questionnaires, lists: one id each
    for doc, loc, item in owners:
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        here = doc.problem(loc + ("id",), "")
        first = seen.setdefault(ident, here)
        if first is not here:
            problems.append(doc.problem(loc + ("id",), _(
                "{where}: duplicate id '{id}': expected ids unique across the project, found it "
                "already used at {first}").format(
                    where=format_loc(loc + ("id",)), id=ident,
                    first=f"{first.path}:{first.line}:{first.column}"), code="duplicate-id"))

    for doc in docs:
        for loc, item in raw_lessons(doc.data):
            prereqs = item.get("prerequisites")
            for pi, prereq in enumerate(prereqs if isinstance(prereqs, list) else []):
                where = loc + ("prerequisites", pi)
                if not isinstance(prereq, str):
                    continue
                if prereq == item.get("id"):
                    problems.append(doc.problem(where, _(
                        "{where}: expected another lesson, found the lesson itself").format(
                            where=format_loc(where))))
                elif lessons.missing(prereq, (doc.display, *doc.mark(where))):
                    problems.append(doc.problem(where, _(
                        "{where}: expected the id of a lesson, found '{found}'{hint}").format(
                            where=format_loc(where), found=prereq, hint=lessons.hint(prereq)),
                        code="unknown-reference"))
    for doc, model in [(doc, Course) for doc in docs] + other_docs:
        for where, text in markdown_fields(model, doc.data):
            problems += check_id_links(doc, where, text, lessons)
            problems += check_unsafe_links(doc, where, text)
    for doc in docs:
        problems += check_schedule(doc, lessons)
    return problems


def check_schedule(doc: Document, lessons: LessonIds) -> list[Problem]:
    """A schedule names modules of its own course and lessons of the project."""
    schedule = doc.data.get("schedule")
    if not isinstance(schedule, dict):
        return []
    raw_modules = doc.data.get("modules")
    modules = [m["id"] for _, m in mappings(raw_modules) if isinstance(m.get("id"), str)]
    modules_known = isinstance(raw_modules, list) and len(modules) == len(raw_modules)
    problems = []
    for index, deadline in mappings(schedule.get("deadlines")):
        module = deadline.get("module")
        if isinstance(module, str) and module not in modules and modules_known:
            loc: Loc = ("schedule", "deadlines", index, "module")
            problems.append(doc.problem(loc, _(
                "{where}: expected the id of a module of this course, found '{found}'{hint}").format(
                    where=format_loc(loc), found=module, hint=suggest(module, modules)),
                code="unknown-reference"))
    for index, session in mappings(schedule.get("sessions")):
        refs = session.get("lessons")
        for li, lesson in enumerate(refs if isinstance(refs, list) else []):
            loc = ("schedule", "sessions", index, "lessons", li)
            if isinstance(lesson, str) and lessons.missing(lesson, (doc.display, *doc.mark(loc))):
                problems.append(doc.problem(loc, _(
                    "{where}: expected the id of a lesson, found '{found}'{hint}").format(
                        where=format_loc(loc), found=lesson, hint=lessons.hint(lesson)),
                    code="unknown-reference"))
    return problems
