"""``score``: recompute a result from a file, refuse what does not belong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE

ANSWERS = {"q1": 4, "q2": 4, "q3": 1, "q4": [0, 1]}


def exported(project: Path, answers: dict[str, object], **changes: object) -> dict[str, object]:
    spec = quiz_spec(load_project(project).quizzes[0].quiz)
    data: dict[str, object] = {
        "format": "kb-quiz-result", "version": 1, "date": "2026-11-27T08:00:00Z",
        "questionnaire": {"id": spec["id"], "title": spec["title"], "version": spec["version"],
                          "hash": spec["hash"]},
        "answers": answers, "result": score(spec, answers)}
    data.update(changes)
    return data


def run(project: Path, tmp_path: Path, data: object, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "-C", str(project), "check", str(path), *extra])
    return result.exit_code, result.stdout, result.stderr


def test_prints_the_table_of_a_bare_answer_file(quiz_project: Path, tmp_path: Path) -> None:
    code, out, _ = run(quiz_project, tmp_path, ANSWERS)
    assert code == 0
    assert out == (
        "小测 (check, version 1)\n"
        "Answered 4 of 6 items.\n"
        "\n"
        "dimension    percent  band\n"
        "愿为            50.0  强\n"
        "敢为           100.0  全部\n"
        "overall         75.0  好\n"
        "Profiles: none\n")


def test_json_output_is_the_scorer_result(quiz_project: Path, tmp_path: Path) -> None:
    code, out, _ = run(quiz_project, tmp_path, ANSWERS, "--format", "json")
    assert code == 0
    assert json.loads(out)["overall"] == {"percent": 75.0, "band": 1}


def test_an_exported_result_is_checked_against_its_figures(
    quiz_project: Path, tmp_path: Path
) -> None:
    code, out, _ = run(quiz_project, tmp_path, exported(quiz_project, ANSWERS))
    assert code == 0
    assert out.endswith("The result stored in the file matches this computation.\n")


def test_altered_figures_are_refused(quiz_project: Path, tmp_path: Path) -> None:
    data = exported(quiz_project, ANSWERS)
    data["result"]["overall"]["percent"] = 95.0  # type: ignore[index]
    code, _, err = run(quiz_project, tmp_path, data)
    assert code == 1
    assert err == (f"Error: {tmp_path / 'answers.json'}: the result stored in the file differs "
                   "from this computation: it was not made by these rules, or was altered\n")


def test_a_result_of_another_version_is_refused(quiz_project: Path, tmp_path: Path) -> None:
    data = exported(quiz_project, ANSWERS)
    data["questionnaire"] = {"id": "check", "version": "0", "hash": "0123456789abcdef"}
    code, _, err = run(quiz_project, tmp_path, data)
    assert code == 1
    assert "expected a result of the current version of 'check'" in err
    assert "found one of version 0 (0123456789abcdef)" in err


def test_a_result_of_another_questionnaire_is_refused(quiz_project: Path, tmp_path: Path) -> None:
    data = exported(quiz_project, ANSWERS)
    data["questionnaire"] = {"id": "other", "hash": "x"}
    code, _, err = run(quiz_project, tmp_path, data)
    assert (code, err) == (1, f"Error: {tmp_path / 'answers.json'}: expected a result of 'check', "
                              "found one of 'other'\n")


def test_an_unknown_questionnaire_is_named(quiz_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "-C", str(quiz_project), "chek", str(path)])
    assert (result.exit_code, result.stderr) == (
        1, "Error: no questionnaire 'chek': expected the id or file of one of: check\n")


def test_a_file_that_is_not_json(quiz_project: Path, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{oops", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "-C", str(quiz_project), "check", str(path)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {path}:1:2: expected a JSON result file, found invalid JSON (Expecting "
           "property name enclosed in double quotes)\n")


def test_a_result_of_an_older_version_says_which_answers_still_fit(
    quiz_project: Path, tmp_path: Path
) -> None:
    data = exported(quiz_project, ANSWERS)
    spec = quiz_spec(load_project(quiz_project).quizzes[0].quiz)
    fps = {item["id"]: item["fp"] for item in spec["items"] if item["id"] in ANSWERS}
    data["fingerprints"] = dict(fps, q2="0" * 16)  # q2 was worded otherwise then
    data["questionnaire"] = dict(data["questionnaire"], version="0", hash="0123456789abcdef")  # type: ignore[arg-type]
    code, _, err = run(quiz_project, tmp_path, data)
    assert code == 1
    assert err.endswith("found one of version 0 (0123456789abcdef): 3 of its answers fit the current "
                       "questions; changed since: q2 (import it on the questionnaire page to keep "
                       "the others)\n")


def test_response_style_checks_are_reported(project: Path, write_course: Callable[..., Path],
                                            write_quiz: Callable[..., Path], tmp_path: Path) -> None:
    write_course(MINIMAL_COURSE)
    write_quiz((Path(__file__).parent / "vectors" / "style.yml").read_text(encoding="utf-8"),
               "style.yml")
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"a1": 4, "a2": 4, "a3": 4, "a4": 4, "b1": 4, "b2": 4, "b3": 1}),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "-C", str(project), "style", str(path)])
    assert result.exit_code == 0
    assert result.stdout.endswith("Response-style checks: 对相反的说法都表示同意, 全部量表题选同一项\n")
