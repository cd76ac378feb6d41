"""Questionnaire validation: one case per kind of error, each at its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ, content_errors

Q = "quizzes/check.yml"


@pytest.fixture
def quiz_project(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project



def test_minimal_questionnaire_is_valid(quiz_project: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(MINIMAL_QUIZ)
    assert [q.quiz.id for q in load_project(quiz_project).quizzes] == ["check"]


CASES = [
    pytest.param(MINIMAL_QUIZ.replace("dimension: dare\n    text: 情景题",
                                      "dimension: dara\n    text: 情景题"),
                 [f"{Q}:29:16: items[2].dimension: expected the id of a dimension, found 'dara'; "
                  "did you mean 'dare'?"], id="unknown-dimension"),
    pytest.param(MINIMAL_QUIZ.replace("dimension: dare\n    text: 情景题",
                                      "dimension: will\n    text: 情景题")
                 .replace("dimension: dare\n    text: 多选", "dimension: will\n    text: 多选"),
                 [f"{Q}:11:5: dimensions[1]: expected at least one scored item in dimension 'dare', "
                  "found none"], id="empty-dimension"),
    pytest.param(MINIMAL_QUIZ.replace("{from: 50, to: 100, label: 强", "{from: 60, to: 100, label: 强"),
                 [f"{Q}:10:16: dimensions[0].bands: expected bands covering 0–100, found a gap from "
                  "50 to 60"], id="band-gap"),
    pytest.param(MINIMAL_QUIZ.replace("{from: 60, to: 100, label: 好", "{from: 50, to: 100, label: 好"),
                 [f"{Q}:55:12: bands: expected bands that do not overlap, found 50 to 60 in two "
                  "bands"], id="band-overlap"),
    pytest.param(MINIMAL_QUIZ.replace("{from: 0, to: 100, label: 全部", "{from: 0, to: 90, label: 全部"),
                 [f"{Q}:14:23: dimensions[1].bands: expected bands covering 0–100, found a gap from "
                  "90 to 100"], id="band-short-of-100"),
    pytest.param(MINIMAL_QUIZ.replace("lessons: [l2]", "lessons: [l7]"),
                 [f"{Q}:63:15: profiles[0].lessons[0]: expected the id of a lesson, found 'l7'"],
                 id="unknown-lesson"),
    pytest.param(MINIMAL_QUIZ.replace("{label: 担当, score: 3}", "{label: 担当, score: 很高}"),
                 [f"{Q}:33:28: items[2].options[1].score: expected a number, found '很高'"],
                 id="score-not-a-number"),
    pytest.param(MINIMAL_QUIZ.replace("- id: q2", "- id: q1"),
                 [f"{Q}:21:9: items[1].id: duplicate id 'q1': expected ids unique in items, found it "
                  "already on line 16"], id="duplicate-item-id"),
    pytest.param(MINIMAL_QUIZ.replace("type: yesno", "type: yes-no"),
                 [f"{Q}:45:11: items[4].type: expected one of 'likert', 'single', 'multi', 'yesno', "
                  "'text', found 'yes-no'; did you mean 'yesno'?"], id="unknown-item-type"),
    pytest.param(MINIMAL_QUIZ.replace("    scale: agree5\n    reverse: true",
                                      "    scale: agree5\n    reverse: yes please"),
                 [f"{Q}:26:14: items[1].reverse: expected true or false, found 'yes please'"],
                 id="not-a-boolean"),
    pytest.param(MINIMAL_QUIZ.replace("    text: 反思\n", "    text: 反思\n    reverse: true\n"),
                 [f"{Q}:52:5: items[5]: unknown key 'reverse' (expected one of: id, text, help, "
                  "required, section, type, dimension)"], id="text-items-are-never-scored"),
    pytest.param(MINIMAL_QUIZ.replace("    scale: agree5\n    reverse: true", "    reverse: true"),
                 [f"{Q}:21:5: items[1]: expected exactly one of 'scale' (a preset) or 'options' "
                  "(custom labels)"], id="likert-without-scale"),
    pytest.param(MINIMAL_QUIZ.replace("    max: 2\n", "    max: 5\n"),
                 [f"{Q}:39:10: items[3].max: expected 1 ≤ min ≤ max ≤ 3 options, found min 1 and "
                  "max 5"], id="multi-max-beyond-options"),
    pytest.param(MINIMAL_QUIZ.replace("{label: 担当, score: 3}", "{label: 担当, score: 1}")
                 .replace("{label: 回避, score: 0}", "{label: 回避, score: 1}"),
                 [f"{Q}:27:5: items[2]: expected options with different scores, found every answer "
                  "scoring 1, which cannot be scored"], id="item-cannot-discriminate"),
    pytest.param(MINIMAL_QUIZ.replace("{dimension: dare, below: 50}",
                                      "{dimension: daring, below: 50}"),
                 [f"{Q}:61:21: profiles[0].when[1].dimension: expected the id of a dimension, found "
                  "'daring'; did you mean 'dare'?"], id="profile-unknown-dimension"),
    pytest.param(MINIMAL_QUIZ.replace("{dimension: will, at_least: 70}", "{dimension: will}"),
                 [f"{Q}:60:9: profiles[0].when[0]: expected at least one of 'at_least' or 'below'"],
                 id="condition-without-bound"),
    pytest.param(MINIMAL_QUIZ.replace("id: check", "id: l1"),
                 [f"{Q}:1:5: id: duplicate id 'l1': expected ids unique across the project, found "
                  "it already used at content/courses/demo.yml:9:13"], id="id-taken-by-a-lesson"),
    pytest.param(MINIMAL_QUIZ.replace("introduction: 说明", "introduction: 说明\nthreshold: 80"),
                 [f"{Q}:5:12: threshold: expected 'threshold' only on a rating form (kind: rating), "
                  "found it on a self questionnaire"], id="threshold-on-a-self-assessment"),
    pytest.param(MINIMAL_QUIZ.replace("introduction: 说明", "introduction: 说明\nperiods: [一期]"),
                 [f"{Q}:5:10: periods: expected 'periods' only on a rating form (kind: rating), "
                  "found it on a self questionnaire"], id="periods-on-a-self-assessment"),
    pytest.param(MINIMAL_QUIZ.replace("introduction: 说明", "introduction: 说明\nkind: rating\n"
                                      "satisfied: [满意]\nperiods: [一期, 二期]")
                 .replace("type: yesno", "type: yesno\n    satisfied: 是"),
                 [f"{Q}:6:13: satisfied[0]: expected the text of an option of the items, found "
                  "'满意'"], id="satisfied-not-an-option"),
    pytest.param(MINIMAL_QUIZ.replace("introduction: 说明", "introduction: 说明\nkind: rating\n"
                                      "satisfied: [担当]\nperiods: [一期, 二期, 一期]")
                 .replace("type: yesno", "type: yesno\n    satisfied: 是"),
                 [f"{Q}:7:19: periods[2]: duplicate period '一期': expected each period once, found "
                  "it already at periods[0]"], id="duplicate-period"),
    pytest.param(MINIMAL_QUIZ.replace("    scale: agree5\n    reverse: true",
                                      "    scale: agree5\n    reverse: true\n    opposite: q9"),
                 [f"{Q}:27:15: items[1].opposite: expected the id of an item, found 'q9'"],
                 id="opposite-unknown"),
    pytest.param(MINIMAL_QUIZ.replace("    scale: agree5\n    reverse: true",
                                      "    scale: agree5\n    opposite: q1"),
                 [f"{Q}:26:15: items[1].opposite: expected a reverse-keyed item naming a "
                  "forward-keyed one, found 'q2' (reverse: false) naming 'q1' (reverse: false)"],
                 id="opposite-not-reverse-keyed"),
    pytest.param(MINIMAL_QUIZ.replace("    dimension: dare\n    text: 多选",
                                      "    dimension: dare\n    not_applicable: true\n    text: 多选"),
                 [f"{Q}:38:5: items[3]: unknown key 'not_applicable' (expected one of: id, text, "
                  "help, required, section, dimension, weight, reverse, scope, type, options, min, "
                  "max)"],
                 id="no-not-applicable-on-multi"),
    pytest.param(MINIMAL_QUIZ.replace("dimension: will\n    text: 我愿意学习",
                                      "dimention: will\n    text: 我愿意学习"),
                 [f"{Q}:18:5: items[0]: unknown key 'dimention'; did you mean the required key "
                  "'dimension'?"], id="misspelt-required-key"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bad_questionnaire_gets_a_clear_error(
    quiz_project: Path, write_quiz: Callable[..., Path], text: str, expected: list[str]
) -> None:
    write_quiz(text)
    assert content_errors(quiz_project) == expected
