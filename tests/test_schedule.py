"""Course schedules: validated dates and times, a calendar file that parses, upcoming items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.site.calendars import course_calendar
from generator.site.handbook import render_handbook
from generator.site.pages import render_pages
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, content_errors

SCHEDULE = """\
schedule:
  sessions:
    - title: 第一讲
      date: 2027-03-01
      start: 09:00
      end: 14:30
      place: 党校
      lessons: [l1]
  deadlines:
    - {module: m1, date: 2027-04-30, title: 完成网络课堂}
"""
P = "content/courses/demo.yml"


@pytest.fixture
def scheduled(project: Path, write_course: Callable[..., Path]) -> Callable[[str], Path]:
    def write(schedule: str = SCHEDULE) -> Path:
        write_course(MINIMAL_COURSE + schedule)
        return project

    return write


def test_the_calendar_parses_with_its_events_and_time_zone(
    scheduled: Callable[[str], Path]
) -> None:
    [loaded] = load_project(scheduled(SCHEDULE)).courses
    calendar = icalendar.Calendar.from_ical(course_calendar(loaded.course, [loaded.course]))
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == ["第一讲", "截止：模块一（完成网络课堂）"]
    session, deadline = events
    shanghai = ZoneInfo("Asia/Shanghai")
    assert session.decoded("dtstart") == dt.datetime(2027, 3, 1, 9, 0, tzinfo=shanghai)
    assert session.decoded("dtend") == dt.datetime(2027, 3, 1, 14, 30, tzinfo=shanghai)
    assert session["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert str(session["location"]) == "党校"
    assert deadline.decoded("dtstart") == dt.date(2027, 4, 30)  # all day
    assert [str(t["tzid"]) for t in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_the_same_schedule_writes_the_same_file(scheduled: Callable[[str], Path]) -> None:
    [loaded] = load_project(scheduled(SCHEDULE)).courses
    assert course_calendar(loaded.course, [loaded.course]) == course_calendar(loaded.course, [loaded.course])


def test_the_course_page_lists_what_is_still_to_come(scheduled: Callable[[str], Path]) -> None:
    project = load_project(scheduled(SCHEDULE))
    page = next(p.text for p in render_pages(project, today=dt.date(2027, 3, 2))
                if p.path == "demo/index.md")
    assert "[下载日历文件（.ics）](schedule.ics)" in page
    assert "| 2027-04-30 | 全天 | 截止：模块一（完成网络课堂） | 网络课堂 |" in page
    assert "第一讲" not in page.split("## 日程安排")[1].split("## 学习路线")[0]


# Module m1 has l1 (集中课堂) and l2 (网络课堂); each case changes one channel.
CHANNEL_CASES = [
    pytest.param({}, "网络课堂", id="online"),
    pytest.param({"channel: 集中课堂": "channel: 异地课堂"}, "网络课堂、异地课堂", id="online-and-away"),
    pytest.param({"channel: 网络课堂": "channel: 集中课堂"}, "集中课堂", id="classroom-only"),
]


@pytest.mark.parametrize(("changes", "channels"), CHANNEL_CASES)
def test_a_deadline_names_the_channels_of_its_module(
    project: Path, write_course: Callable[..., Path], changes: dict[str, str], channels: str
) -> None:
    """集中课堂 meets at its sessions, so a deadline names the module's other channels."""
    course = MINIMAL_COURSE
    for old, new in changes.items():
        course = course.replace(old, new)
    write_course(course + SCHEDULE)
    loaded_project = load_project(project)
    page = next(p.text for p in render_pages(loaded_project, today=dt.date(2027, 3, 2))
                if p.path == "demo/index.md")
    assert f"| 2027-04-30 | 全天 | 截止：模块一（完成网络课堂） | {channels} |" in page
    [loaded] = loaded_project.courses
    calendar = icalendar.Calendar.from_ical(course_calendar(loaded.course, [loaded.course]))
    deadline = list(calendar.walk("VEVENT"))[1]
    assert str(deadline["description"]) == f"{channels}。示例"


CASES = [
    pytest.param(SCHEDULE.replace("end: 14:30", "end: 08:00"),
                 [f"{P}:41:7: schedule.sessions[0]: expected 'end' after 'start' (09:00), found "
                  "08:00"], id="end-before-start"),
    pytest.param(SCHEDULE.replace("date: 2027-03-01", "date: 2027-02-30"),
                 [f"{P}:42:13: schedule.sessions[0].date: expected a real date such as 2027-03-01, "
                  "found '2027-02-30'"], id="no-such-day"),
    pytest.param("schedule:\n  timezone: Mars/Olympus\n",
                 [f"{P}:40:13: schedule.timezone: expected a time zone such as Asia/Shanghai, "
                  "found 'Mars/Olympus'"], id="unknown-time-zone"),
    pytest.param(SCHEDULE.replace("module: m1", "module: m2"),
                 [f"{P}:48:16: schedule.deadlines[0].module: expected the id of a module of this "
                  "course, found 'm2'"], id="unknown-module"),
    pytest.param(SCHEDULE.replace("lessons: [l1]", "lessons: [l7]"),
                 [f"{P}:46:17: schedule.sessions[0].lessons[0]: expected the id of a lesson, "
                  "found 'l7'"], id="unknown-lesson"),
]


@pytest.mark.parametrize(("schedule", "expected"), CASES)
def test_bad_schedules_are_refused_at_their_place(
    scheduled: Callable[[str], Path], schedule: str, expected: list[str]
) -> None:
    assert content_errors(scheduled(schedule)) == expected


#: A second course whose lesson o1 a session of demo teaches (docs: any lesson of the project).
OTHER_COURSE = """\
id: other
title: 另一课程
summary: 简介
modules:
  - id: om
    title: 其他模块
    summary: 模块简介
    lessons:
      - id: o1
        title: 其他课
        summary: 提要
        audience: [全体干部]
        channel: 集中课堂
        hours: 1
        objectives: [目标]
        key_points: [要点]
        body: 正文
        cases:
          - {title: 案例, body: 正文}
        discussion: [问题]
"""


def test_a_session_may_teach_a_lesson_of_another_course(
    scheduled: Callable[[str], Path], write_course: Callable[..., Path]
) -> None:
    """What validate accepts, build builds: the lesson is named with its course, and linked."""
    project = scheduled(SCHEDULE.replace("lessons: [l1]", "lessons: [l1, o1]"))
    write_course(OTHER_COURSE, "other.yml")
    validated = CliRunner().invoke(main, ["validate", "-C", str(project)])
    assert validated.exit_code == 0, validated.output
    built = CliRunner().invoke(main, ["build", "-C", str(project)])
    assert built.exception is None or isinstance(built.exception, SystemExit), built.exc_info
    assert (built.exit_code, built.stderr) == (0, "")
    calendar = icalendar.Calendar.from_ical((project / "site/demo/schedule.ics").read_bytes())
    session = next(iter(calendar.walk("VEVENT")))
    assert str(session["description"]) == "集中课堂。示例：第一课、其他课（另一课程）"


def test_the_schedule_links_a_lesson_of_another_course_and_names_its_course(
    scheduled: Callable[[str], Path], write_course: Callable[..., Path]
) -> None:
    """On the course page a lesson links to its page; the handbook numbers its own lessons
    and names another course's, which it does not hold."""
    write_course(OTHER_COURSE, "other.yml")
    project = load_project(scheduled(SCHEDULE.replace("lessons: [l1]", "lessons: [l1, o1]")))
    page = next(p.text for p in render_pages(project, today=dt.date(2027, 3, 1))
                if p.path == "demo/index.md")
    assert ("| 2027-03-01 | 09:00–14:30 | 第一讲<br>讲授：[第一课](m1/l1.md)、"
            "[其他课](../other/om/o1.md)（另一课程） | 党校 |") in page
    demo = next(c.course for c in project.courses if c.course.id == "demo")
    handbook = render_handbook(project, demo)
    assert ('<td>第一讲<br>讲授：<a href="#l1">第 1 课 第一课</a>、其他课（另一课程）</td>'
            in handbook)
