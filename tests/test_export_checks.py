"""export-checks: a course's 随堂测验 as GIFT and Moodle XML for a learning platform."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content.models.course import Course
from generator.exports.lms import gift, gift_escape, moodle_xml
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE
from tests.test_pages import FULL_COURSE

SPECIAL = "比例 1:2 {甲} ~乙 =丙 #丁 \\戊"


def course_with(check: str) -> Course:
    return Course.model_validate({
        "id": "c", "title": "课程", "summary": "简介",
        "modules": [{"id": "m", "title": "模块", "summary": "简介", "lessons": [{
            "id": "l", "title": "一课", "summary": "提要", "audience": ["全体干部"],
            "channel": "网络课堂", "hours": 1, "objectives": ["目标"], "key_points": ["要点"],
            "body": "正文", "cases": [{"title": "案例", "body": "正文"}], "discussion": ["问题"],
            "check": check}]}]})


def test_gift_escapes_its_markup_and_keeps_chinese_text() -> None:
    assert gift_escape(SPECIAL) == "比例 1\\:2 \\{甲\\} \\~乙 \\=丙 \\#丁 \\\\戊"
    assert gift_escape("两行\n文字") == "两行\\n文字"
    course = course_with([  # type: ignore[arg-type]
        {"id": "a", "type": "single", "text": SPECIAL, "explanation": "解析：#1",
         "options": [{"label": "A=B", "correct": True}, {"label": "{C}"}]},
        {"id": "b", "type": "truefalse", "text": "对吗：是", "answer": True, "explanation": "对~"},
    ])
    text = gift(course)
    assert "$CATEGORY: 课程/第 1 课 一课\n" in text
    assert ("::l-a::[plain]比例 1\\:2 \\{甲\\} \\~乙 \\=丙 \\#丁 \\\\戊 "
            "{=A\\=B ~\\{C\\} ####解析：\\#1}") in text
    assert "::l-b::[plain]对吗：是 {T####对\\~}" in text


def test_gift_weights_a_multiple_choice_and_splits_blanks() -> None:
    course = course_with([  # type: ignore[arg-type]
        {"id": "m", "type": "multiple", "text": "哪些", "explanation": "甲丙",
         "options": [{"label": "甲", "correct": True}, {"label": "乙"}, {"label": "丙", "correct": True},
                     {"label": "丁", "correct": True}]},
        {"id": "f", "type": "fill", "text": "先 ___ 后 ___。", "explanation": "理论在前",
         "blanks": [["理论", "理论武装"], ["业务"]]},
    ])
    text = gift(course)
    assert "{~%33.33333%甲 ~%-100%乙 ~%33.33333%丙 ~%33.33333%丁 ####甲丙}" in text
    assert "::l-f (1)::[plain]先 （　） 后 ____。 {=理论 =理论武装 ####理论在前}" in text
    assert "::l-f (2)::[plain]先 ____ 后 （　）。 {=业务 ####理论在前}" in text


def test_moodle_xml_holds_every_item_as_its_own_question_type() -> None:
    course = course_with([  # type: ignore[arg-type]
        {"id": "s", "type": "single", "text": "<b>选</b>", "explanation": "因为 <i>", "shuffle": True,
         "options": [{"label": "甲 & 乙", "correct": True}, {"label": "丙"}]},
        {"id": "m", "type": "multiple", "text": "哪些", "explanation": "甲丙",
         "options": [{"label": "甲", "correct": True}, {"label": "乙"}, {"label": "丙", "correct": True}]},
        {"id": "t", "type": "truefalse", "text": "对吗", "answer": False, "explanation": "错"},
        {"id": "one", "type": "fill", "text": "填 ___。", "explanation": "丙",
         "blanks": [["丙", "C"]]},
        {"id": "two", "type": "fill", "text": "先 <___> 后 ___。", "explanation": "理论在前",
         "blanks": [["理论", "a/b}"], ["业务"]]},
    ])
    root = ET.fromstring(moodle_xml(course))
    kinds = [(q.get("type"), q.findtext("name/text")) for q in root.iter("question")]
    assert kinds == [("category", None), ("multichoice", "l-s"), ("multichoice", "l-m"),
                     ("truefalse", "l-t"), ("shortanswer", "l-one"), ("multianswer", "l-two")]
    single, multiple, truefalse, short, cloze = root.findall("question")[1:]
    assert single.findtext("questiontext/text") == "<b>选</b>"  # plain text, escaped by XML
    assert [(a.get("fraction"), a.findtext("text")) for a in single.iter("answer")] == [
        ("100", "甲 & 乙"), ("0", "丙")]
    assert (single.findtext("single"), single.findtext("shuffleanswers")) == ("true", "1")
    assert [a.get("fraction") for a in multiple.iter("answer")] == ["50", "-100", "50"]
    assert multiple.findtext("single") == "false"
    assert [(a.findtext("text"), a.get("fraction")) for a in truefalse.iter("answer")] == [
        ("true", "0"), ("false", "100")]
    assert [a.findtext("text") for a in short.iter("answer")] == ["丙", "C"]
    assert short.findtext("questiontext/text") == "填 （　）。"
    assert cloze.findtext("questiontext/text") == (
        "先 &lt;{1:SHORTANSWER:=理论~=a\\/b\\}}&gt; 后 {1:SHORTANSWER:=业务}。")
    assert cloze.findtext("generalfeedback/text") == "理论在前"
    assert root.findtext("question/category/text") == "$course$/top/课程/第 1 课 一课"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_command_writes_either_format(project: Path, write_course: Callable[..., Path],
                                          tmp_path: Path) -> None:
    write_course(FULL_COURSE)
    target = tmp_path / "out" / "checks.gift"
    assert run("export-checks", "demo", str(target), "-C", str(project)) == (
        0, f"Wrote {target.as_posix()}: 5 questions from 1 lessons\n", "")
    assert target.read_text(encoding="utf-8") == gift(load_project(project).courses[0].course)
    xml = tmp_path / "checks.xml"
    assert run("export-checks", "demo", str(xml), "--format", "moodle-xml", "-C", str(project))[0] == 0
    assert len(ET.parse(xml).getroot().findall("question")) == 5  # a category and four items


def test_a_course_without_checks_is_an_error(project: Path, write_course: Callable[..., Path],
                                             tmp_path: Path) -> None:
    write_course(MINIMAL_COURSE)
    code, _out, err = run("export-checks", "demo", str(tmp_path / "x.gift"), "-C", str(project))
    assert (code, err) == (1, "Error: course 'demo' has no checks: expected lessons with 'check:' "
                              "items (docs/course-format.md)\n")
    assert not (tmp_path / "x.gift").exists()
