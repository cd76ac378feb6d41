"""Course schedules: validated dates and times, a calendar file that parses, upcoming items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from generator.site.calendars import course_calendar
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
    calendar = icalendar.Calendar.from_ical(course_calendar(loaded.course))
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
    assert course_calendar(loaded.course) == course_calendar(loaded.course)


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
    calendar = icalendar.Calendar.from_ical(course_calendar(loaded.course))
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
