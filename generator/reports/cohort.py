"""A cohort of results counted as they stream in, and the rows of its report: per dimension,
per cadre and period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.reports.inputs import Result
from generator.reports.ratings import RatingCell, UnitCell, add_unit
from generator.reports.stats import ItemAnalysis
from generator.reports.verify import NONE, REJECTED, UNCHECKED, VERIFIED, TokenCheck
from generator.scoring.scorer import score
from generator.scoring.spec import Spec


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
    #: rating forms: period → unit-scope item → its answers, all cadres pooled
    unit: dict[str, dict[str, UnitCell]] = field(default_factory=dict)
    seen: set[bytes] = field(default_factory=set)
    #: the department's key (aggregate --key-file): rating forms' tokens are verified with it
    key: bytes | None = None
    items: ItemAnalysis = field(init=False)
    tokens: TokenCheck | None = field(init=False)

    def __post_init__(self) -> None:
        self.items = ItemAnalysis(self.spec)
        self.tokens = (TokenCheck(self.spec["id"], self.key, list(self.spec.get("periods") or []))
                       if self.spec["kind"] == "rating" else None)

    def add(self, result: Result) -> bool:
        """Fold one result in; False when the same result was already counted."""
        if result.key in self.seen:
            self.duplicates += 1
            return False
        self.seen.add(result.key)
        self.results += 1
        status = self.tokens.check(result) if self.tokens is not None else None
        if status == REJECTED:  # listed by the report, never counted
            return True
        scored = score(self.spec, result.answers)
        if not scored["complete"]:
            return True
        self.complete += 1
        self.items.add(result.answers)
        self.checks.update(scored["checks"])
        if self.spec["kind"] == "rating":
            cell = self.ratings.setdefault(result.subject, {}).setdefault(result.period,
                                                                          RatingCell())
            if status == NONE:
                cell.untokened += 1
                if self.spec.get("token") == "required":
                    return True
            cell.verified += status == VERIFIED
            cell.unchecked += status == UNCHECKED
            cell.add(self.spec, result.answers)
            add_unit(self.unit, self.spec, result.period, result.answers)
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


@dataclass(frozen=True)
class DimensionRow:
    name: str
    stats: dict[str, float] | None
    change: float | None
    bands: list[tuple[str, int]]


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
