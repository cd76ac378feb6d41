"""Item analysis of a questionnaire's scales, from sufficient statistics only.

``ItemAnalysis`` is fed one result at a time and keeps, per dimension, the count,
sums and the matrix of cross-products of its items' scores over the results
that scored every item of it (listwise), plus per-item counts for means, spread,
floor, ceiling and 不适用/不了解: memory depends on the questionnaire, never on
the number of results. The formulas (docs/cli.md, 题目分析):

* covariance  c_ij = (Σ x_i x_j − Σx_i Σx_j / n) / (n − 1);
* Cronbach's  α = k / (k − 1) · (1 − Σ c_ii / Σ_ij c_ij);
* Feldt's 95 % interval  [1 − (1 − α) F(0.975; n − 1, (n − 1)(k − 1)),
                          1 − (1 − α) F(0.025; n − 1, (n − 1)(k − 1))];
* corrected item–total r_i = (Σ_j c_ij − c_ii) / √(c_ii · (V − 2 Σ_j c_ij + c_ii)),
  V = Σ_ij c_ij, the item against the total of the others;
* α if item deleted: α over the other k − 1 items.

The F quantile comes from the regularized incomplete beta function (a
continued fraction, as in Numerical Recipes §6.4) by bisection: scipy would
be a large dependency for two numbers per scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from generator.scoring.scorer import is_not_applicable, item_score
from generator.scoring.spec import ItemSpec, Spec

#: An item is flagged for the trainer below this corrected item–total correlation…
LOW_R = 0.20
#: …or when leaving it out raises α by at least this much.
ALPHA_GAIN = 0.02


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, eps = 1e-300, 1e-15
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def f_quantile(p: float, d1: float, d2: float) -> float:
    """The p-quantile of the F distribution with (d1, d2) degrees of freedom."""
    def cdf(f: float) -> float:
        return incomplete_beta(d1 / 2, d2 / 2, d1 * f / (d1 * f + d2))

    low, high = 0.0, 1.0
    while cdf(high) < p:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if cdf(middle) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def _alpha(cov: list[list[float]], keep: list[int]) -> float | None:
    k = len(keep)
    total = sum(cov[i][j] for i in keep for j in keep)
    if k < 2 or total <= 0:
        return None
    return k / (k - 1) * (1 - sum(cov[i][i] for i in keep) / total)


@dataclass
class ItemRow:
    id: str
    text: str
    n: int
    mean: float | None
    sd: float | None
    r: float | None  # corrected item–total correlation
    alpha_without: float | None
    not_applicable: float  # shares of all results
    floor: float | None  # shares of the item's scored answers
    ceiling: float | None
    flagged: bool


@dataclass
class ScaleRow:
    id: str
    name: str
    n: int  # results that scored every item of the dimension
    alpha: float | None
    low: float | None
    high: float | None
    items: list[ItemRow]


@dataclass
class _Item:
    spec: ItemSpec
    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    floor: int = 0
    ceiling: int = 0
    not_applicable: int = 0


@dataclass
class _Scale:
    id: str
    name: str
    items: list[_Item]
    n: int = 0
    sums: list[float] = field(default_factory=list)
    products: list[list[float]] = field(default_factory=list)


def _keyed(item: ItemSpec, value: float | None) -> float | None:
    """*value* turned so that a higher score is the better answer.

    A rating form's yes/no item may count 否 as satisfied (是否多跑了一趟): scored as it is,
    it would pull against the other items of its dimension and make α meaningless.
    """
    if value is None or item["type"] != "yesno" or "satisfied" not in item:
        return value
    good = item["scores"][item["labels"].index(item["satisfied"])]
    return value if good == max(item["scores"]) else item["min"] + item["max"] - value


class ItemAnalysis:
    """Streams results into sufficient statistics; ``rows`` computes the table."""

    def __init__(self, spec: Spec) -> None:
        self.results = 0
        self.scales: list[_Scale] = []
        for dim in spec["dimensions"]:
            items = [_Item(i) for i in spec["items"]
                     if i["type"] != "text" and i["dimension"] == dim["id"]]
            k = len(items)
            self.scales.append(_Scale(dim["id"], dim["name"], items, 0, [0.0] * k,
                                      [[0.0] * k for _ in range(k)]))

    def add(self, answers: dict[str, Any]) -> None:
        self.results += 1
        for scale in self.scales:
            values: list[float | None] = []
            for item in scale.items:
                answer = answers.get(item.spec["id"])
                if is_not_applicable(item.spec, answer):
                    item.not_applicable += 1
                    values.append(None)
                    continue
                value = _keyed(item.spec, item_score(item.spec, answer))
                values.append(value)
                if value is None:
                    continue
                item.n += 1
                item.total += value
                item.squares += value * value
                item.floor += value == item.spec["min"]
                item.ceiling += value == item.spec["max"]
            if any(v is None for v in values):
                continue  # the scale's statistics use results that scored all its items
            scale.n += 1
            scored = [v for v in values if v is not None]
            for i, x in enumerate(scored):
                scale.sums[i] += x
                row = scale.products[i]
                for j in range(i, len(scored)):  # the upper triangle: the matrix is symmetric
                    row[j] += x * scored[j]

    def rows(self) -> list[ScaleRow]:
        return [self._scale_row(scale) for scale in self.scales]

    def _scale_row(self, scale: _Scale) -> ScaleRow:
        n, k = scale.n, len(scale.items)
        cov = [[(scale.products[min(i, j)][max(i, j)] - scale.sums[i] * scale.sums[j] / n) / (n - 1)
                 if n > 1 else 0.0 for j in range(k)] for i in range(k)]
        everything = list(range(k))
        alpha = _alpha(cov, everything) if n > 1 else None
        low = high = None
        if alpha is not None and k > 1 and n > 2:
            df1, df2 = n - 1, (n - 1) * (k - 1)
            low = 1 - (1 - alpha) * f_quantile(0.975, df1, df2)
            high = 1 - (1 - alpha) * f_quantile(0.025, df1, df2)
        variance = sum(cov[i][j] for i in everything for j in everything)
        items = []
        for i, item in enumerate(scale.items):
            with_total = sum(cov[i])
            rest = variance - 2 * with_total + cov[i][i]
            r = ((with_total - cov[i][i]) / math.sqrt(cov[i][i] * rest)
                 if n > 1 and k > 1 and cov[i][i] > 0 and rest > 0 else None)
            without = _alpha(cov, [j for j in everything if j != i]) if n > 1 else None
            mean = item.total / item.n if item.n else None
            sd = (math.sqrt(max(0.0, (item.squares - item.total * item.total / item.n)
                                / (item.n - 1))) if item.n > 1 else None)
            flagged = (r is not None and r < LOW_R) or (
                alpha is not None and without is not None and without - alpha >= ALPHA_GAIN)
            items.append(ItemRow(
                item.spec["id"], item.spec["text"], item.n, mean, sd, r, without,
                item.not_applicable / self.results if self.results else 0.0,
                item.floor / item.n if item.n else None,
                item.ceiling / item.n if item.n else None, flagged))
        return ScaleRow(scale.id, scale.name, n, alpha, low, high, items)
