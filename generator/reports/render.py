"""A group report as a page of the site, a standalone HTML file, and CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
from html import escape

import markdown as md

from generator.reports.cohort import Cohort, dimension_rows
from generator.reports.ratings import UNCERTAIN, answer_labels, rating_rows, report_periods, unit_rows
from generator.reports.stats import ScaleRow
from generator.reports.verify import Rejected
from generator.scoring.scorer import CHECK_NAMES, one_decimal
from generator.templating import environment, front_matter, nav_title


def render_report(cohort: Cohort, baseline: Cohort | None, min_group: int, title: str,
                  rejected: list[Rejected] | None = None, keyed: bool = False) -> str:
    """The group report as a Markdown page of the site (SVG charts drawn here, at build time)."""
    scales: list[ScaleRow] = cohort.items.rows() if cohort.complete >= min_group else []
    periods = report_periods(cohort.spec, cohort.ratings)
    return environment().get_template("report.md.j2").render(
        front_matter=front_matter(title=nav_title(title), search={"exclude": True}),
        title=title, spec=cohort.spec, cohort=cohort, baseline=baseline, min_group=min_group,
        rows=dimension_rows(cohort, baseline), ratings=rating_rows(cohort.spec, cohort.ratings),
        periods=periods, labels=answer_labels(cohort.spec), scales=scales,
        units=unit_rows(cohort.spec, cohort.unit, periods), rejected=rejected or [], keyed=keyed,
        reasons=REJECTED_REASONS, uncertain=UNCERTAIN, tokens_used=tokens_used(cohort),
        checks=[(CHECK_NAMES[c], cohort.checks[c]) for c in CHECK_NAMES if cohort.checks[c]])


def tokens_used(cohort: Cohort) -> bool:
    """Whether the report speaks of 评价码: the form asks for them, or some form has one."""
    counts = cohort.tokens.counts if cohort.tokens is not None else None
    return counts is not None and (bool(cohort.spec.get("token")) or any(
        counts[k] for k in ("verified", "unchecked", "rejected")))


#: Why a form's 评价码 was not counted, as the report says it.
REJECTED_REASONS = {"mistyped": "抄错", "forged": "伪造或抄错（密钥对不上）",
                    "other": "给别的干部或期次的评价码", "reused": "评价码已用过"}


#: The response-style checks as the report names them.


def csv_text(value: str) -> str:
    """Text a spreadsheet shows as text: a leading =, +, -, @, tab or CR would start a formula."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def report_csv(cohort: Cohort, baseline: Cohort | None, min_group: int) -> str:
    """The per-dimension (or per-cadre) table for a spreadsheet, with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if cohort.spec["kind"] == "rating":
        labels = answer_labels(cohort.spec)
        writer.writerow(["被评价人", "期次", "份数", "满意率", "95%下限", "95%上限", *labels,
                         "已核验", "无评价码", "结论"])
        for row in rating_rows(cohort.spec, cohort.ratings):
            for cell in row.cells:
                if cell is None:
                    continue
                low, high = ("", "") if cell.interval is None else (
                    one_decimal(cell.interval[0]), one_decimal(cell.interval[1]))
                writer.writerow([csv_text(row.subject), csv_text(cell.period), cell.forms,
                                 "" if cell.rate is None else one_decimal(cell.rate), low, high,
                                 *(one_decimal(share) for _name, share in cell.shares),
                                 cell.verified, cell.untokened, cell.conclusion or ""])
    elif cohort.complete >= min_group:
        writer.writerow(["维度", "份数", "平均", "下四分位", "中位数", "上四分位", "较对照"])
        for dim in dimension_rows(cohort, baseline):
            if dim.stats:
                s = dim.stats
                writer.writerow([dim.name, int(s["n"]), *(one_decimal(s[k]) for k in
                                 ("mean", "q1", "median", "q3")),
                                 "" if dim.change is None else one_decimal(dim.change, sign=True)])
    return "\ufeff" + out.getvalue()


def standalone_html(markdown_page: str, title: str) -> str:
    """The report as one HTML file, for mail or a shared drive (no site, no assets)."""
    body = markdown_page.split("---\n", 2)[2]
    html = md.markdown(body, extensions=["tables", "admonition", "md_in_html"])
    return (
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>body{{font-family:sans-serif;max-width:50rem;"
        "margin:2rem auto;padding:0 1rem}}table{{border-collapse:collapse}}"
        "td,th{{border:1px solid #999;padding:.3em .6em}}svg{{max-width:22rem}}</style></head>"
        f"<body>\n{html}\n</body></html>\n"
    )
