"""The register as a page of the site, a standalone A4 通报 (HTML), and CSV.

Every output is made from ``tables``: the same rows, the same figures, as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TextIO

from markupsafe import Markup, escape

from generator.content.models.course import CHANNELS
from generator.register.make import Register, Unit
from generator.register.tally import STATUSES, Row
from generator.reports.render import csv_text
from generator.scoring.scorer import one_decimal
from generator.templating import environment, format_hours, front_matter, nav_title

INTERNAL = "内部资料，注意保存：本表点名列出干部的学习情况，仅供本单位内部通报和督促使用，不得公开发布。"


@lru_cache(maxsize=8192)
def percent(share: float) -> str:
    """A share as 85.0%; cached, so that a register of 100,000 rows shares its figures."""
    return one_decimal(share * 100) + "%"


@lru_cache(maxsize=8192)
def hours(value: float) -> str:
    return format_hours(round(value, 2))


def chinese_date(day: Any) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Tables:
    """The register as rows of text, for every output."""

    title: str
    channels: list[str]
    cadre_head: list[str]
    cadres: list[list[str]]
    unit_head: list[str]
    units: list[list[str]]
    behind_head: list[str]
    behind: list[list[str]]
    counts: dict[str, int]


def channels_of(reg: Register) -> list[str]:
    used = {lesson.channel for _m, lesson in reg.course.lessons()}
    return [c for c in CHANNELS if c in used]


@lru_cache(maxsize=1024)
def count(n: int) -> str:
    return str(n)


def cadre_cells(r: Row, channels: list[str]) -> list[str]:
    c = r.cadre
    return [c.unit, c.name, c.title, c.level, hours(r.required_total),
            *(hours(r.earned.get(ch, 0.0)) for ch in channels), hours(r.earned_total),
            count(r.lessons), percent(r.rate), r.status, r.last or "—"]


def unit_cells(u: Unit) -> list[str]:
    return [u.name, str(u.expected), str(u.taking), percent(u.taking_rate), str(u.done),
            percent(u.done_rate), one_decimal(u.average)]


def table_chunks(css: str, head: list[str], rows: list[list[str]], row_heads: bool = False) -> Iterator[str]:
    """A table as HTML, a row at a time: a register of 100,000 rows is written, never held."""
    yield (f'<table class="{css}">\n<thead><tr>' + "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
           + "</tr></thead>\n<tbody>\n")
    for cells in rows:
        first = f'<th scope="row">{escape(cells[0])}</th>' if row_heads else f"<td>{escape(cells[0])}</td>"
        yield "<tr>" + first + "".join(f"<td>{escape(c)}</td>" for c in cells[1:]) + "</tr>\n"
    yield "</tbody>\n</table>\n"


#: Where a template puts each table; the writer puts the table's rows there.
MARKS = {"cadre_table": "\x00cadres\x00", "unit_table": "\x00units\x00", "behind_table": "\x00behind\x00",
         "notes_list": "\x00notes\x00"}


def note_lines(reg: Register) -> Iterator[str]:
    """The 记录说明, a cadre a line: what was not counted, or counted on a code's word."""
    for r in reg.rows:
        if r.notes:
            yield (f"- {escape(r.cadre.unit)} {escape(r.cadre.name)}（{escape(r.source)}）："
                   f"{escape('；'.join(r.notes))}。\n\n")


def tables(reg: Register) -> Tables:
    """The register's tables, made once for every output."""
    if "tables" not in reg.cache:
        reg.cache["tables"] = _tables(reg)
    made: Tables = reg.cache["tables"]
    return made


def _tables(reg: Register) -> Tables:
    channels = channels_of(reg)
    title = reg.course.training.title if reg.course.training else reg.course.title
    behind = [[r.cadre.unit, r.cadre.name, r.cadre.title, r.status, hours(r.earned_total),
               hours(r.required_total), _missing(r), when or "—"] for r, when in reg.behind()]
    counts = {status: 0 for status in STATUSES}
    for r in reg.rows:
        counts[r.status] += 1
    return Tables(
        title=title, channels=channels,
        cadre_head=["单位", "姓名", "职务", "层级", "应修学时", *(f"已修学时（{c}）" for c in channels),
                    "已修学时合计", "完成课数", "完成率", "状态", "最近学习日期"],
        cadres=[cadre_cells(r, channels) for r in reg.rows],
        unit_head=["单位", "应参学人数", "参学人数", "参学率", "完成规定学时人数", "完成率", "平均学时"],
        units=[unit_cells(u) for u in [*reg.units, reg.total]],
        behind_head=["单位", "姓名", "职务", "状态", "已修学时", "应修学时", "尚差学时", "下一个截止日期"],
        behind=behind, counts=counts)


def _missing(row: Row) -> str:
    """尚差学时, with the channels that lack them: 2.5（集中课堂 2.5）."""
    parts = "、".join(f"{c} {hours(h)}" for c, h in row.missing_by_channel().items())
    return f"{hours(row.missing)}（{parts}）" if parts else hours(row.missing)


def _context(reg: Register, issuer: str) -> dict[str, Any]:
    t = tables(reg)
    training = reg.course.training
    return {"reg": reg, "t": t, **{name: Markup(mark) for name, mark in MARKS.items()},
            "issuer": issuer, "date": chinese_date(reg.date),
            "internal": INTERNAL, "course": reg.course,
            "basis": training.basis if training else "",
            "levels": [(lv.level, [(c, hours(h)) for c, h in lv.hours.items()])
                       for lv in training.levels] if training else [],
            "has_notes": any(r.notes for r in reg.rows),
            "sort_name": "按拼音" if reg.sort == "pinyin" else "按姓氏笔画"}


def _write(text: str, reg: Register, out: TextIO) -> None:
    """*text* with each table mark replaced by the table, written a row at a time."""
    t = tables(reg)
    tables_at = {MARKS["cadre_table"]: ("kbr-cadres", t.cadre_head, t.cadres, False),
                 MARKS["unit_table"]: ("kbr-units", t.unit_head, t.units, True),
                 MARKS["behind_table"]: ("kbr-behind", t.behind_head, t.behind, False)}
    for part in re.split("(\x00[a-z]+\x00)", text):
        if part == MARKS["notes_list"]:
            out.writelines(note_lines(reg))
        elif part in tables_at:
            css, head, rows, row_heads = tables_at[part]
            out.writelines(table_chunks(css, head, rows, row_heads))
        else:
            out.write(part)


def write_page(reg: Register, issuer: str, out: TextIO) -> None:
    """The register as a Markdown page of the site (kept out of search)."""
    context = _context(reg, issuer)
    title = f"{context['t'].title} · 学习登记"
    _write(environment().get_template("register.md.j2").render(
        front_matter=front_matter(title=nav_title(title), search={"exclude": True}),
        title=title, **context), reg, out)


def write_html(reg: Register, issuer: str, out: TextIO) -> None:
    """The printable A4 通报 with the register as its 附件: one file, no site, no scripts."""
    _write(environment().get_template("register.html.j2").render(**_context(reg, issuer)), reg, out)


def write_csv(reg: Register, out: TextIO) -> None:
    """The per-cadre table for a spreadsheet, with a BOM for Excel and WPS."""
    t = tables(reg)
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(t.cadre_head)
    for cells in t.cadres:
        writer.writerow([csv_text(c) for c in cells])


def as_text(write: Callable[..., None], *args: Any) -> str:
    """What a writer above writes, as one string (for tests and small registers)."""
    out = io.StringIO()
    write(*args, out)
    return out.getvalue()
