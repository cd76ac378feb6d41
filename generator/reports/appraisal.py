"""民主测评 (kind: appraisal) in a report: the forms counted as they stream in, and per cadre
the shares of each grade per rater group and weighted across groups, 优秀率 and 称职率 with
their intervals, the dimension means, and the unit's rules evaluated with their inputs.

Anonymity (docs/cli.md, aggregate): for each cadre, a rater group with fewer forms than its
``min_forms`` is never shown alone. The groups below their minimum are pooled as 其他, shown
when the pool reaches the largest minimum among them (so one small group is never 其他 on its
own), and hidden otherwise; the weighted figures use the groups shown, their weights
renormalised to sum 1 (其他 weighs what its groups weigh together). Comments are attributed
only to a group shown (and to none when some forms are hidden, lest the hidden ones be told
apart as the unattributed); the rest are listed as 未注明类别, and all in sorted order, never in
the order the forms came in.

Memory grows with cadres × groups × grades and dimensions (and with the comments' text),
not with the number of forms: a form is folded into counters and dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.content.models.appraisal import Appraisal, RaterGroup
from generator.reports.intervals import t_quantile, weighted_wilson, wilson
from generator.scoring.scorer import one_decimal

#: The pool of the groups below their minimum.
OTHERS = "其他"
#: Where a comment goes whose group is not shown.
UNSAID = "未注明类别"


@dataclass(frozen=True)
class Rating:
    """One form's answers on one cadre: a grade id and a level id per dimension, None for
    不了解 (or nothing picked), and the comment's text."""

    grade: str | None
    levels: dict[str, str | None]
    comment: str = ""


@dataclass(frozen=True)
class Form:
    """One rater's form: their group and their rating of each cadre (by subject id)."""

    source: str
    line: int
    group: str
    ratings: dict[str, Rating]
    token: str | None = None
    key: bytes = b""


@dataclass
class Moments:
    """Running sums of the level scores a dimension got, and the 不了解 apart."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    unknown: int = 0

    def add(self, score: float | None) -> None:
        if score is None:
            self.unknown += 1
            return
        self.n += 1
        self.total += score
        self.squares += score * score

    def merge(self, other: Moments) -> None:
        self.n += other.n
        self.total += other.total
        self.squares += other.squares
        self.unknown += other.unknown

    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    def deviations(self) -> float:
        """Σ (x − mean)² of the scores."""
        return max(0.0, self.squares - self.total ** 2 / self.n) if self.n else 0.0


@dataclass
class Cell:
    """One cadre's forms from one rater group (or the pool 其他)."""

    forms: int = 0
    grades: Counter[str] = field(default_factory=Counter)
    unknown: int = 0  # overall grade 不了解
    dims: dict[str, Moments] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    @property
    def graded(self) -> int:
        return sum(self.grades.values())

    def add(self, rating: Rating, scores: dict[str, float]) -> None:
        self.forms += 1
        if rating.grade is None:
            self.unknown += 1
        else:
            self.grades[rating.grade] += 1
        for dim, level in rating.levels.items():
            moments = self.dims.get(dim)
            if moments is None:
                moments = self.dims[dim] = Moments()
            moments.add(None if level is None else scores[level])
        if rating.comment.strip():
            self.comments.append(rating.comment.strip())

    def merge(self, other: Cell) -> None:
        self.forms += other.forms
        self.grades.update(other.grades)
        self.unknown += other.unknown
        for dim, moments in other.dims.items():
            self.dims.setdefault(dim, Moments()).merge(moments)
        self.comments.extend(other.comments)


@dataclass
class Tally:
    """Every counted form of one appraisal form, folded into cells: subject → group → cell."""

    form: Appraisal
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    forms: int = 0

    def __post_init__(self) -> None:
        self.scores = {level.id: level.score for level in self.form.levels}

    def add(self, form: Form) -> None:
        self.forms += 1
        scores = self.scores
        for subject, rating in form.ratings.items():
            groups = self.cells.get(subject)
            if groups is None:
                groups = self.cells[subject] = {}
            cell = groups.get(form.group)
            if cell is None:
                cell = groups[form.group] = Cell()
            cell.add(rating, scores)


# ---- The rows of the report ----

@dataclass(frozen=True)
class Share:
    """A share of graded votes (percent) with its 95 % interval; None without votes."""

    rate: float | None
    interval: tuple[float, float] | None
    votes: int = 0
    of: int = 0


@dataclass(frozen=True)
class Mean:
    """A dimension's mean level score, the answers counted, 不了解 apart, and its interval."""

    mean: float | None
    n: int
    unknown: int
    interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class Part:
    """A column of a cadre's table: a group shown alone, or 其他."""

    name: str
    weight: float  # as the form declares it (其他: the sum of its groups')
    normalised: float  # the weight renormalised over the parts with graded votes; 0 without
    cell: Cell
    grades: list[Share]  # in scale order
    excellent: Share
    competent: Share
    dims: list[Mean]  # in dimension order
    members: list[str] = field(default_factory=list)  # 其他: the groups pooled


@dataclass(frozen=True)
class Outcome:
    """One rule of the unit evaluated for one cadre, with what it was computed from."""

    text: str
    result: str
    measure: str  # what was counted, in words
    share: float | None  # percent; None: no votes, or withheld
    votes: int
    of: int
    applies: bool | None  # None: cannot be said
    bounds: str  # 高于 33.4% …
    withheld: bool = False  # the groups named are below their minimum: inputs not shown
    weighted: bool = False  # the share is weighted across the parts shown
    shown: str = ""  # the share as the report writes it: two decimals where one would hide
    # which side of a bound it lies (33.34 % against 高于 33.3 %)


@dataclass(frozen=True)
class CadreRow:
    id: str
    name: str
    title: str
    forms: int
    parts: list[Part]
    grades: list[Share]  # weighted over the parts
    excellent: Share
    competent: Share
    dims: list[Mean]  # weighted over the parts
    hidden: int  # forms of groups below their minimum, pooled and still too few: not shown
    absent: list[str]  # declared groups with no form on this cadre
    merged: list[str]  # groups pooled into 其他 (shown or hidden)
    unknown: int  # forms that said 不了解 for the overall grade (parts shown)
    outcomes: list[Outcome]
    comments: list[tuple[str, str]]  # group shown or 未注明类别, text; sorted


def share(x: int, n: int) -> Share:
    low_high = wilson(x, n)
    return Share(None if n == 0 else 100 * x / n,
                 None if low_high is None else (100 * low_high[0], 100 * low_high[1]), x, n)


def weighted(parts: list[tuple[float, int, int]]) -> Share:
    """The weighted share of (weight, votes, graded) per part, with its Wilson-type interval."""
    done = weighted_wilson(parts)
    votes, of = sum(p[1] for p in parts), sum(p[2] for p in parts)
    if done is None:
        return Share(None, None, votes, of)
    rate, (low, high) = done
    return Share(100 * rate, (100 * low, 100 * high), votes, of)


def weighted_mean(parts: list[tuple[float, Moments]],
                  bounds: tuple[float, float] = (-math.inf, math.inf)) -> Mean:
    """Σ a_g · mean_g over the parts with answers (weights renormalised), and its interval:
    ± t · s · √(Σ a_g² / n_g), s² the pooled within-group variance on N − G degrees of
    freedom (N answers, G parts), clipped to *bounds* (the lowest and highest level)."""
    present = [(w, m) for w, m in parts if m.n > 0]
    n = sum(m.n for _w, m in parts)
    unknown = sum(m.unknown for _w, m in parts)
    total = sum(w for w, _m in present)
    if not present or total <= 0:
        return Mean(None, n, unknown)
    mean = sum(w / total * (m.mean() or 0.0) for w, m in present)
    df = n - len(present)
    if df < 1:
        return Mean(mean, n, unknown)
    pooled = sum(m.deviations() for _w, m in present) / df
    half = t_quantile(df) * math.sqrt(pooled * sum((w / total) ** 2 / m.n for w, m in present))
    return Mean(mean, n, unknown, (max(bounds[0], mean - half), min(bounds[1], mean + half)))


def _part(form: Appraisal, name: str, weight: float, cell: Cell,
          members: list[str] | None = None) -> Part:
    graded = cell.graded
    return Part(name, weight, 0.0, cell,
                [share(cell.grades[g.id], graded) for g in form.scale],
                share(sum(cell.grades[g] for g in form.excellent), graded),
                share(sum(cell.grades[g] for g in form.competent), graded),
                [_mean(cell.dims.get(d.id)) for d in form.dimensions], members or [])


def _mean(moments: Moments | None) -> Mean:
    moments = moments or Moments()
    return Mean(moments.mean(), moments.n, moments.unknown)


def visible_parts(form: Appraisal, cells: dict[str, Cell]) -> tuple[list[Part], int, list[str]]:
    """The parts shown for one cadre, the forms hidden, and the groups pooled (see module doc)."""
    parts, small = [], []
    for group in form.groups:
        cell = cells.get(group.id)
        if cell is None or cell.forms == 0:
            continue
        if cell.forms >= group.min_forms:
            parts.append(_part(form, group.name, group.weight, cell))
        else:
            small.append((group, cell))
    hidden = 0
    merged = [g.name for g, _c in small]
    if small:
        pool = Cell()
        for _group, cell in small:
            pool.merge(cell)
        if pool.forms >= max(g.min_forms for g, _c in small):
            parts.append(_part(form, OTHERS, sum(g.weight for g, _c in small), pool, merged))
        else:
            hidden = pool.forms
    total = sum(p.weight for p in parts if p.cell.graded)
    parts = [replace(p, normalised=p.weight / total if p.cell.graded and total else 0.0)
             for p in parts]
    return parts, hidden, merged


def cadre_rows(tally: Tally) -> list[CadreRow]:
    """A row per cadre of the form, in the form's order (cadres without forms too)."""
    form = tally.form
    scores = [level.score for level in form.levels]
    bounds = (min(scores), max(scores))
    rows = []
    for subject in form.cadres():
        cells = tally.cells.get(subject.id, {})
        parts, hidden, merged = visible_parts(form, cells)

        def weighed(ids: list[str], parts: list[Part] = parts) -> Share:
            return weighted([(p.weight, sum(p.cell.grades[i] for i in ids), p.cell.graded)
                             for p in parts])

        dims = [weighted_mean([(p.weight, p.cell.dims.get(d.id) or Moments()) for p in parts],
                              bounds) for d in form.dimensions]
        rows.append(CadreRow(
            subject.id, subject.name, subject.title, sum(c.forms for c in cells.values()), parts,
            [weighed([g.id]) for g in form.scale], weighed(list(form.excellent)),
            weighed(list(form.competent)), dims, hidden,
            [g.name for g in form.groups if g.id not in cells], merged,
            sum(p.cell.unknown for p in parts), evaluate_rules(form, cells, parts, weighed),
            _comments(form, cells, parts, hidden)))
    return rows


def _comments(form: Appraisal, cells: dict[str, Cell], parts: list[Part],
              hidden: int) -> list[tuple[str, str]]:
    """Comments by the group shown alone, else 未注明类别; none attributed at all when some
    forms are hidden, whose comments would otherwise be told apart as the unattributed ones."""
    shown = {p.name for p in parts if not p.members} if not hidden else set()
    said = []
    for group in form.groups:
        cell = cells.get(group.id)
        for text in cell.comments if cell else []:
            said.append((form.groups.index(group) if group.name in shown else len(form.groups),
                         group.name if group.name in shown else UNSAID, text))
    return [(name, text) for _order, name, text in sorted(said)]


def shown_share(rate: float, bounds: list[float]) -> str:
    """*rate* with one decimal, or two when one would equal a bound it is not equal to."""
    one = one_decimal(rate)
    if any(float(one) == b and rate != b for b in bounds):
        return one_decimal(rate, places=2)
    return one


def _bounds(above: float | None, below: float | None) -> str:
    said = []
    if above is not None:
        said.append(f"高于 {above:g}%")
    if below is not None:
        said.append(f"低于 {below:g}%")
    return "且".join(said)


def evaluate_rules(form: Appraisal, cells: dict[str, Cell], parts: list[Part],
                   weighed: Callable[[list[str]], Share]) -> list[Outcome]:
    """Each rule of the form on one cadre: the share of its grades' votes (weighted across the
    parts shown, or pooled over the groups it names) against its bounds. Its figures are
    withheld (the conclusion is not) when a group it names has fewer forms than its minimum."""
    labels = {g.id: g.label for g in form.scale}
    names = {g.id: g for g in form.groups}
    outcomes = []
    for rule in form.rules:
        what = "、".join(labels[g] for g in rule.grades)
        withheld = False
        if rule.groups:
            chosen: list[RaterGroup] = [names[g] for g in rule.groups]
            pool = Cell()
            for group in chosen:
                if group.id in cells:
                    pool.merge(cells[group.id])
            votes = sum(pool.grades[g] for g in rule.grades)
            of = pool.graded
            rate = 100 * votes / of if of else None
            measure = f"{'、'.join(g.name for g in chosen)}所投“{what}”票的占比"
            # a group below its minimum would show through: alone, or as the difference
            # between the pool and the groups shown beside it
            withheld = any(0 < (cells[g.id].forms if g.id in cells else 0) < g.min_forms
                           for g in chosen)
        else:
            counted = weighed(list(rule.grades))
            rate, votes, of = counted.rate, counted.votes, counted.of
            measure = f"“{what}”票按各类评价人权重加权后的占比"
        applies = None if rate is None else (
            (rule.above is None or rate > rule.above) and (rule.below is None or rate < rule.below))
        outcomes.append(Outcome(rule.text, rule.result, measure, None if withheld else rate,
                                0 if withheld else votes, 0 if withheld else of, applies,
                                _bounds(rule.above, rule.below), withheld, not rule.groups,
                                "" if withheld or rate is None else
                                shown_share(rate, [b for b in (rule.above, rule.below) if b is not None])))
    return outcomes
