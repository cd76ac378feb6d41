"""``handbook``: a course's printed 学习手册 as an A4 PDF and/or standalone HTML."""

from __future__ import annotations

from pathlib import Path

from generator.site.handbook import Written, write_handbook
from generator.site.project import load_project


def handbook(root: Path, course: str, pdf_path: Path | None, html_path: Path | None,
             answers: bool = True) -> Written:
    """Write the handbook of *course*; with neither target, ``COURSE-handbook.pdf``."""
    project = load_project(root)
    if pdf_path is None and html_path is None:
        pdf_path = Path(f"{course}-handbook.pdf")
    return write_handbook(project, course, pdf_path, html_path, answers)
