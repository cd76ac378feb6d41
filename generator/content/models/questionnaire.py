"""The questionnaire format (``quizzes/*.yml``): dimensions, items, bands and profiles.

Scoring is defined once, in ``generator/scoring.py`` and its twin
``generator/assets/kb-score.js``; this module only describes and validates.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.content.models.base import ContentModel, Id, Markdown, Text
from generator.i18n import _

#: Ready-made Likert scales: name → (label, value) from lowest to highest.
LIKERT_PRESETS: dict[str, tuple[tuple[str, float], ...]] = {
    "agree5": (("完全不符合", 1), ("不太符合", 2), ("一般", 3), ("比较符合", 4), ("完全符合", 5)),
    "agree4": (("完全不符合", 1), ("不太符合", 2), ("比较符合", 3), ("完全符合", 4)),
    "frequency5": (("从不", 1), ("很少", 2), ("有时", 3), ("经常", 4), ("总是", 5)),
    # 满意率 counts 满意 and 基本满意 alike: the percent is then the share of satisfied ratings.
    "satisfaction3": (("不满意", 0), ("基本满意", 1), ("满意", 1)),
}

Percent = Annotated[float, Field(ge=0, le=100)]


class Option(ContentModel):
    """A choice with the score it earns."""

    label: Text = Field(description="选项文字")
    score: float = Field(description="选中此项得到的分数")


class Band(ContentModel):
    """A range [from, to) on the 0–100 scale with what it means."""

    from_: Percent = Field(alias="from", description="下限（含），0–100")
    to: Percent = Field(description="上限（不含；最高一档含 100）")
    label: Text = Field(description="档次名称，如 较强")
    interpretation: Markdown = Field(description="解读（Markdown）")
    advice: Markdown | None = Field(default=None, description="建议（Markdown）")
    lessons: list[Id] = Field(default=[], description="推荐课程的标识")


class Dimension(ContentModel):
    """What a group of items measures, such as 愿为."""

    id: Id
    name: Text = Field(description="维度名称，如 愿为")
    description: Text | None = Field(default=None, description="维度说明")
    weight: float = Field(default=1, gt=0, description="在总分中的权重")
    bands: list[Band] = Field(min_length=1, description="本维度的分档，覆盖 0–100")


class Section(ContentModel):
    """A titled group of items shown together (optional; default: one per dimension)."""

    id: Id
    title: Text = Field(description="部分标题，如 情景题")
    description: Text | None = Field(default=None, description="部分说明")


class ItemBase(ContentModel):
    id: Id
    text: Text = Field(description="题目")
    help: Text | None = Field(default=None, description="题目下方的提示")
    required: bool = Field(default=True, description="是否必答")
    section: Id | None = Field(default=None, description="所属部分的标识（定义了 sections 时必填）")


class ScoredItem(ItemBase):
    dimension: Id = Field(description="计入的维度标识")
    weight: float = Field(default=1, gt=0, description="在维度中的权重")
    reverse: bool = Field(default=False, description="反向计分：得分为 最低分 + 最高分 − 原分")
    scope: Literal["person", "unit"] | None = Field(
        default=None,
        description="测评表：person 是被评价干部本人能左右的事，计入他的满意率；unit 是单位的事"
                    "（如排队时间、收费），只进汇总报告的“单位”部分。不写时按 person 计，validate 提示写明")


class AnswerableItem(ScoredItem):
    """A single-answer item, which may offer 不适用 (自评) or 不了解 (测评表)."""

    not_applicable: bool = Field(
        default=False,
        description="多给一个选项：自测问卷为“不适用”，测评表为“不了解”；选它的题不计入维度得分和满意率")
    not_met: bool = Field(
        default=False,
        description="测评表：多给一个选项“未遇到”（这次办事没有遇到这件事），与“不了解”分开计数，"
                    "不计入维度得分和满意率")


class LikertItem(AnswerableItem):
    type: Literal["likert"] = Field(description="量表题")
    opposite: Id | None = Field(
        default=None,
        description="反向计分题所对应的正向量表题的标识：两题都选最高一项时给出作答一致性提示")
    scale: Literal["agree5", "agree4", "frequency5", "satisfaction3"] | None = Field(
        default=None, description="预设量表；与 options 二选一")
    options: list[Option] | None = Field(
        default=None, min_length=2, description="自定义刻度（从低到高）；与 scale 二选一")

    @model_validator(mode="after")
    def one_scale(self) -> LikertItem:
        if (self.scale is None) == (self.options is None):
            raise ValueError(_("exactly one of 'scale' (a preset) or 'options' (custom labels)"))
        return self


class SingleItem(AnswerableItem):
    type: Literal["single"] = Field(description="单选题（如情景题），每个选项有分数")
    options: list[Option] = Field(min_length=2, description="选项")


class MultiItem(ScoredItem):
    type: Literal["multi"] = Field(description="多选题，得分为所选选项分数之和")
    options: list[Option] = Field(min_length=2, description="选项")
    min: int | None = Field(default=None, ge=0, description="至少选几项")
    max: int | None = Field(default=None, ge=1, description="至多选几项")


class YesNoItem(AnswerableItem):
    type: Literal["yesno"] = Field(description="是否题：是 = 1 分，否 = 0 分")
    satisfied: Literal["是", "否"] | None = Field(
        default=None,
        description="测评表（必填）：哪个回答计入满意率，如“是否一次性告知了所需材料”写 是")


class TextItem(ItemBase):
    type: Literal["text"] = Field(description="开放题，只供反思，不计分")
    # A reflection left empty must not withhold the scores: optional unless said otherwise.
    required: bool = Field(default=False, description="是否必答（开放题默认选答）")
    dimension: Id | None = Field(default=None, description="可选：所属维度（仅用于分组显示）")


Item = Annotated[
    LikertItem | SingleItem | MultiItem | YesNoItem | TextItem,
    Field(discriminator="type"),
]


class Condition(ContentModel):
    """One test of a profile rule: a dimension's percent at least / below a value."""

    dimension: Id = Field(description="维度标识")
    at_least: Percent | None = Field(default=None, description="百分制得分 ≥ 此值")
    below: Percent | None = Field(default=None, description="百分制得分 < 此值")

    @model_validator(mode="after")
    def some_bound(self) -> Condition:
        if self.at_least is None and self.below is None:
            raise ValueError(_("at least one of 'at_least' or 'below'"))
        return self


class Profile(ContentModel):
    """A pattern across dimensions, such as 想干不敢干 (想为 ≥ 70 and 敢为 < 50)."""

    id: Id
    label: Text = Field(description="画像名称，如 想干不敢干")
    when: list[Condition] = Field(min_length=1, description="全部满足时命中")
    advice: Markdown = Field(description="建议（Markdown）")
    lessons: list[Id] = Field(default=[], description="推荐课程的标识")


class Questionnaire(ContentModel):
    """A self-check or rating form: the top of one ``quizzes/*.yml`` file."""

    id: Id
    title: Text = Field(description="问卷标题")
    version: Text = Field(description="版本，如 2026.1；内容有改动时更新")
    introduction: Markdown = Field(description="说明（Markdown）")
    kind: Literal["self", "rating"] = Field(
        default="self", description="self：自评；rating：他人对干部的评价（如群众满意度测评）")
    layout: Literal["single", "paged"] = Field(
        default="single", description="single：全部题目一页；paged：每次显示一个部分")
    dimensions: list[Dimension] = Field(min_length=1, description="维度")
    sections: list[Section] = Field(default=[], description="可选：题目分组；不写时按维度分组")
    items: list[Item] = Field(min_length=1, description="题目")
    bands: list[Band] = Field(min_length=1, description="总分的分档，覆盖 0–100")
    profiles: list[Profile] = Field(default=[], description="跨维度的画像规则")
    min_answered: Percent = Field(
        default=50,
        description="一个维度至少要有这个百分比的计分题作答（选“不适用”“不了解”的不算），才给出该维度的得分")
    threshold: Percent | None = Field(
        default=None,
        description="测评表（kind: rating）：本单位规定的满意率要求；汇总时低于它第一次“调整”，"
                    "调整后的下一期仍低于它“诫勉谈话”")
    raters: Text | None = Field(
        default=None, description="测评表：由谁评价，如 服务对象（来办事的群众和企业）")
    satisfied: list[Text] = Field(
        default=["满意", "基本满意"], min_length=1,
        description="测评表：计入满意率的选项文字")
    min_forms: int = Field(
        default=10, ge=1,
        description="测评表：每位干部每期至少收到这么多份评价才下结论，不足时为“样本不足”")
    periods: list[Text] = Field(
        default=[], description="测评表：期次，按时间先后排列，如 2027年上半年；汇总只接受这些期次")
    token: Literal["required", "optional"] | None = Field(
        default=None,
        description="测评表：评价人填写一次性评价码。required：汇总时没有有效评价码的测评表不计入结论；"
                    "optional：计入，但分开计数")
    decision: Literal["interval", "point"] = Field(
        default="interval",
        description="测评表：interval（默认）只有满意率的 95% 区间整个低于要求才“调整”；"
                    "point 按满意率本身与要求比较")
    overall_item: Id | None = Field(
        default=None,
        description="测评表：总体评价题的标识；写了时满意率按这道题算（每份测评表一个回答）")
