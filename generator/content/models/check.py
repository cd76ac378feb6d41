"""The 随堂测验 of a lesson (``check:`` in a course file): four types of item and the pass rule.

Grading is defined once, in ``generator/scoring/grading.py`` and its twin in
``generator/assets/kb-check.js``; this module only describes and validates.
Rules across fields (exactly one right option, blanks marked in the text, no
duplicate options…) are in ``generator/checks/lesson_checks.py``, so that each
problem is placed at its own line.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from generator.content.models.base import ContentModel, Id, Text
from generator.i18n import _

#: ``all`` (every item right) or a share such as ``80%`` (1–100, whole percent).
PASS_PATTERN = r"^(all|(100|[1-9][0-9]?)%)$"



def _pass_rule(value: str) -> str:
    if not re.fullmatch(PASS_PATTERN, value):
        raise ValueError(_("'all' or a whole percent from 1% to 100%, such as 80%"))
    return value


PassRule = Annotated[
    str,
    AfterValidator(_pass_rule),
    Field(json_schema_extra={"pattern": PASS_PATTERN},
          description="通过标准：all（全部答对）或百分比，如 80%（答对题数不少于题数的 80%）"),
]

#: How a blank is marked in the text of a fill-in item: three or more underscores.
BLANK = re.compile(r"_{3,}|＿{2,}")


def pass_percent(rule: str) -> int:
    """``all`` → 100, ``80%`` → 80: the share of items to get right, in whole percent."""
    return 100 if rule == "all" else int(rule.rstrip("%"))


class Choice(ContentModel):
    """An option of a choice item: its text and whether it is right."""

    label: Text = Field(description="选项文字")
    correct: bool = Field(default=False, description="是否为正确选项")


class CheckItemBase(ContentModel):
    id: Id
    text: Text = Field(description="题干")
    explanation: Text = Field(description="解析：作答后显示，说明为什么")


class SingleChoice(CheckItemBase):
    type: Literal["single"] = Field(description="单选题：恰有一个正确选项")
    options: list[Choice] = Field(min_length=2, description="选项，其中恰有一个 correct: true")
    shuffle: bool = Field(default=False, description="在网页上打乱选项顺序")


class MultipleChoice(CheckItemBase):
    type: Literal["multiple"] = Field(description="多选题：选中全部正确选项、不多选才算答对")
    options: list[Choice] = Field(min_length=2, description="选项，至少一个 correct: true")
    shuffle: bool = Field(default=False, description="在网页上打乱选项顺序")


class TrueFalse(CheckItemBase):
    type: Literal["truefalse"] = Field(description="判断题：判断题干的说法对不对")
    answer: bool = Field(description="题干的说法正确写 true，错误写 false")


class FillIn(CheckItemBase):
    type: Literal["fill"] = Field(
        description="填空题：题干中每个空写成 ___（三个或更多下划线）")
    blanks: list[list[Text]] = Field(
        min_length=1,
        description="每个空可接受的答案，按空在题干中的顺序，如 [[理论武装, 理论学习], [党性教育]]")


CheckItem = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | FillIn,
    Field(discriminator="type"),
]

#: The Chinese names of the types, for pages, the handbook and messages.
TYPE_NAMES = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题", "fill": "填空题"}
