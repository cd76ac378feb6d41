"""register: rosters in the encodings Excel writes, paper codes, credit by re-grading, 姓氏笔画
order, and the per-unit figures worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from generator.cli import main
from generator.content.models.course import Course
from generator.errors import ContentError, GeneratorError, Problem
from generator.register.make import make_register
from generator.register.names import normalise, stroke_key
from generator.register.render import tables
from generator.register.roster import read_roster
from generator.register.tally import DONE, MISSING, NOT_STARTED, ONGOING
from generator.scoring.codes import ALPHABET, CodeError
from generator.scoring.records import decode, encode, record_document, record_spec
from generator.site.project import load_project
from tests.conftest import REPO

VECTORS = REPO / "tests" / "vectors" / "record-code"
RIGHT = {
    "shouwen-fuze": {"shei-shi-shouwen": 0, "linshi-dinggang": False, "bu-shu-benwei": [0, 1, 2],
                     "jiben-liucheng": ["判断", "跟踪"]},
    "yicixing-gaozhi": {"gaozhi-neirong": [0, 1, 2, 3], "doudi-shuofa": False, "yanqi-banjie": 1,
                        "fen-jiedian": ["环节", "预警"]},
}
HEAD = ["单位", "姓名", "职务", "层级", "编号"]


def _lesson(ident: str, channel: str, hours: float, more: str = "") -> str:
    return (f"      - id: {ident}\n        title: 课 {ident}\n        summary: 提要\n"
            f"        audience: [全体干部]\n        channel: {channel}\n        hours: {hours}\n"
            "        objectives: [目标]\n        key_points: [要点]\n        body: 正文\n"
            "        cases:\n          - title: 案例\n            body: 案例正文\n"
            f"        discussion: [问题]\n{more}")


SHOUWEN_CHECK = """\
        check:
          - id: shei-shi-shouwen
            type: single
            text: 群众打电话到单位咨询一件事，按首问负责的常见规定，谁是首问责任人？
            shuffle: true
            options:
              - {label: 第一个接听电话的工作人员, correct: true}
              - {label: 分管这项业务的单位负责人}
              - {label: 最终办理这件事的承办人}
              - {label: 单位办公室的值班领导}
            explanation: 说明。
          - id: linshi-dinggang
            type: truefalse
            text: 临时顶岗、值班的工作人员只是帮忙，遇到不属于本岗位的事项，可以不按首问负责处理。
            answer: false
            explanation: 说明。
          - id: bu-shu-benwei
            type: multiple
            text: 群众所办的事项不属于本单位职责，首问责任人应当怎样做？
            options:
              - {label: 向群众说明情况, correct: true}
              - {label: 告知承办单位的地址和联系方式, correct: true}
              - {label: 必要时帮助群众联系承办单位, correct: true}
              - {label: 答复“不归我们管”，请群众自己去查}
              - {label: 为了显得负责，先答应“肯定能办”}
            explanation: 说明。
          - id: jiben-liucheng
            type: fill
            text: 首问责任人的基本流程依次是接待、___、交接和___。
            blanks: [[判断], [跟踪, 跟踪回访]]
            explanation: 说明。
"""
YICIXING_CHECK = """\
        pass: 75%
        check:
          - id: gaozhi-neirong
            type: multiple
            text: 一次性告知要把哪些内容一次讲清？
            shuffle: true
            options:
              - {label: 办理依据, correct: true}
              - {label: 申请条件, correct: true}
              - {label: 所需材料, correct: true}
              - {label: 办理程序和时限, correct: true}
              - {label: 经办人对这件事的个人看法}
            explanation: 说明。
          - id: doudi-shuofa
            type: truefalse
            text: 为了避免遗漏，告知单上可以写上“其他相关材料”。
            answer: false
            explanation: 说明。
          - id: yanqi-banjie
            type: single
            text: 受理的事项确因客观原因无法按时办结，应当怎样做？
            options:
              - {label: 等到期后群众来取件时再说明}
              - {label: 在到期前向群众说明原因和新的办结时间，并按规定办理延期手续, correct: true}
              - {label: 把材料退回，请群众重新提交，重新计算时限}
              - {label: 请群众签字“自愿放弃时限”}
            explanation: 说明。
          - id: fen-jiedian
            type: fill
            text: 把总时限分解到各个___，临近时限时借助办件系统___。
            blanks: [[环节, 办理环节], [预警, 提醒]]
            explanation: 说明。
"""
#: The register's course, written for these tests so that the figures below can be worked out by
#: hand, whatever the default course becomes: four modules with deadlines; 12 lessons without a
#: check (集中课堂 13.5 学时, 网络课堂 6, 异地课堂 3) and two with one (网络课堂 1 and 1.5):
#: shouwen-fuze under the course's pass rule, 80 % (4 of 4 items), and yicixing-gaozhi under its
#: own, 75 % (3 of 4). The training block is the default course's example rule.
COURSE = ("id: lunxun\ntitle: 轮训课程\nsummary: 简介\norganizer: 县委组织部\npass: 80%\n"
          "issued: 2027-03-01\nmodules:\n"
          "  - id: m1\n    title: 模块一\n    summary: 简介\n    lessons:\n"
          + _lesson("p1", "集中课堂", 2) + _lesson("p2", "网络课堂", 1.5) + _lesson("p3", "集中课堂", 1.5)
          + "  - id: m2\n    title: 模块二\n    summary: 简介\n    lessons:\n"
          + _lesson("p4", "异地课堂", 3) + _lesson("shouwen-fuze", "网络课堂", 1, SHOUWEN_CHECK)
          + _lesson("yicixing-gaozhi", "网络课堂", 1.5, YICIXING_CHECK) + _lesson("p5", "集中课堂", 2)
          + "  - id: m3\n    title: 模块三\n    summary: 简介\n    lessons:\n"
          + _lesson("p6", "集中课堂", 2) + _lesson("p7", "网络课堂", 1.5) + _lesson("p8", "网络课堂", 1.5)
          + _lesson("p9", "集中课堂", 2)
          + "  - id: m4\n    title: 模块四\n    summary: 简介\n    lessons:\n"
          + _lesson("p10", "集中课堂", 2) + _lesson("p11", "网络课堂", 1.5) + _lesson("p12", "集中课堂", 2)
          + """\
training:
  title: 2027 年度轮训
  basis: 本单位规定示例
  levels:
    - level: 县处级
      hours: {集中课堂: 8, 网络课堂: 6}
    - level: 乡科级
      hours: {集中课堂: 6, 网络课堂: 5}
    - level: 一般干部
      hours: {集中课堂: 6, 网络课堂: 5}
  default_level: 一般干部
schedule:
  timezone: Asia/Shanghai
  deadlines:
    - {module: m1, date: 2027-03-31, title: 完成网络课堂}
    - {module: m2, date: 2027-04-30, title: 完成网络课堂}
    - {module: m3, date: 2027-05-31, title: 完成网络课堂}
    - {module: m4, date: 2027-06-30, title: 完成网络课堂}
""")


def course_project(folder: Path) -> Path:
    """A new project whose only course is COURSE."""
    from generator.commands.new import create_project
    create_project(folder, "示例")
    (folder / "content" / "courses" / "sample.yml").unlink()
    (folder / "content" / "courses" / "lunxun.yml").write_text(COURSE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    project = course_project(tmp_path_factory.mktemp("course") / "proj")
    return next(c.course for c in load_project(project).courses if c.course.id == "lunxun")


def plain(course: Course) -> list[str]:
    return [lesson.id for _m, lesson in course.lessons() if not lesson.check]


def record(course: Course, name: str, unit: str, ids: list[str], checks: dict[str, Any] | None = None,
           made: str = "2027-04-01", number: str = "") -> dict[str, Any]:
    return record_document(course, f"{made}T09:00:00.000Z", {"name": name, "unit": unit, "number": number},
                           {i: f"{made}T02:00:00.000Z" for i in ids}, checks or {})


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def dump(folder: Path, name: str, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# ---- The roster ----

ROWS = [["2027年干部名册"], HEAD, ["县委组织部", "王　建国", "部长", "县处级", "A1"],
        ["城关镇", "李梅", "", "一般干部", ""]]


@pytest.mark.parametrize(("encoding", "shown"), [("gb18030", "GB18030"), ("utf-8-sig", "UTF-8 (BOM)"),
                                                 ("utf-8", "UTF-8"), ("utf-16", "UTF-16")])
def test_a_csv_roster_is_read_in_the_encodings_excel_writes(tmp_path: Path, encoding: str,
                                                             shown: str) -> None:
    problems: list[Problem] = []
    roster = read_roster(write_csv(tmp_path / "r.csv", ROWS, encoding), "r.csv", problems)
    assert (roster.encoding, problems) == (shown, [])
    assert [(c.line, c.unit, c.name, c.level, c.number) for c in roster.cadres] == [
        (3, "县委组织部", "王　建国", "县处级", "A1"), (4, "城关镇", "李梅", "一般干部", "")]
    assert roster.units == ["县委组织部", "城关镇"]
    assert roster.with_key("县委组织部", "王建国") == [0]


def test_a_roster_in_no_known_encoding_is_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("姓名,单位\n".encode() + b"\x81\x30\xff\xfe\n")
    with pytest.raises(GeneratorError, match="UTF-8 or GB18030"):
        read_roster(path, "r.csv", [])


def test_an_xlsx_roster(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [["干部名册"], ["序号", "姓名", "工作单位", "职级", "编号"],
                [1, "丁一", "县委办", "乡科级", 1001], [2, None, "县委办", None, None],
                [3, "田二", "县委办", "乡科级", 1001]]:
        sheet.append(row)
    book.save(tmp_path / "r.xlsx")
    problems: list[Problem] = []
    roster = read_roster(tmp_path / "r.xlsx", "r.xlsx", problems)
    assert [(c.line, c.name, c.unit, c.level, c.number) for c in roster.cadres] == [
        (3, "丁一", "县委办", "乡科级", "1001")]
    assert [(p.line, p.code) for p in problems] == [(4, "bad-roster"), (5, "bad-roster")]


def test_a_roster_without_the_columns_says_which(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="姓名 and 单位"):
        read_roster(write_csv(tmp_path / "r.csv", [["名字", "部门x"]], "utf-8"), "r.csv", [])


# ---- Names ----

def test_surnames_in_stroke_order() -> None:
    names = ["白", "田", "王", "丁", "欧阳", "马", "𠮷"]
    assert sorted(names, key=stroke_key) == ["丁", "马", "王", "田", "白", "欧阳", "𠮷"]
    # 田 (5 strokes, first 竖) before 白 (5 strokes, first 撇); then the given name decides.
    assert sorted(["田三", "白一", "田二"], key=stroke_key) == ["田二", "田三", "白一"]


def test_names_match_after_spaces_and_full_width_forms() -> None:
    assert normalise(" 王　建国 ") == normalise("王建国")
    assert normalise("ＡＢ１２") == "AB12"


# ---- 学习记录码 ----

@pytest.mark.parametrize("case", json.loads((VECTORS / "codes.json").read_text("utf-8"))["cases"],
                         ids=lambda c: c["name"])
def test_record_codes_match_the_shared_vectors(case: dict[str, Any]) -> None:
    spec = json.loads((VECTORS / "codes.json").read_text("utf-8"))["spec"]
    assert encode(spec, case["made"], case["last"], case["lessons"]) == case["code"]
    made, last, lessons = decode(case["code"], spec)
    assert {"made": made, "last": last, "lessons": lessons} == case["decoded"]


def test_every_mistyped_or_swapped_symbol_is_caught(course: Course) -> None:
    spec = record_spec(course)
    code = record(course, "王", "县", plain(course)[:5], RIGHT)["code"].replace("-", "")
    for i, symbol in enumerate(code):
        for other in ALPHABET:
            if other != symbol:
                with pytest.raises(CodeError):
                    decode(code[:i] + other + code[i + 1:], spec)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            with pytest.raises(CodeError):
                decode(code[:i] + code[i + 1] + code[i] + code[i + 2:], spec)


def test_a_code_is_read_only_against_its_course_version(course: Course) -> None:
    spec = record_spec(course)
    code = record(course, "王", "县", plain(course)[:2])["code"]
    made, last, lessons = decode(code.lower().replace("-", " "), spec)
    assert (made, last) == ("2027-04-01T09:00Z", "2027-04-01")
    assert [i for i, s in lessons.items() if s["studied"]] == plain(course)[:2]
    other = dict(spec, version="ffffffff" + spec["version"][8:])
    with pytest.raises(CodeError, match="another version"):
        decode(code, other)
    with pytest.raises(CodeError, match="starts with R"):
        decode("3294Q-9WN68-XEC9Q-Q83G", spec)


# ---- Credit and the figures ----

def cohort(tmp_path: Path, course: Course) -> tuple[Path, Path]:
    """A small cohort: two units, five cadres, worked out by hand below."""
    roster = write_csv(tmp_path / "名册.csv", [HEAD,
        ["甲局", "王一", "局长", "县处级", ""],      # 集中 8 网络 6 required
        ["甲局", "丁二", "科员", "一般干部", ""],     # 集中 6 网络 5
        ["乙镇", "田三", "镇长", "乡科级", ""],
        ["乙镇", "白四", "科员", "", ""],             # default_level 一般干部
        ["乙镇", "李五", "科员", "一般干部", ""]], "gb18030")
    ids = plain(course)
    records = tmp_path / "records"
    # 王一: every lesson → 集中 13.5, 网络 8.5, 异地 3 = 25: 已完成.
    dump(records, "w.json", record(course, "王一", "甲局", ids, RIGHT, "2027-04-10"))
    # 丁二: peixun-neirong (集中 2) and peixun-qudao (网络 1.5): 进行中, 3.5 of 11.
    dump(records, "d.json", record(course, "丁 二", "甲局", ids[:2], None, "2027-03-20"))
    # 田三: a record with nothing credited: 未开始.
    dump(records, "t.json", record(course, "田三", "乙镇", [], None, "2027-03-22"))
    # 白四: everything but one check passed → 集中 13.5, 网络 7.5 (shouwen-fuze 1 short of 8.5).
    dump(records, "b.json", record(course, "白四", "乙镇", ids, {"yicixing-gaozhi": RIGHT["yicixing-gaozhi"]},
                                   "2027-04-12"))
    # 李五 hands in nothing: 未交记录.
    return roster, records


def test_the_per_cadre_and_per_unit_figures_by_hand(tmp_path: Path, course: Course) -> None:
    roster, records = cohort(tmp_path, course)
    reg = make_register(course, roster, [records], skip_bad=False, date=dt.date(2027, 4, 15))
    rows = {r.cadre.name: r for r in reg.rows}
    assert [r.cadre.name for r in reg.rows] == ["丁二", "王一", "田三", "白四", "李五"]
    assert (rows["王一"].status, rows["王一"].earned_total, rows["王一"].lessons, rows["王一"].rate) == (
        DONE, 25.0, 14, 1.0)
    assert (rows["丁二"].status, rows["丁二"].earned, rows["丁二"].required) == (
        ONGOING, {"集中课堂": 2.0, "网络课堂": 1.5}, {"集中课堂": 6.0, "网络课堂": 5.0})
    assert rows["丁二"].rate == pytest.approx(3.5 / 11)
    assert rows["田三"].status == NOT_STARTED
    assert (rows["白四"].status, rows["白四"].earned["网络课堂"]) == (DONE, 7.5)  # 6 of 5 needed: done
    assert rows["李五"].status == MISSING
    units = {u.name: u for u in reg.units}
    # 甲局: 2 expected, 2 taking part, 1 done, (25 + 3.5) / 2 = 14.25 hours on average.
    assert (units["甲局"].expected, units["甲局"].taking, units["甲局"].done) == (2, 2, 1)
    assert units["甲局"].average == pytest.approx(14.25)
    # 乙镇: 3 expected; 白四 takes part (田三's record credits nothing); 1 done; 24 / 3 hours.
    assert (units["乙镇"].expected, units["乙镇"].taking, units["乙镇"].done) == (3, 1, 1)
    assert units["乙镇"].taking_rate == pytest.approx(1 / 3)
    assert units["乙镇"].average == pytest.approx((13.5 + 7.5 + 3) / 3)
    assert (reg.total.expected, reg.total.taking, reg.total.done) == (5, 3, 2)
    behind = {r.cadre.name: when for r, when in reg.behind()}
    assert set(behind) == {"丁二", "田三", "李五"}
    assert behind["丁二"].startswith("2027-04-30 截止")  # the next deadline with a lesson 丁二 lacks
    # 尚差 is per channel, and the list says which channel lacks what.
    assert rows["丁二"].missing_by_channel() == {"集中课堂": 4.0, "网络课堂": 3.5}
    lacking = {row[1]: row[6] for row in tables(reg).behind}
    assert lacking["丁二"] == "7.5（集中课堂 4、网络课堂 3.5）"


def test_a_passed_that_does_not_survive_re_grading_is_refused(tmp_path: Path, course: Course) -> None:
    roster, records = cohort(tmp_path, course)
    data = json.loads((records / "w.json").read_text("utf-8"))
    data["lessons"]["shouwen-fuze"]["check"]["answers"]["shei-shi-shouwen"] = 1  # passed stays true
    dump(records, "w.json", data)
    with pytest.raises(ContentError, match=r"w\.json:1:1: lesson 'shouwen-fuze': the record says its "
                                           r"check was passed, but its answers score 3 of 4"):
        make_register(course, roster, [records], skip_bad=False)
    reg = make_register(course, roster, [records], skip_bad=True)
    assert [p.code for p in reg.problems] == ["bad-record"]
    assert {r.cadre.name: r.status for r in reg.rows}["王一"] == MISSING


def test_each_check_is_re_graded_by_its_own_pass_rule(tmp_path: Path, course: Course) -> None:
    """3 of 4 right: short of the course's 80 % (shouwen-fuze), enough for the lesson's 75 %."""
    roster = write_csv(tmp_path / "r.csv", [HEAD, ["甲局", "王一", "局长", "县处级", ""]], "utf-8")
    three = {"shouwen-fuze": {**RIGHT["shouwen-fuze"], "shei-shi-shouwen": 1},
             "yicixing-gaozhi": {**RIGHT["yicixing-gaozhi"], "yanqi-banjie": 0}}
    data = record(course, "王一", "甲局", ["shouwen-fuze", "yicixing-gaozhi"], three)
    assert [data["lessons"][i]["check"]["passed"] for i in three] == [False, True]
    dump(tmp_path / "records", "w.json", data)
    row = make_register(course, roster, [tmp_path / "records"], skip_bad=False).rows[0]
    assert (row.lessons, row.earned_total) == (1, 1.5)


def test_a_check_changed_since_it_was_passed_is_not_credited_and_said(tmp_path: Path, course: Course) -> None:
    roster, records = cohort(tmp_path, course)
    data = json.loads((records / "w.json").read_text("utf-8"))
    data["lessons"]["shouwen-fuze"]["check"]["fps"]["shei-shi-shouwen"] = "0000000000000000"
    data["lessons"]["gone-lesson"] = {"studied": "2026-01-01T00:00:00Z"}
    data["course"]["version"] = "0000000000000000"
    dump(records, "w.json", data)
    rows = make_register(course, roster, [records], skip_bad=False).rows
    row = next(r for r in rows if r.cadre.name == "王一")
    assert row.lessons == 13
    assert any("另一个版本" in n for n in row.notes)
    assert any("gone-lesson" in n for n in row.notes)
    assert any("shouwen-fuze" in n and "重新完成测验" in n for n in row.notes)


def test_bad_input_is_listed_with_file_and_line(tmp_path: Path, course: Course) -> None:
    roster, records = cohort(tmp_path, course)
    dump(records, "stranger.json", record(course, "赵六", "甲局", plain(course)[:1]))
    dump(records, "later.json", record(course, "丁二", "甲局", plain(course)[:3], None, "2027-04-02"))
    dump(records, "other.json", dict(record(course, "王一", "甲局", []), course={"id": "other"}))
    good = record(course, "李五", "乙镇", plain(course)[:4])["code"]
    bad = good[:-1] + ("2" if good[-1] != "2" else "3")
    (records / "codes.txt").write_text(f"# 抄录\n李五，乙镇，{good}\n白四,乙镇,{bad}\n乱写一行\n",
                                       encoding="gb18030")
    with pytest.raises(ContentError) as info:
        make_register(course, roster, [records], skip_bad=False)
    assert [(Path(p.path).name, p.line, p.code) for p in info.value.problems] == [
        ("codes.txt", 3, "bad-record"), ("codes.txt", 4, "bad-record"),
        ("other.json", 1, "bad-record"), ("stranger.json", 1, "unmatched")]
    reg = make_register(course, roster, [records], skip_bad=True)
    rows = {r.cadre.name: r for r in reg.rows}
    assert rows["李五"].lessons == 4 and rows["李五"].source.endswith("codes.txt:2")
    assert rows["丁二"].lessons == 3  # the later of two records counts
    assert [n.code for n in reg.notices] == ["duplicate-record"]
    assert "d.json" in reg.notices[0].message and "later.json" in reg.notices[0].message


def test_same_name_in_one_unit_needs_a_number(tmp_path: Path, course: Course) -> None:
    roster = write_csv(tmp_path / "r.csv", [HEAD, ["甲局", "张伟", "", "一般干部", "1"],
                                            ["甲局", "张伟", "", "一般干部", "2"]], "utf-8")
    records = tmp_path / "records"
    dump(records, "a.json", record(course, "张伟", "甲局", plain(course)[:1]))
    dump(records, "b.json", record(course, "张伟", "甲局", plain(course)[:2], number="2"))
    reg = make_register(course, roster, [records], skip_bad=True)
    assert [p.code for p in reg.problems] == ["ambiguous"]
    assert [(r.cadre.number, r.lessons) for r in reg.rows] == [("1", 0), ("2", 2)]


def test_a_v1_record_is_matched_by_its_file_name(tmp_path: Path, course: Course) -> None:
    roster, records = cohort(tmp_path, course)
    v1 = {"format": "kb-study-record", "version": 1,
          "studied": {i: "2027-03-01T00:00:00Z" for i in [*plain(course)[:2], "shouwen-fuze"]}}
    dump(records, "乙镇-李五.json", v1)
    dump(records, "学习记录-2027-03-01.json", v1)
    reg = make_register(course, roster, [records], skip_bad=True)
    assert [(Path(p.path).name, p.code) for p in reg.problems] == [("学习记录-2027-03-01.json", "unmatched")]
    row = next(r for r in reg.rows if r.cadre.name == "李五")
    # shouwen-fuze has a check and a v1 file no answers: credited as an earlier mark (earlier_marks).
    assert row.lessons == 3 and any("设随堂测验以前" in n for n in row.notes)


# ---- The command ----

def test_the_command_writes_outside_content_by_default(tmp_path: Path, course: Course) -> None:
    roster, records = cohort(tmp_path, course)
    project = course_project(tmp_path / "proj")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--lang", "en", "register", str(records), "--roster", str(roster),
                                       "-C", str(project), "--date", "2027-04-15", "--issuer", "县委组织部",
                                       "--html", str(out / "t.html"), "--csv", str(out / "t.csv"),
                                       "--xlsx", str(out / "t.xlsx")])
    assert result.exit_code == 0, result.output
    page = project / "registers" / "lunxun-2027-04-15.md"
    assert "内部资料" in page.read_text("utf-8")
    html = (out / "t.html").read_text("utf-8")
    assert "size: A4" in html and "县委组织部<br>2027年4月15日" in html and "<script" not in html
    assert (out / "t.csv").read_text("utf-8-sig").splitlines()[1].startswith("甲局,丁二,科员")
    book = load_workbook(out / "t.xlsx")
    assert book.sheetnames == ["登记表", "单位汇总", "提醒名单", "说明"]
    assert [c.value for c in book["单位汇总"][2]][:3] == ["甲局", 2, 2]
    inside = CliRunner().invoke(main, ["--lang", "en", "register", str(records), "--roster", str(roster),
                                       "-C", str(project), "--out", str(project / "content" / "r.md")])
    assert "publishes it with the site" in inside.output
