"""Links in Markdown fields: ``(id:…)`` links and unsafe schemes; walkers of a course's raw items.

Which fields are Markdown is found by the models' types: ``generator.content.walk``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from generator.checks.references import LessonIds
from generator.content.parse import format_loc, where
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import _

#: ``[text](id:lesson-id)`` or ``[text](id:lesson-id#anchor)`` in Markdown.
ID_LINK = re.compile(r"\]\(id:([^)\s#]*)(#[^)\s]*)?\)")


#: Where Markdown or HTML names an address: a link or image ``](…)``, a reference
#: definition ``[x]: …``, an autolink ``<…>``, or an HTML attribute that loads or links.
LINK_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^)>\"']*)"
    r"|^\s{0,3}\[[^\]]+\]:\s*<?(?P<reference>\S*)"
    r"|<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]*:[^<>\s]*)>"
    r"|\b(?:href|src|action|formaction|xlink:href|srcset|data)\s*=\s*[\"']?(?P<attribute>[^\"'>]*)",
    re.IGNORECASE | re.MULTILINE)


#: Addresses that run code or carry a document of their own instead of naming a page.
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def mappings(value: object) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def raw_lessons(data: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    for mi, module in mappings(data.get("modules")):
        for li, lesson in mappings(module.get("lessons")):
            yield ("modules", mi, "lessons", li), lesson


def raw_items(data: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """The course, its modules and its lessons: everything that has an id."""
    yield (), data
    for mi, module in mappings(data.get("modules")):
        yield ("modules", mi), module
    yield from raw_lessons(data)


def unsafe_links(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, scheme) from 0 of every link or image to a javascript:, vbscript: or
    data: address, however its scheme is spelled (entities, case, tabs or spaces inside)."""
    for number, line in enumerate(text.splitlines()):
        for match in LINK_TARGET.finditer(line):
            group = next(g for g in ("inline", "reference", "auto", "attribute") if match.group(g)
                         is not None)
            target = "".join(c for c in html.unescape(match.group(group))
                             if c > " " and c != "\x7f").lower()
            scheme = next((s for s in UNSAFE_SCHEMES if target.startswith(s)), None)
            if scheme:
                yield number, match.start(group), scheme


def unsafe_link_problem(loc: str, scheme: str) -> str:
    return loc + _("expected a link to a web address or a page of the site, found a {scheme} "
                   "address (it could run code or show a forged page when clicked)").format(
                       scheme=scheme)


def check_unsafe_links(doc: Document, loc: Loc, text: str) -> list[Problem]:
    problems = []
    for number, column, scheme in unsafe_links(text):
        line_no, col = doc.text_mark(loc, number, column)
        problems.append(Problem(doc.display, line_no, col,
                                unsafe_link_problem(where(loc), scheme), "unsafe-link"))
    return problems


def id_links(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column of the id, lesson id, anchor without #) of every ``(id:…)`` link, from 0."""
    for number, line in enumerate(text.splitlines()):
        for match in ID_LINK.finditer(line):
            yield number, match.start(1) - 3, match.group(1), (match.group(2) or "")[1:]


def check_id_links(doc: Document, loc: Loc, text: str, lessons: LessonIds) -> list[Problem]:
    problems = []
    for number, column, target, _anchor in id_links(text):
        line_no, col = doc.text_mark(loc, number, column)
        if lessons.missing(target, (doc.display, line_no, col)):
            problems.append(Problem(doc.display, line_no, col, _(
                "{where}: link (id:{target}) expected the id of a lesson, found '{found}'{hint}"
            ).format(where=format_loc(loc), target=target, found=target,
                     hint=lessons.hint(target)), "unknown-reference"))
    return problems
