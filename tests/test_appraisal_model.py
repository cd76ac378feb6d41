"""The 民主测评 form (kind: appraisal): its model, its roster file and its checks."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.site.pages import PageRenderer
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ, REPO, content_errors

F = "quizzes/ceping.yml"

#: A small valid appraisal form; tests break one thing at a time.
APPRAISAL = textwrap.dedent("""\
    id: ceping
    title: 民主测评
    version: "2027.1"
    kind: appraisal
    introduction: 说明
    period: 2027年度
    subjects:
      - {id: zhang-san, name: 张三, title: 局长}
      - {id: li-si, name: 李四, title: 副局长}
    groups:
      - {id: banzi, name: 领导班子成员, weight: 0.4, min_forms: 3, token: required}
      - {id: xiashu, name: 下属, weight: 0.6}
    comment: 意见建议（选填）
    rules:
      - {id: bu, text: 不称职票超过三分之一的，确定为不称职, grades: [bu-chenzhi], above: 33.4,
         result: 确定为不称职}
    """)


@pytest.fixture
def root(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project


def test_an_appraisal_form_loads_with_the_defaults(root: Path,
                                                   write_quiz: Callable[..., Path]) -> None:
    write_quiz(APPRAISAL, "ceping.yml")
    write_quiz(MINIMAL_QUIZ, "check.yml")
    project = load_project(root)
    assert [q.quiz.id for q in project.quizzes] == ["check"]
    form = project.appraisals[0].form
    assert [s.name for s in form.cadres()] == ["张三", "李四"]
    assert [g.label for g in form.scale] == ["优秀", "称职", "基本称职", "不称职"]
    assert [d.name for d in form.dimensions] == ["德", "能", "勤", "绩", "廉"]
    assert all(d.description for d in form.dimensions)
    assert (form.groups[0].token, form.groups[1].token, form.groups[1].min_forms) == (
        "required", "none", 5)
    said = CliRunner().invoke(main, ["validate", "-C", str(root)]).stdout
    assert said == "OK: 1 courses, 2 lessons, 2 questionnaires, 0 lists, no errors.\n"


def test_a_roster_file_gives_the_subjects(root: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(APPRAISAL.replace(
        "subjects:\n  - {id: zhang-san, name: 张三, title: 局长}\n"
        "  - {id: li-si, name: 李四, title: 副局长}\n", "roster: 名单.csv\n"), "ceping.yml")
    write_quiz("\ufeff标识,姓名,职务\nwang-wu,王五,科长\n\nzhao-liu,赵六,副科长\n", "名单.csv")
    form = load_project(root).appraisals[0].form
    assert [(s.id, s.name, s.title) for s in form.cadres()] == [
        ("wang-wu", "王五", "科长"), ("zhao-liu", "赵六", "副科长")]


def test_roster_errors_name_the_row(root: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(APPRAISAL.replace(
        "subjects:\n  - {id: zhang-san, name: 张三, title: 局长}\n"
        "  - {id: li-si, name: 李四, title: 副局长}\n", "roster: 名单.csv\n"), "ceping.yml")
    write_quiz("标识,姓名,职务\nwang-wu,王五,科长\nWang,王六,科长\nwang-wu,王七,科员\n", "名单.csv")
    errors = content_errors(root)
    assert any(e.startswith("quizzes/名单.csv:3:1: expected a row with 标识") for e in errors), errors
    assert ("quizzes/名单.csv:4:1: duplicate id 'wang-wu': expected ids unique in the roster, "
            "found it already on line 2") in errors


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace("id: li-si", "id: zhang-san"),
     f"{F}:9:10: subjects[1].id: duplicate id 'zhang-san': expected ids unique in subjects, found "
     "it already on line 8"),
    (lambda t: t.replace("weight: 0.6", "weight: 0"),
     f"{F}:12:36: groups[1].weight: expected a number greater than 0, found the number 0"),
    (lambda t: t.replace("weight: 0.6", "weight: -1"),
     f"{F}:12:36: groups[1].weight: expected a number greater than 0, found the number -1"),
    (lambda t: t.replace("above: 33.4,", "above: 33.4, groups: [xiasu],"),
     f"{F}:15:84: rules[0].groups[0]: expected the id of a rater group, found 'xiasu'; "
     "did you mean 'xiashu'?"),
    (lambda t: t.replace("grades: [bu-chenzhi]", "grades: [buchengzhi]"),
     f"{F}:15:49: rules[0].grades[0]: expected the id of a grade of the scale, found "
     "'buchengzhi'; did you mean 'bu-chenzhi'?"),
    (lambda t: t.replace("subjects:\n  - {id: zhang-san, name: 张三, title: 局长}\n"
                         "  - {id: li-si, name: 李四, title: 副局长}\n", "subjects: []\n"),
     f"{F}:7:11: subjects: expected at least 1 item, found an empty list"),
    (lambda t: t.replace("subjects:\n", "roster: a.csv\nsubjects:\n"),
     f"{F}:1:1: (top level): expected exactly one of 'subjects' (the cadres listed here) or 'roster' "
     "(a file of cadres)"),
    (lambda t: t.replace("token: required", "token: yes"),
     f"{F}:11:65: groups[0].token: expected one of 'required', 'optional' or 'none', found true"),
], ids=["duplicate-subject", "zero-weight", "negative-weight", "unknown-group", "unknown-grade",
        "no-subjects", "both-sources", "token"])
def test_appraisal_errors_name_file_line_and_column(
        root: Path, write_quiz: Callable[..., Path], change: Callable[[str], str],
        expected: str) -> None:
    write_quiz(change(APPRAISAL), "ceping.yml")
    assert expected in content_errors(root)


def test_all_appraisal_errors_come_in_one_run(root: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(APPRAISAL.replace("id: li-si", "id: zhang-san").replace("weight: 0.6", "weight: 0")
               .replace("grades: [bu-chenzhi]", "grades: [x]"), "ceping.yml")
    assert len(content_errors(root)) == 3


def test_the_documented_example_is_valid(root: Path, write_quiz: Callable[..., Path]) -> None:
    text = (REPO / "docs" / "questionnaire-format.md").read_text("utf-8")
    blocks = [part.split("```", 1)[0] for part in text.split("```yaml\n")[1:]]
    write_quiz(next(block for block in blocks if "kind: appraisal" in block), "ceping.yml")
    form = load_project(root).appraisals[0].form
    assert (form.id, len(form.groups), form.rules[0].grades) == ("minzhu-ceping-2027", 4, ["bu-chenzhi"])


def test_names_on_the_page_are_plain_text(root: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(APPRAISAL.replace("name: 张三, title: 局长",
                                 'name: "<img src=x onerror=alert(1)>", title: "[点我](http://x.example)"')
               .replace("comment: 意见建议（选填）", 'comment: "<b>意见</b>"'), "ceping.yml")
    project = load_project(root)
    text = PageRenderer(project).pages()[-1].text
    assert "<img src=x" not in text and "&lt;img src=x" in text
    assert "<small>&#91;点我&#93;&#40;http" in text and "<b>意见" not in text  # no link made
    assert text.count('value="不了解"') == 2 * (1 + 5)  # two cadres: the grade and five dimensions
