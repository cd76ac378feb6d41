"""The 随堂测验 format: every mistake in a lesson's ``check:`` placed at ``path:line:col``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, content_errors

P = "content/courses/demo.yml"

CHECK = textwrap.indent(textwrap.dedent("""\
    check:
      - id: q1
        type: single
        text: 哪一项对？
        shuffle: true
        options:
          - {label: 甲, correct: true}
          - {label: 乙}
        explanation: 因为甲对。
      - id: q2
        type: multiple
        text: 哪些对？
        options:
          - {label: 甲, correct: true}
          - {label: 乙, correct: true}
          - {label: 丙}
        explanation: 甲乙都对。
      - id: q3
        type: truefalse
        text: 这句话对。
        answer: true
        explanation: 对。
      - id: q4
        type: fill
        text: 先 ___，后 ___。
        blanks: [[理论武装, 理论学习], [业务技能]]
        explanation: 理论在前。
    """), " " * 8)


def with_check(check: str = CHECK, extra: str = "") -> str:
    """The minimal course with *check* on its first lesson (and *extra* after it)."""
    return MINIMAL_COURSE.replace("        discussion: [问题]\n      - id: l2",
                                  check + extra + "        discussion: [问题]\n      - id: l2", 1)


def test_a_lesson_with_a_check_of_every_type_is_valid(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(with_check(extra="        pass: 75%\n").replace("summary: 简介\n",
                 "summary: 简介\npass: 80%\nearlier_marks: uncredited\n", 1))
    course = load_project(project).courses[0].course
    lesson = course.modules[0].lessons[0]
    assert [item.type for item in lesson.check] == ["single", "multiple", "truefalse", "fill"]
    assert (course.pass_percent(lesson), course.pass_percent(course.modules[0].lessons[1])) == (75, 80)
    assert course.earlier_marks == "uncredited"


CASES = [
    pytest.param(CHECK.replace("- {label: 乙}\n", "- {label: 乙, correct: true}\n", 1),
                 f"{P}:29:15: modules[0].lessons[0].check[0].options: expected exactly one option "
                 "with 'correct: true' in a single-choice item, found 2", id="single-two-right"),
    pytest.param(CHECK.replace("- {label: 甲, correct: true}\n", "- {label: 甲}\n", 1),
                 f"{P}:29:15: modules[0].lessons[0].check[0].options: expected exactly one option "
                 "with 'correct: true' in a single-choice item, found 0", id="single-none-right"),
    pytest.param(CHECK.replace("{label: 甲, correct: true}\n              - {label: 乙, correct: true}",
                               "{label: 甲}\n              - {label: 乙}"),
                 f"{P}:36:15: modules[0].lessons[0].check[1].options: expected at least one option "
                 "with 'correct: true' in a multiple-choice item, found none",
                 id="multiple-none-right"),
    pytest.param(CHECK.replace("- {label: 丙}", "- {label: 乙。}"),
                 f"{P}:38:25: modules[0].lessons[0].check[1].options[2].label: duplicate option "
                 "'乙。': expected different options, found the same as options[1]",
                 id="duplicate-option"),
    pytest.param(CHECK.replace("              - {label: 乙}\n", "", 1),
                 f"{P}:29:15: modules[0].lessons[0].check[0].options: expected at least 2 items, "
                 "found a list of 1", id="single-one-option"),
    pytest.param(CHECK.replace("id: q2", "id: q1"),
                 f"{P}:32:17: modules[0].lessons[0].check[1].id: duplicate id 'q1': expected ids "
                 "unique in the lesson's check, found it already on line 24", id="duplicate-id"),
    pytest.param(CHECK.replace("先 ___，后 ___。", "先 ___，后业务。"),
                 f"{P}:47:19: modules[0].lessons[0].check[3].text: expected one ___ (three or more "
                 "underscores) in the text for each of the 2 blanks, found 1", id="blank-unmarked"),
    pytest.param(CHECK.replace("[业务技能]]", "[]]"),
                 f"{P}:48:36: modules[0].lessons[0].check[3].blanks[1]: expected at least one "
                 "accepted answer for the blank, found none", id="blank-without-answer"),
    pytest.param(CHECK.replace("[业务技能]]", "[“”]]"),
                 f"{P}:48:37: modules[0].lessons[0].check[3].blanks[1][0]: expected an answer "
                 "with letters or digits, found '“”', which no reply can match once spaces and "
                 "punctuation are left out", id="blank-answer-only-punctuation"),
    pytest.param(CHECK.replace("answer: true", "answer: 对"),
                 f"{P}:43:21: modules[0].lessons[0].check[2].answer: expected true or false, "
                 "found '对'", id="truefalse-not-a-boolean"),
    pytest.param(CHECK.replace("type: truefalse", "type: judge"),
                 f"{P}:41:19: modules[0].lessons[0].check[2].type: expected one of 'single', "
                 "'multiple', 'truefalse', 'fill', found 'judge'", id="unknown-type"),
    pytest.param(CHECK.replace("            explanation: 对。\n", ""),
                 f"{P}:40:13: modules[0].lessons[0].check[2]: missing required key 'explanation'",
                 id="no-explanation"),
]


@pytest.mark.parametrize(("check", "expected"), CASES)
def test_a_mistake_in_a_check_is_placed(
    project: Path, write_course: Callable[..., Path], check: str, expected: str
) -> None:
    write_course(with_check(check))
    found = content_errors(project)
    assert any(e.startswith(expected) for e in found), found


@pytest.mark.parametrize("rule", ["0%", "120%", "0.8", "80", "half", "80.5%"])
def test_a_pass_rule_is_all_or_a_whole_percent(
    project: Path, write_course: Callable[..., Path], rule: str
) -> None:
    write_course(with_check().replace("summary: 简介\n", f"summary: 简介\npass: {rule}\n", 1))
    [error] = content_errors(project)
    assert error.startswith(f"{P}:4:7: pass: expected 'all' or a whole percent from 1% to 100%"), error


def test_a_pass_rule_on_a_lesson_without_a_check_is_an_error(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("        prerequisites: [l1]\n",
                                        "        prerequisites: [l1]\n        pass: 80%\n"))
    assert content_errors(project) == [
        f"{P}:39:15: modules[0].lessons[1].pass: expected 'pass' only on a lesson with a "
        "check, found no items under 'check'"]
