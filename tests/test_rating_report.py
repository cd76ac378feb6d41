"""Rating reports: 95 % intervals against hand computation, both decision rules, the chain a
样本不足 period breaks, unit-scope items apart, the overall item, and 评价码 checked with the key."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.reports.intervals import Clusters, t_quantile, wilson
from generator.reports.ratings import UNCERTAIN, interval_flag
from generator.scoring import tokens
from generator.scoring.codes import encode
from generator.scoring.scorer import score
from tests.conftest import REPO
from tests.test_aggregate import RATING, ratings_file, run, specs
from tests.test_rating_form import FULL

KEY = bytes(range(32))


# ---- The formulas, by hand ----

def test_wilson_by_hand() -> None:
    # 8 of 10, z = 1.959964: centre (0.8 + z²/20) / (1 + z²/10), half-width
    # z / (1 + z²/10) · √(0.8 · 0.2 / 10 + z² / 400)
    z2 = 1.959964 ** 2
    centre = (0.8 + z2 / 20) / (1 + z2 / 10)
    half = 1.959964 / (1 + z2 / 10) * math.sqrt(0.016 + z2 / 400)
    low, high = wilson(8, 10) or (0, 0)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)  # the textbook figures
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-6)
    assert wilson(0, 0) is None
    assert wilson(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)  # never a zero-width 100 %


def test_cluster_robust_interval_by_hand() -> None:
    # six forms (satisfied, counted): Σy = 14, Σn = 17, p = 14/17
    forms = [(3, 3), (2, 3), (3, 3), (1, 3), (3, 3), (2, 2)]
    clusters = Clusters()
    for y, n in forms + [(0, 0)]:  # a form of 不了解 only is no cluster
        clusters.add(y, n)
    p = 14 / 17
    residuals = sum((y - p * n) ** 2 for y, n in forms)  # 3.349481
    assert residuals == pytest.approx(3.349481, abs=1e-6)
    variance = 6 / 5 * residuals / 17 ** 2  # 0.0139079
    t5 = 2.570582  # Student's t, 5 degrees of freedom, 97.5 %
    assert t_quantile(5) == pytest.approx(t5, abs=1e-6)
    low, high = clusters.interval() or (0, 0)
    assert clusters.m == 6 and clusters.rate() == pytest.approx(p)
    assert low == pytest.approx(p - t5 * math.sqrt(variance), abs=1e-6)  # 0.520375
    assert round(low, 4) == 0.5204 and high == 1.0  # clipped at 100 %
    one = Clusters()
    one.add(2, 3)
    assert one.interval() is None  # one form: no interval


@pytest.mark.parametrize(("rate", "high", "previous", "flag"), [
    (85, 95, False, "达标"), (75, 85, False, UNCERTAIN), (75, 79.9, False, "调整"),
    (75, 79.9, True, "诫勉谈话"), (75, None, False, UNCERTAIN)])
def test_the_interval_rule(rate: float, high: float | None, previous: bool, flag: str) -> None:
    assert interval_flag(rate, high, previous, 80) == flag


# ---- Reports ----

@pytest.fixture
def root(project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]) -> Path:
    from tests.conftest import MINIMAL_COURSE
    write_course(MINIMAL_COURSE)
    write_quiz(RATING, "rate.yml")
    return project


def rows(csv: Path) -> dict[tuple[str, str], list[str]]:
    lines = csv.read_text("utf-8").lstrip("\ufeff").splitlines()
    header = lines[0].split(",")
    return {(r[0], r[1]): r for r in (line.split(",") for line in lines[1:])} | {
        ("header", ""): header}


def test_interval_rule_by_default_and_point_rule_when_declared(
        root: Path, tmp_path: Path, write_quiz: Callable[..., Path]) -> None:
    plan = {"干部甲": [[[0, 2], [2, 2], [2, 1], [0, 2]]],  # 6 of 8: 75 %, interval reaches 80
            "干部乙": [[[0, 0], [0, 0], [0, 0], [0, 1]]]}  # 1 of 8: wholly below
    path = ratings_file(root, tmp_path, plan)
    csv = tmp_path / "r.csv"
    assert run(root, str(path), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    got = rows(csv)
    assert got[("干部甲", "1期")][3:6] == ["75.0", "29.1", "100.0"]
    assert got[("干部甲", "1期")][-1] == UNCERTAIN
    assert got[("干部乙", "1期")][-1] == "调整"
    page = (tmp_path / "r.md").read_text("utf-8")
    assert "75.0% [29.1–100.0]（4 份）<br>低于要求（在抽样误差范围内，需核实）" in page
    write_quiz(RATING.replace("min_forms: 2\n", "min_forms: 2\ndecision: point\n"), "rate.yml")
    path = ratings_file(root, tmp_path, plan)
    assert run(root, str(path), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    assert rows(csv)[("干部甲", "1期")][-1] == "调整"


def test_hand_computed_interval_of_the_report(root: Path, tmp_path: Path) -> None:
    # forms (y, n): (1, 2), (2, 2), (2, 2), (1, 2): p = 6/8, residuals 4 × 0.25 = 1 (hand)
    path = ratings_file(root, tmp_path, {"干部甲": [[[0, 2], [2, 2], [2, 1], [0, 2]]]})
    csv = tmp_path / "r.csv"
    assert run(root, str(path), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    half = t_quantile(3) * math.sqrt(4 / 3 * 1 / 64)  # 3.182446 × 0.144338 = 0.459346
    assert half == pytest.approx(0.459346, abs=1e-6)
    assert f"{100 * (0.75 - half):.1f}" == rows(csv)[("干部甲", "1期")][4] == "29.1"


def test_a_too_few_period_breaking_a_chain_is_said(root: Path, tmp_path: Path) -> None:
    low = [[0, 0], [0, 0]]
    path = ratings_file(root, tmp_path, {"干部甲": [low, [[0, 0]], low]})  # 调整, 样本不足, low
    out = tmp_path / "r.md"
    assert run(root, str(path), "--out", str(out))[0] == 0
    page = out.read_text("utf-8")
    assert "前一次结论是 1期 的“调整”，其后 2期 样本不足，所以本期按第一次低于要求处理" in page
    assert "诫勉谈话" not in page.split("</table>")[0].split("<tbody>")[1]


def export(spec: dict[str, Any], answers: dict[str, Any], date: str, subject: str, period: str,
           token: str | None) -> str:
    data = {"format": "kb-quiz-result", "version": 1, "date": date, "subject": subject,
            "period": period, "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
            "answers": answers, "result": score(spec, answers)}
    if token is not None:
        data["token"] = token
    return json.dumps(data, ensure_ascii=False)


@pytest.fixture
def full(root: Path, write_quiz: Callable[..., Path]) -> Path:
    write_quiz(FULL.replace("decision: point\n", ""), "rate.yml")
    return root


def test_tokens_verified_with_the_key(full: Path, tmp_path: Path) -> None:
    spec = specs(full)["rate"]
    good = {"r1": 2, "r2": 0, "r3": 0, "all": 2}
    mine = [tokens.encode(KEY, "rate", "干部甲", "1期", n) for n in (1, 2, 3)]
    forged = tokens.bare(mine[0])[:4] + "ABCDEFGHJ"
    forged = tokens.grouped(forged + "".join(tokens.ALPHABET[v] for v in tokens.checks(
        [tokens.ALPHABET.index(c) for c in forged])))
    plan = [("a", mine[0]), ("b", mine[0].lower()), ("c", forged),
            ("d", tokens.encode(KEY, "rate", "干部乙", "1期", 7)), ("e", mine[1][:-1] + "2"),
            ("f", None), ("g", mine[1]), ("h", mine[2]),
            ("i", tokens.encode(KEY, "rate", "干部乙", "1期", 1))]
    folder = tmp_path / "in"
    folder.mkdir()
    for n, (name, token) in enumerate(plan):
        subject = "干部乙" if name == "i" else "干部甲"
        (folder / f"{name}.json").write_text(export(
            spec, good, f"2027-01-01T10:{n:02d}:00Z", subject, "1期", token), "utf-8")
    key = tmp_path / "key"
    key.write_text(KEY.hex(), "ascii")
    csv, out = tmp_path / "r.csv", tmp_path / "r.md"
    code, stdout, err = run(full, str(folder), "--key-file", str(key), "--csv", str(csv),
                            "--out", str(out))
    assert code == 0, err
    assert "评价码 verified: 4 valid, 1 without one, 4 not counted" in stdout
    got = rows(csv)
    header = got[("header", "")]
    assert got[("干部甲", "1期")][header.index("份数")] == "3"  # a, g, h; f left out (required)
    assert got[("干部甲", "1期")][header.index("已核验")] == "3"
    assert got[("干部甲", "1期")][header.index("无评价码")] == "1"
    page = html.unescape(out.read_text("utf-8"))
    listed = page.split("## 不计入的测评表")[1]
    assert f"| {folder}/b.json:1 | {mine[0]} | 评价码已用过：第一次用于 {folder}/a.json:1 |" in listed
    assert f"| {folder}/c.json:1 | {forged} | 伪造或抄错（密钥对不上） |" in listed
    assert (f"| {folder}/d.json:1 | {tokens.encode(KEY, 'rate', '干部乙', '1期', 7)} | "
            "给别的干部或期次的评价码：给 干部乙，1期 |") in listed
    assert f"{folder}/e.json:1" in listed and "抄错" in listed
    assert "评价码已核验**：有效 4 份，没有评价码 1 份（问卷要求评价码" in page


def test_without_the_key_tokens_are_not_verified_but_reuse_is_caught(full: Path,
                                                                      tmp_path: Path) -> None:
    spec = specs(full)["rate"]
    token = tokens.encode(b"another key, not the department's", "rate", "干部甲", "1期", 1)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.json").write_text(export(spec, {"r1": 2, "r2": 0, "r3": 0, "all": 2},
                                                 f"2027-01-01T10:0{n}:00Z", "干部甲", "1期",
                                                 token), "utf-8")
    code, _, err = run(full, str(folder), "--out", str(tmp_path / "r.md"))
    assert code == 0
    assert "评价码 not verified (no --key-file): 1 with one, 0 without, 2 not counted" in err
    assert "**评价码未核验**" in (tmp_path / "r.md").read_text("utf-8")


def test_a_token_in_a_result_code_is_checked_too(full: Path, tmp_path: Path) -> None:
    spec = specs(full)["rate"]
    token = tokens.encode(KEY, "rate", "干部甲", "1期", 5)
    code = encode(spec, {"r1": 2, "r2": 0, "r3": 0, "all": 2}, "2027-01-01T10:00:00Z",
                  tokens.bare(token))
    codes = tmp_path / "codes.txt"
    codes.write_text(f"干部甲,1期,{code}\n干部乙,1期,{code}\n", "utf-8")
    key = tmp_path / "key"
    key.write_text(KEY.hex(), "ascii")
    out = tmp_path / "r.md"
    assert run(full, str(codes), "--key-file", str(key), "--out", str(out))[0] == 0
    assert f"| {codes}:2 | {token} | 给别的干部或期次的评价码：给 干部甲，1期 |" in html.unescape(
        out.read_text("utf-8"))


def test_overall_item_gives_the_rate_and_unit_items_stay_apart(
        full: Path, tmp_path: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(FULL.replace("token: required", "token: optional"), "rate.yml")
    spec = specs(full)["rate"]
    folder = tmp_path / "in"
    folder.mkdir()
    # overall (all): 满意 ×8, 不满意 ×2 → 80 %, Wilson [49.0, 94.3]; r2 (unit) all 不满意
    for n in range(10):
        answers = {"r1": 2, "r2": 0, "r3": 2, "all": 2 if n < 8 else 0}  # r3: 未遇到
        (folder / f"{n}.json").write_text(export(spec, answers, f"2027-01-01T10:0{n}:00Z",
                                                 "干部甲", "1期", None), "utf-8")
    csv, out = tmp_path / "r.csv", tmp_path / "r.md"
    code, _, err = run(full, str(folder), "--csv", str(csv), "--out", str(out))
    assert code == 0, err
    row = rows(csv)[("干部甲", "1期")]
    header = rows(csv)[("header", "")]
    assert row[3:6] == ["80.0", "49.0", "94.3"]  # Wilson, 8 of 10
    assert header[6:-3] == ["不满意", "基本满意", "满意", "是", "否", "不了解", "未遇到"]
    page = out.read_text("utf-8")
    assert "## 单位" in page and "0.0% [0.0–27.8]（10 个回答）" in page


@pytest.mark.parametrize(("name", "inputs"), [("unverified", "verified"), ("point", "point.txt")])
def test_the_committed_rating_token_reports_are_what_aggregate_writes(
        name: str, inputs: str, tmp_path: Path) -> None:
    """examples/rating-tokens/report/ holds what aggregate wrote of the committed inputs (the
    key that made them is gone: regenerate all with examples/make_examples.py when this fails).
    Without the key, the codes are said to be not verified, and the forged one is counted."""
    here = REPO / "examples" / "rating-tokens"
    csv = tmp_path / "r.csv"
    result = CliRunner().invoke(main, ["aggregate", "-C", str(here / "project"), str(here / inputs),
                                       "--out", str(tmp_path / "r.md"), "--csv", str(csv)])
    assert result.exit_code == 0, result.stderr
    assert csv.read_text("utf-8") == (here / "report" / f"{name}.csv").read_text("utf-8")
    if name == "unverified":
        assert "评价码 not verified (no --key-file): 46 with one, 1 without, 1 not counted" in (
            result.stderr)
    assert not list(here.rglob("*.hex")) and not list(here.rglob("*密钥*"))
