"""``register``: read the roster once, stream the records, and make the register.

Per unit (units in the order the roster first lists them): 应参学人数 the roster's cadres of
the unit; 参学人数 those whose record counts at least one lesson; 参学率 参学人数 ÷ 应参学人数;
完成规定学时人数 those 已完成; 完成率 完成规定学时人数 ÷ 应参学人数; 平均学时 the 学时 earned
by the unit's cadres ÷ 应参学人数 (those without a record count as 0).
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.models.course import Course
from generator.errors import ContentError, GeneratorError, Problem
from generator.i18n import _
from generator.register.credit import CourseFacts, credit
from generator.register.names import pinyin_key, stroke_key, unknown_chars
from generator.register.records import read_submissions
from generator.register.roster import Roster, read_roster
from generator.register.tally import DONE, MISSING, NOT_STARTED, Row, Tally, requirement, row
from generator.reports.results import BadResult


@dataclass(frozen=True)
class Unit:
    name: str
    expected: int
    taking: int
    done: int
    hours: float

    @property
    def taking_rate(self) -> float:
        return self.taking / self.expected if self.expected else 0.0

    @property
    def done_rate(self) -> float:
        return self.done / self.expected if self.expected else 0.0

    @property
    def average(self) -> float:
        return self.hours / self.expected if self.expected else 0.0


@dataclass
class Register:
    course: Course
    roster: Roster
    date: dt.date
    rows: list[Row]
    units: list[Unit]
    total: Unit
    records: int
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    sort: str = "strokes"
    cache: dict[str, Any] = field(default_factory=dict)  # the outputs' tables, made once

    def behind(self) -> list[tuple[Row, str]]:
        """The 提醒名单: every cadre not 已完成, with the next date that matters to them."""
        marks = _milestones(self.course, self.date)
        return [(r, next((label for mask, label in marks if mask & ~r.mask), ""))
                for r in self.rows if r.status != DONE]


def _milestones(course: Course, today: dt.date) -> list[tuple[int, str]]:
    """Coming deadlines and sessions, each with the mask of the lessons it is for."""
    if course.schedule is None:
        return []
    order = {lesson.id: i for i, (_m, lesson) in enumerate(course.lessons())}
    found: list[tuple[dt.date, int, str]] = []
    for deadline in course.schedule.deadlines:
        module = next(m for m in course.modules if m.id == deadline.module)
        mask = sum(1 << order[lesson.id] for lesson in module.lessons if lesson.channel != "集中课堂")
        label = f"{deadline.date.isoformat()} 截止：{module.title}" + (
            f"（{deadline.title}）" if deadline.title else "")
        found.append((deadline.date, mask, label))
    for session in course.schedule.sessions:
        mask = sum(1 << order[ident] for ident in session.lessons if ident in order)
        found.append((session.date, mask, f"{session.date.isoformat()} 集中课堂：{session.title}"))
    return [(mask, label) for day, mask, label in sorted(found, key=lambda f: f[0]) if day >= today]


def _level_problems(course: Course, roster: Roster) -> tuple[set[int], list[Problem]]:
    bad: set[int] = set()
    problems: list[Problem] = []
    if course.training is None:
        return bad, problems
    levels = [lv.level for lv in course.training.levels]
    for index, cadre in enumerate(roster.cadres):
        if requirement(course, cadre.level) is None:
            bad.add(index)
            problems.append(Problem(roster.path, cadre.line, 1, _(
                "roster row: expected 层级 one of {levels}, found {found}").format(
                    levels=", ".join(levels), found=cadre.level or "—"), "bad-roster"))
    return bad, problems


def make_register(course: Course, roster_path: Path, inputs: list[Path], *, skip_bad: bool,
                  sort: str = "strokes", date: dt.date | None = None) -> Register:
    """Read everything; without *skip_bad* any problem stops before a report is written."""
    problems: list[Problem] = []
    roster = read_roster(roster_path, str(roster_path), problems)
    if not roster.cadres:
        raise GeneratorError(_("{path}: expected cadres in the roster, found none").format(
            path=roster_path))
    bad_level, level_problems = _level_problems(course, roster)
    problems += level_problems
    facts = CourseFacts.of(course)
    tally = Tally(roster)
    gc.disable()  # many small objects that live to the end: collecting them is all cost
    try:
        _fold(facts, tally, inputs, problems)
    finally:
        gc.enable()
    if problems and not skip_bad:

        raise ContentError(problems)
    key = pinyin_key if sort == "pinyin" else stroke_key
    order = sorted((i for i in range(len(roster.cadres)) if i not in bad_level),
                   key=lambda i: (roster.cadres[i].unit_index, key(roster.cadres[i].name),
                                  roster.cadres[i].line))
    shared: dict[str, dict[str, float]] = {}
    rows = [row(course, roster.cadres[i], tally.entries.get(i), shared) for i in order]
    unknown = sorted({c for r in rows for c in unknown_chars(r.cadre.name)}) if sort != "pinyin" else []
    units = _units(roster, rows)
    total = Unit("合计", sum(u.expected for u in units), sum(u.taking for u in units),
                 sum(u.done for u in units), round(sum(u.hours for u in units), 2))
    today = date or dt.datetime.now(facts.zone).date()
    return Register(course, roster, today, rows, units, total, tally.records, sorted(problems),
                    tally.notices, unknown, sort)


def _fold(facts: CourseFacts, tally: Tally, inputs: list[Path], problems: list[Problem]) -> None:
    for sub in read_submissions(inputs, facts.spec, problems):
        index, problem = tally.match(sub)
        if problem is not None:
            problems.append(problem)
            continue
        assert index is not None
        try:
            tally.add(index, sub, credit(facts, sub))
        except BadResult as exc:
            problems.append(exc.problem)


def _units(roster: Roster, rows: list[Row]) -> list[Unit]:
    counts = [[0, 0, 0, 0.0] for _unit in roster.units]
    for r in rows:
        c = counts[r.cadre.unit_index]
        c[0] += 1
        c[1] += r.status not in (MISSING, NOT_STARTED)
        c[2] += r.status == DONE
        c[3] += r.earned_total
    return [Unit(name, int(c[0]), int(c[1]), int(c[2]), round(c[3], 2))
            for name, c in zip(roster.units, counts, strict=True) if c[0]]
