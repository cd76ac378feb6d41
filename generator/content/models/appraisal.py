"""The 民主测评 form (``kind: appraisal`` in ``quizzes/*.yml``): one form rates several cadres.

Raters from several groups (领导班子成员, 同级干部, 下属, 服务对象 …, each with its weight and
its anonymity minimum) give each cadre an overall grade (优秀/称职/基本称职/不称职 or the unit's
own scale) and, optionally, a rating on each dimension (德、能、勤、绩、廉 by default); 不了解 is
always allowed. This module only describes and validates: the checks across fields (unique ids,
references to groups and grades) are in ``generator.checks.appraisal``, the roster file is read
by ``generator.content.loading``, the result code is ``generator.scoring.appraisal``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.content.models.base import ContentModel, Id, Markdown, Text
from generator.i18n import _

Percent = Annotated[float, Field(ge=0, le=100)]
#: A 评价码 issued to a subject carries the subject's number in two symbols (31² − 1).
MAX_SUBJECTS = 960


class Subject(ContentModel):
    """A cadre rated by the form."""

    id: Id
    name: Text = Field(description="姓名")
    title: Text = Field(description="职务，如 办公室主任")


class RaterGroup(ContentModel):
    """A group of raters, such as 下属, with its weight in the combined result."""

    id: Id
    name: Text = Field(description="评价人类别名称，如 领导班子成员、同级干部、下属、服务对象")
    description: Text | None = Field(default=None, description="说明：哪些人属于这一类")
    weight: float = Field(gt=0, description="汇总时的权重（大于 0）；汇总按到场的类别重新归一")
    min_forms: int = Field(
        default=5, ge=1,
        description="匿名保护：这一类的测评表少于这个份数时，汇总不单独显示这一类")
    token: Literal["required", "optional", "none"] = Field(
        default="none",
        description="评价码：required 必须填写（汇总时没有有效评价码的不计入）；"
                    "optional 可填可不填（计入，分开计数）；none 不使用评价码")


class Grade(ContentModel):
    """One grade of the overall scale, such as 称职."""

    id: Id
    label: Text = Field(description="等次名称，如 称职")
    description: Text | None = Field(default=None, description="等次标准的简短说明")


class Level(ContentModel):
    """One answer of the dimension scale, such as 较好, with its score for the means."""

    id: Id
    label: Text = Field(description="评价等级，如 较好")
    score: float = Field(description="计算各维度平均分时的分值")


class AppraisalDimension(ContentModel):
    """An aspect rated for every cadre, such as 德."""

    id: Id
    name: Text = Field(description="维度名称，如 德")
    description: Text | None = Field(default=None, description="看什么：评价这一项时要看的表现")


class Rule(ContentModel):
    """A rule of the unit's appraisal measures, evaluated by ``aggregate`` and shown with its inputs."""

    id: Id
    text: Text = Field(description="规定原文，如 不称职票超过三分之一的，确定为不称职")
    grades: list[Id] = Field(min_length=1, description="计入的票：等次的标识，如 [bu-chenzhi]")
    above: Percent | None = Field(default=None, description="这些票的占比（%）高于此值时适用")
    below: Percent | None = Field(default=None, description="这些票的占比（%）低于此值时适用")
    groups: list[Id] = Field(
        default=[], description="只计这些评价人类别的票；不写时按各类别加权后的占比")
    result: Text = Field(description="适用时的结论，如 确定为不称职、不得确定为优秀")

    @model_validator(mode="after")
    def some_bound(self) -> Rule:
        if self.above is None and self.below is None:
            raise ValueError(_("at least one of 'above' or 'below'"))
        return self


DEFAULT_SCALE = [
    Grade(id="youxiu", label="优秀"),
    Grade(id="chenzhi", label="称职"),
    Grade(id="jiben-chenzhi", label="基本称职"),
    Grade(id="bu-chenzhi", label="不称职"),
]
DEFAULT_DIMENSIONS = [
    AppraisalDimension(id="de", name="德", description="政治品质、道德品行，对党忠诚、敢于担当"),
    AppraisalDimension(id="neng", name="能", description="履职能力：谋划、执行、协调、解决实际问题"),
    AppraisalDimension(id="qin", name="勤", description="工作态度：责任心、工作作风、出勤和投入"),
    AppraisalDimension(id="ji", name="绩", description="工作实绩：完成任务的数量、质量、效率和效果"),
    AppraisalDimension(id="lian", name="廉", description="廉洁自律：遵守廉洁纪律和中央八项规定精神"),
]
DEFAULT_LEVELS = [
    Level(id="hao", label="好", score=4),
    Level(id="jiaohao", label="较好", score=3),
    Level(id="yiban", label="一般", score=2),
    Level(id="jiaocha", label="较差", score=1),
]


class Appraisal(ContentModel):
    """A 民主测评 form: the top of one ``quizzes/*.yml`` file with ``kind: appraisal``."""

    id: Id
    title: Text = Field(description="测评表标题，如 2027年度领导干部民主测评")
    version: Text = Field(description="版本，如 2027.1；内容有改动时更新")
    kind: Literal["appraisal"] = Field(description="appraisal：民主测评，一张表评价多名干部")
    introduction: Markdown = Field(description="给评价人的说明（Markdown）")
    period: Text | None = Field(default=None, description="测评期次，如 2027年度")
    subjects: list[Subject] | None = Field(
        default=None, min_length=1, max_length=MAX_SUBJECTS,
        description="被测评的干部（姓名、职务）；与 roster 二选一")
    roster: Text | None = Field(
        default=None,
        description="被测评干部名单文件（相对本文件所在文件夹）：UTF-8 的 CSV，"
                    "表头 标识,姓名,职务；与 subjects 二选一")
    groups: list[RaterGroup] = Field(
        min_length=1, max_length=31, description="评价人类别及其权重（至多 31 类）")
    scale: list[Grade] = Field(
        default=DEFAULT_SCALE, min_length=2,
        description="总体评价的等次，从高到低；默认 优秀、称职、基本称职、不称职")
    excellent: list[Id] = Field(
        default=["youxiu"], min_length=1, description="计入优秀率的等次标识")
    competent: list[Id] = Field(
        default=["youxiu", "chenzhi"], min_length=1,
        description="计入称职率（含优秀）的等次标识")
    dimensions: list[AppraisalDimension] = Field(
        default=DEFAULT_DIMENSIONS,
        description="分项评价的维度；默认 德、能、勤、绩、廉；写 [] 时只评总体等次")
    levels: list[Level] = Field(
        default=DEFAULT_LEVELS, min_length=2,
        description="分项评价的等级，从高到低，各带分值；默认 好、较好、一般、较差")
    comment: Text | None = Field(
        default=None,
        description="可选：每名干部下方的意见建议栏的提示语；不写时没有文字栏。文字不进评价结果码")
    rules: list[Rule] = Field(default=[], description="本单位测评办法中的规则，汇总时逐条计算并列出依据")

    @model_validator(mode="after")
    def one_source(self) -> Appraisal:
        if (self.subjects is None) == (self.roster is None):
            raise ValueError(_("exactly one of 'subjects' (the cadres listed here) or 'roster' "
                               "(a file of cadres)"))
        return self

    def cadres(self) -> list[Subject]:
        """The subjects, once the roster is read (``content.loading`` fills them in)."""
        return list(self.subjects or [])
