"""Course schedules as iCalendar files (.ics) that any calendar program imports.

Built with the ``icalendar`` library; the output is deterministic (no build
time inside), so an unchanged schedule writes an unchanged file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from generator.content.models.course import CHANNELS, Course

PRODID = "-//cadre-kb//schedule//ZH"


def deadline_channels(course: Course, module_id: str) -> str:
    """The channels a module's deadline is for, such as 网络课堂 or 网络课堂、异地课堂.

    集中课堂 lessons are taught at their scheduled sessions, so a deadline names the
    channels of the module's other lessons, in the order of CHANNELS; a module of
    集中课堂 lessons only names 集中课堂.
    """
    module = next(m for m in course.modules if m.id == module_id)
    used = {lesson.channel for lesson in module.lessons}
    own_time = [c for c in CHANNELS if c in used and c != "集中课堂"]
    return "、".join(own_time or ["集中课堂"])


@dataclass(frozen=True)
class Taught:
    """A lesson a session teaches: one of the course's own, or of another course of the project."""

    id: str
    title: str
    course: str | None  # the title of the other course it belongs to; None for the course's own

    def __str__(self) -> str:
        """Its title, and its course's when that is another: 其他课（另一课程）."""
        return self.title + (f"（{self.course}）" if self.course else "")


def lessons_taught(course: Course, courses: Sequence[Course]) -> dict[str, Taught]:
    """What a session of *course* may teach, by id: a lesson of any of the project's *courses*
    (docs/course-format.md, 集中课堂日程), its own first."""
    found: dict[str, Taught] = {}
    for other in courses:
        if other.id != course.id:
            found.update((lesson.id, Taught(lesson.id, lesson.title, other.title))
                         for _, lesson in other.lessons())
    found.update((lesson.id, Taught(lesson.id, lesson.title, None)) for _, lesson in course.lessons())
    return found


def course_calendar(course: Course, courses: Sequence[Course]) -> bytes:
    """The calendar of a course's sessions (timed, in its time zone) and deadlines (all day).

    *courses* are the project's: a session names the lessons it teaches, of any course."""
    assert course.schedule is not None
    zone = ZoneInfo(course.schedule.timezone)
    lessons = lessons_taught(course, courses)
    modules = {module.id: module.title for module in course.modules}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", course.title)
    calendar.add("x-wr-timezone", course.schedule.timezone)
    for index, session in enumerate(course.schedule.sessions):
        event = icalendar.Event()
        event.add("uid", f"{course.id}-session-{index + 1}-{session.date:%Y%m%d}")
        event.add("dtstamp", dt.datetime.combine(session.date, dt.time(), dt.UTC))
        event.add("dtstart", dt.datetime.combine(session.date, session.start, zone))
        event.add("dtend", dt.datetime.combine(session.date, session.end, zone))
        event.add("summary", session.title)
        event.add("location", session.place)
        names = "、".join(str(lessons[ident]) for ident in session.lessons)
        event.add("description", f"集中课堂。{course.title}" + (f"：{names}" if names else ""))
        calendar.add_component(event)
    for index, deadline in enumerate(course.schedule.deadlines):
        event = icalendar.Event()
        event.add("uid", f"{course.id}-deadline-{index + 1}-{deadline.date:%Y%m%d}")
        event.add("dtstamp", dt.datetime.combine(deadline.date, dt.time(), dt.UTC))
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + dt.timedelta(days=1))
        event.add("summary", f"截止：{modules[deadline.module]}" +
                  (f"（{deadline.title}）" if deadline.title else ""))
        event.add("description", f"{deadline_channels(course, deadline.module)}。{course.title}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
