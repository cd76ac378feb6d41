"""Find a project's files, load them all, and check what spans files.

``load_project`` is the single entry point: it reads every YAML file, keeps
going after a bad one, and raises one ContentError listing every problem.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel

from .errors import ContentError, Problem, ProjectError, display_path
from .i18n import _
from .models.course import Course, Lesson, Module
from .models.questionnaire import Questionnaire
from .models.responsibility import ResponsibilityList
from .questionnaires import QuizParts, check_questionnaire
from .references import LessonIds
from .responsibility import check_list
from .validation import format_loc, parse, suggest, where
from .yamlsource import Document, Loc, YamlProblem, load_document, not_utf8, read_bounded

CONTENT_DIR = "content"
QUIZZES_DIR = "quizzes"
COURSES_DIR = "courses"
LISTS_DIR = "lists"
#: Folders of content/ that hold YAML data rather than pages to publish as they are.
DATA_DIRS = (COURSES_DIR, LISTS_DIR)
CONFIG_FILE = "mkdocs.yml"


class _SettingsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for plain settings: its Python tags (``!!python/…``) stand for nothing."""


_SettingsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(config: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data ({} when it is not a mapping).

    Raises OSError, UnicodeDecodeError or yaml.YAMLError: each caller says what that means.
    """
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_SettingsLoader)
    return data if isinstance(data, dict) else {}
YAML_SUFFIXES = (".yml", ".yaml")

TAGS_PAGE = "tags.md"

M = TypeVar("M", bound=BaseModel)

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

#: The Markdown fields of questionnaires and lists (every other field is plain text).
OTHER_MARKDOWN = ("introduction", "interpretation", "advice")

#: Addresses that run code or carry a document of their own instead of naming a page.
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def course_path(course: Course) -> str:
    return f"{course.id}/index.md"


def handbook_path(course: Course) -> str:
    """The printed 学习手册: a standalone HTML file beside the course page."""
    return f"{course.id}/handbook.html"


def module_path(course: Course, module: Module) -> str:
    return f"{course.id}/{module.id}/index.md"


def lesson_path(course: Course, module: Module, lesson: Lesson) -> str:
    return f"{course.id}/{module.id}/{lesson.id}.md"


def quiz_path(quiz: Questionnaire) -> str:
    return f"{QUIZZES_DIR}/{quiz.id}.md"


def list_path(lst: ResponsibilityList) -> str:
    return f"{LISTS_DIR}/{lst.id}.md"


@dataclass(frozen=True)
class Paths:
    """Where a project keeps its parts."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / CONTENT_DIR

    @property
    def quizzes(self) -> Path:
        return self.root / QUIZZES_DIR

    @property
    def config(self) -> Path:
        return self.root / CONFIG_FILE

    def course_files(self) -> list[Path]:
        return _yaml_files(self.content / COURSES_DIR)

    def list_files(self) -> list[Path]:
        return _yaml_files(self.content / LISTS_DIR)

    def quiz_files(self) -> list[Path]:
        return _yaml_files(self.quizzes)

    def page_files(self) -> list[Path]:
        """Hand-written files under content/ that go to the site as they are."""
        data = [self.content / name for name in DATA_DIRS]
        return sorted(
            p for p in self.content.rglob("*")
            if p.is_file() and not any(d in p.parents for d in data) and not p.name.startswith(".")
        )


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


@dataclass(frozen=True)
class LoadedCourse:
    doc: Document
    course: Course


@dataclass(frozen=True)
class LoadedQuiz:
    doc: Document
    quiz: Questionnaire


@dataclass(frozen=True)
class LoadedList:
    doc: Document
    list: ResponsibilityList


@dataclass
class Project:
    """Everything the pages are made from, validated."""

    paths: Paths
    courses: list[LoadedCourse] = field(default_factory=list)
    quizzes: list[LoadedQuiz] = field(default_factory=list)
    lists: list[LoadedList] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)

    def lesson_count(self) -> int:
        return sum(len(c.course.lessons()) for c in self.courses)

    def handwritten(self) -> list[str]:
        """Hand-written files, relative to content/ (and so to the docs folder)."""
        return [p.relative_to(self.paths.content).as_posix() for p in self.pages]

    def generated_paths(self) -> set[str]:
        """Where generated pages go, so that no hand-written page may sit there."""
        paths: set[str] = set()
        for loaded in self.courses:
            course = loaded.course
            paths.update((course_path(course), handbook_path(course)))
            for module, lesson in course.lessons():
                paths.update((module_path(course, module), lesson_path(course, module, lesson)))
            if any(lesson.tags for _, lesson in course.lessons()):
                paths.add(TAGS_PAGE)
        paths.update(quiz_path(loaded.quiz) for loaded in self.quizzes)
        paths.update(list_path(loaded.list) for loaded in self.lists)
        return paths


def find_paths(root: Path) -> Paths:
    """Check that *root* looks like a project and return its paths."""
    paths = Paths(root.resolve())
    if not paths.config.is_file() or not paths.content.is_dir():
        raise ProjectError(_(
            "{root} is not a project: expected {config} and a {content}/ folder (create one "
            "with: python -m generator new DIR)").format(root=root, config=CONFIG_FILE,
                                                          content=CONTENT_DIR))
    return paths


def load_project(root: Path) -> Project:
    """Load and validate every content file under *root*, or raise ContentError.

    Every error of every file comes in one run: a file that cannot be read is reported
    once, checks across fields run on whatever parts of a file are sound, and
    references that may point into an unreadable course are not reported as missing
    (one problem says that they could not be checked).
    """
    paths = find_paths(root)
    problems: list[Problem] = []
    project = Project(paths=paths, pages=_pages(paths, paths.page_files(), problems))
    docs, unread = _documents(paths, paths.course_files(), problems)
    project.courses = [LoadedCourse(d, c) for d, c in _parse_all(docs, Course, problems)]
    quiz_docs, _unread = _documents(paths, paths.quiz_files(), problems)
    quizzes = _parse_all(quiz_docs, Questionnaire, problems)
    project.quizzes = [LoadedQuiz(d, q) for d, q in quizzes]
    list_docs, _unread = _documents(paths, paths.list_files(), problems)
    lists = _parse_all(list_docs, ResponsibilityList, problems)
    project.lists = [LoadedList(d, x) for d, x in lists]

    # From the raw data: a course with other errors still defines the lessons it can be read for.
    lessons = LessonIds(
        {item["id"] for doc in docs for _, item in _raw_lessons(doc.data)
         if isinstance(item.get("id"), str)},
        unread + [doc.display for doc in docs if not _lessons_readable(doc.data)])
    valid_lists = {id(doc): lst for doc, lst in lists}
    for doc in list_docs:
        problems += check_list(doc, valid_lists.get(id(doc)))
    problems += _check_references(docs, quiz_docs + list_docs, lessons)
    valid_quizzes = {id(doc): quiz for doc, quiz in quizzes}
    for doc in quiz_docs:
        quiz = valid_quizzes.get(id(doc))
        problems += check_questionnaire(doc, quiz or QuizParts.read(doc.data), lessons)
    problems += lessons.note()
    taken = project.generated_paths()
    problems += [
        Problem(display_path(paths.content / rel, paths.root), 1, 1, _(
            "expected no hand-written page at '{path}', found one where a generated page goes "
            "(rename the file, or change the course or module id)").format(path=rel),
            "page-clash")
        for rel in project.handwritten() if rel in taken
    ]
    if not problems:
        problems += check_anchors(project, docs + quiz_docs + list_docs)
        problems += check_page_links(project)
    if problems:
        raise ContentError(problems)
    return project


def _lessons_readable(data: dict[str, Any]) -> bool:
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


def _inside(paths: Paths, path: Path, problems: list[Problem]) -> bool:
    """Whether *path* is the project's own: a link to a file elsewhere is never published."""
    target = path.resolve()
    if paths.root in target.parents:
        return True
    problems.append(Problem(path.relative_to(paths.root).as_posix(), 1, 1, _(
        "expected a file inside the project, found a link to {target}: copy the file in "
        "instead").format(target=target), "outside-project"))
    return False


def _pages(paths: Paths, files: list[Path], problems: list[Problem]) -> list[Path]:
    """The hand-written files that may be published; Markdown must be UTF-8 text."""
    pages = []
    for path in files:
        if not _inside(paths, path, problems):
            continue
        if path.suffix == ".md":
            shown = display_path(path, paths.root)
            try:
                text = read_bounded(path, shown).decode("utf-8")
            except YamlProblem as exc:
                problems.append(exc.problem)
                continue
            except UnicodeDecodeError as exc:
                problems.append(not_utf8(shown, path.read_bytes(), exc))
                continue
            problems += [Problem(shown, line + 1, column + 1, unsafe_link_problem("", scheme),
                                 "unsafe-link")
                         for line, column, scheme in unsafe_links(text)]
        pages.append(path)
    return pages


def _documents(paths: Paths, files: list[Path], problems: list[Problem]
               ) -> tuple[list[Document], list[str]]:
    """Parse each file; a file that is not even YAML adds its problem and is skipped.

    Returns the documents, and the files that could not be read.
    """
    docs = []
    unread = []
    for path in files:
        if not _inside(paths, path, problems):
            continue
        try:
            docs.append(load_document(path, display_path(path, paths.root)))
        except YamlProblem as exc:
            problems.append(exc.problem)
            unread.append(exc.problem.path)
    return docs, unread


def _parse_all(docs: list[Document], model: type[M], problems: list[Problem]
               ) -> list[tuple[Document, M]]:
    """Validate each document against *model*; keep the valid ones, collect the rest."""
    valid = []
    for doc in docs:
        parsed, found = parse(doc, model)
        problems += found
        if parsed is not None:
            valid.append((doc, parsed))
    return valid


def _check_references(docs: list[Document], other_docs: list[Document],
                      lessons: LessonIds) -> list[Problem]:
    """Ids unique, prerequisites and ``id:`` links resolved, across all files.

    Works on the raw data, so a reference is checked even in a file that has
    other errors: every problem shows up in one run.
    """
    problems: list[Problem] = []
    seen: dict[str, Problem] = {}

    owners = [(doc, loc, item) for doc in docs for loc, item in _raw_items(doc.data)]
    owners += [(doc, (), doc.data) for doc in other_docs]  # questionnaires, lists: one id each
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
        for loc, item in _raw_lessons(doc.data):
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
    for doc in docs:
        for where, text in _raw_markdown(doc.data):
            problems += _check_id_links(doc, where, text, lessons)
            problems += _check_unsafe_links(doc, where, text)
        problems += _check_schedule(doc, lessons)
    for doc in other_docs:  # their Markdown fields: introductions, interpretations, advice
        for where, text in _raw_strings(doc.data, ()):
            problems += _check_id_links(doc, where, text, lessons)
            if where and where[-1] in OTHER_MARKDOWN:
                problems += _check_unsafe_links(doc, where, text)
    return problems


def _check_schedule(doc: Document, lessons: LessonIds) -> list[Problem]:
    """A schedule names modules of its own course and lessons of the project."""
    schedule = doc.data.get("schedule")
    if not isinstance(schedule, dict):
        return []
    raw_modules = doc.data.get("modules")
    modules = [m["id"] for _, m in _mappings(raw_modules) if isinstance(m.get("id"), str)]
    modules_known = isinstance(raw_modules, list) and len(modules) == len(raw_modules)
    problems = []
    for index, deadline in _mappings(schedule.get("deadlines")):
        module = deadline.get("module")
        if isinstance(module, str) and module not in modules and modules_known:
            loc: Loc = ("schedule", "deadlines", index, "module")
            problems.append(doc.problem(loc, _(
                "{where}: expected the id of a module of this course, found '{found}'{hint}").format(
                    where=format_loc(loc), found=module, hint=suggest(module, modules)),
                code="unknown-reference"))
    for index, session in _mappings(schedule.get("sessions")):
        refs = session.get("lessons")
        for li, lesson in enumerate(refs if isinstance(refs, list) else []):
            loc = ("schedule", "sessions", index, "lessons", li)
            if isinstance(lesson, str) and lessons.missing(lesson, (doc.display, *doc.mark(loc))):
                problems.append(doc.problem(loc, _(
                    "{where}: expected the id of a lesson, found '{found}'{hint}").format(
                        where=format_loc(loc), found=lesson, hint=lessons.hint(lesson)),
                    code="unknown-reference"))
    return problems


def _raw_strings(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _raw_strings(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _raw_strings(item, loc + (index,))


def _mappings(value: object) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _raw_lessons(data: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    for mi, module in _mappings(data.get("modules")):
        for li, lesson in _mappings(module.get("lessons")):
            yield ("modules", mi, "lessons", li), lesson


def _raw_items(data: dict[str, Any]) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """The course, its modules and its lessons: everything that has an id."""
    yield (), data
    for mi, module in _mappings(data.get("modules")):
        yield ("modules", mi), module
    yield from _raw_lessons(data)


def _raw_markdown(data: dict[str, Any]) -> Iterator[tuple[Loc, str]]:
    for loc, item in _raw_items(data):
        for key in ("description", "body"):
            if isinstance(item.get(key), str):
                yield loc + (key,), item[key]
    for loc, lesson in _raw_lessons(data):
        for ci, case in _mappings(lesson.get("cases")):
            for key in ("body", "analysis"):
                if isinstance(case.get(key), str):
                    yield loc + ("cases", ci, key), case[key]


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


def _check_unsafe_links(doc: Document, loc: Loc, text: str) -> list[Problem]:
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


def _check_id_links(doc: Document, loc: Loc, text: str, lessons: LessonIds) -> list[Problem]:
    problems = []
    for number, column, target, _anchor in id_links(text):
        line_no, col = doc.text_mark(loc, number, column)
        if lessons.missing(target, (doc.display, line_no, col)):
            problems.append(Problem(doc.display, line_no, col, _(
                "{where}: link (id:{target}) expected the id of a lesson, found '{found}'{hint}"
            ).format(where=format_loc(loc), target=target, found=target,
                     hint=lessons.hint(target)), "unknown-reference"))
    return problems


def markdown_fields(doc: Document) -> Iterator[tuple[Loc, str]]:
    """The texts of a document that may hold ``(id:…)`` links: a course's Markdown fields,
    any text of a questionnaire or list."""
    is_course = doc.display.startswith(f"{CONTENT_DIR}/{COURSES_DIR}/")
    return _raw_markdown(doc.data) if is_course else _raw_strings(doc.data, ())


def check_anchors(project: Project, docs: list[Document]) -> list[Problem]:
    """Every ``(id:lesson#anchor)`` link names a heading of that lesson's page."""
    from .anchors import check_id_anchors  # renders pages, which need this module

    return check_id_anchors(project, docs)


def check_page_links(project: Project) -> list[Problem]:
    """Every relative link of a hand-written page leads to a page of the site."""
    from .anchors import check_handwritten_links

    return check_handwritten_links(project)
