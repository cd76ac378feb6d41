"""``aggregate`` on a 民主测评 form: read every form once, check its 评价码, fold it in.

What a form's file, code and 评价码 are is ``scoring.appraisal`` and ``scoring.tokens``
(docs/questionnaire-format.md, 民主测评); this module only decides what counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.content.models.appraisal import Appraisal
from generator.errors import Problem
from generator.reports.appraisal import CadreRow, Tally, cadre_rows
from generator.reports.appraisal_gap import Gap, SelfRating, gaps
from generator.reports.appraisal_inputs import Selves, read_forms
from generator.reports.verify import MISSING, REJECTED, AppraisalTokens, Rejected


@dataclass
class AppraisalReport:
    form: Appraisal
    tally: Tally
    tokens: AppraisalTokens
    keyed: bool
    skipped: list[Problem]
    duplicates: int = 0
    selves: int = 0  # ratings of the rater's own row, dropped
    rejected: list[Rejected] = field(default_factory=list)
    self_ratings: dict[str, SelfRating] = field(default_factory=dict)
    rows: list[CadreRow] = field(default_factory=list)
    gaps: dict[str, list[Gap]] = field(default_factory=dict)

    @property
    def results(self) -> int:
        """Distinct forms read, rejected ones and those without a required code included."""
        return sum(self.tokens.counts.values())

    @property
    def missing(self) -> int:
        return self.tokens.counts[MISSING]


def read_appraisal(form: Appraisal, inputs: list[Path], key: bytes | None,
                   problems: list[Problem],
                   self_ratings: dict[str, SelfRating] | None = None) -> AppraisalReport:
    """Fold every form of *form* under *inputs*; what cannot be read goes to *problems*."""
    check = AppraisalTokens(form, key)
    report = AppraisalReport(form, Tally(form), check, key is not None, problems)
    selves = Selves()
    seen: set[bytes] = set()
    for one in read_forms(inputs, form, problems, selves):
        if one.key in seen:
            report.duplicates += 1
            continue
        seen.add(one.key)
        status = check.check(one.source, one.line, one.group, one.token)
        if status in (REJECTED, MISSING):
            continue
        report.tally.add(one)
    report.selves = selves.dropped
    report.rejected = sorted(check.rejected, key=lambda r: (r.source, r.line))
    report.rows = cadre_rows(report.tally)
    report.self_ratings = self_ratings or {}
    report.gaps = {row.id: gaps(form, row, report.self_ratings[row.id])
                   for row in report.rows if row.id in report.self_ratings}
    return report
