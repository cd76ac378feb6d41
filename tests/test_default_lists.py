"""The shipped 岗位责任清单 (content/lists/) offer the columns practised, and a usable blank.

Between them the shipped lists show every column units use in practice; the blank template
leaves 单位, 岗位 and 年度 to the reader, reports 实绩 by quarter (定期亮相实绩) and carries the
three service commitments; the columns stay wide enough to read on A4 landscape; and the column
keys readers' saved cells are kept by stay.
"""

from __future__ import annotations

import pytest

from generator.content.models.responsibility import ResponsibilityList
from generator.site.project import load_project
from tests.conftest import REPO

PROJECT = load_project(REPO)
LISTS = {loaded.list.id: loaded.list for loaded in PROJECT.lists}
BLANK = "kongbai"

#: The columns practised in 岗位责任清单 → the column key that carries each.
PRACTISED = {
    "职责依据": "basis",
    "工作标准": "standard",
    "完成时限": "deadline",
    "责任人": "owner",
    "A/B 角": "backup",
    "协作岗位": "partners",
    "问责情形": "accountability",
    "实绩（按季度亮相）": "results",
    "公示/亮相日期": "shown",
    "考核评价": "assessment",
}
#: Readers' saved cells are kept by column key: the keys the lists were first published with.
KEPT_KEYS = ("duty", "standard", "deadline", "owner", "backup", "results", "assessment")
COMMITMENTS = ("首问负责", "一次性告知", "限时办结")

#: The columns the course calls 缺一不可 (lesson gangwei-zeren-qingdan): every shipped list has
#: them, the blank template and the worked examples alike. Column key → words its header carries.
REQUIRED = {
    "basis": ("职责依据",),
    "partners": ("协作岗位",),
    "accountability": ("问责情形", "处理依据"),
    "shown": ("亮相",),
}
#: The line that ends every list: it is checked (审核) and made public (公示) before it counts.
LAST_LINE = ("审核", "公示")

#: The narrowest printed column (but 序号), as a share of the table: 4.5% of A4 landscape's
#: 273 mm between the margins is about 12 mm, three characters of the 9 pt print.
MIN_COLUMN_SHARE = 0.045


def keys(lst: ResponsibilityList) -> set[str]:
    return {column.key for column in lst.columns or []}


by_list = pytest.mark.parametrize("lst", list(LISTS.values()), ids=list(LISTS))


def test_the_blank_template_leaves_unit_position_and_year_to_the_reader() -> None:
    blank = LISTS[BLANK]
    given = {name: value for name, value in
             (("unit", blank.unit), ("position", blank.position), ("year", blank.period.year))
             if value is not None}
    assert not given, f"{BLANK}: expected fill-in fields, found {given}"


def test_the_blank_template_reports_results_by_quarter() -> None:
    blank = LISTS[BLANK]
    quarterly = [column.key for column in blank.columns or [] if column.per_quarter]
    assert blank.period.quarters and "results" in quarterly, (
        f"{BLANK}: expected quarterly 实绩 columns, found quarters={blank.period.quarters}, "
        f"per-quarter columns {quarterly}")


def test_the_blank_template_carries_the_three_commitments() -> None:
    names = [commitment.name for commitment in LISTS[BLANK].commitments]
    missing = [name for name in COMMITMENTS if name not in names]
    assert not missing, f"{BLANK}: expected a 承诺事项 section with {missing}, found {names}"


def test_the_shipped_lists_together_offer_every_practised_column() -> None:
    offered = set().union(*(keys(lst) for lst in LISTS.values()))
    missing = [f"{name} ({key})" for name, key in PRACTISED.items() if key not in offered]
    assert not missing, f"no shipped list has a column for: {', '.join(missing)}"


@by_list
def test_every_list_has_the_columns_the_course_calls_indispensable(lst: ResponsibilityList) -> None:
    columns = {column.key: column.name for column in lst.columns or []}
    wrong = [f"{key} ({'、'.join(words)})" for key, words in REQUIRED.items()
             if key not in columns or not all(word in columns[key] for word in words)]
    assert not wrong, f"{lst.id}: expected the columns {wrong}, found {list(columns.values())}"


def test_the_worked_examples_use_the_blank_templates_columns() -> None:
    blank = [column.key for column in LISTS[BLANK].columns or []]
    differ = {ident: [column.key for column in lst.columns or []]
              for ident, lst in LISTS.items() if ident != BLANK}
    wrong = {ident: cols for ident, cols in differ.items() if cols != blank}
    assert not wrong, f"expected the columns of {BLANK} {blank}, found {wrong}"


@by_list
def test_every_prefilled_accountability_cell_names_its_handling_basis(
    lst: ResponsibilityList
) -> None:
    missing = [row.get("duty", "?") for row in lst.rows
               if "处理依据" not in (row.get("accountability") or "")]
    assert not missing, f"{lst.id}: rows without 问责情形 and its 处理依据: {missing}"


@by_list
def test_every_list_ends_with_a_review_and_publication_line(lst: ResponsibilityList) -> None:
    lines = list(lst.signatures)
    found = [word for word in LAST_LINE if any(word in line for line in lines)]
    assert lines and found == list(LAST_LINE) and any(w in lines[-1] for w in LAST_LINE), (
        f"{lst.id}: expected signature lines for 审核 and 公示, the last of them one of these, "
        f"found {lines}")


@by_list
def test_results_are_reported_by_quarter(lst: ResponsibilityList) -> None:
    """定期亮相实绩: every shipped list splits 实绩 into the four quarters."""
    results = [column for column in lst.columns or [] if column.key == "results"]
    assert lst.period.quarters and results and results[0].per_quarter and results[0].handwritten, (
        f"{lst.id}: expected a hand-written 实绩 column split by quarter")


@by_list
def test_the_keys_readers_cells_are_kept_by_stay(lst: ResponsibilityList) -> None:
    gone = [key for key in KEPT_KEYS if key not in keys(lst)]
    assert not gone, f"{lst.id}: columns gone or renamed, readers' cells would move aside: {gone}"


@by_list
def test_columns_stay_readable_on_a4_landscape(lst: ResponsibilityList) -> None:
    assert lst.orientation == "landscape", f"{lst.id}: a wide table prints landscape"
    printed = lst.table_columns()
    total = sum(column.width for column in printed)
    narrow = [f"{column.name} {column.width / total:.1%}" for column in printed
              if column.key != "no" and column.width / total < MIN_COLUMN_SHARE]
    assert not narrow, f"{lst.id}: columns narrower than {MIN_COLUMN_SHARE:.1%}: {narrow}"
