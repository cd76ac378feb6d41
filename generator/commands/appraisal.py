"""``aggregate`` on a 民主测评 form (kind: appraisal): which form the inputs are of, the report,
and its outputs (page, HTML, CSV, XLSX, 反馈表)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.content.loading import Project
from generator.content.models.appraisal import Appraisal
from generator.errors import ContentError, GeneratorError, Problem, os_error
from generator.i18n import _
from generator.register.render import chinese_date
from generator.reports.appraisal_gap import SelfRating, read_self
from generator.reports.appraisal_inputs import looks_like_appraisal
from generator.reports.appraisal_render import (
    appraisal_csv,
    render_feedback,
    render_page,
    write_workbook,
)
from generator.reports.appraisal_report import AppraisalReport, read_appraisal
from generator.reports.render import standalone_html
from generator.reports.slips import read_key
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project
from generator.utils.files import write_output

#: Where the report goes by default: beside content/, never published with the site.
APPRAISALS_DIR = "appraisals"


@dataclass(frozen=True)
class AppraisalOutputs:
    page: Path | None = None
    html: Path | None = None
    csv: Path | None = None
    xlsx: Path | None = None
    feedback: Path | None = None


@dataclass(frozen=True)
class AppraisalDone:
    report: AppraisalReport
    written: list[Path]
    published: bool


def appraisal_of(root: Path, inputs: list[Path],
                 quiz: str | None) -> tuple[Project, Appraisal | None]:
    """The project, and the 民主测评 form the inputs are of: the one *quiz* names, else the one
    the first input is of; None when they are results of another questionnaire."""
    project = load_project(root)
    forms = [loaded.form for loaded in project.appraisals]
    if quiz is not None:
        return project, next((f for f in forms if f.id == quiz), None)
    return project, looks_like_appraisal(inputs, forms) if forms else None


def _selves(project: Project, form: Appraisal, given: list[str]) -> dict[str, SelfRating]:
    specs = [quiz_spec(q.quiz) for q in project.quizzes]
    found = {}
    for entry in given:
        subject, _sep, path = entry.partition("=")
        if not path:
            raise GeneratorError(_("--self {entry}: expected ID=FILE, such as "
                                   "--self zhang-ming=张明自测.json").format(entry=entry))
        found[subject.strip()] = read_self(form, subject.strip(), Path(path), specs)
    return found


def appraisal_report(project: Project, form: Appraisal, inputs: list[Path], *, skip_bad: bool,
                     key_file: Path | None, selves: list[str]) -> AppraisalReport:
    """Read every form of *form* under *inputs*; all unreadable inputs are reported together."""
    key = read_key(key_file, project.paths) if key_file is not None else None
    problems: list[Problem] = []
    report = read_appraisal(form, inputs, key, problems, _selves(project, form, selves))
    if problems and not skip_bad:
        raise ContentError(problems)
    if report.results == 0:
        raise GeneratorError(_("no form to report: expected 民主测评 files (.json) or result codes "
                               "(.txt) of '{id}' in the inputs").format(id=form.id))
    return report


def write_appraisal(project: Project, report: AppraisalReport, outputs: AppraisalOutputs,
                    issuer: str, date: dt.date) -> AppraisalDone:
    """Write the page (``appraisals/ID.md`` unless ``--out``) and the outputs asked for."""
    title = f"{report.form.title} · 民主测评汇总"
    page = outputs.page or project.paths.root / APPRAISALS_DIR / f"{report.form.id}.md"
    text = render_page(report, title)
    day = chinese_date(date)
    texts = [(page, text)]
    if outputs.html:
        texts.append((outputs.html, standalone_html(text, title)))
    if outputs.csv:
        texts.append((outputs.csv, appraisal_csv(report)))
    if outputs.feedback:
        texts.append((outputs.feedback, render_feedback(report, issuer, day)))
    written = [write_output(path, content) for path, content in texts]
    if outputs.xlsx:
        try:
            outputs.xlsx.parent.mkdir(parents=True, exist_ok=True)
            write_workbook(report, outputs.xlsx, issuer, day)
        except OSError as exc:
            raise os_error(exc, outputs.xlsx) from None
        written.append(outputs.xlsx)
    published = project.paths.content.resolve() in page.resolve().parents
    return AppraisalDone(report, written, published)
