"""The 岗位责任清单 format (``content/lists/*.yml``): a printable, fillable table."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.content.models.base import ContentModel, Id, Markdown, Text


class Column(ContentModel):
    """A column of the table."""

    key: Id = Field(description="列标识，行里用它填写内容；no 是自动编号的序号列")
    name: Text = Field(description="表头文字")
    width: float = Field(default=1, gt=0, le=20, description="相对宽度")
    handwritten: bool = Field(
        default=False, description="由本人手填：预填行里也留空，打印后手写")
    per_quarter: bool = Field(
        default=False, description="期间按季度时，拆成四列（第一季度……第四季度）")


#: The columns a list gets when it names none (序号 … 考核评价).
DEFAULT_COLUMNS: tuple[Column, ...] = (
    Column(key="no", name="序号", width=0.5),
    Column(key="duty", name="职责/任务", width=3),
    Column(key="standard", name="工作标准", width=3),
    Column(key="deadline", name="完成时限", width=1.2),
    Column(key="owner", name="责任人", width=1),
    Column(key="backup", name="A/B角", width=1),
    Column(key="results", name="实绩", width=2, handwritten=True, per_quarter=True),
    Column(key="assessment", name="考核评价", width=1.2, handwritten=True),
)

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


class Period(ContentModel):
    """The period the list covers: a year, reported by quarter for 定期亮相实绩."""

    year: int | None = Field(
        default=None, ge=2000, le=2100, description="年度；不写时读者在页面上填写")
    quarters: bool = Field(default=False, description="是否按季度亮相实绩")


class Commitment(ContentModel):
    """A service commitment that goes with the list, such as 首问负责."""

    name: Text = Field(description="承诺名称，如 首问负责")
    text: Text = Field(description="具体标准")


class ResponsibilityList(ContentModel):
    """One responsibility list: the top of one ``content/lists/*.yml`` file."""

    id: Id
    title: Text = Field(description="清单标题")
    unit: Text | None = Field(default=None, description="单位；不写时读者在页面上填写（如空白模板）")
    position: Text | None = Field(default=None, description="岗位；不写时读者在页面上填写")
    period: Period = Field(default=Period(), description="期间")
    introduction: Markdown | None = Field(default=None, description="可选的说明（Markdown）")
    commitments: list[Commitment] = Field(default=[], description="随清单作出的承诺")
    columns: list[Column] | None = Field(
        default=None, min_length=1, description="列；不写时用默认的八列")
    rows: list[dict[str, Text]] = Field(
        default=[], description="预填的行：列标识 → 内容")
    blank_rows: int = Field(default=5, ge=0, le=200, description="留给手写的空行数")
    signatures: list[Text] = Field(
        default=["本人签字", "分管领导审核", "日期"], description="签字栏")
    orientation: Literal["landscape", "portrait"] = Field(
        default="landscape", description="纸张方向：landscape 横向（默认）或 portrait 纵向")

    def table_columns(self) -> list[Column]:
        """The columns as printed: per-quarter columns split when the period has quarters."""
        result: list[Column] = []
        for column in self.columns or DEFAULT_COLUMNS:
            if column.per_quarter and self.period.quarters:
                result += [column.model_copy(update={
                    "key": f"{column.key}-q{n}", "name": f"{column.name}（{quarter}）",
                    "width": column.width / 2, "per_quarter": False})
                    for n, quarter in enumerate(QUARTERS, start=1)]
            else:
                result.append(column)
        return result


#: The column numbered by the page itself.
NUMBER_COLUMN = "no"
