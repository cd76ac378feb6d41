"""The self–other gap of a 民主测评: a cadre's own view beside how the raters see them.

A cadre's self-rating is handed in as a file (``aggregate --self ID=FILE``): either the 民主测评
form filled in by the cadre on their own row (a ``kb-appraisal`` file), or their 执行力自测
result (a ``kb-quiz-result`` file of a self-assessment), whose dimensions count where their
names are those of the form's dimensions. Per dimension the report shows the self value beside
the others' weighted mean and its 95 % interval; a self value outside that interval is marked
as a point to talk about in the 考核谈话, never as a finding.

The 民主测评 form's levels are compared as they are (their scores, such as 1–4); a 执行力自测
percent (0–100) is compared with the others' mean put on the same 0–100 range (the lowest
level's score at 0, the highest at 100).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.models.appraisal import Appraisal
from generator.errors import GeneratorError
from generator.i18n import _
from generator.reports.appraisal import CadreRow
from generator.reports.results import RESULT_FORMAT, BadResult, check_answers, read_json
from generator.scoring.scorer import score
from generator.scoring.spec import Spec

#: The scales a self-rating is on.
LEVELS, PERCENT = "levels", "percent"


@dataclass(frozen=True)
class SelfRating:
    source: str  # what the cadre handed in, as the report names it
    scale: str  # LEVELS or PERCENT
    values: dict[str, float]  # dimension id → the self value on *scale*


@dataclass(frozen=True)
class Gap:
    dimension: str
    own: float
    others: float | None
    interval: tuple[float, float] | None
    talk: bool  # the self value lies outside the others' interval


def gaps(form: Appraisal, row: CadreRow, own: SelfRating) -> list[Gap]:
    """Per dimension the cadre rated themself on: self, others, interval, and the mark."""
    scores = [lv.score for lv in form.levels]
    low, high = min(scores), max(scores)

    def scaled(value: float) -> float:
        if own.scale == LEVELS or high == low:
            return value
        return 100 * (value - low) / (high - low)

    result = []
    for dim, mean in zip(form.dimensions, row.dims, strict=True):
        if dim.id not in own.values:
            continue
        value = own.values[dim.id]
        others = None if mean.mean is None else scaled(mean.mean)
        interval = None if mean.interval is None else (scaled(mean.interval[0]),
                                                       scaled(mean.interval[1]))
        talk = interval is not None and not interval[0] <= value <= interval[1]
        result.append(Gap(dim.name, value, others, interval, talk))
    return result


def read_self(form: Appraisal, subject: str, path: Path, specs: list[Spec]) -> SelfRating:
    """The self-rating of cadre *subject* (an id of the form) in *path*; GeneratorError if unusable."""
    shown = str(path)
    ids = [s.id for s in form.cadres()]
    if subject not in ids:
        raise GeneratorError(_("--self {subject}={path}: expected the id of a cadre of '{id}' "
                               "({known})").format(subject=subject, path=shown, id=form.id,
                                                   known=", ".join(ids)))
    try:
        data = read_json(path, shown)
    except BadResult as exc:
        raise GeneratorError(str(exc.problem)) from None
    data = data if isinstance(data, dict) else {}
    if data.get("format") == "kb-appraisal":
        entry = (data.get("ratings") or {}).get(subject)
        levels = {lv.id: lv.score for lv in form.levels}
        given = entry.get("dimensions") if isinstance(entry, dict) else None
        values = {dim: levels[level] for dim, level in (given or {}).items()
                  if isinstance(level, str) and level in levels}
        if (data.get("form") or {}).get("id") != form.id or not values:
            raise GeneratorError(_("{path}: expected the 民主测评 '{id}' with a rating of "
                                   "{subject}'s own dimensions, found none").format(
                                       path=shown, id=form.id, subject=subject))
        return SelfRating("本人填写的民主测评表", LEVELS, values)
    quiz = data.get("questionnaire") if data.get("format") == RESULT_FORMAT else None
    spec = next((s for s in specs if isinstance(quiz, dict) and s["hash"] == quiz.get("hash")
                 and s["kind"] == "self"), None)
    if spec is None:
        raise GeneratorError(_("{path}: expected a self-rating: a 民主测评 file or the result of "
                               "a self-assessment of this project").format(path=shown))
    try:
        answers = check_answers(data.get("answers"), spec, shown)
    except BadResult as exc:
        raise GeneratorError(str(exc.problem)) from None
    scored = score(spec, answers)["dimensions"]
    names = {d["name"]: d["id"] for d in spec["dimensions"]}
    values = {dim.id: float(scored[names[dim.name]]["percent"]) for dim in form.dimensions
              if dim.name in names and scored[names[dim.name]]["percent"] is not None}
    if not values:
        raise GeneratorError(_("{path}: expected a self-assessment with dimensions named as those "
                               "of '{id}' ({names}), found {found}").format(
                                   path=shown, id=form.id,
                                   names="、".join(d.name for d in form.dimensions),
                                   found="、".join(names) or _("none")))
    return SelfRating(f"{spec['title']}（自测）", PERCENT, values)
