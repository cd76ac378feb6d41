"""Generated Markdown, checked against golden files a reviewer can read.

After an intended change of the pages, run ``pytest tests/test_pages.py
--update-golden`` and review the diff of tests/golden/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site.pages import build_nav, render_pages
from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ

GOLDEN = Path(__file__).parent / "golden"

#: The minimal course plus every optional field, and text that must stay text.
FULL_COURSE = (
    MINIMAL_COURSE
    .replace("summary: 简介\n", "summary: 简介\ndescription: |\n  课程说明，先学[第一课](id:l1#讨论题)。\n"
             "source: 依据阳文魁的文章改写\n", 1)
    .replace("title: 第一课\n", "title: 第一课 <img src=x onerror=alert(1)>\n", 1)
    .replace("discussion: [问题]\n", "discussion: [问题]\n        readings:\n"
             "          - title: 中国共产党问责条例\n            author: 中共中央\n"
             "            source: 人民出版社\n            year: 2019\n"
             "            url: https://example.org/a\n        tags: [愿为, 作风]\n", 1)
    .replace("body: 情景正文\n", "body: 情景正文\n            analysis: |\n              点评第一段\n\n"
             "              点评第二段\n", 1)
    # A check of every type on the second lesson, with text that must stay text.
    .replace("prerequisites: [l1]\n", "prerequisites: [l1]\n        pass: 75%\n        check:\n"
             "          - {id: q1, type: single, text: 哪个 <b>对</b>？, shuffle: true,\n"
             "             options: [{label: \"*甲*\", correct: true}, {label: \"[乙](x)\"}],\n"
             "             explanation: 因为 <i>甲</i>。}\n"
             "          - {id: q2, type: multiple, text: 哪些对？, explanation: 甲丙。,\n"
             "             options: [{label: 甲, correct: true}, {label: 乙}, {label: 丙, correct: true}]}\n"
             "          - {id: q3, type: truefalse, text: 这句话对。, answer: false, explanation: 错。}\n"
             "          - {id: q4, type: fill, text: 先 ___ 后 ___。, explanation: 理论在前。,\n"
             "             blanks: [[理论, 理论武装], [业务]]}\n", 1)
)


@pytest.fixture
def pages(project: Path, write_course: Callable[..., Path],
          write_quiz: Callable[..., Path]) -> dict[str, str]:
    write_course(FULL_COURSE)
    write_quiz(MINIMAL_QUIZ)
    return {page.path: page.text for page in render_pages(load_project(project))}


PAGES = ["demo/index.md", "demo/m1/index.md", "demo/m1/l1.md", "demo/m1/l2.md", "tags.md",
         "quizzes/check.md"]


def test_one_page_per_course_module_lesson_and_questionnaire_plus_tags(
    pages: dict[str, str]
) -> None:
    assert sorted(pages) == sorted(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_page_matches_golden_file(pages: dict[str, str], path: str, update_golden: bool) -> None:
    golden = GOLDEN / path
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert pages[path] == golden.read_text(encoding="utf-8")


def test_html_in_plain_text_fields_is_shown_as_text(pages: dict[str, str]) -> None:
    lesson = pages["demo/m1/l1.md"]
    assert "<img" not in lesson
    assert "# 第一课 &lt;img src=x onerror=alert&#40;1&#41;&gt;" in lesson
    assert "[第一课 &lt;img src=x onerror=alert&#40;1&#41;&gt;](l1.md)" in pages["demo/m1/l2.md"]


def test_id_links_become_relative_links(pages: dict[str, str]) -> None:
    assert "见[第二课](l2.md)。" in pages["demo/m1/l1.md"]
    assert "先学[第一课](m1/l1.md#讨论题)。" in pages["demo/index.md"]


def test_navigation_follows_course_order(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(FULL_COURSE)
    loaded = load_project(project)
    nav = build_nav(loaded, render_pages(loaded), ["index.md", "about.md"])  # no questionnaire
    assert nav == [
        "index.md",
        {"示例": ["demo/index.md", {"模块一": [
            "demo/m1/index.md",
            {"第一课 &lt;img src=x onerror=alert(1)&gt;": "demo/m1/l1.md"},
            {"第二课": "demo/m1/l2.md"},
        ]}]},
        "about.md",
        "tags.md",
    ]


def test_questionnaire_data_cannot_close_its_script_element(
    project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    write_quiz(MINIMAL_QUIZ.replace("text: 反思", 'text: "反思 </script><script>alert(1)</script>"'))
    page = next(p for p in render_pages(load_project(project)) if p.path == "quizzes/check.md")
    data = page.text.split('<script type="application/json" class="kbq-spec">', 1)[1]
    data = data.split("</script>", 1)[0]
    assert "<" not in data and "\\u003c/script\\u003e" in data
