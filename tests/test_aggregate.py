"""``aggregate``: group reports from files and codes, checked on small hand-made cohorts."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.aggregate import rating_flag
from generator.cli import main
from generator.codes import encode
from generator.project import load_project
from generator.questionnaires import quiz_spec
from generator.scoring import score
from generator.site import build_site
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ, REPO

#: (q1, q2) answers giving 愿为 0, 25, 50, 75 and 100 (q2 is reverse-keyed); 敢为 is 100 in all.
WILL = {0: (0, 4), 25: (2, 4), 50: (4, 4), 75: (4, 2), 100: (4, 0)}

RATING = textwrap.dedent("""\
    id: rate
    title: 满意度
    version: "1"
    introduction: 评价
    kind: rating
    threshold: 80
    dimensions:
      - id: service
        name: 服务
        bands:
          - {from: 0, to: 80, label: 未达标, interpretation: 调整}
          - {from: 80, to: 100, label: 达标, interpretation: 好}
    items:
      - {id: r1, type: likert, dimension: service, text: 态度, scale: satisfaction3}
      - {id: r2, type: likert, dimension: service, text: 效率, scale: satisfaction3}
    bands:
      - {from: 0, to: 80, label: 未达标, interpretation: 调整}
      - {from: 80, to: 100, label: 达标, interpretation: 好}
    """)


@pytest.fixture
def root(project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    write_quiz(MINIMAL_QUIZ)
    write_quiz(RATING, "rate.yml")
    return project


def specs(root: Path) -> dict[str, dict[str, Any]]:
    return {q.quiz.id: quiz_spec(q.quiz) for q in load_project(root).quizzes}


def export(spec: dict[str, Any], answers: dict[str, Any], date: str) -> str:
    return json.dumps({"format": "kb-quiz-result", "version": 1, "date": date,
                       "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
                       "answers": answers, "result": score(spec, answers)})


def cohort(root: Path, folder: Path, wills: list[int]) -> Path:
    spec = specs(root)["check"]
    folder.mkdir(parents=True, exist_ok=True)
    for n, will in enumerate(wills):
        q1, q2 = WILL[will]
        answers = {"q1": q1, "q2": q2, "q3": 1, "q4": [0, 1]}
        (folder / f"r{n}.json").write_text(export(spec, answers, f"2027-01-0{n + 1}T08:00:00Z"),
                                           "utf-8")
    return folder


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["aggregate", "-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_exact_statistics_of_a_small_cohort(root: Path, tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25, 50, 75, 100])
    csv = tmp_path / "t.csv"
    code, out, _ = run(root, str(folder), "--csv", str(csv))
    assert code == 0
    assert out.startswith("Read 5 results of 小测 (0 duplicates counted once, 0 skipped).")
    assert csv.read_bytes().decode("utf-8") == (
        "\ufeff维度,份数,平均,下四分位,中位数,上四分位,较对照\r\n"
        "愿为,5,50.0,25.0,50.0,75.0,\r\n"
        "敢为,5,100.0,100.0,100.0,100.0,\r\n"
        "总体,5,75.0,62.5,75.0,87.5,\r\n")
    page = (root / "content" / "reports" / "check.md").read_text(encoding="utf-8")
    assert "愿为的档次分布：弱 2 份，强 3 份" in page
    assert "总体的档次分布：一般 1 份，好 4 份" in page


def test_the_same_result_twice_counts_once(root: Path, tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25, 50, 75, 100])
    spec = specs(root)["check"]
    codes = tmp_path / "codes.txt"  # the printed report's code of a result already sent as a file
    codes.write_text(encode(spec, {"q1": 0, "q2": 4, "q3": 1, "q4": [0, 1]},
                            "2027-01-01T08:00:00Z") + "\n", "utf-8")
    code, out, _ = run(root, str(folder), str(folder), str(codes))
    assert code == 0
    assert out.startswith("Read 5 results of 小测 (6 duplicates counted once, 0 skipped).")


def test_a_small_group_is_not_broken_down(root: Path, tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25, 50, 75])
    code, _, _ = run(root, str(folder), "--out", str(tmp_path / "r.md"))
    page = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert code == 0
    assert "完整结果少于 5 份，为保护作答人，不显示分项统计。" in page
    assert "各维度统计" not in page
    code, _, _ = run(root, str(folder), "--out", str(tmp_path / "r.md"), "--min-group", "4")
    assert "各维度统计" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_baseline_gives_the_change(root: Path, tmp_path: Path) -> None:
    now = cohort(root, tmp_path / "2027", [50, 75, 100, 100, 100])
    before = cohort(root, tmp_path / "2026", [0, 25, 50, 75, 100])
    csv = tmp_path / "t.csv"
    assert run(root, str(now), "--baseline", str(before), "--csv", str(csv))[0] == 0
    assert "愿为,5,85.0,75.0,100.0,100.0,+35.0" in csv.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(("first", "second", "flag"), [
    (70, 75, "诫勉谈话"), (90, 70, "调整"), (None, 70, "调整"), (70, 85, "达标"), (80, 80, "达标")])
def test_the_article_rule_over_two_periods(first: float | None, second: float, flag: str) -> None:
    assert rating_flag(second, first, 80) == flag


def test_ratings_per_cadre_with_flags(root: Path, tmp_path: Path) -> None:
    spec = specs(root)["rate"]
    lines = []
    plan = {"干部甲": ([0, 0], [0, 0]), "干部乙": ([2, 2], [0, 2]), "干部丙": ([0, 2], [2, 2])}
    for name, periods in plan.items():  # two ratings per period: both alike
        for index, (period, picks) in enumerate(zip(("1期", "2期"), periods, strict=True)):
            for rater in range(2):
                answers = {"r1": picks[0], "r2": picks[1]}
                date = f"2027-0{index + 1}-0{rater + 1}T10:00:00Z"
                lines.append(f"{name},{period},{encode(spec, answers, date)}")
    (tmp_path / "ratings.txt").write_text("\n".join(lines) + "\n", "utf-8")
    csv = tmp_path / "r.csv"
    code, _, _ = run(root, str(tmp_path / "ratings.txt"), "--csv", str(csv),
                     "--out", str(tmp_path / "r.md"))
    assert code == 0
    assert csv.read_text(encoding="utf-8").splitlines() == [
        "\ufeff被评价人,期次,满意率,份数,档次,结论",
        "干部丙,1期,50.0,2,未达标,", "干部丙,2期,100.0,2,达标,达标",
        "干部乙,1期,100.0,2,达标,", "干部乙,2期,50.0,2,未达标,调整",
        "干部甲,1期,0.0,2,未达标,", "干部甲,2期,0.0,2,未达标,诫勉谈话"]


def test_results_of_another_questionnaire_are_refused(root: Path, tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25])
    spec = specs(root)["rate"]
    (folder / "other.json").write_text(export(spec, {"r1": 2, "r2": 2}, "2027-02-01T08:00Z"),
                                       "utf-8")
    code, _, err = run(root, str(folder), "--quiz", "check")
    assert code == 1
    assert err == ("Error: 1 content error:\n"
                   f"{folder / 'other.json'}:1:1: expected results of 'check' version 1 only, "
                   "found one of 'rate' version 1\n")
    assert not (root / "content" / "reports").exists()


def test_malformed_input_is_named_and_stops_the_run(root: Path, tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25, 50, 75, 100])
    (folder / "broken.json").write_text('{"format": "kb-quiz-result",\n  "answers": }', "utf-8")
    (folder / "codes.txt").write_text("# 抄录\n2222-2222\n", "utf-8")
    code, _, err = run(root, str(folder))
    assert code == 1
    assert f"{folder / 'broken.json'}:2:14: expected a JSON result file, found invalid JSON" in err
    assert f"{folder / 'codes.txt'}:2:1: result code '2222-2222': expected at least" in err
    code, out, err = run(root, str(folder), "--skip-bad")
    assert code == 0
    assert err.startswith(f"Skipped {folder / 'broken.json'}:2:14:")
    assert "Read 5 results of 小测 (0 duplicates counted once, 2 skipped)." in out


def test_the_report_page_builds_strictly(root: Path, tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25, 50, 75, 100])
    html = tmp_path / "report.html"
    assert run(root, str(folder), "--html", str(html))[0] == 0
    build_site(root)
    built = (root / "site" / "reports" / "check.html").read_text(encoding="utf-8")
    assert "小测 · 汇总报告" in built and "<svg" in built
    assert html.read_text(encoding="utf-8").startswith("<!doctype html>")


@pytest.mark.parametrize("inputs", [["examples/self-assessment/2027", "--baseline",
                                     "examples/self-assessment/2026"],
                                    ["examples/satisfaction"]], ids=["self", "rating"])
def test_the_shipped_examples_still_fit_the_questionnaires(inputs: list[str],
                                                           tmp_path: Path) -> None:
    """The README's commands: regenerate with examples/make_examples.py when this fails."""
    result = CliRunner().invoke(main, ["aggregate", "-C", str(REPO), *[
        str(REPO / i) if i.startswith("examples") else i for i in inputs],
        "--out", str(tmp_path / "r.md")])
    assert result.exit_code == 0, result.stderr
    assert "0 skipped" in result.stdout
