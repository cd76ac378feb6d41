"""The fields of rating forms: tokens, decision rules, overall items, yes/no items with a satisfied
answer, 未遇到 apart from 不了解, and each item's scope (a warning when it is not said)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ, content_errors
from tests.test_aggregate import RATING

Q = "quizzes/rate.yml"

#: RATING with every item's scope said, a yes/no item, 未遇到, an overall item and tokens.
FULL = RATING.replace(
    "  - {id: r1, type: likert, dimension: service, text: 态度, scale: satisfaction3, "
    "not_applicable: true}\n"
    "  - {id: r2, type: likert, dimension: service, text: 效率, scale: satisfaction3, "
    "not_applicable: true}\n",
    "  - {id: r1, type: likert, dimension: service, text: 态度, scale: satisfaction3, "
    "not_applicable: true, scope: person}\n"
    "  - {id: r2, type: likert, dimension: service, text: 排队, scale: satisfaction3, "
    "not_applicable: true, scope: unit}\n"
    "  - {id: r3, type: yesno, dimension: service, text: 一次告知, satisfied: 是, "
    "not_applicable: true, not_met: true, scope: person}\n"
    "  - {id: all, type: likert, dimension: service, text: 总体, scale: satisfaction3, "
    "scope: person}\n").replace("min_forms: 2\n", "min_forms: 2\ntoken: required\n"
                               "decision: point\noverall_item: all\n")


@pytest.fixture
def root(project: Path, write_course: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    return project


def test_a_full_rating_form_is_valid_and_in_the_spec(root: Path,
                                                      write_quiz: Callable[..., Path]) -> None:
    write_quiz(FULL, "rate.yml")
    project = load_project(root)
    assert project.warnings == []
    spec = quiz_spec(project.quizzes[0].quiz)
    assert (spec["token"], spec["decision"], spec["overall_item"]) == ("required", "point", "all")
    items = {i["id"]: i for i in spec["items"]}
    assert items["r3"]["na"] == "不了解" and items["r3"]["nm"] == "未遇到"
    assert items["r3"]["satisfied"] == "是" and items["r2"]["scope"] == "unit"


def test_unused_rating_fields_leave_the_spec_as_it_was(root: Path,
                                                       write_quiz: Callable[..., Path]) -> None:
    """A form using none of the new fields keeps its hash, so that kb-score.js agrees."""
    write_quiz(RATING, "rate.yml")
    spec = quiz_spec(load_project(root).quizzes[0].quiz)
    assert not {"token", "decision", "overall_item"} & set(spec)
    assert all(not {"nm", "scope", "satisfied"} & set(item) for item in spec["items"])


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace("satisfied: 是, ", ""),
     f"{Q}:21:5: items[2]: missing key 'satisfied': expected a yes/no item of a rating form to say "
     "which answer counts as satisfied (是 or 否)"),
    (lambda t: t.replace("overall_item: all", "overall_item: al"),
     f"{Q}:10:15: overall_item: expected the id of an item, found 'al'; did you mean 'all'?"),
    (lambda t: t.replace("overall_item: all", "overall_item: r2"),
     f"{Q}:10:15: overall_item: expected an overall item about the rated cadre, found 'r2' with "
     "scope: unit"),
    (lambda t: t.replace("token: required", "token: always"),
     f"{Q}:8:8: token: expected one of 'required' or 'optional', found 'always'"),
    (lambda t: t.replace("decision: point", "decision: points"),
     f"{Q}:9:11: decision: expected one of 'interval' or 'point', found 'points'; did you mean 'point'?"),
], ids=["yesno-without-satisfied", "unknown-overall", "unit-overall", "token", "decision"])
def test_rating_fields_are_checked(root: Path, write_quiz: Callable[..., Path], change: Callable[
        [str], str], expected: str) -> None:
    write_quiz(change(FULL), "rate.yml")
    assert expected in content_errors(root)


def test_rating_fields_are_refused_on_a_self_assessment(root: Path,
                                                        write_quiz: Callable[..., Path]) -> None:
    write_quiz(MINIMAL_QUIZ.replace("    scale: agree5\n", "    scale: agree5\n    scope: unit\n", 1)
               .replace("id: check\n", "id: check\ntoken: optional\n"))
    errors = content_errors(root)
    assert any("token: expected 'token' only on a rating form" in e for e in errors), errors
    assert any(".scope: expected 'scope' only on a rating form" in e for e in errors), errors


def test_an_item_without_scope_is_a_warning_not_an_error(root: Path,
                                                          write_quiz: Callable[..., Path]) -> None:
    write_quiz(FULL.replace("scale: satisfaction3, not_applicable: true, scope: unit}",
                            "scale: satisfaction3, not_applicable: true}"), "rate.yml")
    result = CliRunner().invoke(main, ["validate", "--project", str(root)])
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: {Q}:20:5: items[1]: expected 'scope: person' (what the "
                             "rated cadre does) or 'scope: unit' (what the unit decides, such as "
                             "waiting time, queue order or fees, kept out of the cadre's 满意率); "
                             "counted as person\n")
    result = CliRunner().invoke(main, ["validate", "--project", str(root), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["ok"] and data["errors"] == [] and data["warnings"][0]["line"] == 20
