"""Read a project's YAML files and hand-written pages into typed models, keeping every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from generator.config.layout import Paths
from generator.content.cadres import read_roster
from generator.content.models.appraisal import Appraisal
from generator.content.models.course import Course
from generator.content.models.questionnaire import Questionnaire
from generator.content.models.responsibility import ResponsibilityList
from generator.content.parse import parse
from generator.content.yamlevents import YamlProblem
from generator.content.yamlsource import Document, load_document, read_bounded
from generator.errors import Problem, display_path
from generator.i18n import _
from generator.utils.yamlhelp import not_utf8

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedCourse:
    doc: Document
    course: Course


@dataclass(frozen=True)
class LoadedQuiz:
    doc: Document
    quiz: Questionnaire


@dataclass(frozen=True)
class LoadedAppraisal:
    """A 民主测评 form; its ``subjects`` are filled in from its roster file when it has one."""

    doc: Document
    form: Appraisal


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
    appraisals: list[LoadedAppraisal] = field(default_factory=list)
    lists: list[LoadedList] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    #: Problems that fail nothing (``Problem.warning``), printed by ``validate`` and ``build``.
    warnings: list[Problem] = field(default_factory=list)

    def lesson_count(self) -> int:
        return sum(len(c.course.lessons()) for c in self.courses)

    def handwritten(self) -> list[str]:
        """Hand-written files, relative to content/ (and so to the docs folder)."""
        return [p.relative_to(self.paths.content).as_posix() for p in self.pages]


def inside(paths: Paths, path: Path, problems: list[Problem]) -> bool:
    """Whether *path* is the project's own: a link to a file elsewhere is never published."""
    target = path.resolve()
    if paths.root in target.parents:
        return True
    problems.append(Problem(path.relative_to(paths.root).as_posix(), 1, 1, _(
        "expected a file inside the project, found a link to {target}: copy the file in "
        "instead").format(target=target), "outside-project"))
    return False


def read_pages(paths: Paths, problems: list[Problem]) -> list[tuple[Path, str | None]]:
    """The hand-written files that may be published, with the text of each Markdown page
    (which must be UTF-8 text); None for other files."""
    pages: list[tuple[Path, str | None]] = []
    for path in paths.page_files():
        if not inside(paths, path, problems):
            continue
        text = None
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
        pages.append((path, text))
    return pages


def read_documents(paths: Paths, files: list[Path], problems: list[Problem]
               ) -> tuple[list[Document], list[str]]:
    """Parse each file; a file that is not even YAML adds its problem and is skipped.

    Returns the documents, and the files that could not be read.
    """
    docs = []
    unread = []
    for path in files:
        if not inside(paths, path, problems):
            continue
        try:
            docs.append(load_document(path, display_path(path, paths.root)))
        except YamlProblem as exc:
            problems.append(exc.problem)
            unread.append(exc.problem.path)
    return docs, unread


def parse_all(docs: list[Document], model: type[M], problems: list[Problem]
               ) -> list[tuple[Document, M]]:
    """Validate each document against *model*; keep the valid ones, collect the rest."""
    valid = []
    for doc in docs:
        parsed, found = parse(doc, model)
        problems += found
        if parsed is not None:
            valid.append((doc, parsed))
    return valid


def is_appraisal(doc: Document) -> bool:
    """Whether a file of ``quizzes/`` is a 民主测评 form (``kind: appraisal``)."""
    return doc.data.get("kind") == "appraisal"


def parse_appraisals(paths: Paths, docs: list[Document], problems: list[Problem]
                     ) -> list[LoadedAppraisal]:
    """Validate each 民主测评 form and read its roster file; keep the valid ones."""
    loaded = []
    for doc, form in parse_all(docs, Appraisal, problems):
        if form.roster is not None:
            path = doc.path.parent / form.roster
            if not path.is_file():
                problems.append(doc.problem(("roster",), _(
                    "roster: expected a CSV file next to the form, found no file {path}").format(
                        path=display_path(path, paths.root))))
                continue
            if not inside(paths, path, problems):
                continue
            subjects = read_roster(path, display_path(path, paths.root), problems)
            if subjects is None:
                continue
            form = form.model_copy(update={"subjects": subjects})
        loaded.append(LoadedAppraisal(doc, form))
    return loaded
