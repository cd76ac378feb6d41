"""``aggregate``: a group report from exported results and result codes."""

from __future__ import annotations

from pathlib import Path

from generator.content.loading import Project
from generator.reports.aggregate import Report, make_report, write_report
from generator.reports.render import tokens_used
from generator.site.project import load_project


def aggregate_report(root: Path | Project, inputs: list[Path], quiz: str | None,
                     baseline: list[Path], min_group: int, skip_bad: bool,
                     key_file: Path | None = None) -> tuple[Report, Path]:
    """The report of every input, and where its page goes by default
    (``content/reports/QUIZ.md``); *root* is the project's folder, or the project loaded."""
    project = root if isinstance(root, Project) else load_project(root)
    report = make_report(project, inputs, quiz, baseline, min_group, skip_bad, key_file)
    return report, project.paths.content / "reports" / f"{report.cohort.spec['id']}.md"


__all__ = ["aggregate_report", "tokens_used", "write_report"]
