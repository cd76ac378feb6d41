"""The fields of rating forms: tokens, decision rules, overall items, yes/no items with a satisfied
answer, 未遇到 apart from 不了解, and each item's scope (a warning when it is not said)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.content.models.questionnaire import Questionnaire
from generator.reports.slips import make_slips, slips_html
from generator.scoring import tokens
from generator.scoring.codes import CodeError, code_text, encode, read_code
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from generator.scoring.tokens import bare
from generator.site.pages import PageRenderer
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


def test_the_rating_page_and_its_slips_address_the_rater_as_nin(
        root: Path, write_quiz: Callable[..., Path]) -> None:
    """Raters are members of the public: the page's own words and the slips say 您, never 你
    (a self-assessment, read by the cadre, keeps 你)."""
    write_quiz(FULL, "rate.yml")
    write_quiz(MINIMAL_QUIZ, "check.yml")
    project = load_project(root)
    renderer = PageRenderer(project)
    pages = {q.quiz.kind: renderer.quiz_page(q.quiz).text for q in project.quizzes}
    assert "你" not in pages["rating"] and "感谢您的评价" in pages["rating"]
    assert "你" in pages["self"]
    slip_page = slips_html("满意度", "干部甲", "1期", make_slips(b"k" * 32, "rate", "干部甲", "1期", 1, 2))
    assert "你" not in slip_page and "您" in slip_page


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


# ---- Shared vectors of rating forms (未遇到, tokens in result codes), held by both scorers ----

VECTORS = Path(__file__).parent / "vectors"

#: name, what the case depends on (nm, token), answers, token typed (None: none)
RATING_CASES: list[tuple[str, str, dict[str, Any], str | None]] = [
    ("every item answered with an option", "", {"r1": 2, "r2": 1, "r3": 0, "all": 2}, None),
    ("未遇到 on a likert item, after its 不了解", "nm", {"r1": 0, "r2": 4, "r3": 1, "all": 1}, None),
    ("不了解 on a likert item that also offers 未遇到", "", {"r1": 3, "r2": 3, "r3": 0, "all": 0},
     None),
    ("未遇到 on a yes/no item without 不了解: the index after its options", "nm",
     {"r1": 2, "r2": 0, "r3": 2, "all": 2}, None),
    ("the overall item left unanswered: incomplete", "", {"r1": 2, "r2": 0, "r3": 2}, None),
    ("a token typed: result code format 2", "token", {"r1": 1, "r2": 2, "r3": 0, "all": 2},
     "3223R-266WT-26SFU"),
    ("a token typed and 未遇到", "nm, token", {"r1": 3, "r2": 4, "r3": 2, "all": 0},
     "3ZZZ2-6STQ9-CE4BT"),
]


def rating_vectors() -> dict[str, Any]:
    source = VECTORS / "rating.yml"
    quiz = Questionnaire.model_validate(yaml.safe_load(source.read_text("utf-8")))
    spec = quiz_spec(quiz)
    cases = []
    for index, (name, needs, answers, token) in enumerate(RATING_CASES):
        date = f"2027-03-{index + 1:02d}T09:30:00.000Z"
        cases.append({"name": name, "needs": needs, "answers": answers, "date": date,
                      "token": token, "expected": score(spec, answers),
                      "code": encode(spec, answers, date, None if token is None else bare(token))})
    return {"about": "Rating-form vectors both scorers pass (pytest here, tests/js/score.test.cjs): "
                     "未遇到 ('nm') and tokens in result codes (format 2); 'needs' says what a "
                     "case depends on. tests/test_rating_form.py makes them "
                     "(pytest --update-golden).",
            "source": "tests/vectors/rating.yml", "spec": spec, "cases": cases}


def test_rating_vectors_are_current(update_golden: bool) -> None:
    made = json.dumps(rating_vectors(), ensure_ascii=False, indent=1) + "\n"
    target = VECTORS / "rating.json"
    if update_golden:
        target.write_text(made, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == made, "run pytest --update-golden"


@pytest.mark.parametrize("case", json.loads((VECTORS / "rating.json").read_text("utf-8"))["cases"],
                         ids=lambda c: c["name"])
def test_rating_vectors_hold_for_python(case: dict[str, Any]) -> None:
    spec = json.loads((VECTORS / "rating.json").read_text("utf-8"))["spec"]
    assert score(spec, case["answers"]) == case["expected"]
    token = None if case["token"] is None else bare(case["token"])
    assert encode(spec, case["answers"], case["date"], token) == case["code"]
    read = read_code(case["code"], [spec])
    assert read[1] == {k: v for k, v in case["answers"].items()}
    assert read[3] == token
    assert case["code"][0] == ("4" if token else "3")  # format 2 with a token, else 1


def test_an_old_code_of_format_1_still_reads() -> None:
    spec = json.loads((VECTORS / "rating.json").read_text("utf-8"))["spec"]
    code = encode(spec, {"r1": 2, "r2": 1, "r3": 0, "all": 2}, "2027-01-01T10:00:00Z")
    assert code.startswith("3") and read_code(code, [spec])[3] is None
    with_token = encode(spec, {"r1": 2, "r2": 1, "r3": 0, "all": 2}, "2027-01-01T10:00:00Z",
                        bare("3223R-266WT-26SFU"))
    assert len(code_text(with_token)) == len(code_text(code)) + 13
    assert tokens.read(read_code(with_token, [spec])[3] or "").text == "3223R-266WT-26SFU"


def test_a_token_mistyped_in_a_code_is_caught_by_the_code() -> None:
    spec = json.loads((VECTORS / "rating.json").read_text("utf-8"))["spec"]
    text = code_text(encode(spec, {"r1": 2}, "2027-01-01T10:00:00Z", bare("3223R-266WT-26SFU")))
    wrong = text[:15] + ("2" if text[15] != "2" else "3") + text[16:]
    with pytest.raises(CodeError, match="check symbols"):
        read_code(wrong, [spec])
