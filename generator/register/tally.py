"""Matching records to the roster, and the figures: per cadre, per unit, the 提醒名单.

Memory holds the roster once and, per cadre, the credit of the record that counts: records
are streamed and folded in one at a time.

A record is matched by 编号 when it has one; else by 单位 and 姓名 (compared after
``names.normalise``); else by 姓名 alone when exactly one cadre of the roster has it (the
report notes the other 单位). Of two records of one cadre the later made counts; both are
named in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.content.models.course import Course
from generator.errors import Problem
from generator.i18n import _
from generator.register.credit import Credit
from generator.register.names import normalise
from generator.register.records import Submission
from generator.register.roster import Cadre, Roster

DONE, ONGOING, NOT_STARTED, MISSING = "已完成", "进行中", "未开始", "未交记录"
STATUSES = (DONE, ONGOING, NOT_STARTED, MISSING)


@dataclass(slots=True)
class Entry:
    """The record that counts for one cadre."""

    path: str
    line: int  # 0 for a file, the line of a code list
    made: str
    credit: Credit

    @property
    def source(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class Tally:
    roster: Roster
    entries: dict[int, Entry] = field(default_factory=dict)
    notices: list[Problem] = field(default_factory=list)
    records: int = 0

    def match(self, sub: Submission) -> tuple[int | None, Problem | None]:
        """The roster index a record belongs to, or the problem saying why none."""
        roster = self.roster
        where = (sub.source, sub.line, 1)
        if sub.kind == "v1":
            return self._match_v1(sub)
        number = normalise(sub.number)
        if number:
            index = roster.by_number.get(number)
            if index is None:
                return None, Problem(*where, _("编号 {number} of {name} ({unit}) is not in the roster")
                                     .format(number=sub.number, name=sub.name, unit=sub.unit),
                                     code="unmatched")
            cadre = roster.cadres[index]
            if normalise(cadre.name) != normalise(sub.name):
                return None, Problem(*where, _("编号 {number} is {roster} in the roster, but the record "
                                               "names {name}").format(number=sub.number,
                                                                      roster=cadre.name, name=sub.name),
                                     code="unmatched")
            return index, None
        found = roster.with_key(normalise(sub.unit), normalise(sub.name))
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            lines = ", ".join(str(roster.cadres[i].line) for i in found)
            return None, Problem(*where, _("{name} of {unit} is on roster lines {lines}: the record "
                                           "needs the cadre's 编号").format(
                                               name=sub.name, unit=sub.unit, lines=lines),
                                 code="ambiguous")
        same_name = roster.with_name(normalise(sub.name))
        if len(same_name) == 1:
            cadre = roster.cadres[same_name[0]]
            self.notices.append(Problem(*where, _("{name}: the record says 单位 {unit}, the roster "
                                                  "{roster}; matched by 姓名").format(
                                                      name=sub.name, unit=sub.unit, roster=cadre.unit),
                                        code="matched-by-name"))
            return same_name[0], None
        return None, Problem(*where, _("no cadre {name} of {unit} in the roster").format(
            name=sub.name, unit=sub.unit), code="unmatched")

    def _match_v1(self, sub: Submission) -> tuple[int | None, Problem | None]:
        roster = self.roster
        stem = normalise(sub.name)
        if stem in roster.by_number:
            return roster.by_number[stem], None
        parts = re.split(r"[-_]", stem)
        if len(parts) == 2 and len(roster.with_key(parts[0], parts[1])) == 1:
            return roster.with_key(parts[0], parts[1])[0], None
        if len(roster.with_name(stem)) == 1:
            return roster.with_name(stem)[0], None
        return None, Problem(sub.source, 1, 1, _(
            "a study record of version 1 names nobody: name the file after the cadre (姓名.json, "
            "单位-姓名.json or 编号.json) or ask for a record exported again"), "unmatched")

    def add(self, index: int, sub: Submission, credit: Credit) -> None:
        """Fold in one record; of two of one cadre the later made counts, both are named."""
        self.records += 1
        line = sub.line if sub.kind == "code" else 0
        shown = f"{sub.source}:{sub.line}" if line else sub.source
        earlier = self.entries.get(index)
        cadre = self.roster.cadres[index]
        if earlier is not None:
            later = earlier if earlier.made >= sub.made else None
            kept, dropped = (earlier.source, shown) if later else (shown, earlier.source)
            self.notices.append(Problem(sub.source, sub.line, 1, _(
                "two records of {name} ({unit}): {kept} counts, {dropped} does not (the later made "
                "counts)").format(name=cadre.name, unit=cadre.unit, kept=kept, dropped=dropped),
                "duplicate-record"))
            if later:
                return
        self.entries[index] = Entry(sub.source, line, sub.made, credit)


@dataclass(frozen=True, slots=True)
class Row:
    cadre: Cadre
    required: dict[str, float]
    earned: dict[str, float]
    lessons: int
    rate: float
    status: str
    last: str
    notes: list[str]
    entry: Entry | None
    mask: int = 0

    @property
    def source(self) -> str:
        """Where the record that counts came from (file, or file:line of a code list)."""
        return self.entry.source if self.entry else ""

    @property
    def required_total(self) -> float:
        return sum(self.required.values())

    @property
    def earned_total(self) -> float:
        return sum(self.earned.values())

    @property
    def missing(self) -> float:
        """学时 still short of the requirement (the surplus of one channel fills no other)."""
        return sum(self.missing_by_channel().values())

    def missing_by_channel(self) -> dict[str, float]:
        """What each channel still lacks: the requirement is per channel, so a cadre with more
        学时 than required in all may still lack some in one."""
        return {c: need - self.earned.get(c, 0.0) for c, need in self.required.items()
                if need > self.earned.get(c, 0.0)}


def requirement(course: Course, level: str) -> dict[str, float] | None:
    """The 学时 per channel a cadre of *level* must earn; without ``training``, the whole course."""
    if course.training is None:
        total: dict[str, float] = {}
        for _m, lesson in course.lessons():
            total[lesson.channel] = total.get(lesson.channel, 0.0) + lesson.hours
        return total
    return course.training.required(level or course.training.default_level or "")


def row(course: Course, cadre: Cadre, entry: Entry | None,
        shared: dict[str, dict[str, float]] | None = None) -> Row:
    """One cadre's row; *shared* keeps one requirement dict per level for all rows."""
    shared = {} if shared is None else shared
    if cadre.level not in shared:
        shared[cadre.level] = requirement(course, cadre.level) or {}
    required = shared[cadre.level]
    if entry is None:
        return Row(cadre, required, {}, 0, 0.0, MISSING, "", [], None)
    earned = entry.credit.hours  # rounded and in channel order already (credit.credit)
    need = sum(required.values())
    got = sum(min(earned.get(c, 0.0), h) for c, h in required.items())
    rate = got / need if need else 1.0
    if entry.credit.lessons == 0:
        status = NOT_STARTED
    elif got + 1e-9 >= need:
        status = DONE
    else:
        status = ONGOING
    return Row(cadre, required, earned, entry.credit.lessons, rate, status, entry.credit.last,
               entry.credit.notes, entry, entry.credit.mask)
