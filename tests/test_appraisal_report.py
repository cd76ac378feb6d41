"""``aggregate`` on 民主测评 forms (kind: appraisal): weighted shares against hand computation,
anonymity of small rater groups, the unit's rules with their inputs, the self–other gap, the
评价码, and the CSV, XLSX and 反馈表 outputs."""

from __future__ import annotations

import io
import json
import math
import tempfile
import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from playwright.sync_api import Browser
from pypdf import PdfReader

from generator.cli import main
from generator.content.models.appraisal import Appraisal
from generator.reports.appraisal import shown_share
from generator.reports.intervals import effective_n, weighted_wilson, wilson
from generator.scoring import tokens
from generator.scoring.appraisal import appraisal_spec
from generator.scoring.appraisal import encode as encode_code
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ, REPO

FORM = textwrap.dedent("""\
    id: ceping
    title: 民主测评
    version: "2027.1"
    kind: appraisal
    introduction: 说明
    period: 2027年度
    subjects:
      - {id: a, name: 张三, title: 局长}
      - {id: b, name: 李四, title: 副局长}
      - {id: c, name: 王五, title: 副局长}
      - {id: d, name: 赵六, title: 纪检组长}
    groups:
      - {id: banzi, name: 领导班子成员, weight: 0.3, min_forms: 1}
      - {id: xiashu, name: 下属, weight: 0.5, min_forms: 2}
      - {id: fuwu, name: 服务对象, weight: 0.2, min_forms: 3}
    comment: 意见建议（选填）
    rules:
      - {id: bu, text: 不称职票超过三分之一的，确定为不称职, grades: [bu-chenzhi], above: 33.3,
         result: 确定为不称职}
      - {id: xia, text: 下属的不称职票达到一半以上的，进行诫勉, grades: [bu-chenzhi], above: 49.9,
         groups: [xiashu], result: 进行诫勉}
    """)

#: Three raters from two groups rate four cadres (grade per cadre; 不了解 for 赵六 by 班子).
RATERS = [
    ("banzi", {"a": "youxiu", "b": "chenzhi", "c": "bu-chenzhi", "d": "不了解"}),
    ("xiashu", {"a": "youxiu", "b": "chenzhi", "c": "bu-chenzhi", "d": "chenzhi"}),
    ("xiashu", {"a": "chenzhi", "b": "jiben-chenzhi", "c": "chenzhi", "d": "youxiu"}),
]


@pytest.fixture
def root(project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]) -> Path:
    write_course(MINIMAL_COURSE)
    write_quiz(FORM, "ceping.yml")
    return project


def form_of(root: Path) -> Appraisal:
    return load_project(root).appraisals[0].form


def export(form: Appraisal, group: str, ratings: dict[str, dict[str, Any]], date: str,
           token: str | None = None, own: str | None = None) -> str:
    return json.dumps({
        "format": "kb-appraisal", "version": 1,
        "form": {"id": form.id, "title": form.title, "version": form.version,
                 "hash": appraisal_spec(form)["hash"]},
        "period": form.period, "group": group, "token": token, "self": own, "date": date,
        "code": "", "ratings": ratings}, ensure_ascii=False)


def write_forms(root: Path, folder: Path, raters: list[tuple[str, dict[str, str]]],
                dims: Callable[[int, str], dict[str, str]] | None = None,
                comments: bool = False) -> Path:
    form = form_of(root)
    folder.mkdir(parents=True, exist_ok=True)
    for n, (group, grades) in enumerate(raters):
        ratings: dict[str, dict[str, Any]] = {}
        for subject, grade in grades.items():
            ratings[subject] = {"grade": grade, "dimensions": dims(n, subject) if dims else {}}
            if comments:
                ratings[subject]["comment"] = f"{group}的意见{n}"
        (folder / f"r{n:03d}.json").write_text(
            export(form, group, ratings, f"2027-12-{n % 28 + 1:02d}T{n // 28:02d}:00:00Z"), "utf-8")
    return folder


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["aggregate", "-C", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def csv_rows(path: Path) -> list[list[str]]:
    return [line.split(",") for line in path.read_text("utf-8").lstrip("\ufeff").splitlines()]


# ---- The weighted interval, by hand ----

def test_weighted_wilson_by_hand() -> None:
    # one group: the plain Wilson interval
    assert weighted_wilson([(0.4, 8, 10)]) == (0.8, wilson(8, 10))
    # weights 0.3 and 0.5 renormalised to 0.375 and 0.625 (the third group has no forms)
    share, (low, high) = weighted_wilson([(0.3, 1, 1), (0.5, 1, 2), (0.2, 0, 0)]) or (0, (0, 0))
    assert share == pytest.approx(0.375 * 1 + 0.625 * 0.5)  # 0.6875
    n_eff = 1 / (0.375 ** 2 / 1 + 0.625 ** 2 / 2)  # 2.17687…
    assert effective_n([(0.3, 1), (0.5, 2), (0.2, 0)]) == pytest.approx(n_eff)
    z = 1.959964
    centre = (0.6875 + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(0.6875 * 0.3125 / n_eff + z * z / (4 * n_eff ** 2))
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-6)
    assert weighted_wilson([(0.3, 0, 0)]) is None


# ---- Reports ----

def test_weighted_shares_of_three_raters_from_two_groups(root: Path, tmp_path: Path) -> None:
    folder = write_forms(root, tmp_path / "in", RATERS)
    csv = tmp_path / "t.csv"
    code, out, err = run(root, str(folder), "--csv", str(csv))
    assert code == 0, err
    assert out.startswith("Read 3 forms of 民主测评 (0 duplicates counted once, 0 skipped), "
                          "3 counted, on 4 cadres.")
    rows = {(r[0], r[2]): r for r in csv_rows(csv)[1:]}
    # 张三: 班子 优秀 (1 of 1), 下属 优秀 and 称职; weights 0.3 and 0.5 renormalised over the two
    # groups present: 0.375 and 0.625. 优秀 0.375 × 100 + 0.625 × 50 = 68.75 %.
    assert rows[("张三", "领导班子成员")][3:8] == ["0.3", "0.375", "1", "1", "0"]
    assert rows[("张三", "下属")][3:12] == ["0.5", "0.625", "2", "2", "0", "50.0", "50.0", "0.0", "0.0"]
    assert rows[("张三", "加权合计")][8:12] == ["68.8", "31.3", "0.0", "0.0"]  # 68.75, 31.25
    # 王五: 不称职 0.375 × 100 + 0.625 × 50 = 68.75 %; 称职率 0.625 × 50 = 31.25 %
    assert rows[("王五", "加权合计")][11] == "68.8"
    assert rows[("王五", "加权合计")][15] == "31.3"
    # 赵六: 班子 said 不了解, so only 下属 has graded votes: its weight becomes 1
    assert rows[("赵六", "领导班子成员")][4:8] == ["0.000", "1", "0", "1"]
    assert rows[("赵六", "加权合计")][8:12] == ["50.0", "50.0", "0.0", "0.0"]
    page = (root / "appraisals" / "ceping.md").read_text("utf-8")
    assert "没有服务对象的测评表。权重在其余类别之间重新归一。" in page
    assert "<td>0.375（0.3）</td>" in page and "<td>0.625（0.5）</td>" in page
    assert "这些类别的权重重新归一（各自除以它们的权重之和）" in page
    assert not (root / "content" / "reports").exists()  # it names cadres: not published


def test_a_group_below_its_minimum_is_never_shown_alone(
        root: Path, tmp_path: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(FORM.replace("weight: 0.3, min_forms: 1}", "weight: 0.3, min_forms: 2}"),
               "ceping.yml")
    folder = write_forms(root, tmp_path / "in", RATERS, comments=True)
    csv = tmp_path / "t.csv"
    assert run(root, str(folder), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    page = (tmp_path / "r.md").read_text("utf-8")
    # one 班子 form: pooled as 其他 it is still one form, below 2: hidden, not weighed
    assert "领导班子成员</th>" not in page and "其他</th>" not in page
    assert ("领导班子成员的测评表不足最少份数，不单独显示；合并后仍然不足，这 1 份不显示，也不计入加权合计。"
            "没有服务对象的测评表。权重在其余类别之间重新归一。") in page
    assert {r[2] for r in csv_rows(csv)[1:]} == {"下属", "加权合计"}
    weighted = {r[0]: r for r in csv_rows(csv)[1:] if r[2] == "加权合计"}
    assert weighted["张三"][8:10] == ["50.0", "50.0"]  # 下属 alone
    assert "- 未注明类别：banzi的意见0" in page  # its comment is not attributed to it,
    assert "- 未注明类别：xiashu的意见1" in page  # nor told apart from those of other groups
    assert "领导班子成员：" not in page and "下属：" not in page


def test_small_groups_pooled_as_others(root: Path, tmp_path: Path,
                                       write_quiz: Callable[..., Path]) -> None:
    write_quiz(FORM.replace("weight: 0.3, min_forms: 1}", "weight: 0.3, min_forms: 2}")
               .replace("weight: 0.2, min_forms: 3}", "weight: 0.2, min_forms: 2}"), "ceping.yml")
    raters = [*RATERS, ("fuwu", {"a": "chenzhi", "b": "youxiu", "c": "chenzhi", "d": "chenzhi"})]
    folder = write_forms(root, tmp_path / "in", raters)
    csv = tmp_path / "t.csv"
    assert run(root, str(folder), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    rows = {(r[0], r[2]): r for r in csv_rows(csv)[1:]}
    # 班子 (1 form) and 服务对象 (1 form), each below 2, together 2: 其他, weighing 0.3 + 0.2
    other = rows[("张三", "其他（领导班子成员、服务对象）")]
    assert other[3:6] == ["0.5", "0.500", "2"]
    assert other[8:10] == ["50.0", "50.0"]
    assert rows[("张三", "加权合计")][8:10] == ["50.0", "50.0"]
    page = (tmp_path / "r.md").read_text("utf-8")
    assert "其他 2 份（领导班子成员、服务对象合并）" in page


def test_rules_are_evaluated_and_shown_with_their_inputs(root: Path, tmp_path: Path) -> None:
    folder = write_forms(root, tmp_path / "in", RATERS)
    out = tmp_path / "r.md"
    xlsx = tmp_path / "t.xlsx"
    assert run(root, str(folder), "--out", str(out), "--xlsx", str(xlsx))[0] == 0
    page = out.read_text("utf-8")
    section = page.split("## 王五")[1].split("## 赵六")[0]
    assert ("- “不称职票超过三分之一的，确定为不称职”：“不称职”票按各类评价人权重加权后的占比为 "
            "**68.8%**（2 票 / 3 票，各类别的占比按归一权重加权），规定的界限是高于 33.3%；"
            "**适用**：确定为不称职。") in section
    assert ("- “下属的不称职票达到一半以上的，进行诫勉”：下属所投“不称职”票的占比为 **50.0%**"
            "（1 票 / 2 票），规定的界限是高于 49.9%；**适用**：进行诫勉。") in section
    assert "高于 33.3%；**不适用**。" in page.split("## 张三")[1].split("## 李四")[0]
    sheet = load_workbook(xlsx)["规则"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["被评价人", "规定", "计算的是", "占比%", "票数", "有效票", "规定的界限",
                         "是否适用", "结论"]
    assert ["王五", "不称职票超过三分之一的，确定为不称职", "“不称职”票按各类评价人权重加权后的占比",
            68.8, 2, 3, "高于 33.3%", "适用", "确定为不称职"] in values


def test_a_rule_on_a_small_group_withholds_its_inputs(
        root: Path, tmp_path: Path, write_quiz: Callable[..., Path]) -> None:
    write_quiz(FORM.replace("weight: 0.5, min_forms: 2}", "weight: 0.5, min_forms: 3}"),
               "ceping.yml")
    folder = write_forms(root, tmp_path / "in", RATERS)
    assert run(root, str(folder), "--out", str(tmp_path / "r.md"))[0] == 0
    section = (tmp_path / "r.md").read_text("utf-8").split("## 王五")[1].split("## 赵六")[0]
    assert ("下属所投“不称职”票的占比涉及的测评表不足最少份数，为保护评价人不列出数字；**适用**"
            in section)
    assert "1 票 / 2 票" not in section


def test_csv_and_xlsx_columns(root: Path, tmp_path: Path) -> None:
    folder = write_forms(root, tmp_path / "in", RATERS,
                         dims=lambda n, s: {"de": "hao", "neng": ["hao", "jiaohao", "不了解"][n]})
    csv, xlsx = tmp_path / "t.csv", tmp_path / "t.xlsx"
    assert run(root, str(folder), "--csv", str(csv), "--xlsx", str(xlsx))[0] == 0
    head = ["被评价人", "职务", "评价人类别", "权重", "归一权重", "份数", "评定等次的份数", "不了解",
            "优秀%", "称职%", "基本称职%", "不称职%", "优秀率%", "优秀率95%下限", "优秀率95%上限",
            "称职率%", "称职率95%下限", "称职率95%上限", "德平均", "能平均", "勤平均", "绩平均",
            "廉平均"]
    rows = csv_rows(csv)
    assert rows[0] == head
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    by = {(r[0], r[2]): r for r in rows[1:]}
    # 能: 班子 好 (4); 下属 较好 (3) and 不了解 (left out): means 4 and 3; weighted 0.375 × 4 + 0.625 × 3
    assert by[("张三", "领导班子成员")][18:20] == ["4.00", "4.00"]
    assert by[("张三", "下属")][19] == "3.00"
    assert by[("张三", "加权合计")][19] == "3.38"  # 3.375
    book = load_workbook(xlsx)
    assert book.sheetnames == ["汇总", "规则", "说明"]
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert summary[0] == head
    assert summary[1][:8] == ["张三", "局长", "领导班子成员", 0.3, 0.375, 1, 1, 0]


def test_self_rating_beside_the_others_marks_gaps_to_talk_about(
        root: Path, tmp_path: Path) -> None:
    levels = ["hao", "jiaohao", "yiban", "jiaocha"]
    # 12 下属 forms on 张三: 德 always 较好 (3) or 好, 能 spread around 2
    raters = [("xiashu", {"a": "chenzhi", "b": "chenzhi", "c": "chenzhi", "d": "chenzhi"})] * 12
    folder = write_forms(root, tmp_path / "in", raters,
                         dims=lambda n, s: {"de": levels[n % 2], "neng": levels[1 + n % 3]})
    form = form_of(root)
    own = tmp_path / "self.json"  # 张三 rates himself: 德 好 (inside), 能 好 (far above)
    own.write_text(export(form, "banzi", {"a": {"grade": "youxiu",
                                                "dimensions": {"de": "hao", "neng": "hao"}}},
                          "2027-12-01T00:00:00Z"), "utf-8")
    out, feedback = tmp_path / "r.md", tmp_path / "f.html"
    code, _, err = run(root, str(folder), "--self", f"a={own}", "--out", str(out),
                       "--feedback", str(feedback), "--issuer", "某某局", "--date", "2027-12-28")
    assert code == 0, err
    section = out.read_text("utf-8").split("## 张三")[1].split("## 李四")[0]
    # 德: others 3.5 ± t(11) · 0.522 / √12 = [3.17–3.83]; self 4: outside, above
    assert "<tr><th scope=\"row\">德</th><td>4.00</td><td>3.50 [3.17–3.83]" in section
    assert "谈话时可以谈一谈：本人的评价高于他人评价的区间" in section
    neng = section.split("<th scope=\"row\">能</th>")[1].split("</tr>")[0]
    assert "谈话时可以谈一谈" in neng
    assert "不是结论" in section
    sheet = feedback.read_text("utf-8")
    assert sheet.count('<section class="sheet">') == 4
    assert "某某局<br>2027年12月28日" in sheet
    assert "◆ 本人评价在他人评价的 95% 区间以外：谈话时可以谈一谈，不是结论。" in sheet


def test_the_raters_own_row_is_never_counted(root: Path, tmp_path: Path) -> None:
    form = form_of(root)
    folder = tmp_path / "in"
    folder.mkdir()
    ratings = {s: {"grade": "youxiu"} for s in ("a", "b", "c", "d")}
    for n in range(2):
        (folder / f"{n}.json").write_text(export(form, "xiashu", ratings, f"2027-12-0{n + 1}T00:00Z",
                                                 own="a" if n == 0 else None), "utf-8")
    csv = tmp_path / "t.csv"
    assert run(root, str(folder), "--csv", str(csv), "--out", str(tmp_path / "r.md"))[0] == 0
    rows = {(r[0], r[2]): r for r in csv_rows(csv)[1:]}
    assert rows[("李四", "下属")][5] == "2"
    assert ("张三", "下属") not in rows  # one form left on 张三: below 下属's minimum of 2
    assert "1 份测评表里评价人对本人的评价没有计入。" in (tmp_path / "r.md").read_text("utf-8")


def test_the_same_form_twice_counts_once(root: Path, tmp_path: Path) -> None:
    folder = write_forms(root, tmp_path / "in", RATERS)
    code, out, _ = run(root, str(folder), str(folder / "r000.json"), "--out", str(tmp_path / "r.md"))
    assert code == 0
    assert out.startswith("Read 3 forms of 民主测评 (1 duplicates counted once, 0 skipped)")


def test_an_unusable_file_is_named(root: Path, tmp_path: Path) -> None:
    folder = write_forms(root, tmp_path / "in", RATERS[:1])
    bad = json.loads((folder / "r000.json").read_text("utf-8"))
    bad["ratings"]["a"]["grade"] = "youxiuu"
    (folder / "r001.json").write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    code, _, err = run(root, str(folder), "--out", str(tmp_path / "r.md"))
    assert code == 1
    assert err == ("Error: 1 content error:\n"
                   f"{folder / 'r001.json'}:1:1: ratings.a.grade: expected one of youxiu, "
                   "chenzhi, jiben-chenzhi, bu-chenzhi or 不了解, found 'youxiuu'; did you mean "
                   "'youxiu'?\n")
    code, _, err = run(root, str(folder), "--out", str(tmp_path / "r.md"), "--skip-bad")
    assert code == 0 and err.startswith("Skipped ")


def test_options_of_appraisal_reports_are_refused_on_other_forms(
        root: Path, tmp_path: Path) -> None:
    codes = tmp_path / "c.txt"
    codes.write_text("\n", "utf-8")
    code, _, err = run(root, str(codes), "--feedback", str(tmp_path / "f.html"))
    assert code == 2 and "--feedback" in err


@pytest.mark.browser
def test_the_feedback_prints_one_a4_page_per_cadre(root: Path, tmp_path: Path,
                                                   browser: Browser) -> None:
    levels = ["hao", "jiaohao", "yiban", "jiaocha"]
    raters = [("xiashu", {"a": "chenzhi", "b": "youxiu", "c": "chenzhi", "d": "jiben-chenzhi"})] * 20
    folder = write_forms(root, tmp_path / "in", raters, comments=True,
                         dims=lambda n, s: {d: levels[(n + i) % 4]
                                            for i, d in enumerate(("de", "neng", "qin", "ji", "lian"))})
    for path in list(folder.glob("*.json"))[:8]:  # long comments: the sheet keeps to its page
        data = json.loads(path.read_text("utf-8"))
        for entry in data["ratings"].values():
            entry["comment"] = "1. " + "希望在抓落实上更进一步，" * 30  # sorted first
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    feedback = tmp_path / "f.html"
    assert run(root, str(folder), "--out", str(tmp_path / "r.md"), "--feedback", str(feedback),
               "--issuer", "某某县某某局", "--date", "2027-12-28")[0] == 0
    page = browser.new_page()
    try:
        page.goto(feedback.as_uri())
        reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    finally:
        page.close()
    # NFKC: the PDF's text names some characters by their radicals' code points (⽉ for 月)
    texts = [unicodedata.normalize("NFKC", p.extract_text()).replace(" ", "") for p in reader.pages]
    assert len(texts) == 4
    for text, name in zip(texts, ("张三", "李四", "王五", "赵六"), strict=True):
        assert f"姓名:{name}" in text
        assert "某某县某某局\n2027年12月28日" in text
        assert "摘录6条,共20条" in text


# ---- Result codes and 评价码 ----

KEY = bytes(range(32))


def slip(form: Appraisal, group: str, serial: int, subject: str | None = None,
         key: bytes = KEY) -> str:
    return tokens.encode_appraisal(key, form.id, form.period or "", [g.id for g in form.groups],
                                   group, [s.id for s in form.cadres()], subject, serial)


def test_result_codes_count_as_the_files_they_came_from(root: Path, tmp_path: Path) -> None:
    folder = write_forms(root, tmp_path / "in", RATERS)
    form = form_of(root)
    spec = appraisal_spec(form)
    lines = ["# 纸质测评表上抄录的结果码"]
    for n, (group, grades) in enumerate(RATERS):
        ratings = {s: {"grade": g, "dimensions": {}} for s, g in grades.items()}
        lines.append(encode_code(spec, group, ratings, f"2027-12-{n + 1:02d}T00:00:00Z"))
    codes = tmp_path / "codes.txt"
    codes.write_text("\n".join(lines) + "\n", "utf-8")
    csv = tmp_path / "t.csv"
    code, out, err = run(root, str(codes), "--csv", str(csv), "--out", str(tmp_path / "r.md"))
    assert code == 0, err
    assert {(r[0], r[2]): r[8:12] for r in csv_rows(csv)[1:]}[("张三", "加权合计")] == [
        "68.8", "31.3", "0.0", "0.0"]
    code, out, _ = run(root, str(folder), str(codes), "--out", str(tmp_path / "r.md"))
    assert out.startswith("Read 3 forms of 民主测评 (3 duplicates counted once, 0 skipped)")


def test_codes_are_checked_one_form_per_code(root: Path, tmp_path: Path,
                                             write_quiz: Callable[..., Path]) -> None:
    write_quiz(FORM.replace("weight: 0.3, min_forms: 1}", "weight: 0.3, min_forms: 1, "
                            "token: required}"), "ceping.yml")
    form = form_of(root)
    folder = tmp_path / "in"
    folder.mkdir()
    everyone = {s: {"grade": "youxiu"} for s in ("a", "b", "c", "d")}
    forged = slip(form, "banzi", 3, key=bytes(32))
    for name, group, token in (("1-ok", "banzi", slip(form, "banzi", 1, "b")),
                               ("2-ok", "banzi", slip(form, "banzi", 2)),
                               ("3-again", "banzi", slip(form, "banzi", 2)),
                               ("4-other-group", "banzi", slip(form, "xiashu", 1)),
                               ("5-forged", "banzi", forged),
                               ("6-none", "banzi", None),
                               ("7-xiashu", "xiashu", None),
                               ("8-xiashu", "xiashu", None)):
        (folder / f"{name}.json").write_text(export(form, group, everyone,
                                                    f"2027-12-0{name[0]}T00:00:00Z", token),
                                             "utf-8")
    with tempfile.TemporaryDirectory() as secret:
        key_file = Path(secret) / "key"
        key_file.write_text(KEY.hex(), "utf-8")
        csv, out = tmp_path / "t.csv", tmp_path / "r.md"
        code, said, err = run(root, str(folder), "--csv", str(csv), "--out", str(out),
                              "--key-file", str(key_file))
    assert code == 0, err
    assert said.splitlines()[1] == ("评价码 verified: 2 valid, 1 without one where required (not "
                                    "counted), 3 not counted (listed in the report).")
    rows = {(r[0], r[2]): r for r in csv_rows(csv)[1:]}
    assert rows[("张三", "领导班子成员")][5] == "2"
    assert rows[("李四", "领导班子成员")][5] == "1"  # slip 1 was issued to 李四: his own row is out
    page = out.read_text("utf-8")
    assert f"/3-again.json:1 | {slip(form, 'banzi', 2)} | 评价码已用过：第一次用于 " in page
    assert "/2-ok.json:1 |\n" in page
    assert "| 别的评价人类别的评价码：下属 |" in page
    assert f"| {forged} | 伪造或抄错（密钥对不上） |" in page
    code, said, err = run(root, str(folder), "--out", str(out))  # without the key
    assert err.splitlines()[-1] == ("评价码 not verified (no --key-file): 3 with one, 1 without "
                                    "one where required (not counted), 2 not counted (mistyped, "
                                    "another group's or reused).")


def test_the_committed_example_is_what_aggregate_writes(tmp_path: Path) -> None:
    """examples/appraisal/report/ holds what aggregate wrote of the committed forms (the key
    that made their 评价码 is gone: regenerate with examples/make_appraisal_example.py when this
    fails). A 班子 of 5, 4 同级干部 (below their minimum: never shown alone), 16 下属, 60 服务对象."""
    here = REPO / "examples" / "appraisal"
    csv = tmp_path / "r.csv"
    result = CliRunner().invoke(main, [
        "aggregate", "-C", str(here / "project"), str(here / "forms"), "--out", str(tmp_path / "r.md"),
        "--csv", str(csv), "--self", f"zhang-ming={here / 'self' / '张明.json'}"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Read 85 forms of 2027年度局领导班子成员民主测评 (0 duplicates "
                                    "counted once, 0 skipped), 85 counted, on 5 cadres.")
    assert csv.read_text("utf-8") == (here / "report" / "report.csv").read_text("utf-8")
    assert "同级干部</th>" not in (here / "report" / "report.md").read_text("utf-8")
    assert not list(here.rglob("*密钥*")) and not list(here.rglob("*.key"))


def test_a_self_assessment_result_is_compared_on_0_to_100(
        root: Path, tmp_path: Path, write_quiz: Callable[..., Path]) -> None:
    """A form whose dimensions are named as those of the self-assessment 小测 (愿为, 敢为)."""
    write_quiz(MINIMAL_QUIZ, "check.yml")
    write_quiz(FORM.replace("comment: 意见建议（选填）\n", "dimensions:\n"
                            "  - {id: yuan, name: 愿为}\n  - {id: gan, name: 敢为}\n"), "ceping.yml")
    levels = ["hao", "jiaohao"]
    raters = [("xiashu", {"a": "chenzhi", "b": "chenzhi", "c": "chenzhi", "d": "chenzhi"})] * 12
    folder = write_forms(root, tmp_path / "in", raters,
                         dims=lambda n, s: {"yuan": levels[n % 2], "gan": "hao"})
    spec = next(quiz_spec(q.quiz) for q in load_project(root).quizzes)
    answers = {"q1": 4, "q2": 0, "q3": 1, "q4": [0, 1]}  # 愿为 100, 敢为 100
    own = tmp_path / "zice.json"
    own.write_text(json.dumps({"format": "kb-quiz-result", "version": 1,
                               "date": "2027-11-01T08:00:00Z", "answers": answers,
                               "questionnaire": {k: spec[k] for k in ("id", "title", "version",
                                                                      "hash")},
                               "result": score(spec, answers)}, ensure_ascii=False), "utf-8")
    out = tmp_path / "r.md"
    code, _, err = run(root, str(folder), "--self", f"a={own}", "--out", str(out))
    assert code == 0, err
    section = out.read_text("utf-8").split("## 张三")[1].split("## 李四")[0]
    assert "（本人：小测（自测）；他人平均换算到 0–100）" in section
    # 愿为: others 3.5 on 1–4, that is (3.5 − 1) / 3 = 83.33 on 0–100; self 100: above
    yuan = section.split('<th scope="row">愿为</th>')[1].split("</tr>")[0]
    assert yuan.startswith("<td>100.00</td><td>83.33 [")
    assert "谈话时可以谈一谈" in yuan
    gan = section.split('<th scope="row">敢为</th>')[1].split("</tr>")[0]
    assert gan == "<td>100.00</td><td>100.00 [100.00–100.00]</td><td></td>"


@pytest.mark.parametrize(("rate", "shown"), [(100 / 3, "33.33"), (33.3, "33.3"), (50, "50.0"),
                                             (33.26, "33.26")])
def test_a_share_next_to_a_bound_shows_which_side_it_is_on(rate: float, shown: str) -> None:
    # 1 of 3 is 33.33 %: "33.3%" beside 高于 33.3% 适用 would read as a mistake
    assert shown_share(rate, [33.3]) == shown


def test_a_rule_pooling_a_small_group_with_a_shown_one_withholds_its_inputs(
        root: Path, tmp_path: Path, write_quiz: Callable[..., Path]) -> None:
    # 班子 (1 form) needs 2; 下属 (2 forms) is shown: the pool of both, 3 forms, would give the
    # 班子 vote as its difference from the 下属 row
    write_quiz(FORM.replace("weight: 0.3, min_forms: 1}", "weight: 0.3, min_forms: 2}")
               .replace("groups: [xiashu]", "groups: [banzi, xiashu]"), "ceping.yml")
    folder = write_forms(root, tmp_path / "in", RATERS)
    assert run(root, str(folder), "--out", str(tmp_path / "r.md"))[0] == 0
    section = (tmp_path / "r.md").read_text("utf-8").split("## 王五")[1].split("## 赵六")[0]
    assert "领导班子成员、下属所投“不称职”票的占比涉及的测评表不足最少份数，为保护评价人不列出数字" in section
    assert "2 票 / 3 票" not in section
