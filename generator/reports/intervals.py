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

Both are computed from running sums, so a cell of any size takes constant memory.
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
    p = satisfied / n
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
