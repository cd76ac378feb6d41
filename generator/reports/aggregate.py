"""Group reports without a server: read result files and codes, one at a time.

Results are streamed: each is scored and folded into counters at once, so
memory grows with the number of *distinct* percent values (bounded by the
questionnaire) and, for rating forms, with the number of cadres and periods,
plus one 16-byte digest per result to count a result submitted twice only
once. Item analysis keeps sufficient statistics (``stats.ItemAnalysis``).

A rating form's 满意率, its interval and conclusion: ``reports.ratings``; its 评价码:
``reports.verify``. Conclusions need a ``threshold`` and declared ``periods``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.loading import Project
from generator.content.parse import suggest
from generator.errors import ContentError, GeneratorError, Problem
from generator.i18n import _
from generator.reports.cohort import Cohort
from generator.reports.inputs import Result, read_results
from generator.reports.render import render_report, report_csv, standalone_html
from generator.reports.slips import read_key
from generator.reports.verify import Rejected
from generator.scoring.spec import Spec, quiz_spec
from generator.utils.files import write_output


@dataclass
class Report:
    cohort: Cohort
    baseline: Cohort | None
    min_group: int
    skipped: list[Problem]
    #: rating forms whose 评价码 was mistyped, forged, for another cadre or period, or reused
    rejected: list[Rejected]
    #: whether tokens were verified with the key (aggregate --key-file)
    keyed: bool


def _cohort(inputs: list[Path], specs: list[Spec], problems: list[Problem],
            quiz_id: str | None, key: bytes | None = None) -> Cohort | None:
    """Fold every result of one questionnaire version; others are problems."""
    cohort = None
    if quiz_id is not None:
        spec = next((s for s in specs if s["id"] == quiz_id), None)
        if spec is None:
            known = ", ".join(s["id"] for s in specs) or _("none")
            raise GeneratorError(_("no questionnaire '{ref}': expected one of: {known}").format(
                ref=quiz_id, known=known))
        cohort = Cohort(spec, key=key)
    for result in read_results(inputs, specs, problems):
        cohort = cohort or Cohort(result.spec, key=key)
        if result.spec["hash"] != cohort.spec["hash"]:
            problems.append(Problem(result.source, result.line, 1, _(
                "expected results of '{id}' version {version} only, found one of '{found}' "
                "version {found_version}").format(
                    id=cohort.spec["id"], version=cohort.spec["version"], found=result.spec["id"],
                    found_version=result.spec["version"]), "bad-result"))
            continue
        problem = _rating_problem(cohort.spec, result)
        if problem is not None:
            problems.append(problem)
            continue
        cohort.add(result)
    return cohort


def _rating_problem(spec: Spec, result: Result) -> Problem | None:
    """A rating names whom it rates, in one of the questionnaire's declared periods."""
    if spec["kind"] != "rating":
        return None
    if not result.subject:
        return Problem(result.source, result.line, 1, _(
            "expected the rated cadre (被评价人), found nothing"), "bad-result")
    periods = spec.get("periods") or []
    if periods and result.period not in periods:
        return Problem(result.source, result.line, 1, _(
            "expected a period declared by '{id}' ({periods}), found '{found}'{hint}").format(
                id=spec["id"], periods=", ".join(periods), found=result.period,
                hint=suggest(result.period, periods)), "bad-result")
    return None


def make_report(project: Project, inputs: list[Path], quiz_id: str | None, baseline: list[Path],
                min_group: int, skip_bad: bool, key_file: Path | None = None) -> Report:
    """Read every input (and the baseline); all unreadable inputs are reported together.

    With *key_file*, the 评价码 of rating forms are verified (``reports.verify``)."""
    key = read_key(key_file, project.paths) if key_file is not None else None
    specs = [quiz_spec(q.quiz) for q in project.quizzes]
    problems: list[Problem] = []
    cohort = _cohort(inputs, specs, problems, quiz_id, key)
    base = _cohort(baseline, specs, problems, cohort.spec["id"] if cohort else None) \
        if baseline else None
    if problems and not skip_bad:
        raise ContentError(problems)
    if cohort is None:
        raise GeneratorError(_("no result to report: expected result files (.json) or result "
                               "codes (.txt) in the inputs"))
    rejected = cohort.tokens.finish() if cohort.tokens is not None else []
    return Report(cohort, base, min_group, problems, rejected, key is not None)


def write_report(report: Report, target: Path, html_path: Path | None,
                 csv_path: Path | None) -> list[Path]:
    """Write the page (and the HTML and CSV when asked); return what was written."""
    title = f"{report.cohort.spec['title']} · 汇总报告"
    page = render_report(report.cohort, report.baseline, report.min_group, title,
                         report.rejected, report.keyed)
    outputs = [(target, page)]
    if html_path:
        outputs.append((html_path, standalone_html(page, title)))
    if csv_path:
        outputs.append((csv_path, report_csv(report.cohort, report.baseline, report.min_group)))
    return [write_output(path, text) for path, text in outputs]
