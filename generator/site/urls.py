"""The site's URL table: where each generated page goes, in one place."""

from __future__ import annotations

from generator.config.layout import LISTS_DIR, QUIZZES_DIR
from generator.content.loading import Project
from generator.content.models.appraisal import Appraisal
from generator.content.models.course import Course, Lesson, Module
from generator.content.models.questionnaire import Questionnaire
from generator.content.models.responsibility import ResponsibilityList

TAGS_PAGE = "tags.md"


def course_path(course: Course) -> str:
    return f"{course.id}/index.md"


def handbook_path(course: Course) -> str:
    """The printed 学习手册: a standalone HTML file beside the course page."""
    return f"{course.id}/handbook.html"


def nav_lessons_file(course: Course) -> str:
    """The data of *course*'s lessons its module and lesson pages load, in ``ASSETS_DIR``
    (``site.lessons.nav_lessons_script``)."""
    return f"kb-lessons-{course.id}.js"


def module_path(course: Course, module: Module) -> str:
    return f"{course.id}/{module.id}/index.md"


def lesson_path(course: Course, module: Module, lesson: Lesson) -> str:
    return f"{course.id}/{module.id}/{lesson.id}.md"


def quiz_path(quiz: Questionnaire | Appraisal) -> str:
    """A questionnaire's page, or a 民主测评 form's: both are listed under 自测与测评."""
    return f"{QUIZZES_DIR}/{quiz.id}.md"


def list_path(lst: ResponsibilityList) -> str:
    return f"{LISTS_DIR}/{lst.id}.md"


#: Where the site's own runtime files go in the docs folder (and so in the site).
ASSETS_DIR = "assets/kb"


def generated_paths(project: Project) -> set[str]:
    """Where generated pages go, so that no hand-written page may sit there."""
    paths: set[str] = set()
    for loaded in project.courses:
        course = loaded.course
        paths.update((course_path(course), handbook_path(course)))
        for module, lesson in course.lessons():
            paths.update((module_path(course, module), lesson_path(course, module, lesson)))
        if any(lesson.tags for _, lesson in course.lessons()):
            paths.add(TAGS_PAGE)
    paths.update(quiz_path(loaded.quiz) for loaded in project.quizzes)
    paths.update(quiz_path(loaded.form) for loaded in project.appraisals)
    paths.update(list_path(loaded.list) for loaded in project.lists)
    return paths
