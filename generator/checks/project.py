"""Load a project's content and run every check that needs no rendered page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.checks.appraisal import check_appraisal
from generator.checks.course import check_references, lessons_readable
from generator.checks.lesson_checks import check_lesson_checks
from generator.checks.links import raw_lessons, unsafe_link_problem, unsafe_links
from generator.checks.lists import check_list
from generator.checks.questionnaire import check_questionnaire
from generator.checks.references import LessonIds
from generator.config.layout import find_paths
from generator.config.settings import read_settings
from generator.content.loading import (
    LoadedCourse,
    LoadedList,
    LoadedQuiz,
    Project,
    is_appraisal,
    parse_all,
    parse_appraisals,
    read_documents,
    read_pages,
)
from generator.content.models.appraisal import Appraisal
from generator.content.models.course import Course
from generator.content.models.questionnaire import Questionnaire
from generator.content.models.responsibility import ResponsibilityList
from generator.errors import ContentError, Problem, display_path


@dataclass
class Checked:
    """A project as far as it could be read, and every problem."""

    project: Project
    problems: list[Problem]


def check_content(root: Path) -> Checked:
    """Read every content file under *root* and check it, keeping every problem.

    A file that cannot be read is reported once, checks across fields run on whatever
    parts of a file are sound, and references that may point into an unreadable course
    are not reported as missing (one problem says that they could not be checked).
    """
    paths = find_paths(root)
    problems: list[Problem] = []
    try:
        read_settings(paths.config)  # read again where needed: its problem is reported here too
    except ContentError as exc:
        problems += exc.problems
    pages = read_pages(paths, problems)
    for path, text in pages:
        shown = display_path(path, paths.root)
        problems += [Problem(shown, line + 1, column + 1, unsafe_link_problem("", scheme),
                             "unsafe-link")
                     for line, column, scheme in unsafe_links(text or "")]
    project = Project(paths=paths, pages=[path for path, _text in pages])
    docs, unread = read_documents(paths, paths.course_files(), problems)
    project.courses = [LoadedCourse(d, c) for d, c in parse_all(docs, Course, problems)]
    all_quiz_docs, _unread = read_documents(paths, paths.quiz_files(), problems)
    form_docs = [doc for doc in all_quiz_docs if is_appraisal(doc)]
    quiz_docs = [doc for doc in all_quiz_docs if not is_appraisal(doc)]
    quizzes = parse_all(quiz_docs, Questionnaire, problems)
    project.appraisals = parse_appraisals(paths, form_docs, problems)
    project.quizzes = [LoadedQuiz(d, q) for d, q in quizzes]
    list_docs, _unread = read_documents(paths, paths.list_files(), problems)
    lists = parse_all(list_docs, ResponsibilityList, problems)
    project.lists = [LoadedList(d, x) for d, x in lists]

    # From the raw data: a course with other errors still defines the lessons it can be read for.
    lessons = LessonIds(
        {item["id"] for doc in docs for _, item in raw_lessons(doc.data)
         if isinstance(item.get("id"), str)},
        unread + [doc.display for doc in docs if not lessons_readable(doc.data)])
    valid_lists = {id(doc): lst for doc, lst in lists}
    for doc in list_docs:
        problems += check_list(doc, valid_lists.get(id(doc)))
    problems += check_references(docs, [(doc, Questionnaire) for doc in quiz_docs]
                                 + [(doc, Appraisal) for doc in form_docs]
                                 + [(doc, ResponsibilityList) for doc in list_docs], lessons)
    for doc in docs:
        problems += check_lesson_checks(doc)
    for doc in quiz_docs:
        problems += check_questionnaire(doc, lessons)
    for doc in form_docs:
        problems += check_appraisal(doc)
    problems += lessons.note()
    project.warnings = sorted(p for p in problems if p.warning)
    return Checked(project, [p for p in problems if not p.warning])
