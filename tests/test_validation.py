"""Validation: every kind of bad input gets one clear ``path:line:col`` error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.site.project import load_project
from tests.conftest import MINIMAL_COURSE, content_errors

P = "content/courses/demo.yml"



def test_minimal_course_is_valid(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(MINIMAL_COURSE)
    loaded = load_project(project)
    assert loaded.lesson_count() == 2


CASES = [
    pytest.param(
        MINIMAL_COURSE.replace("  - id: m1\n", "  - id: m1\n\t\n"),
        [f"{P}:6:1: line 6 is indented with a tab character (Tab); YAML accepts only spaces: "
         "replace the tabs at the start of the line with spaces (most editors can insert spaces "
         "when Tab is pressed) (YAML: while scanning for the next token: found character '\\t' "
         "that cannot start any token)"],
        id="tab",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("title: 示例", 'title: "示例'),
        [f'{P}:2:8: the quote " opened on line 2 is never closed: add the closing " at the end of '
         "the text (YAML: found the end of the file (while scanning a quoted scalar that starts at "
         "line 2, column 8))"],
        id="unclosed-quote",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("audience: [全体干部]", "audience: [全体干部"),
        [f"{P}:12:19: the [ opened on line 12 is not closed where expected: end the list with ] "
         "on the same line, and separate its entries with a comma and a space (YAML: expected "
         "',' or ']', found ':' (while parsing a flow sequence that starts at line 12, column 19))"],
        id="unclosed-bracket",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("summary: 简介\n", "summary: 简介\nsummary: 又一个\n"),
        [f"{P}:4:1: duplicate key 'summary' (first given on line 3); expected each key once"],
        id="duplicate-key",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("hours: 2\n", "hours: 两个\n"),
        [f"{P}:14:16: modules[0].lessons[0].hours: expected a number, found '两个'"],
        id="wrong-type-number",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("objectives: [目标]", "objectives: 目标", 1),
        [f"{P}:15:21: modules[0].lessons[0].objectives: expected a list, found '目标'"],
        id="wrong-type-list",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("channel: 网络课堂", "channel: 网上课堂"),
        [f"{P}:28:18: modules[0].lessons[1].channel: expected one of '集中课堂', '网络课堂' or "
         "'异地课堂', found '网上课堂'; did you mean '网络课堂'?"],
        id="not-a-channel",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("    summary: 模块简介\n", "    summary: 模块简介\n    descripton: 说明\n"),
        [f"{P}:8:5: modules[0]: unknown key 'descripton'; did you mean 'description'? "
         "(expected one of: id, title, summary, description, lessons)"],
        id="unknown-key",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("    summary: 模块简介\n", "    sumary: 模块简介\n"),
        [f"{P}:7:5: modules[0]: unknown key 'sumary'; did you mean the required key 'summary'?"],
        id="misspelt-required-key",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("key_points: [要点]", "keypoints: [要点]", 1),
        [f"{P}:16:9: modules[0].lessons[0]: unknown key 'keypoints'; did you mean the required "
         "key 'key_points'?"],
        id="misspelt-required-key-of-a-lesson",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("key_points: [要点]", "keypoints: [要点]\n        key-points: [要点]", 1),
        [f"{P}:16:9: modules[0].lessons[0]: unknown key 'keypoints'; did you mean the required "
         "key 'key_points'?",
         f"{P}:17:9: modules[0].lessons[0]: unknown key 'key-points'; did you mean 'key_points'? "
         "(expected one of: id, title, summary, audience, channel, hours, objectives, key_points, "
         "body, cases, discussion, readings, prerequisites, tags, featured, check, pass)"],
        id="two-spellings-of-one-required-key",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("key_points: [要点]", "要点: [要点]", 1),
        [f"{P}:9:9: modules[0].lessons[0]: missing required key 'key_points'",
         f"{P}:16:9: modules[0].lessons[0]: unknown key '要点' (expected one of: id, title, "
         "summary, audience, channel, hours, objectives, key_points, body, cases, discussion, "
         "readings, prerequisites, tags, featured, check, pass)"],
        id="required-key-missing-beside-an-unrelated-key",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("summary: 简介\n", ""),
        [f"{P}:1:1: missing required key 'summary'"],
        id="missing-key",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("prerequisites: [l1]", "prerequisites: [l3]"),
        [f"{P}:38:25: modules[0].lessons[1].prerequisites[0]: expected the id of a lesson, "
         "found 'l3'"],
        id="dangling-prerequisite",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("(id:l2)", "(id:l9)"),
        [f"{P}:19:18: modules[0].lessons[0].body: link (id:l9) expected the id of a lesson, "
         "found 'l9'"],
        id="dangling-link",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("- id: l2", "- id: l1").replace("(id:l2)", "(id:l1)"),
        [f"{P}:24:13: modules[0].lessons[1].id: duplicate id 'l1': expected ids unique across "
         f"the project, found it already used at {P}:9:13",
         # the second lesson, now also l1, lists l1 as what it requires
         f"{P}:38:25: modules[0].lessons[1].prerequisites[0]: expected another lesson, found "
         "the lesson itself"],
        id="duplicate-id",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("id: demo", "id: 示例课程"),
        [f"{P}:1:5: id: expected an id of lowercase letters, digits and hyphens "
         "(such as 'shouwen-fuze'), found '示例课程'"],
        id="bad-id",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("hours: 1.5", "hours: 0"),
        [f"{P}:29:16: modules[0].lessons[1].hours: expected a number greater than 0, found the "
         "number 0"],
        id="out-of-range",
    ),
    pytest.param(
        MINIMAL_COURSE.replace("discussion: [问题]", "discussion: []", 1),
        [f"{P}:23:21: modules[0].lessons[0].discussion: expected at least 1 item, found an empty "
         "list"],
        id="empty-list",
    ),
    pytest.param(b"", [f"{P}:1:1: expected a mapping of keys at the top level, found an empty file"],
                 id="empty-file"),
    pytest.param("# only a comment\n",
                 [f"{P}:1:1: expected a mapping of keys at the top level, found an empty file"],
                 id="only-comment"),
    pytest.param("- a\n- b\n",
                 [f"{P}:1:1: expected a mapping of keys at the top level, found a list"],
                 id="top-level-list"),
    pytest.param("just text\n", [f"{P}:1:1: expected a mapping of keys at the top level, "
                  "found the single value 'just text'"], id="top-level-scalar"),
    pytest.param(b"id: demo\ntitle: \xe7\xa4\xba\xff\n",
                 [f"{P}:2:9: expected UTF-8 text, found the byte 0xff (save the file as UTF-8)"],
                 id="invalid-utf8"),
    pytest.param("id: !!python/object/apply:os.system ['touch pwned']\n",
                 [f"{P}:1:5: unsupported YAML tag !!python/object/apply:os.system; expected "
                  "plain text, numbers, lists and mappings"], id="python-tag"),
    pytest.param("id: !!python/name:os.system\n",
                 [f"{P}:1:5: unsupported YAML tag !!python/name:os.system; expected "
                  "plain text, numbers, lists and mappings"], id="python-name-tag"),
    pytest.param("a: &a [x]\nb: *a\nc: &c [*c]\n",
                 [f"{P}:3:4: expected a finite document, found an alias that contains itself"],
                 id="recursive-alias"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_bad_input_gets_one_clear_error(
    project: Path, write_course: Callable[..., Path], text: str | bytes, expected: list[str]
) -> None:
    write_course(text)
    assert content_errors(project) == expected


def test_python_tags_are_never_constructed(
    project: Path, write_course: Callable[..., Path]
) -> None:
    marker = project / "pwned"
    write_course(f"id: !!python/object/apply:os.system ['touch {marker}']\n")
    content_errors(project)
    assert not marker.exists()


def test_billion_laughs_is_refused(project: Path, write_course: Callable[..., Path]) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    write_course("\n".join(lines) + "\n")
    [message] = content_errors(project)
    assert message.startswith(f"{P}:")
    assert "expected at most 200,000 values, found more" in message


def test_every_error_in_every_file_is_reported_together(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n").replace("(id:l2)", "(id:l9)"))
    write_course("- not a course\n", name="other.yml")
    assert content_errors(project) == [
        f"{P}:14:16: modules[0].lessons[0].hours: expected a number, found 'x'",
        f"{P}:19:18: 1 reference to a lesson (l9) could not be checked, because "
        "content/courses/other.yml could not be read in full: fix the errors reported there first",
        "content/courses/other.yml:1:1: expected a mapping of keys at the top level, found a list",
    ]


def test_crlf_and_bom_are_valid(project: Path, write_course: Callable[..., Path]) -> None:
    write_course(b"\xef\xbb\xbf" + MINIMAL_COURSE.replace("\n", "\r\n").encode("utf-8"))
    assert load_project(project).lesson_count() == 2


def test_crlf_errors_keep_their_lines(project: Path, write_course: Callable[..., Path]) -> None:
    text = MINIMAL_COURSE.replace("hours: 2\n", "hours: x\n").replace("\n", "\r\n")
    write_course(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert content_errors(project) == [
        f"{P}:14:16: modules[0].lessons[0].hours: expected a number, found 'x'"]


@pytest.mark.parametrize(("body", "column"), [
    pytest.param("见[点我](javascript:alert(1))。", 17, id="javascript-link"),
    pytest.param("![图](data:image/svg+xml;base64,PHN2Zz4=)", 16, id="data-image"),
    pytest.param("见[点我](JavaScript&#58;alert(1))。", 17, id="entity-and-case"),
    pytest.param("[说明]: vbscript:msgbox", 17, id="reference"),
    pytest.param('<a href="java\tscript:alert(1)">点我</a>', 20, id="html-attribute"),
])
def test_links_that_run_code_are_refused_in_markdown(
    project: Path, write_course: Callable[..., Path], body: str, column: int
) -> None:
    write_course(MINIMAL_COURSE.replace("  见[第二课](id:l2)。\n", f"  {body}\n"))
    scheme = "vbscript:" if "vbscript" in body else "data:" if "data:" in body else "javascript:"
    assert content_errors(project) == [
        f"{P}:19:{column}: modules[0].lessons[0].body: expected a link to a web address or a "
        f"page of the site, found a {scheme} address (it could run code or show a forged page "
        "when clicked)"]


def test_links_that_run_code_are_refused_in_hand_written_pages(
    project: Path, write_course: Callable[..., Path]
) -> None:
    write_course(MINIMAL_COURSE)
    (project / "content" / "about.md").write_text("# 关于\n\n[安全](https://example.org/) "
                                                  "[不安全](javascript:void(0))\n", "utf-8")
    column = len("[安全](https://example.org/) [不安全](") + 1
    assert content_errors(project) == [
        f"content/about.md:3:{column}: expected a link to a web address or a page of the site, found a "
        "javascript: address (it could run code or show a forged page when clicked)"]
