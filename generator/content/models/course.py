"""The curriculum format: a course of modules of lessons (``content/courses/*.yml``)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Literal

from pydantic import Field, HttpUrl, field_validator, model_validator

from generator.content.models.base import ContentModel, Id, Markdown, Text
from generator.content.models.check import CheckItem, PassRule, pass_percent
from generator.i18n import _

#: The three channels of cadre training named in the seed article.
Channel = Literal["集中课堂", "网络课堂", "异地课堂"]
CHANNELS: tuple[str, ...] = ("集中课堂", "网络课堂", "异地课堂")


class Reading(ContentModel):
    """A reading for further study."""

    title: Text = Field(description="题名")
    author: Text = Field(description="作者")
    source: Text = Field(description="出处：刊物、出版社或网站")
    year: int = Field(ge=1900, le=2100, description="发表年份")
    url: HttpUrl | None = Field(default=None, description="可选的网址（内网环境下读者可能无法访问）")


class Case(ContentModel):
    """A worked case or a scenario for discussion."""

    title: Text = Field(description="案例标题")
    kind: Literal["案例", "情景"] = Field(default="案例", description="案例（真实做法）或情景（假设情境）")
    body: Markdown = Field(description="案例正文（Markdown）")
    analysis: Markdown | None = Field(default=None, description="可选的点评或分析（Markdown）")


class Lesson(ContentModel):
    """One lesson: the unit a cadre studies and earns 学时 for."""

    id: Id
    title: Text = Field(description="课程标题")
    summary: Text = Field(description="一两句话的内容提要")
    audience: list[Text] = Field(min_length=1, description="适用对象，如 全体干部、年轻干部、领导干部")
    channel: Channel = Field(description="培训渠道：集中课堂、网络课堂或异地课堂")
    hours: float = Field(gt=0, le=100, description="学时")
    objectives: list[Text] = Field(min_length=1, description="学习目标")
    key_points: list[Text] = Field(min_length=1, description="要点")
    body: Markdown = Field(description="正文（Markdown）；用 [文字](id:课程标识) 链接其他课程")
    cases: list[Case] = Field(min_length=1, description="至少一个案例或情景")
    discussion: list[Text] = Field(min_length=1, description="讨论题")
    readings: list[Reading] = Field(default=[], description="延伸阅读")
    prerequisites: list[Id] = Field(default=[], description="先修课程的标识")
    tags: list[Text] = Field(default=[], description="标签")
    featured: bool = Field(default=False, description="推荐课程：读者还没有自测结果时推荐它")
    check: list[CheckItem] = Field(
        default=[], description="随堂测验：课末的几道题，通过后本课记为已学并计入学时")
    pass_: PassRule | None = Field(
        default=None, alias="pass", description="本课测验的通过标准；不写时用课程的 pass")


class Module(ContentModel):
    """A module groups lessons; it becomes a section of the navigation."""

    id: Id
    title: Text = Field(description="模块标题")
    summary: Text = Field(description="模块简介")
    description: Markdown | None = Field(default=None, description="可选的详细说明（Markdown）")
    lessons: list[Lesson] = Field(min_length=1, description="本模块的课程，按学习顺序排列")


class Session(ContentModel):
    """A session of 集中课堂: when and where the class meets."""

    title: Text = Field(description="名称，如 第一讲：首问负责")
    date: dt.date = Field(description="日期，如 2027-03-01")
    start: dt.time = Field(description="开始时间，如 09:00")
    end: dt.time = Field(description="结束时间，晚于开始时间")
    place: Text = Field(description="地点")
    lessons: list[Id] = Field(default=[], description="本次讲授的课程标识")

    @model_validator(mode="after")
    def ends_after_start(self) -> Session:
        if self.end <= self.start:
            raise ValueError(_("'end' after 'start' ({start}), found {end}").format(
                start=f"{self.start:%H:%M}", end=f"{self.end:%H:%M}"))
        return self


class Deadline(ContentModel):
    """A date by which a module of 网络课堂 is to be finished."""

    module: Id = Field(description="模块标识")
    date: dt.date = Field(description="截止日期")
    title: Text | None = Field(default=None, description="可选的说明，如 完成网络课堂学习")


class Schedule(ContentModel):
    """Sessions and deadlines of a course, written to a calendar file (.ics)."""

    timezone: Text = Field(default="Asia/Shanghai", description="时区")
    sessions: list[Session] = Field(default=[], description="集中课堂的日程")
    deadlines: list[Deadline] = Field(default=[], description="网络课堂各模块的截止日期")

    @field_validator("timezone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(_("a time zone such as Asia/Shanghai")) from None
        return value


class Course(ContentModel):
    """A course: the top of one curriculum file."""

    id: Id
    title: Text = Field(description="课程体系名称")
    summary: Text = Field(description="一段话的简介")
    description: Markdown | None = Field(default=None, description="可选的详细说明（Markdown）")
    source: Text | None = Field(default=None, description="可选的出处说明，如所依据的文章")
    organizer: Text | None = Field(
        default=None, description="可选的主办单位，印在学习手册封面上；不写时用网站设置的主办单位或网站名称")
    issued: dt.date | None = Field(
        default=None,
        description="可选的印发日期，如 2027-03-01，印在学习手册封面上；不写时用第一次集中课堂的日期")
    modules: list[Module] = Field(min_length=1, description="模块，按学习顺序排列")
    schedule: Schedule | None = Field(default=None, description="可选的日程：集中课堂和截止日期")
    pass_: PassRule = Field(
        default="all", alias="pass",
        description="随堂测验的通过标准：all（全部答对）或百分比，如 80%；各课可用自己的 pass 覆盖")
    earlier_marks: Literal["credited", "uncredited"] = Field(
        default="credited",
        description="一课设了随堂测验以前，读者已标记为“已学”的记录：credited 照计学时，"
                    "uncredited 显示为已学但不计学时，通过测验后才计入")

    def lessons(self) -> list[tuple[Module, Lesson]]:
        return [(m, lesson) for m in self.modules for lesson in m.lessons]

    def pass_percent(self, lesson: Lesson) -> int:
        """The share of a lesson's check to get right, in whole percent: its own rule or the course's."""
        return pass_percent(lesson.pass_ or self.pass_)
