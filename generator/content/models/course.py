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


class LevelHours(ContentModel):
    """The 学时 one 层级 of cadres must earn in this course's 轮训, per channel."""

    level: Text = Field(description="层级，与干部名册“层级”一列的写法一致，如 县处级、乡科级、一般干部")
    hours: dict[Channel, float] = Field(
        min_length=1, description="各渠道的应修学时，如 {集中课堂: 6, 网络课堂: 4}；不写的渠道不作要求")

    @field_validator("hours")
    @classmethod
    def positive(cls, value: dict[str, float]) -> dict[str, float]:
        for channel, hours in value.items():
            if not 0 < hours <= 1000:
                raise ValueError(_("学时 above 0 and at most 1000 for {channel}, found {hours}").format(
                    channel=channel, hours=hours))
        return value


class Training(ContentModel):
    """The 轮训 of a course as the training department registers it (``register``)."""

    title: Text = Field(description="轮训名称，印在登记表和通报的标题中，如 2027 年度执行力专题轮训")
    basis: Text = Field(description="学时要求的依据，印在登记表和通报上，如 本单位规定示例：……")
    levels: list[LevelHours] = Field(min_length=1, description="各层级的应修学时")
    default_level: Text | None = Field(
        default=None, description="干部名册没有写层级的干部按哪一层级要求；不写时，没有层级的干部是名册错误")

    @model_validator(mode="after")
    def known_levels(self) -> Training:
        names = [lv.level for lv in self.levels]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(_("each level once, found {levels} more than once").format(
                levels=", ".join(twice)))
        if self.default_level is not None and self.default_level not in names:
            raise ValueError(_("'default_level' one of the levels ({levels}), found {found}").format(
                levels=", ".join(names), found=self.default_level))
        return self

    def required(self, level: str) -> dict[str, float] | None:
        """The 学时 per channel a cadre of *level* must earn; None for an unknown level."""
        for entry in self.levels:
            if entry.level == level:
                return {str(channel): hours for channel, hours in entry.hours.items()}
        return None


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
    training: Training | None = Field(
        default=None, description="可选的轮训学时要求：各层级按渠道的应修学时，register 据此登记和通报")
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
