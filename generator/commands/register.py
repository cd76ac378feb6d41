"""``register``: 轮训登记 and 通报 of one course from a roster and study records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from generator.content.parse import suggest
from generator.errors import GeneratorError, os_error
from generator.i18n import _
from generator.register.make import Register, make_register
from generator.register.render import write_csv, write_html, write_page
from generator.register.workbook import write_workbook
from generator.site.project import load_project

#: Where the register goes by default: beside content/, never published with the site.
REGISTERS_DIR = "registers"


@dataclass(frozen=True)
class Outputs:
    page: Path | None = None
    html: Path | None = None
    csv: Path | None = None
    xlsx: Path | None = None


@dataclass(frozen=True)
class Done:
    register: Register
    written: list[Path]
    published: bool


def register(root: Path, roster: Path, inputs: list[Path], course_id: str | None, outputs: Outputs,
             *, skip_bad: bool, sort: str, date: dt.date | None, issuer: str | None) -> Done:
    """Make the register of a course and write it; the page goes to ``registers/`` unless
    ``--out`` says otherwise."""
    project = load_project(root)
    courses = {c.course.id: c.course for c in project.courses}
    if course_id is None and len(courses) == 1:
        course_id = next(iter(courses))
    if course_id not in courses:
        known = ", ".join(courses) or _("none")
        raise GeneratorError(_("no course '{ref}': expected --course with one of: {known}{hint}").format(
            ref=course_id or "", known=known, hint=suggest(course_id or "", list(courses))))
    course = courses[course_id]
    reg = make_register(course, roster, inputs, skip_bad=skip_bad, sort=sort, date=date)
    signer = issuer if issuer is not None else (course.organizer or "")
    page = outputs.page or project.paths.root / REGISTERS_DIR / f"{course.id}-{reg.date.isoformat()}.md"
    written = []
    texts: list[tuple[Path, Callable[[Register, str, TextIO], None]]] = [(page, write_page)]
    if outputs.html:
        texts.append((outputs.html, write_html))
    if outputs.csv:
        texts.append((outputs.csv, lambda reg, _signer, out: write_csv(reg, out)))
    for path, write in texts:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as handle:
                write(reg, signer, handle)
        except OSError as exc:
            raise os_error(exc, path) from None
        written.append(path)
    if outputs.xlsx:
        try:
            outputs.xlsx.parent.mkdir(parents=True, exist_ok=True)
            write_workbook(reg, outputs.xlsx, signer)
        except OSError as exc:
            raise os_error(exc, outputs.xlsx) from None
        written.append(outputs.xlsx)
    content = project.paths.content.resolve()
    published = content in page.resolve().parents
    return Done(reg, written, published)
