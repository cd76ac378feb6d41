"""``score``: recompute a questionnaire result from an exported file or a result code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError
from generator.i18n import _
from generator.reports.results import find_spec, load_answers
from generator.scoring.codes import decode
from generator.scoring.scorer import score
from generator.scoring.spec import Spec, quiz_spec
from generator.site.project import load_project


@dataclass(frozen=True)
class Scored:
    """A recomputed result, and whether the file's own stored result agrees (None: none stored)."""

    spec: Spec
    result: dict[str, Any]
    stored_matches: bool | None
    answers: Path | None

    def check_stored(self) -> None:
        """Raise when the file's stored result differs from the computation."""
        if self.stored_matches is False:
            raise GeneratorError(_("{path}: the result stored in the file differs from this "
                                   "computation: it was not made by these rules, or was altered")
                                 .format(path=self.answers))


def score_result(root: Path, quiz: str | None, answers: Path | None, code: str | None) -> Scored:
    """Score *answers* (a file) against *quiz*, or the result *code*."""
    project = load_project(root)
    stored = None
    if code is not None:
        spec, given, _date = decode(code, [quiz_spec(q.quiz) for q in project.quizzes])
    else:
        assert quiz is not None and answers is not None
        spec = find_spec(project, quiz)
        given, stored = load_answers(answers, spec)
    result = score(spec, given)
    return Scored(spec, result, None if stored is None else stored == result, answers)
