"""The register as a page of the site, a standalone A4 通报 (HTML), and CSV.

Every output is made from ``tables``: the same rows, the same figures, as text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from generator.content.models.course import CHANNELS
from generator.register.make import Register, Unit
from generator.register.tally import STATUSES, Row
from generator.reports.render import csv_text
from generator.scoring.scorer import one_decimal
from generator.templating import environment, format_hours, front_matter, nav_title

INTERNAL = "内部资料，注意保存：本表点名列出干部的学习情况，仅供本单位内部通报和督促使用，不得公开发布。"


def percent(share: float) -> str:
    return one_decimal(share * 100) + "%"


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


def cadre_cells(r: Row, channels: list[str]) -> list[str]:
    c = r.cadre
    return [c.unit, c.name, c.title, c.level, hours(r.required_total),
            *(hours(r.earned.get(ch, 0.0)) for ch in channels), hours(r.earned_total),
            str(r.lessons), percent(r.rate), r.status, r.last or "—"]


def unit_cells(u: Unit) -> list[str]:
    return [u.name, str(u.expected), str(u.taking), percent(u.taking_rate), str(u.done),
            percent(u.done_rate), one_decimal(u.average)]


def tables(reg: Register) -> Tables:
    channels = channels_of(reg)
    title = reg.course.training.title if reg.course.training else reg.course.title
    behind = [[r.cadre.unit, r.cadre.name, r.cadre.title, r.status, hours(r.earned_total),
               hours(r.required_total), hours(r.missing), when or "—"] for r, when in reg.behind()]
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


def _context(reg: Register, issuer: str) -> dict[str, Any]:
    t = tables(reg)
    training = reg.course.training
    return {"reg": reg, "t": t, "issuer": issuer, "date": chinese_date(reg.date),
            "internal": INTERNAL, "course": reg.course,
            "basis": training.basis if training else "",
            "levels": [(lv.level, [(c, hours(h)) for c, h in lv.hours.items()])
                       for lv in training.levels] if training else [],
            "notes": [(r.cadre, r.source, r.notes) for r in reg.rows if r.notes],
            "sort_name": "按拼音" if reg.sort == "pinyin" else "按姓氏笔画"}


def render_page(reg: Register, issuer: str) -> str:
    """The register as a Markdown page of the site (kept out of search)."""
    context = _context(reg, issuer)
    title = f"{context['t'].title} · 学习登记"
    return environment().get_template("register.md.j2").render(
        front_matter=front_matter(title=nav_title(title), search={"exclude": True}),
        title=title, **context)


def render_html(reg: Register, issuer: str) -> str:
    """The printable A4 通报 with the register as its 附表: one file, no site, no scripts."""
    return environment().get_template("register.html.j2").render(**_context(reg, issuer))


def register_csv(reg: Register) -> str:
    """The per-cadre table for a spreadsheet, with a BOM for Excel and WPS."""
    t = tables(reg)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(t.cadre_head)
    for cells in t.cadres:
        writer.writerow([csv_text(c) for c in cells])
    return "\ufeff" + out.getvalue()
