"""``export-checks``: a course's 随堂测验 as GIFT or Moodle XML, for a learning platform."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import GeneratorError
from generator.exports.lms import gift, moodle_xml, questions
from generator.i18n import _
from generator.site.handbook import find_course
from generator.site.project import load_project


@dataclass(frozen=True)
class Exported:
    path: Path
    questions: int
    lessons: int


def export_checks(root: Path, course_id: str, fmt: str, path: Path) -> Exported:
    """Write the checks of *course_id* to *path* as ``gift`` or ``moodle-xml``."""
    course = find_course(load_project(root), course_id)
    lessons = [lesson for _, lesson in course.lessons() if lesson.check]
    if not lessons:
        raise GeneratorError(_("course '{id}' has no checks: expected lessons with 'check:' items "
                               "(docs/course-format.md)").format(id=course.id))
    text = gift(course) if fmt == "gift" else moodle_xml(course)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GeneratorError(_("cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror)) from None
    count = sum(1 for _q in questions(course, split_blanks=fmt == "gift"))
    return Exported(path, count, len(lessons))
