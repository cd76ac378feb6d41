"""The study record from page to register (issue 20) in Chromium: a reader types 姓名, 单位 and
编号, passes a 随堂测验, exports the record (v2) and prints it with its
学习记录码; ``python -m generator register`` then credits the same lessons, with the same
figures, from the exported file and from the printed code typed into a list."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.scoring.grading import check_spec
from generator.scoring.records import decode, record_spec
from generator.site.project import load_project
from tests.browser import Watch
from tests.conftest import REPO
from tests.test_check_browser import LESSON, answer, submit

pytestmark = pytest.mark.browser

COURSE = load_project(REPO).courses[0].course
SPEC = record_spec(COURSE)
CHECKED = LESSON.rsplit("/", 1)[1].removesuffix(".html")
LESSON_MODEL = next(lesson for _, lesson in COURSE.lessons() if lesson.id == CHECKED)
CHECK = check_spec(COURSE, LESSON_MODEL)


def right(item: dict[str, Any]) -> list[object]:
    """What a reader ticks or types to answer *item* right."""
    if item["type"] == "single":
        return [item["answer"]]
    if item["type"] == "multiple":
        return list(item["answer"])
    if item["type"] == "truefalse":
        return ["true" if item["answer"] else "false"]
    return [blank[0] for blank in item["blanks"]]


HOURS = {lesson.id: (lesson.channel, lesson.hours) for _, lesson in COURSE.lessons()}


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN", accept_downloads=True, timezone_id="Asia/Shanghai")
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == []


def study(context: BrowserContext, origin: str) -> Page:
    """Type who, pass the check; the course page, ready to export and print."""
    page = context.new_page()
    page.goto(f"{origin}/{COURSE.id}/index.html")
    for key, value in (("name", "王建国"), ("unit", "县委组织部"), ("number", "A001")):
        page.locator(f'.kbp-who input[data-key="{key}"]').fill(value)
    page.goto(origin + LESSON)
    answer(page, {item["id"]: right(item) for item in CHECK["items"]})
    submit(page)
    expect(page.locator(".kbc-status")).to_contain_text("通过！")
    page.goto(f"{origin}/{COURSE.id}/index.html")
    return page


def register(tmp_path: Path, name: str, *inputs: Path) -> list[str]:
    """The register's row of 王建国, run on *inputs* with a small roster."""
    roster = tmp_path / "名册.csv"
    roster.write_text("姓名,单位,职务,层级,编号\n王建国,县委组织部,科员,一般干部,A001\n"
                      "李四,县委组织部,科员,一般干部,A002\n", encoding="utf-8")
    out = tmp_path / name
    done = subprocess.run(
        [sys.executable, "-m", "generator", "register", *map(str, inputs), "--roster", str(roster),
         "--project", str(REPO), "--date", "2027-12-31", "--out", str(out.with_suffix(".md")),
         "--csv", str(out.with_suffix(".csv"))],
        capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(out.with_suffix(".csv").read_text(encoding="utf-8-sig").splitlines()))
    return next(row for row in rows if "王建国" in row)


def test_the_exported_file_and_the_printed_code_register_the_same(
    browser: Browser, context: BrowserContext, default_origin: str, tmp_path: Path
) -> None:
    page = study(context, default_origin)
    with page.expect_download() as info:
        page.get_by_role("button", name="导出文件").click()
    saved = tmp_path / "record.json"
    info.value.save_as(saved)
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert (record["format"], record["version"]) == ("kb-study-record", 2)
    assert record["profile"] == {"name": "王建国", "unit": "县委组织部", "number": "A001"}
    assert record["course"] == {"id": COURSE.id, "version": SPEC["version"]}
    assert list(record["lessons"]) == [CHECKED]
    check = record["lessons"][CHECKED]["check"]
    total = len(CHECK["items"])
    assert (check["passed"], check["score"], check["total"]) == (True, total, total)

    fresh = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    other = fresh.new_page()  # the v2 file imports the mark and the pass
    other.goto(f"{default_origin}/{COURSE.id}/index.html")
    expect(other.locator(".kbp-progress")).to_have_attribute("data-kbp-bound", "1")
    other.locator(".kbp-import-file").set_input_files(saved)
    expect(other.locator(".kbp-status")).to_have_text("已导入 1 课的学习记录。")
    expect(other.locator(f'.kbp-record tr[data-lesson="{CHECKED}"]')).to_contain_text("通过")
    fresh.close()

    page.add_init_script("window.print = () => {};")
    page.reload()
    page.get_by_role("button", name="打印学习记录").click()
    page.emulate_media(media="print")
    shown = page.locator(".kbp-code-value")
    expect(shown).to_be_visible()
    code = shown.inner_text()
    made, _last, lessons = decode(code, SPEC)
    assert {i for i, s in lessons.items() if s["studied"]} == {CHECKED}
    assert lessons[CHECKED]["fill"] == {i["id"]: True for i in CHECK["items"] if i["type"] == "fill"}
    assert made[:10] == record["date"][:10]

    codes = tmp_path / "码.txt"
    codes.write_text(f"王建国,县委组织部,{code}\n", encoding="utf-8")
    from_file = register(tmp_path, "file", saved)
    from_code = register(tmp_path, "code", codes)
    assert from_file == from_code
    hours = sum(h for ident, (_, h) in HOURS.items() if ident == CHECKED)
    assert any(cell == str(hours) or cell == f"{hours:g}" for cell in from_file), from_file
