"""The register as an Excel workbook (.xlsx, openpyxl): 登记表, 单位汇总, 提醒名单, 说明.

Figures are numbers (rates as percentages) so that a spreadsheet can sort and sum them; text
is always text, never a formula, whatever it starts with.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from generator.register.make import Register
from generator.register.render import INTERNAL, Tables, chinese_date, tables

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
BOLD = Font(bold=True)


def _cell(sheet: Any, value: str, bold: bool = False) -> Any:
    """A plain value where openpyxl writes it as it is (fast); a styled cell otherwise."""
    if not bold and NUMBER.match(value):
        return float(value) if "." in value else int(value)
    if not bold and not value.startswith("=") and not value.endswith("%"):
        return value
    if value.endswith("%") and NUMBER.match(value[:-1]):
        cell = WriteOnlyCell(sheet, value=float(value[:-1]) / 100)
        cell.number_format = "0.0%"
    else:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula
    if bold:
        cell.font = BOLD
    return cell


def _sheet(book: Workbook, title: str, head: list[str], rows: list[list[str]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([_cell(sheet, h, bold=True) for h in head])
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])


def write_workbook(reg: Register, path: Path, issuer: str) -> None:
    t: Tables = tables(reg)
    book = Workbook(write_only=True)
    _sheet(book, "登记表", t.cadre_head, t.cadres)
    _sheet(book, "单位汇总", t.unit_head, t.units)
    _sheet(book, "提醒名单", t.behind_head, t.behind)
    notes = [[INTERNAL], [f"{t.title} · 学习登记"], [f"统计日期：{chinese_date(reg.date)}"],
             [f"课程：{reg.course.title}"]]
    if reg.course.training:
        notes.append([f"学时要求：{reg.course.training.basis}"])
    if issuer:
        notes.append([f"落款：{issuer}"])
    _sheet(book, "说明", ["说明"], notes)
    book.save(path)
