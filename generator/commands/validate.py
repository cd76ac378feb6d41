"""``validate``: check every content file; report every error, as text or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import ContentError
from generator.i18n import _
from generator.site.project import load_project


def validate(root: Path, fmt: str) -> tuple[bool, str]:
    """(ok, what to print). Text errors are raised as ContentError for Click to print;
    JSON errors are returned, so that a tool always reads one JSON document."""
    try:
        project = load_project(root)
    except ContentError as exc:
        if fmt != "json":
            raise
        return False, json.dumps({"ok": False, "errors": [p.to_dict() for p in exc.problems]},
                                 ensure_ascii=False, indent=2)
    if fmt == "json":
        return True, json.dumps({"ok": True, "errors": []})
    return True, _("OK: {courses} courses, {lessons} lessons, {quizzes} questionnaires, "
                   "{lists} lists, no errors.").format(
                       courses=len(project.courses), lessons=project.lesson_count(),
                       quizzes=len(project.quizzes), lists=len(project.lists))
