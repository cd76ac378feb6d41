"""Credit: which lessons of a record count, re-graded here rather than taken from the file.

* A lesson without a check counts when the record marks it studied (a valid date, or the
  studied bit of a code).
* A lesson with a check counts when its answers pass the check when re-graded with
  ``scoring.grading`` (the twin of the page's grader). In a file, answers are carried over by
  their items' fingerprints as the page does: answers to items changed since are dropped.
  A file that says ``passed`` while its answers, all to unchanged items, do not pass is
  refused (``bad-record``). When items changed since, the lesson is not counted and the report
  says to take the check again.
* From a 学习记录码, choice and true/false answers are re-graded; a fill-in item counts as the
  page graded it (a code cannot carry its words), and the report says so.
* A lesson marked studied without any answers to its check (marked before the check existed,
  or a v1 file) counts as the course's ``earlier_marks`` says.
* A lesson the course no longer has (a record of an older version) is left out, and said so.
* 学时 are the course's as it is now, never the file's.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from generator.content.models.course import CHANNELS, Course
from generator.errors import Problem
from generator.i18n import _
from generator.register.records import Submission, is_date
from generator.reports.results import BadResult
from generator.scoring.grading import check_spec, grade, item_right
from generator.scoring.records import RecordSpec, record_spec
from generator.scoring.scorer import carry_over
from generator.scoring.spec import Spec


@dataclass(frozen=True)
class CourseFacts:
    """What credit needs of a course, worked out once."""

    course: Course
    spec: RecordSpec
    checks: dict[str, RecordSpec]
    lessons: dict[str, tuple[str, float]]
    zone: zoneinfo.ZoneInfo
    order: dict[str, int]

    @classmethod
    def of(cls, course: Course) -> CourseFacts:
        zone = zoneinfo.ZoneInfo(course.schedule.timezone if course.schedule else "Asia/Shanghai")
        return cls(course, record_spec(course),
                   {lesson.id: check_spec(course, lesson) for _m, lesson in course.lessons() if lesson.check},
                   {lesson.id: (lesson.channel, lesson.hours) for _m, lesson in course.lessons()}, zone,
                   {lesson.id: i for i, (_m, lesson) in enumerate(course.lessons())})


@dataclass(slots=True)
class Credit:
    hours: dict[str, float] = field(default_factory=dict)
    lessons: int = 0
    mask: int = 0  # bit i: the course's i-th lesson counts
    last: str = ""
    notes: list[str] = field(default_factory=list)


def local_day(value: str, zone: zoneinfo.ZoneInfo) -> str:
    """The day of an ISO time in the course's time zone (a bare date as it is)."""
    if len(value) == 10:
        return value
    when = datetime.fromisoformat(value)
    return when.astimezone(zone).date().isoformat() if when.tzinfo else when.date().isoformat()


def _refuse(sub: Submission, message: str) -> BadResult:
    return BadResult(Problem(sub.source, sub.line, 1, message, "bad-record"))


def _file_lesson(facts: CourseFacts, sub: Submission, ident: str, entry: dict[str, Any],
                 notes: dict[str, list[str]]) -> str | None:
    """The day a lesson of a file counts from, or None."""
    studied = str(entry["studied"]) if is_date(entry.get("studied")) else None
    spec = facts.checks.get(ident)
    if spec is None:
        return studied
    check = entry.get("check")
    if not isinstance(check, dict) or not check.get("answers"):
        if studied and facts.course.earlier_marks == "credited":
            notes["earlier"].append(ident)
            return studied
        if studied:
            notes["no_answers"].append(ident)
        return None
    answers, fps = check["answers"], check.get("fps")
    changed: list[str] = []
    if isinstance(fps, dict):
        # A check's spec has the items (id, fp) carry_over reads, as a questionnaire's has.
        answers, changed = carry_over(cast(Spec, spec), answers, fps)
    result = grade(spec, answers)
    date = check.get("date") if is_date(check.get("date")) else studied
    if result["passed"]:
        return str(date or sub.made) or None
    if check.get("passed") is True and not changed:
        raise _refuse(sub, _("lesson '{id}': the record says its check was passed, but its answers "
                             "score {score} of {total} when re-graded, which does not pass").format(
                                 id=ident, score=result["score"], total=result["total"]))
    if check.get("passed") is True:
        notes["changed"].append(ident)
    return None


def _code_lesson(facts: CourseFacts, sub: Submission, ident: str, state: dict[str, Any],
                 notes: dict[str, list[str]]) -> bool:
    """Whether a lesson of a 学习记录码 counts."""
    if not state.get("studied"):
        return False
    spec = facts.checks.get(ident)
    if spec is None:
        return True
    answers, fill = state.get("answers") or {}, state.get("fill") or {}
    if not answers and not any(fill.values()):
        if facts.course.earlier_marks == "credited":
            notes["earlier"].append(ident)
            return True
        notes["no_answers"].append(ident)
        return False
    score = sum(1 for item in spec["items"] if (
        fill.get(item["id"]) is True if item["type"] == "fill"
        else item["id"] in answers and item_right(item, answers[item["id"]])))
    total = len(spec["items"])
    if total and score * 100 >= spec["pass"] * total:
        if any(item["type"] == "fill" for item in spec["items"]):
            notes["fill"].append(ident)
        return True
    notes["changed"].append(ident)
    return False


NOTE_TEXT = {
    "gone": "旧版本课程的记录：{n} 课已不在本课程中，未计入（{ids}）",
    "earlier": "{n} 课在设随堂测验以前标记为已学，按课程规定照计学时（{ids}）",
    "no_answers": "{n} 课有随堂测验但记录中没有作答，无法重判，未计入（{ids}）",
    "changed": "{n} 课的随堂测验在通过后改动过或重判未通过，未计入，请重新完成测验（{ids}）",
    "fill": "{n} 课的填空题按学习记录码所记的对错计算（纸质码不含填空内容，无法重判）（{ids}）",
}


@lru_cache(maxsize=4096)
def note(key: str, ids: tuple[str, ...]) -> str:
    """One note's text, shared by every record that says the same."""
    return NOTE_TEXT[key].format(n=len(ids), ids="、".join(ids))


def credit(facts: CourseFacts, sub: Submission) -> Credit:
    """The 学时, lessons and latest day a record earns; BadResult when it is refused."""
    notes: dict[str, list[str]] = {key: [] for key in NOTE_TEXT}
    result = Credit()
    days: list[str] = []
    for ident, entry in sub.lessons.items():
        if ident not in facts.lessons:
            notes["gone"].append(ident)
            continue
        if sub.kind == "code":
            day = (sub.last or "") if _code_lesson(facts, sub, ident, entry, notes) else None
        else:
            when = _file_lesson(facts, sub, ident, entry, notes)
            day = local_day(when, facts.zone) if when else None
        if day is None:
            continue
        channel, hours = facts.lessons[ident]
        result.hours[channel] = result.hours.get(channel, 0.0) + hours
        result.lessons += 1
        result.mask |= 1 << facts.order[ident]
        if day:
            days.append(day)
    result.hours = {c: round(result.hours[c], 2) for c in CHANNELS if c in result.hours}
    result.last = max(days, default=sub.last or "")
    result.notes = [note(key, tuple(ids)) for key, ids in notes.items() if ids]
    if sub.kind == "v2" and sub.version and sub.version != facts.spec["version"]:
        result.notes.insert(0, "记录来自本课程的另一个版本，按课的标识计入仍有的课")
    return result
