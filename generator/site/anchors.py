"""Links MkDocs would find broken, found before it runs and placed where the author wrote them.

A ``[文字](id:lesson#anchor)`` link must name a heading of that lesson's page: the page
is rendered as the build renders it and converted with the project's own Markdown
extensions (so the ``toc`` slugify of mkdocs.yml, and the headings the lesson template
adds, such as 讨论题, count). A relative link of a hand-written page must lead to a
page of the site. Whatever MkDocs still finds (``--strict`` stays the backstop) is
placed on the YAML or Markdown source by ``SourceMap``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from pydantic import BaseModel

from generator.checks.links import ID_LINK, id_links
from generator.config.layout import CONTENT_DIR
from generator.config.settings import read_settings
from generator.content.loading import Project
from generator.content.models.appraisal import Appraisal
from generator.content.models.course import Course
from generator.content.models.questionnaire import Questionnaire
from generator.content.models.responsibility import ResponsibilityList
from generator.content.parse import format_loc, suggest
from generator.content.walk import markdown_fields
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem, display_path
from generator.i18n import _
from generator.site.pages import PageRenderer
from generator.site.urls import course_path, generated_paths, lesson_path, list_path, module_path, quiz_path

#: ``](target)`` of an inline Markdown link or image.
INLINE_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)>\s]+)")

#: Where an element can be linked to: its id, or an <a name>.
ANCHOR = re.compile(r"""<[^>]*?\s(?:id|name)="([^"]*)\"""")

@cache
def _markdown_settings(config: Path) -> tuple[tuple[str, ...], tuple[tuple[str, Any], ...]]:
    """The project's Markdown extensions and their settings, from mkdocs.yml (read_settings'
    policy: an unreadable one is an error)."""
    entries = read_settings(config).get("markdown_extensions")
    names: list[str] = []
    configs: list[tuple[str, Any]] = []
    for entry in entries if isinstance(entries, list) else ["toc", "attr_list", "admonition"]:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            name, settings = next(iter(entry.items()))
            names.append(str(name))
            if isinstance(settings, dict):
                configs.append((str(name), {k: v for k, v in settings.items() if v is not None}))
    return tuple(names), tuple(configs)


def anchors_of(text: str, config: Path) -> set[str]:
    """The ids a Markdown page offers as anchors, converted as the site converts it."""
    names, configs = _markdown_settings(config)
    try:
        converter = markdown.Markdown(extensions=list(names), extension_configs=dict(configs))
    except Exception:  # an extension the generator cannot load here: MkDocs will say so
        converter = markdown.Markdown(extensions=["toc", "attr_list", "admonition"])
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # front matter
    return {unquote(m) for m in ANCHOR.findall(converter.convert(body))}


@dataclass
class _Anchors:
    """Anchors of the pages links name, each page rendered once (nothing done before asked)."""

    project: Project
    cache: dict[str, set[str] | None] = field(default_factory=dict)
    _lessons: dict[str, tuple[Any, Any, Any]] | None = None
    _renderer: PageRenderer | None = None
    _by_path: dict[str, tuple[Any, Any, Any]] | None = None

    @property
    def lessons(self) -> dict[str, tuple[Any, Any, Any]]:
        """Lesson id → (course, module, lesson)."""
        if self._lessons is None:
            self._lessons = {lesson.id: (loaded.course, module, lesson)
                             for loaded in self.project.courses
                             for module, lesson in loaded.course.lessons()}
        return self._lessons

    def of(self, page: str) -> set[str] | None:
        """The anchors of the page at *page* (docs-relative), None when not known here."""
        if page not in self.cache:
            text = None
            if self._by_path is None:
                self._by_path = {lesson_path(*where): where for where in self.lessons.values()}
            by_path = self._by_path
            if page in by_path:
                if self._renderer is None:
                    self._renderer = PageRenderer(self.project)
                text = self._renderer.lesson_page(*by_path[page]).text
            elif page in self.project.handwritten():
                source = self.project.paths.content / page
                text = source.read_text(encoding="utf-8")
            self.cache[page] = (None if text is None
                                else anchors_of(text, self.project.paths.config))
        return self.cache[page]


def sources(project: Project) -> list[tuple[Document, type[BaseModel]]]:
    """Every content file of a loaded project, with its model."""
    return ([(c.doc, Course) for c in project.courses] + [(q.doc, Questionnaire) for q in project.quizzes]
            + [(a.doc, Appraisal) for a in project.appraisals]
            + [(x.doc, ResponsibilityList) for x in project.lists])


def check_id_anchors(project: Project) -> list[Problem]:
    """Every ``(id:lesson#anchor)`` link names a heading of that lesson's page."""
    anchors = _Anchors(project)
    problems: list[Problem] = []
    for doc, model in sources(project):
        for loc, text in markdown_fields(model, doc.data):
            for number, column, target, anchor in id_links(text):
                if not anchor or target not in anchors.lessons:
                    continue
                found = anchors.of(lesson_path(*anchors.lessons[target]))
                if found is None or unquote(anchor) in found:
                    continue
                line, col = doc.text_mark(loc, number, column)
                problems.append(Problem(doc.display, line, col, _(
                    "{where}: link (id:{target}#{anchor}) expected a heading of the lesson "
                    "'{target}', found no heading with the anchor '#{anchor}'{hint}").format(
                        where=format_loc(loc), target=target, anchor=anchor,
                        hint=suggest(unquote(anchor), sorted(found))), "broken-link"))
    return problems


def _links(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, target) from 0 of the inline links of a page, outside code blocks."""
    fence = ""
    for number, line in enumerate(text.splitlines()):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = "" if fence == marker else (fence or marker)
            continue
        if fence:
            continue
        for match in INLINE_LINK.finditer(line):
            yield number, match.start("target"), match.group("target")


def check_handwritten_links(project: Project) -> list[Problem]:
    """Every relative link of a hand-written page leads to a page of the site (and heading)."""
    pages: set[str] = set()
    anchors = _Anchors(project)
    problems: list[Problem] = []
    for rel in project.handwritten():
        if not rel.endswith(".md"):
            continue
        shown = display_path(project.paths.content / rel, project.paths.root)
        text = (project.paths.content / rel).read_text(encoding="utf-8")
        for number, column, target in _links(text):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("/", "#")) \
                    or not parts.path.endswith(".md"):
                continue
            page = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            pages = pages or generated_paths(project) | set(project.handwritten())
            if page not in pages:
                problems.append(Problem(shown, number + 1, column + 1, _(
                    "the link {target} leads to no page of the site (was its course or page "
                    "removed or renamed?): correct the link or remove it").format(
                        target=target), "broken-link"))
                continue
            found = anchors.of(page) if parts.fragment else None
            if found is not None and unquote(parts.fragment) not in found:
                problems.append(Problem(shown, number + 1, column + 1, _(
                    "the link {target} leads to {page}, which has no heading with the anchor "
                    "'#{anchor}'{hint}").format(target=target, page=page, anchor=parts.fragment,
                                                hint=suggest(unquote(parts.fragment),
                                                             sorted(found))), "broken-link"))
    return problems


#: MkDocs' warnings about links, as MkDocs 1.6 words them.
_MISSING_ANCHOR = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but "
                             r"the doc '(?P<doc>[^']+)' does not contain an anchor "
                             r"'(?P<anchor>[^']+)'")
_MISSING_TARGET = re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but "
                             r"the target (?:'[^']*' )?is not found among documentation files")
_ANY_PAGE = re.compile(r"Doc file '(?P<page>[^']+)' (?P<rest>.*)")


@dataclass
class SourceMap:
    """Where the text of a built page came from: its YAML file and key, or its .md file."""

    project: Project
    owners: dict[str, tuple[Document, type[BaseModel], Loc]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for loaded in self.project.courses:
            course, doc = loaded.course, loaded.doc
            self.owners[course_path(course)] = (doc, Course, ())
            for mi, module in enumerate(course.modules):
                self.owners[module_path(course, module)] = (doc, Course, ("modules", mi))
                for li, lesson in enumerate(module.lessons):
                    self.owners[lesson_path(course, module, lesson)] = (
                        doc, Course, ("modules", mi, "lessons", li))
        for quiz in self.project.quizzes:
            self.owners[quiz_path(quiz.quiz)] = (quiz.doc, Questionnaire, ())
        for form in self.project.appraisals:
            self.owners[quiz_path(form.form)] = (form.doc, Appraisal, ())
        for lst in self.project.lists:
            self.owners[list_path(lst.list)] = (lst.doc, ResponsibilityList, ())

    def locate(self, page: str, link: str) -> tuple[str, int, int] | None:
        """The file, line and column where the link *link* of the built page *page* was written."""
        if page in self.project.handwritten():
            path = self.project.paths.content / page
            shown = display_path(path, self.project.paths.root)
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines):
                at = line.find(f"({link}")
                if at >= 0:
                    return shown, number + 1, at + 2
            return shown, 1, 1
        if page not in self.owners:
            return None
        doc, model, owner = self.owners[page]
        paths = PageRenderer(self.project).paths
        base = posixpath.dirname(page)
        for loc, text in markdown_fields(model, doc.data):
            if loc[: len(owner)] != owner:
                continue
            for number, line in enumerate(text.splitlines()):
                for match in ID_LINK.finditer(line):
                    ident = match.group(1)
                    if ident in paths and posixpath.relpath(paths[ident], base) \
                            + (match.group(2) or "") == link:
                        return (doc.display, *doc.text_mark(loc, number, match.start(1) - 3))
                at = line.find(f"({link}")
                if at >= 0:
                    return (doc.display, *doc.text_mark(loc, number, at + 1))
        return (doc.display, *doc.mark(owner))

    def explain(self, line: str) -> str | None:
        """A MkDocs warning about a page, placed and worded for the author; None if not one."""
        if match := _MISSING_ANCHOR.search(line):
            message = _("the link {link} leads to {page}, which has no heading with the anchor "
                        "'{anchor}'").format(link=match["link"], page=match["doc"],
                                             anchor=match["anchor"])
        elif match := _MISSING_TARGET.search(line):
            message = _("the link {target} leads to no page of the site (was its course or page "
                        "removed or renamed?): correct the link or remove it").format(
                            target=match["link"])
        elif match := _ANY_PAGE.search(line):
            message = _("MkDocs: {warning}").format(warning=match["rest"])
        else:
            return None
        place = self.locate(match["page"], match.groupdict().get("link") or "")
        if place is None:
            place = (f"{CONTENT_DIR}/{match['page']}", 1, 1)
        path, number, column = place
        return f"{path}:{number}:{column}: {message}"
