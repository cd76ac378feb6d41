"""A 民主测评 report as a page, a standalone HTML file, CSV, an Excel workbook, and the printable
反馈表 (one A4 page per cadre) for the 考核谈话.

Every table is made once by ``table_rows`` (text as the report shows it) and written by each
output; the page and the 反馈表 are Jinja templates (``appraisal-report.md.j2``,
``appraisal-feedback.html.j2``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from generator.reports.appraisal import CadreRow, Mean, Part, Share
from generator.reports.appraisal_report import AppraisalReport
from generator.reports.render import REJECTED_REASONS, csv_text
from generator.scoring.scorer import one_decimal
from generator.templating import environment, front_matter, nav_title

#: Said on every output: the report names cadres.
INTERNAL = "内部资料，注意保存：本报告列出干部个人的民主测评结果，仅供考核和考核谈话使用，不得公开发布。"
#: Why a 民主测评 form's 评价码 was not counted, beyond those of rating forms.
REASONS = {**REJECTED_REASONS, "group": "别的评价人类别的评价码"}
#: Comments the 反馈表 prints per cadre (the rest are in the report), and their length.
FEEDBACK_COMMENTS, COMMENT_CHARS = 6, 120
WEIGHTED = "加权合计"


def pct(value: float | None) -> str:
    return "" if value is None else one_decimal(value)


def interval(s: Share) -> tuple[str, str]:
    return ("", "") if s.interval is None else (one_decimal(s.interval[0]),
                                               one_decimal(s.interval[1]))


def mean_text(m: Mean) -> str:
    return "" if m.mean is None else one_decimal(m.mean, places=2)


@dataclass(frozen=True)
class Tables:
    head: list[str]
    rows: list[list[str]]  # per cadre: its parts, then the weighted row
    rules_head: list[str]
    rules: list[list[str]]
    gaps_head: list[str]
    gaps: list[list[str]]


def _line(row: CadreRow, name: str, weight: str, normalised: str, forms: int, graded: int,
          unknown: int, grades: list[Share], excellent: Share, competent: Share,
          dims: list[Mean]) -> list[str]:
    return [row.name, row.title, name, weight, normalised, str(forms), str(graded), str(unknown),
            *(pct(g.rate) for g in grades), pct(excellent.rate), *interval(excellent),
            pct(competent.rate), *interval(competent), *(mean_text(d) for d in dims)]


def table_rows(report: AppraisalReport) -> Tables:
    form = report.form
    head = ["被评价人", "职务", "评价人类别", "权重", "归一权重", "份数", "评定等次的份数", "不了解",
            *(f"{g.label}%" for g in form.scale), "优秀率%", "优秀率95%下限", "优秀率95%上限",
            "称职率%", "称职率95%下限", "称职率95%上限", *(f"{d.name}平均" for d in form.dimensions)]
    rows = []
    rules = []
    gaps = []
    for row in report.rows:
        for part in row.parts:
            rows.append(_part_line(row, part))
        if row.parts:
            rows.append(_line(row, WEIGHTED, "", "1", sum(p.cell.forms for p in row.parts),
                              sum(p.cell.graded for p in row.parts), row.unknown, row.grades,
                              row.excellent, row.competent, row.dims))
        for o in row.outcomes:
            rules.append([row.name, o.text, o.measure, o.shown,
                          "" if o.withheld else str(o.votes), "" if o.withheld else str(o.of),
                          o.bounds, applies_text(o.applies), o.result if o.applies else ""])
        for gap in report.gaps.get(row.id, []):
            gaps.append([row.name, gap.dimension, one_decimal(gap.own, places=2),
                         "" if gap.others is None else one_decimal(gap.others, places=2),
                         *(("", "") if gap.interval is None else
                           (one_decimal(gap.interval[0], places=2),
                            one_decimal(gap.interval[1], places=2))),
                         "谈话时可以谈一谈" if gap.talk else ""])
    return Tables(head, rows, ["被评价人", "规定", "计算的是", "占比%", "票数", "有效票", "规定的界限",
                               "是否适用", "结论"], rules,
                  ["被评价人", "维度", "本人", "他人加权平均", "95%下限", "95%上限", "谈话要点"], gaps)


def _part_line(row: CadreRow, part: Part) -> list[str]:
    name = part.name if not part.members else f"{part.name}（{'、'.join(part.members)}）"
    return _line(row, name, f"{part.weight:g}", one_decimal(part.normalised, places=3),
                 part.cell.forms, part.cell.graded, part.cell.unknown, part.grades,
                 part.excellent, part.competent, part.dims)


def applies_text(applies: bool | None) -> str:
    return "无法计算" if applies is None else ("适用" if applies else "不适用")


def appraisal_csv(report: AppraisalReport) -> str:
    """The per-cadre, per-group table for a spreadsheet (UTF-8 with a BOM, for Excel and WPS)."""
    t = table_rows(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(t.head)
    for line in t.rows:
        writer.writerow([csv_text(v) for v in line])
    return "\ufeff" + out.getvalue()


def _cell(sheet: Any, value: str) -> Any:
    """A number as a number, text always as text (never a formula)."""
    try:
        return float(value) if value and value.lstrip("-").replace(".", "", 1).isdigit() else \
            _text(sheet, value)
    except ValueError:
        return _text(sheet, value)


def _text(sheet: Any, value: str) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def write_workbook(report: AppraisalReport, path: Path, issuer: str, date: str) -> None:
    """汇总, 规则, 自评与他评 (when handed in), 说明."""
    t = table_rows(report)
    book = Workbook(write_only=True)
    for title, head, rows in (("汇总", t.head, t.rows), ("规则", t.rules_head, t.rules),
                              ("自评与他评", t.gaps_head, t.gaps)):
        if title == "自评与他评" and not rows:
            continue
        sheet = book.create_sheet(title)
        sheet.append([_text(sheet, h) for h in head])
        for line in rows:
            sheet.append([_cell(sheet, v) for v in line])
    notes = book.create_sheet("说明")
    for text in (INTERNAL, report.form.title, *notes_of(report), f"落款：{issuer} {date}".strip()):
        notes.append([_text(notes, text)])
    book.save(path)


def notes_of(report: AppraisalReport) -> list[str]:
    """What every output says about weights, anonymity and the intervals."""
    form = report.form
    weights = "、".join(f"{g.name} {g.weight:g}" for g in form.groups)
    return [f"权重：{weights}。每名干部只按有评价的类别计算，"
            "这些类别的权重重新归一（各自除以它们的权重之和）。",
            "匿名保护：某一类评价人的测评表少于这一类的最少份数时不单独显示，"
            "与其他不足份数的类别合并为“其他”；合并后仍少于其中最大的最少份数时不显示，也不计入加权。",
            "优秀率、称职率（含优秀）的 95% 区间：单一类别用 Wilson 法；"
            "加权合计用按有效份数计算的 Wilson 法。"]


def render_page(report: AppraisalReport, title: str) -> str:
    return environment().get_template("appraisal-report.md.j2").render(
        front_matter=front_matter(title=nav_title(title), search={"exclude": True}),
        title=title, report=report, form=report.form, rows=report.rows, notes=notes_of(report),
        internal=INTERNAL, reasons=REASONS, weighted=WEIGHTED, applies_text=applies_text,
        counts=report.tokens.counts, uses_tokens=any(g.token != "none" for g in report.form.groups))


def render_feedback(report: AppraisalReport, issuer: str, date: str) -> str:
    """The 反馈表: one A4 page per cadre, for the 考核谈话, with the unit's 落款."""
    return environment().get_template("appraisal-feedback.html.j2").render(
        form=report.form, rows=report.rows, issuer=issuer, date=date,
        gaps={subject: {g.dimension: g for g in gs} for subject, gs in report.gaps.items()},
        most=FEEDBACK_COMMENTS, chars=COMMENT_CHARS, applies_text=applies_text,
        internal=INTERNAL)
