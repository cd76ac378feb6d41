"""A cohort of results counted as they stream in, and the rows of its report: per dimension,
per cadre and period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.reports.inputs import Result
from generator.reports.stats import ItemAnalysis
from generator.scoring.scorer import is_index, is_not_applicable, score
from generator.scoring.spec import Spec


@dataclass
class RatingCell:
    """One cadre's forms in one period: how many, and their answers by option text."""

    forms: int = 0
    answers: Counter[str] = field(default_factory=Counter)


@dataclass
class Cohort:
    """Counters of one questionnaire's results: all a report needs."""

    spec: Spec
    results: int = 0
    duplicates: int = 0
    complete: int = 0
    percents: dict[str, Counter[float]] = field(default_factory=dict)
    bands: dict[str, Counter[int]] = field(default_factory=dict)
    profiles: Counter[str] = field(default_factory=Counter)
    checks: Counter[str] = field(default_factory=Counter)
    #: rating forms: subject → period → its forms
    ratings: dict[str, dict[str, RatingCell]] = field(default_factory=dict)
    seen: set[bytes] = field(default_factory=set)
    items: ItemAnalysis = field(init=False)

    def __post_init__(self) -> None:
        self.items = ItemAnalysis(self.spec)

    def add(self, result: Result) -> bool:
        """Fold one result in; False when the same result was already counted."""
        if result.key in self.seen:
            self.duplicates += 1
            return False
        self.seen.add(result.key)
        self.results += 1
        scored = score(self.spec, result.answers)
        if not scored["complete"]:
            return True
        self.complete += 1
        self.items.add(result.answers)
        self.checks.update(scored["checks"])
        if self.spec["kind"] == "rating":
            cell = self.ratings.setdefault(result.subject, {}).setdefault(result.period,
                                                                          RatingCell())
            cell.forms += 1
            cell.answers.update(_labels(self.spec, result.answers))
            return True
        values = {"overall": scored["overall"]}
        values.update(scored["dimensions"])
        for key, value in values.items():
            if value["percent"] is None:  # a dimension of optional items, all left out
                continue
            self.percents.setdefault(key, Counter())[value["percent"]] += 1
            self.bands.setdefault(key, Counter())[value["band"]] += 1
        self.profiles.update(scored["profiles"])
        return True


def _labels(spec: Spec, answers: dict[str, Any]) -> list[str]:
    """The option texts a form picked on its single-choice items (不了解 included)."""
    picked = []
    for item in spec["items"]:
        if item["type"] in ("text", "multi"):
            continue
        answer = answers.get(item["id"])
        if is_not_applicable(item, answer):
            picked.append(item["na"])
        elif answer is not None and is_index(answer, len(item["labels"])):
            picked.append(item["labels"][int(answer)])
    return picked


def quantile(counts: Counter[float], p: float) -> float:
    """The p-quantile of the counted values, interpolated as statistics' 'inclusive' method."""
    ordered = sorted(counts.items())

    def nth(index: int) -> float:  # the index-th value of the sorted, expanded list
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > index:
                return value
        return ordered[-1][0]

    position = (sum(counts.values()) - 1) * p
    below = int(position)
    low, high = nth(below), nth(below + 1)
    return low + (position - below) * (high - low)


def summary(counts: Counter[float]) -> dict[str, float]:
    total = sum(counts.values())
    mean = sum(v * c for v, c in counts.items()) / total
    return {"n": total, "mean": mean, "q1": quantile(counts, 0.25),
            "median": quantile(counts, 0.5), "q3": quantile(counts, 0.75)}


#: Conclusions for a cadre in a period (the article's rule, with the unit's threshold).
MET, ADJUST, ADMONISH, TOO_FEW = "达标", "调整", "诫勉谈话", "样本不足"


def rating_flag(rate: float, previous_short: bool, threshold: float) -> str:
    """The article's rule: short of the unit's 满意率 once, 调整; short again in the period
    after the adjustment, 诫勉谈话."""
    if rate >= threshold:
        return MET
    return ADMONISH if previous_short else ADJUST


@dataclass(frozen=True)
class DimensionRow:
    name: str
    stats: dict[str, float] | None
    change: float | None
    bands: list[tuple[str, int]]


@dataclass(frozen=True)
class PeriodCell:
    period: str
    forms: int
    rate: float | None  # 满意率, percent; None when every answer was 不了解
    shares: list[tuple[str, float]]  # option text, share of all answers (percent)
    conclusion: str | None  # None without a threshold or declared periods


@dataclass(frozen=True)
class RatingRow:
    subject: str
    cells: list[PeriodCell | None]  # one per period of the report, None without forms
    flag: str | None  # the conclusion of the latest period with forms


def dimension_rows(cohort: Cohort, baseline: Cohort | None) -> list[DimensionRow]:
    """Per dimension, then overall: statistics, change of the mean, band distribution."""
    spec = cohort.spec
    rows = []
    for key, name, bands in [(d["id"], d["name"], d["bands"]) for d in spec["dimensions"]] + [
            ("overall", "总体", spec["bands"])]:
        counts = cohort.percents.get(key)
        stats = summary(counts) if counts else None
        change = None
        if baseline is not None and stats and baseline.percents.get(key):
            change = stats["mean"] - summary(baseline.percents[key])["mean"]
        spread = cohort.bands.get(key, Counter())
        rows.append(DimensionRow(name, stats, change,
                                 [(band["label"], spread[i]) for i, band in enumerate(bands)]))
    return rows


def report_periods(cohort: Cohort) -> list[str]:
    """The periods of a rating report: as declared, else as written (sorted)."""
    return list(cohort.spec.get("periods") or []) or sorted(
        {p for subject in cohort.ratings.values() for p in subject})


def answer_labels(spec: Spec) -> list[str]:
    """The option texts of a rating form's items, in scale order, then 不了解."""
    labels = list(dict.fromkeys(label for item in spec["items"] if item["type"] not in (
        "text", "multi") for label in item["labels"]))
    return labels + list(dict.fromkeys(i["na"] for i in spec["items"] if i.get("na")))


def rating_rows(cohort: Cohort) -> list[RatingRow]:
    """Per rated cadre: 满意率, answer shares and the conclusion of each period."""
    spec = cohort.spec
    threshold = spec.get("threshold")
    concludes = threshold is not None and bool(spec.get("periods"))
    satisfied = set(spec.get("satisfied", []))
    unknown = {i["na"] for i in spec["items"] if i.get("na")}
    labels = answer_labels(spec)
    rows = []
    for subject in sorted(cohort.ratings):
        cells: list[PeriodCell | None] = []
        previous_short = False
        flag = None
        for period in report_periods(cohort):
            cell = cohort.ratings[subject].get(period)
            if cell is None:
                cells.append(None)
                previous_short = False
                continue
            total = sum(cell.answers.values())
            counted = total - sum(cell.answers[label] for label in unknown)
            good = sum(cell.answers[label] for label in satisfied)
            rate = 100 * good / counted if counted else None
            conclusion = None
            if concludes and (cell.forms < spec["min_forms"] or rate is None):
                conclusion = TOO_FEW
            elif threshold is not None and concludes and rate is not None:
                conclusion = rating_flag(rate, previous_short, threshold)
            previous_short = conclusion in (ADJUST, ADMONISH)
            flag = conclusion
            cells.append(PeriodCell(period, cell.forms, rate,
                                    [(label, 100 * cell.answers[label] / total if total else 0.0)
                                     for label in labels], conclusion))
        rows.append(RatingRow(subject, cells, flag))
    return rows


