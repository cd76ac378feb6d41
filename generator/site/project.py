"""Load a project and check everything a build depends on, rendered pages included.

``load_project`` is the single entry point of ``validate``, ``build``, ``serve`` and the
reports: what it accepts, a build builds.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks.project import check_content
from generator.content.loading import Project
from generator.errors import ContentError, Problem, display_path
from generator.i18n import _
from generator.site.anchors import check_handwritten_links, check_id_anchors
from generator.site.urls import generated_paths


def load_project(root: Path) -> Project:
    """Load and validate every content file under *root*, or raise ContentError.

    Every error of every file comes in one run; the checks that render pages (anchors of
    ``(id:lesson#anchor)`` links, links of hand-written pages) run once the rest is sound.
    """
    checked = check_content(root)
    project, problems = checked.project, checked.problems
    taken = generated_paths(project)
    problems += [
        Problem(display_path(project.paths.content / rel, project.paths.root), 1, 1, _(
            "expected no hand-written page at '{path}', found one where a generated page goes "
            "(rename the file, or change the course or module id)").format(path=rel),
            "page-clash")
        for rel in project.handwritten() if rel in taken
    ]
    if not problems:
        problems += check_id_anchors(project, checked.documents)
        problems += check_handwritten_links(project)
    if problems:
        raise ContentError(problems)
    return project
