"""95 % intervals of a 满意率 (docs/cli.md, aggregate): forms are the unit.

* One answer a form (an overall item): the Wilson score interval of x satisfied of n,
  z = 1.959964 (the normal 97.5 % point).
* A rate pooled over the items of each form: the forms are clusters. With form i giving
  y_i satisfied of n_i counted answers, m forms with n_i > 0 and p = Σy / Σn, the
  cluster-robust (sandwich) variance of the ratio is
  v = m / (m − 1) · Σ (y_i − p·n_i)² / (Σn)², and the interval is p ± t·√v clipped to
  [0, 1], t the 97.5 % point of Student's t with m − 1 degrees of freedom. Answers within a
  form are correlated (one visit, one mood); treating them as independent would make the
  interval too narrow.
* A share weighted across rater groups (民主测评, ``reports.appraisal``): Σ a_g · x_g / n_g
  with the unit's weights a_g renormalised over the groups with forms; its interval is the
  Wilson interval at the effective number of forms n_eff = 1 / Σ a_g² / n_g (Kish's
  effective sample size of a weighted mean of group shares).

All are computed from running sums, so a cell of any size takes constant memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from generator.reports.stats import f_quantile

Z95 = 1.959963984540054


def wilson(satisfied: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson interval of a proportion (as fractions); None without answers."""
    if n <= 0:
        return None
    return wilson_of(satisfied / n, n, z)


def wilson_of(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson interval of a share *p* observed on *n* (possibly effective) answers."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@cache
def t_quantile(df: int) -> float:
    """The 97.5 % point of Student's t with *df* degrees of freedom (t² = F(1, df))."""
    return math.sqrt(f_quantile(0.95, 1, df))


@dataclass
class Clusters:
    """Running sums of (y, n) per form: satisfied and counted answers of its items."""

    m: int = 0
    y: float = 0.0
    n: float = 0.0
    yy: float = 0.0
    nn: float = 0.0
    yn: float = 0.0

    def add(self, y: int, n: int) -> None:
        if n == 0:  # a form whose answers were all 不了解 / 未遇到 says nothing about the rate
            return
        self.m += 1
        self.y += y
        self.n += n
        self.yy += y * y
        self.nn += n * n
        self.yn += y * n

    def rate(self) -> float | None:
        return self.y / self.n if self.n else None

    def interval(self) -> tuple[float, float] | None:
        """The cluster-robust interval (fractions); None with fewer than two forms."""
        p = self.rate()
        if p is None or self.m < 2:
            return None
        residuals = self.yy - 2 * p * self.yn + p * p * self.nn  # Σ (y − p n)²
        variance = self.m / (self.m - 1) * max(0.0, residuals) / (self.n * self.n)
        half = t_quantile(self.m - 1) * math.sqrt(variance)
        return max(0.0, p - half), min(1.0, p + half)


def effective_n(parts: list[tuple[float, int]]) -> float:
    """The effective number of forms of a weighted mean of group shares: with the weights
    a_g renormalised to sum 1 over the groups with forms, n_eff = 1 / Σ a_g² / n_g (Kish).
    Equal weights proportional to n_g give n_eff = Σ n_g; one group gives its n."""
    parts = [(w, n) for w, n in parts if n > 0 and w > 0]
    total = sum(w for w, _n in parts)
    if not parts or total <= 0:
        return 0.0
    return 1 / sum((w / total) ** 2 / n for w, n in parts)


def weighted_wilson(parts: list[tuple[float, int, int]],
                    z: float = Z95) -> tuple[float, tuple[float, float]] | None:
    """A share weighted across groups and its Wilson-type interval (as fractions).

    *parts* are (weight, count, n) per group. The share is Σ a_g · count_g / n_g with the
    weights renormalised over the groups with n_g > 0; the interval is the Wilson interval
    of that share at the effective n (``effective_n``), which is the plain Wilson interval
    when one group has forms. None when no group has any."""
    present = [(w, x, n) for w, x, n in parts if n > 0 and w > 0]
    total = sum(w for w, _x, _n in present)
    if not present or total <= 0:
        return None
    share = sum(w / total * x / n for w, x, n in present)
    n_eff = effective_n([(w, n) for w, _x, n in present])
    return share, wilson_of(share, n_eff, z)
