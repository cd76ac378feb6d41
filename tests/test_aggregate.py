"""``aggregate``: group reports from files and codes, checked on small hand-made cohorts."""

from __future__ import annotations

import copy
import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import build_site
from generator.reports.ratings import rating_flag
from generator.reports.stats import ItemAnalysis, f_quantile
from generator.scoring.codes import encode
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project
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
    min_forms: 2
    periods: [1期, 2期, 3期]
    dimensions:
      - id: service
        name: 服务
        bands:
          - {from: 0, to: 80, label: 未达标, interpretation: 调整}
          - {from: 80, to: 100, label: 达标, interpretation: 好}
    items:
      - {id: r1, type: likert, dimension: service, text: 态度, scale: satisfaction3, not_applicable: true}
      - {id: r2, type: likert, dimension: service, text: 效率, scale: satisfaction3, not_applicable: true}
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


@pytest.mark.parametrize(("rate", "previous_short", "flag"), [
    (75, True, "诫勉谈话"), (70, False, "调整"), (85, True, "达标"), (80, False, "达标")])
def test_the_article_rule(rate: float, previous_short: bool, flag: str) -> None:
    assert rating_flag(rate, previous_short, 80) == flag


def ratings_file(root: Path, tmp_path: Path, plan: dict[str, list[list[list[int]]]]) -> Path:
    """被评价人,期次,结果码 lines: for each cadre, per period, the (r1, r2) answers of each form;
    answer 3 is 不了解."""
    spec = specs(root)["rate"]
    lines = []
    for name, periods in plan.items():
        for index, forms in enumerate(periods):
            for rater, (r1, r2) in enumerate(forms):
                date = f"2027-0{index + 1}-{rater + 1:02d}T10:00:00Z"
                lines.append(f"{name},{index + 1}期,{encode(spec, {'r1': r1, 'r2': r2}, date)}")
    path = tmp_path / "ratings.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_ratings_per_cadre_with_conclusions(root: Path, tmp_path: Path,
                                            write_quiz: Callable[..., Path]) -> None:
    """The article's rule on the rate itself (decision: point); intervals: test_rating_report."""
    write_quiz(RATING.replace("min_forms: 2\n", "min_forms: 2\ndecision: point\n"), "rate.yml")
    path = ratings_file(root, tmp_path, {
        # 0 不满意, 1 基本满意, 2 满意, 3 不了解 (left out of the rate, counted apart)
        "干部甲": [[[2, 2], [1, 3]], [[0, 2], [0, 0]], [[0, 3], [0, 1]]],  # 调整 then 诫勉谈话
        "干部乙": [[[0, 2], [0, 0]], [[2, 2], [1, 2]], [[2, 2], [2, 2]]],  # 调整, then 达标
        "干部丙": [[[0, 0]], [[2, 2], [2, 2]]],  # one form: 样本不足
    })
    csv = tmp_path / "r.csv"
    code, _, err = run(root, str(path), "--csv", str(csv), "--out", str(tmp_path / "r.md"))
    assert code == 0, err
    assert csv.read_text(encoding="utf-8").splitlines() == [
        "\ufeff被评价人,期次,份数,满意率,95%下限,95%上限,不满意,基本满意,满意,不了解,已核验,无评价码,结论",
        "干部丙,1期,1,0.0,,,100.0,0.0,0.0,0.0,0,1,样本不足",
        "干部丙,2期,2,100.0,100.0,100.0,0.0,0.0,100.0,0.0,0,2,达标",
        "干部乙,1期,2,25.0,0.0,100.0,75.0,0.0,25.0,0.0,0,2,调整",
        "干部乙,2期,2,100.0,100.0,100.0,0.0,25.0,75.0,0.0,0,2,达标",
        "干部乙,3期,2,100.0,100.0,100.0,0.0,0.0,100.0,0.0,0,2,达标",
        "干部甲,1期,2,100.0,100.0,100.0,0.0,25.0,50.0,25.0,0,2,达标",
        "干部甲,2期,2,25.0,0.0,100.0,75.0,0.0,25.0,0.0,0,2,调整",
        "干部甲,3期,2,33.3,0.0,100.0,50.0,25.0,0.0,25.0,0,2,诫勉谈话"]
    page = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "本单位规定的要求 80.0%" in page
    assert "须核实评价的真实性和具体事实，告知本人并允许其申诉" in page
    assert "依照干部管理权限" in page
    assert "阳文魁" not in page  # the number is the unit's rule, never the article's


def test_a_rating_in_an_undeclared_period_is_refused(root: Path, tmp_path: Path) -> None:
    path = ratings_file(root, tmp_path, {"干部甲": [[[2, 2], [2, 2]]]})
    spec = specs(root)["rate"]
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"干部甲,第1期,{encode(spec, {'r1': 0, 'r2': 0}, '2027-05-01T10:00:00Z')}\n")
        handle.write(f",1期,{encode(spec, {'r1': 0, 'r2': 0}, '2027-05-02T10:00:00Z')}\n")
    code, _, err = run(root, str(path), "--out", str(tmp_path / "r.md"))
    assert code == 1
    assert err == ("Error: 2 content errors:\n"
                   f"{path}:3:1: expected a period declared by 'rate' (1期, 2期, 3期), found "
                   "'第1期'; did you mean '1期'?\n"
                   f"{path}:4:1: expected the rated cadre (被评价人), found nothing\n")


def test_without_declared_periods_no_conclusion_is_drawn(
    root: Path, write_quiz: Callable[..., Path], tmp_path: Path
) -> None:
    write_quiz(RATING.replace("periods: [1期, 2期, 3期]\n", ""), "rate.yml")
    path = ratings_file(root, tmp_path, {"干部甲": [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]})
    csv = tmp_path / "r.csv"
    assert run(root, str(path), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    assert [line.rsplit(",", 1)[1] for line in csv.read_text("utf-8").splitlines()[1:]] == ["", ""]
    assert "问卷没有声明期次" in (tmp_path / "r.md").read_text(encoding="utf-8")


# ---- Item analysis, against values computed by hand ----

#: Five people, three items of 愿为 (q1, q2 reverse-keyed, q5 yes/no), all answered:
#: item scores (q2 reversed: 6 − raw) as the page scores them.
SCORES = [(5, 5, 1), (4, 4, 1), (4, 2, 0), (2, 2, 0), (1, 2, 0)]


def test_item_analysis_matches_a_hand_computation(root: Path) -> None:
    spec = specs(root)["check"]
    analysis = ItemAnalysis(spec)
    for q1, q2, q5 in SCORES:
        analysis.add({"q1": q1 - 1, "q2": 5 - q2, "q3": 1, "q4": [0, 1], "q5": 1 - q5})
    will = next(row for row in analysis.rows() if row.id == "will")
    # By hand (means 3.2, 3.0, 0.4): variances 10.8/4 = 2.7, 8/4 = 2.0, 1.2/4 = 0.3;
    # covariances q1q2 7.0/4 = 1.75, q1q5 2.6/4 = 0.65, q2q5 3.0/4 = 0.75;
    # total variance 2.7 + 2.0 + 0.3 + 2 × (1.75 + 0.65 + 0.75) = 11.3;
    # α = 3/2 × (1 − 5.0 / 11.3) = 0.836283…
    assert will.n == 5
    assert will.alpha == pytest.approx(0.836283, abs=1e-6)
    q1, q2, q5 = will.items
    # q1 against q2 + q5: cov 1.75 + 0.65 = 2.4, var(q2 + q5) = 2.0 + 0.3 + 1.5 = 3.8
    assert q1.r == pytest.approx(2.4 / (2.7 * 3.8) ** 0.5, abs=1e-9)
    # q2 against q1 + q5: cov 1.75 + 0.75 = 2.5, var(q1 + q5) = 2.7 + 0.3 + 1.3 = 4.3
    assert q2.r == pytest.approx(2.5 / (2.0 * 4.3) ** 0.5, abs=1e-9)
    # α without q1: 2 × (1 − (2.0 + 0.3) / 3.8) = 0.789474…
    assert q1.alpha_without == pytest.approx(0.789474, abs=1e-6)
    assert (q1.mean, q1.sd) == (pytest.approx(3.2), pytest.approx(2.7 ** 0.5))
    assert (q5.floor, q5.ceiling) == (pytest.approx(0.6), pytest.approx(0.4))
    # Feldt: 1 − (1 − α) F, F from the tables of F(4, 8): 0.975 → 5.0526, 0.025 → 1/8.9796
    assert will.low == pytest.approx(1 - (1 - 0.836283) * 5.0526, abs=1e-4)
    assert will.high == pytest.approx(1 - (1 - 0.836283) / 8.9796, abs=1e-4)


def test_a_yes_no_item_that_counts_no_as_satisfied_is_turned(root: Path) -> None:
    """是否多跑了一趟: 否 is the good answer, so it scores high in the item analysis; with
    the answers flipped, the hand computation above holds as it is."""
    spec = copy.deepcopy(specs(root)["check"])
    q5 = next(item for item in spec["items"] if item["id"] == "q5")
    q5["satisfied"] = "否"
    analysis = ItemAnalysis(spec)
    for q1, q2, good in SCORES:
        analysis.add({"q1": q1 - 1, "q2": 5 - q2, "q3": 1, "q4": [0, 1], "q5": good})  # 1 = 否
    will = next(row for row in analysis.rows() if row.id == "will")
    assert will.alpha == pytest.approx(0.836283, abs=1e-6)


@pytest.mark.parametrize(("p", "d1", "d2", "table"), [
    (0.975, 10, 20, 2.7737), (0.95, 5, 10, 3.3258), (0.975, 4, 8, 5.0526), (0.99, 1, 30, 7.5625)])
def test_f_quantiles_match_the_tables(p: float, d1: int, d2: int, table: float) -> None:
    assert f_quantile(p, d1, d2) == pytest.approx(table, abs=5e-4)


def test_an_item_that_measures_something_else_is_flagged(root: Path) -> None:
    spec = specs(root)["check"]
    analysis = ItemAnalysis(spec)
    for n, (q1, q2, _) in enumerate(SCORES * 4):
        analysis.add({"q1": q1 - 1, "q2": 5 - q2, "q5": n % 2})  # q5 follows nothing
    will = next(row for row in analysis.rows() if row.id == "will")
    assert [(i.id, i.flagged) for i in will.items] == [("q1", False), ("q2", False), ("q5", True)]


def test_the_report_shows_the_item_table_above_the_privacy_floor(root: Path,
                                                                 tmp_path: Path) -> None:
    folder = cohort(root, tmp_path / "in", [0, 25, 50, 75])
    report = tmp_path / "r.md"
    assert run(root, str(folder), "--out", str(report))[0] == 0
    assert "## 题目分析" not in report.read_text(encoding="utf-8")  # 4 < --min-group 5
    cohort(root, tmp_path / "in", [0, 25, 50, 75, 100])
    assert run(root, str(folder), "--out", str(report))[0] == 0
    page = report.read_text(encoding="utf-8")
    assert "## 题目分析" in page and "### 愿为" in page and "| 我愿意学习 | 5 |" in page


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
