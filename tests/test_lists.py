"""Responsibility lists: validation with a place for every error, and the generated page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site.pages import render_pages
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_LIST, content_errors

L = "content/lists/window.yml"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def list_project(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project



def test_minimal_list_is_valid_and_not_published_as_a_file(
    list_project: Path, write_list: Callable[..., Path]
) -> None:
    write_list(MINIMAL_LIST)
    loaded = load_project(list_project)
    assert [x.list.id for x in loaded.lists] == ["window"]
    assert all("lists" not in p.parts for p in loaded.pages)


CASES = [
    pytest.param(MINIMAL_LIST.replace("standard: 当场答复", "standrad: 当场答复"),
                 [f"{L}:9:18: rows[0]: expected the key of a column (duty, standard, deadline, "
                  "owner, backup, results-q1, results-q2, results-q3, results-q4, assessment), "
                  "found 'standrad'; did you mean 'standard'?"], id="row-key-not-a-column"),
    pytest.param(MINIMAL_LIST.replace("{duty: 受理审核", "{no: 9, duty: 受理审核"),
                 [f"{L}:10:6: rows[1]: expected the key of a column (duty, standard, deadline, "
                  "owner, backup, results-q1, results-q2, results-q3, results-q4, assessment), "
                  "the number column is filled in by the page"], id="row-fills-the-number"),
    pytest.param(MINIMAL_LIST.replace("unit: 某中心\n", "unit: 某中心\nunti: 又一个\n"),
                 [f"{L}:4:1: unknown key 'unti'; did you mean 'unit'? (expected one of: id, title, "
                  "unit, position, period, introduction, commitments, columns, rows, blank_rows, "
                  "signatures, orientation)"], id="unknown-key"),
    pytest.param(MINIMAL_LIST.replace("{name: 首问负责", "{nmae: 首问负责"),
                 [f"{L}:7:6: commitments[0]: unknown key 'nmae'; did you mean the required key "
                  "'name'?"], id="misspelt-required-key"),
    pytest.param(MINIMAL_LIST.replace("title: 窗口岗位责任清单\n", ""),
                 [f"{L}:1:1: missing required key 'title'"], id="missing-key"),
    pytest.param(MINIMAL_LIST.replace("year: 2027", "year: 二〇二七"),
                 [f"{L}:5:16: period.year: expected a whole number, found '二〇二七'"],
                 id="wrong-type"),
    pytest.param(MINIMAL_LIST + "orientation: sideways\n",
                 [f"{L}:12:14: orientation: expected one of 'landscape' or 'portrait', found "
                  "'sideways'"], id="bad-orientation"),
    pytest.param(MINIMAL_LIST.replace("blank_rows: 2", "blank_rows: -1"),
                 [f"{L}:11:13: blank_rows: expected a number of at least 0, found the number -1"],
                 id="negative-blank-rows"),
    pytest.param(MINIMAL_LIST + "columns:\n" + "".join(
                     f"  - {{key: {key}, name: 列}}\n"
                     for key in ("duty", "standard", "deadline", "owner", "backup", "duty")),
                 [f"{L}:18:11: columns[5].key: duplicate key 'duty': expected each column once, "
                  "found it already in columns[0]"], id="duplicate-column"),
    pytest.param(MINIMAL_LIST.replace("backup: 同组人员}", "backup: 同组人员, assessment: 优秀}"),
                 [f"{L}:9:89: rows[0].assessment: expected nothing in a column filled in by hand, "
                  "found '优秀' (remove it, or give the column handwritten: false)"],
                 id="text-in-a-handwritten-column"),
    pytest.param(MINIMAL_LIST + "introduction: 见[第一课](id:l9)\n",
                 [f"{L}:12:15: introduction: link (id:l9) expected the id of a lesson, found 'l9'"],
                 id="dangling-link-in-introduction"),
    pytest.param(MINIMAL_LIST + "columns:\n  - {key: no, name: 序号}\n",
                 [f"{L}:13:11: columns[0].key: expected text, found false (YAML reads unquoted "
                  "yes/no/on/off/true/false as true or false: put it in quotes)"],
                 id="unquoted-no"),
    pytest.param(MINIMAL_LIST.replace("id: window", "id: l1"),
                 [f"{L}:1:5: id: duplicate id 'l1': expected ids unique across the project, found "
                  "it already used at content/courses/demo.yml:9:13"], id="id-taken-by-a-lesson"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bad_list_gets_a_clear_error(
    list_project: Path, write_list: Callable[..., Path], text: str, expected: list[str]
) -> None:
    write_list(text)
    assert content_errors(list_project) == expected


def test_list_page_matches_golden_file(
    list_project: Path, write_list: Callable[..., Path], update_golden: bool
) -> None:
    write_list(MINIMAL_LIST.replace("当场答复", "当场答复 <img src=x onerror=alert(1)>"))
    page = next(p for p in render_pages(load_project(list_project)) if p.path == "lists/window.md")
    golden = GOLDEN / page.path
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(page.text, encoding="utf-8")
    assert page.text == golden.read_text(encoding="utf-8")
    assert "<img" not in page.text


def test_quarters_split_the_results_column(list_project: Path,
                                           write_list: Callable[..., Path]) -> None:
    write_list(MINIMAL_LIST)
    [loaded] = load_project(list_project).lists
    names = [c.name for c in loaded.list.table_columns()]
    assert names == ["序号", "职责/任务", "工作标准", "完成时限", "责任人", "A/B角",
                     "实绩（第一季度）", "实绩（第二季度）", "实绩（第三季度）", "实绩（第四季度）",
                     "考核评价"]
