"""How often each rule concludes 调整 for a cadre whose true 满意率 is known (docs/cli.md).

Simulated cadres with a true 满意率 of 75, 80, 85 and 90 % are rated on 10, 20 and 30 forms
a period against a threshold of 80 %. Answers within a form are correlated, as they are in
life (one visit, one mood): each form draws its own chance θ from a Beta distribution with
mean p and intra-form correlation ρ = 0.2, then answers its nine person-scope items
independently with chance θ, 10 % of them 不了解; its overall item (when the form has one)
is satisfied with chance θ too. A period is concluded 调整 when:

* ``point``: the pooled 满意率 is below 80 % (``decision: point``, the rule before intervals);
* ``interval``: the whole cluster-robust 95 % interval of the pooled rate is below 80 %
  (``decision: interval``, the default);
* ``interval, overall item``: the whole Wilson interval of the overall item is below 80 %.

Seeded: the table is the same on every run. Run: ``python benchmarks/bench_rating_rules.py``
(about ten seconds; ``--runs N`` for more or fewer simulated periods per cell).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.reports.intervals import Clusters, wilson  # noqa: E402

RATES = (0.75, 0.80, 0.85, 0.90)
FORMS = (10, 20, 30)
THRESHOLD = 0.80
ITEMS = 9
UNKNOWN = 0.10
RHO = 0.2


def period(rng: random.Random, p: float, forms: int) -> tuple[bool, bool, bool]:
    """One simulated period: whether the point rule, the interval rule and the interval rule
    on an overall item conclude 调整."""
    a, b = p * (1 - RHO) / RHO, (1 - p) * (1 - RHO) / RHO
    clusters = Clusters()
    overall = 0
    for _form in range(forms):
        theta = rng.betavariate(a, b)
        y = n = 0
        for _item in range(ITEMS):
            if rng.random() < UNKNOWN:
                continue
            n += 1
            y += rng.random() < theta
        clusters.add(y, n)
        overall += rng.random() < theta
    rate = clusters.rate()
    interval = clusters.interval()
    whole = wilson(overall, forms)
    point = rate is not None and rate < THRESHOLD
    below = rate is not None and interval is not None and interval[1] < THRESHOLD
    below_overall = whole is not None and whole[1] < THRESHOLD
    return point, below, below_overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=4000, help="simulated periods per cell")
    runs = parser.parse_args().runs
    rng = random.Random(2027)
    print(f"Share of periods concluded 调整 (threshold 80 %, {runs} periods a cell, ρ = {RHO})")
    print()
    print("| 真实满意率 | 份数 | point | interval | interval，总体评价题 |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for p in RATES:
        for forms in FORMS:
            counts = [0, 0, 0]
            for _run in range(runs):
                for index, flagged in enumerate(period(rng, p, forms)):
                    counts[index] += flagged
            shares = " | ".join(f"{100 * c / runs:.1f}%" for c in counts)
            print(f"| {100 * p:.0f}% | {forms} | {shares} |")


if __name__ == "__main__":
    main()
