"""Rating forms in a report: each cadre's 满意率 per period with its 95 % interval, the
conclusion by the unit's rule, and the unit's own items apart.

What an answer counts for (docs/cli.md, aggregate): on a person-scope item (``scope: person``
or not said) an option listed in the form's ``satisfied`` is satisfied, on a yes/no item the
answer its ``satisfied`` names; 不了解 and 未遇到 are counted apart and left out. Unit-scope
items never count for a cadre: they go to the unit section, per period, all cadres pooled.
With an ``overall_item``, the rate is that item's, one answer a form (Wilson interval);
without, the answers of every person-scope item pooled, forms as clusters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.reports.intervals import Clusters, wilson
from generator.scoring.scorer import extra_choice, is_index
from generator.scoring.spec import ItemSpec, Spec

#: Conclusions for a cadre in a period (the article's rule, with the unit's threshold).
MET, ADJUST, ADMONISH, TOO_FEW = "达标", "调整", "诫勉谈话", "样本不足"
#: Below the threshold, but the interval reaches it: no chain starts (decision: interval).
UNCERTAIN = "低于要求（在抽样误差范围内，需核实）"


def rating_flag(rate: float, previous_short: bool, threshold: float) -> str:
    """The article's rule: short of the unit's 满意率 once, 调整; short again in the period
    after the adjustment, 诫勉谈话."""
    if rate >= threshold:
        return MET
    return ADMONISH if previous_short else ADJUST


def interval_flag(rate: float, high: float | None, previous_short: bool, threshold: float) -> str:
    """``decision: interval``: 调整 / 诫勉谈话 only when the whole interval lies below."""
    if rate >= threshold:
        return MET
    if high is None or high >= threshold:
        return UNCERTAIN
    return ADMONISH if previous_short else ADJUST


def counted(item: ItemSpec, spec: Spec, answer: Any) -> bool | None:
    """Whether an answer is satisfied; None when it does not count (none, 不了解, 未遇到)."""
    if item["type"] in ("text", "multi") or extra_choice(item, answer) is not None:
        return None
    if answer is None or not is_index(answer, len(item["labels"])):
        return None
    label = item["labels"][int(answer)]
    if item["type"] == "yesno" and item.get("satisfied"):
        return bool(label == item["satisfied"])
    return label in spec.get("satisfied", [])


def answer_label(item: ItemSpec, answer: Any) -> str | None:
    """The option text (or 不了解 / 未遇到) an answer picks on a single-answer item."""
    if item["type"] in ("text", "multi") or answer is None:
        return None
    extra = extra_choice(item, answer)
    if extra is not None:
        return extra_label(item, extra)
    return str(item["labels"][int(answer)]) if is_index(answer, len(item["labels"])) else None


def extra_label(item: ItemSpec, extra: str) -> str:
    """The text of an item's extra choice ``na`` (不了解) or ``nm`` (未遇到)."""
    return str(item.get("na") if extra == "na" else item.get("nm"))


@dataclass
class RatingCell:
    """One cadre's forms in one period: counts, answers by option text, running sums."""

    forms: int = 0  # counted: complete, not rejected, and with a token when one is required
    verified: int = 0
    unchecked: int = 0
    untokened: int = 0  # without a token: counted apart (and left out when tokens are required)
    answers: Counter[str] = field(default_factory=Counter)
    clusters: Clusters = field(default_factory=Clusters)
    overall: list[int] = field(default_factory=lambda: [0, 0])  # satisfied, answered

    def add(self, spec: Spec, answers: dict[str, Any]) -> None:
        self.forms += 1
        y = n = 0
        for item in spec["items"]:
            if item.get("scope") == "unit":
                continue
            answer = answers.get(item["id"])
            label = answer_label(item, answer)
            if label is not None:
                self.answers[label] += 1
            good = counted(item, spec, answer)
            if good is None:
                continue
            y, n = y + good, n + 1
            if item["id"] == spec.get("overall_item"):
                self.overall[0] += good
                self.overall[1] += 1
        self.clusters.add(y, n)

    def rate(self, spec: Spec) -> tuple[float | None, tuple[float, float] | None]:
        """满意率 and its 95 % interval, as percents."""
        if spec.get("overall_item"):
            good, answered = self.overall
            rate = good / answered if answered else None
            interval = wilson(good, answered)
        else:
            rate, interval = self.clusters.rate(), self.clusters.interval()
        return (None if rate is None else 100 * rate,
                None if interval is None else (100 * interval[0], 100 * interval[1]))


@dataclass
class UnitCell:
    satisfied: int = 0
    answered: int = 0
    apart: Counter[str] = field(default_factory=Counter)  # 不了解, 未遇到


def add_unit(unit: dict[str, dict[str, UnitCell]], spec: Spec, period: str,
             answers: dict[str, Any]) -> None:
    """Fold a form's unit-scope answers into *unit* (period → item id → counts)."""
    for item in spec["items"]:
        if item.get("scope") != "unit" or item["type"] in ("text", "multi"):
            continue
        cell = unit.setdefault(period, {}).setdefault(item["id"], UnitCell())
        answer = answers.get(item["id"])
        extra = extra_choice(item, answer)
        if extra is not None:
            cell.apart[extra_label(item, extra)] += 1
            continue
        good = counted(item, spec, answer)
        if good is not None:
            cell.satisfied += good
            cell.answered += 1


@dataclass(frozen=True)
class PeriodCell:
    period: str
    forms: int
    rate: float | None  # 满意率, percent; None when no answer counts
    interval: tuple[float, float] | None  # 95 %, percent
    shares: list[tuple[str, float]]  # option text, share of all answers (percent)
    conclusion: str | None  # None without a threshold or declared periods
    verified: int = 0
    untokened: int = 0
    note: str = ""  # a chain of 调整 → 诫勉谈话 broken by the period before


@dataclass(frozen=True)
class RatingRow:
    subject: str
    cells: list[PeriodCell | None]  # one per period of the report, None without forms
    flag: str | None  # the conclusion of the latest period with forms


def report_periods(spec: Spec, ratings: dict[str, dict[str, RatingCell]]) -> list[str]:
    """The periods of a rating report: as declared, else as written (sorted)."""
    return list(spec.get("periods") or []) or sorted(
        {p for subject in ratings.values() for p in subject})


def answer_labels(spec: Spec) -> list[str]:
    """The option texts of a rating form's person-scope items in scale order, then 不了解, 未遇到."""
    items = [i for i in spec["items"] if i["type"] not in ("text", "multi")
             and i.get("scope") != "unit"]
    labels = list(dict.fromkeys(label for item in items for label in item["labels"]))
    return labels + list(dict.fromkeys(i[key] for key in ("na", "nm") for i in items if i.get(key)))


def rating_rows(spec: Spec, ratings: dict[str, dict[str, RatingCell]]) -> list[RatingRow]:
    """Per rated cadre: 满意率, interval, answer shares and the conclusion of each period."""
    threshold = spec.get("threshold")
    concludes = threshold is not None and bool(spec.get("periods"))
    point = spec.get("decision", "interval") == "point"
    labels = answer_labels(spec)
    rows = []
    for subject in sorted(ratings):
        cells: list[PeriodCell | None] = []
        previous_short = False
        chain: tuple[str, str] | None = None  # the last 调整 / 诫勉谈话: period, conclusion
        gap: tuple[str, str] | None = None  # a period since that broke the chain: period, why
        flag = None
        for period in report_periods(spec, ratings):
            cell = ratings[subject].get(period)
            if cell is None:
                previous_short = False
                if chain and gap is None:
                    gap = (period, "没有测评")
                cells.append(None)
                continue
            rate, interval = cell.rate(spec)
            conclusion = None
            if concludes and (cell.forms < spec["min_forms"] or rate is None):
                conclusion = TOO_FEW
            elif concludes and rate is not None and threshold is not None:
                conclusion = (rating_flag(rate, previous_short, threshold) if point else
                              interval_flag(rate, None if interval is None else interval[1],
                                            previous_short, threshold))
            note = ""
            if conclusion == ADJUST and chain and gap:
                note = (f"前一次结论是 {chain[0]} 的“{chain[1]}”，其后 {gap[0]} {gap[1]}，"
                        "所以本期按第一次低于要求处理")
            if conclusion in (ADJUST, ADMONISH):
                chain, gap = (period, conclusion), None
            elif conclusion == MET:
                chain = gap = None
            elif chain and gap is None and conclusion in (TOO_FEW, UNCERTAIN):
                gap = (period, conclusion)
            previous_short = conclusion in (ADJUST, ADMONISH)
            flag = conclusion
            total = sum(cell.answers.values())
            cells.append(PeriodCell(period, cell.forms, rate, interval,
                                    [(label, 100 * cell.answers[label] / total if total else 0.0)
                                     for label in labels], conclusion, cell.verified,
                                    cell.untokened, note))
        rows.append(RatingRow(subject, cells, flag))
    return rows


@dataclass(frozen=True)
class UnitRow:
    item: str  # the item's text
    cells: list[tuple[float | None, tuple[float, float] | None, int, str]]  # per period


def unit_rows(spec: Spec, unit: dict[str, dict[str, UnitCell]], periods: list[str]) -> list[UnitRow]:
    """Per unit-scope item, per period: the share satisfied (Wilson interval), answers, apart."""
    rows = []
    for item in spec["items"]:
        if item.get("scope") != "unit" or item["type"] in ("text", "multi"):
            continue
        cells = []
        for period in periods:
            cell = unit.get(period, {}).get(item["id"], UnitCell())
            rate = 100 * cell.satisfied / cell.answered if cell.answered else None
            low_high = wilson(cell.satisfied, cell.answered)
            apart = "、".join(f"{label} {count}" for label, count in sorted(cell.apart.items()))
            cells.append((rate, None if low_high is None else (100 * low_high[0], 100 * low_high[1]),
                          cell.answered, apart))
        rows.append(UnitRow(item["text"], cells))
    return rows
