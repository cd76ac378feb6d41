"""``validate``: check every content file; report every error, as text or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import ContentError, Problem
from generator.i18n import _
from generator.site.project import load_project


def validate(root: Path, fmt: str) -> tuple[bool, str, list[Problem]]:
    """(ok, what to print, warnings to print on stderr). Text errors are raised as ContentError
    for Click to print; JSON errors (and warnings) are returned in one JSON document."""
    try:
        project = load_project(root)
    except ContentError as exc:
        if fmt != "json":
            raise
        return False, json.dumps({"ok": False, "errors": [p.to_dict() for p in exc.problems]},
                                 ensure_ascii=False, indent=2), []
    if fmt == "json":
        if project.warnings:
            return True, json.dumps({"ok": True, "errors": [], "warnings": [
                p.to_dict() for p in project.warnings]}, ensure_ascii=False, indent=2), []
        return True, json.dumps({"ok": True, "errors": []}), []
    return True, _("OK: {courses} courses, {lessons} lessons, {quizzes} questionnaires, "
                   "{lists} lists, no errors.").format(
                       courses=len(project.courses), lessons=project.lesson_count(),
                       quizzes=len(project.quizzes) + len(project.appraisals),
                       lists=len(project.lists)), project.warnings
