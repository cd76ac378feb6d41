"""The learner's path in Chromium: studied lessons, 学时 per channel, moving the record,
printing it, recommendations from a self-assessment, and pages that survive bad storage."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from generator.site.project import load_project
from tests.browser import Watch
from tests.conftest import REPO

pytestmark = pytest.mark.browser

COURSE = load_project(REPO).courses[0].course
LESSONS = {lesson.id: (module, lesson) for module, lesson in COURSE.lessons()}
#: The shipped course has a 随堂测验 on every lesson, and a lesson with a check is credited by
#: passing it (tests/test_check_browser.py). The tests of 标记为已学 mark lessons of the same
#: course with its checks taken out (the ``unchecked_site`` fixture), where every lesson has it.
MARKABLE = LESSONS


def url(origin: str, lesson_id: str) -> str:
    module, _ = LESSONS[lesson_id]
    return f"{origin}/{COURSE.id}/{module.id}/{lesson_id}.html"


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == []


def mark(context: BrowserContext, origin: str, lesson_id: str) -> Page:
    page = context.new_page()
    page.goto(url(origin, lesson_id))
    page.get_by_role("button", name="标记为已学").click()
    expect(page.locator(".kbp-toggle")).to_have_attribute("aria-pressed", "true")
    return page


def progress(page: Page) -> tuple[list[list[str]], str]:
    rows = page.locator(".kbp-progress tbody").first.locator("tr")
    table = [[c.strip() for c in rows.nth(i).locator("th, td").all_text_contents()]
             for i in range(rows.count())]
    return table, page.locator(".kbp-channels").inner_text()


def test_marked_lessons_add_up_per_module_and_channel(
    context: BrowserContext, unchecked_origin: str
) -> None:
    picks = [lid for lid, (_, lesson) in MARKABLE.items() if lesson.channel == "集中课堂"][:1]
    picks += [lid for lid, (_, lesson) in MARKABLE.items() if lesson.channel == "网络课堂"][:2]
    for lesson_id in picks:
        mark(context, unchecked_origin, lesson_id)
    page = context.new_page()
    page.goto(url(unchecked_origin, picks[0]))
    page.get_by_role("button", name=re.compile("取消标记")).click()  # unmark…
    page.reload()  # …and it stays unmarked after a reload
    expect(page.get_by_role("button", name="标记为已学")).to_be_visible()
    kept = picks[1:]
    course = context.new_page()
    course.goto(f"{unchecked_origin}/{COURSE.id}/index.html")
    table, channels = progress(course)
    total = sum(LESSONS[i][1].hours for i in kept)
    all_hours = sum(lesson.hours for _, lesson in LESSONS.values())
    assert table[-1] == ["合计", f"{len(kept)} / {len(LESSONS)}", f"{total:g} / {all_hours:g}"]
    online = sum(LESSONS[i][1].hours for i in kept if LESSONS[i][1].channel == "网络课堂")
    assert channels == f"集中课堂 0 学时；网络课堂 {online:g} 学时；异地课堂 0 学时"


def test_the_record_exports_as_a_table_for_excel(context: BrowserContext, unchecked_origin: str,
                                                 tmp_path: Path) -> None:
    first = next(iter(LESSONS))
    mark(context, unchecked_origin, first)
    page = context.new_page()
    page.goto(f"{unchecked_origin}/{COURSE.id}/index.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出表格（Excel 可打开）").click()
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith("\ufeff".encode())  # the BOM Excel and WPS need for Chinese
    module, lesson = LESSONS[first]
    rows = raw.decode("utf-8-sig").split("\r\n")
    assert rows[0] == "课,模块,渠道,学时,学习日期,随堂测验,计入学时"
    assert rows[1].startswith(f"{lesson.title},{module.title},{lesson.channel},{lesson.hours:g},")


def test_export_then_import_in_a_fresh_browser(
    browser: Browser, context: BrowserContext, unchecked_origin: str, tmp_path: Path
) -> None:
    first = next(iter(LESSONS))
    mark(context, unchecked_origin, first)
    page = context.new_page()
    page.goto(f"{unchecked_origin}/{COURSE.id}/index.html")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出文件").click()
    saved = tmp_path / "record.json"
    info.value.save_as(saved)
    assert list(json.loads(saved.read_text(encoding="utf-8"))["lessons"]) == [first]  # v2
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(f"{unchecked_origin}/{COURSE.id}/index.html")
    other.locator(".kbp-import-file").set_input_files(saved)
    expect(other.locator(".kbp-status")).to_have_text("已导入 1 课的学习记录。")
    assert progress(other)[0][-1][1] == f"1 / {len(LESSONS)}"
    other.goto(url(unchecked_origin, first))
    expect(other.locator(".kbp-toggle")).to_have_attribute("aria-pressed", "true")
    fresh.close()


def test_the_printed_record_fits_one_a4_page(context: BrowserContext, unchecked_origin: str) -> None:
    for lesson_id in list(MARKABLE)[:6]:
        mark(context, unchecked_origin, lesson_id)
    page = context.new_page()
    page.add_init_script("window.print = () => {};")  # keep the print layout for page.pdf()
    page.goto(f"{unchecked_origin}/{COURSE.id}/index.html")
    page.get_by_role("button", name="打印学习记录").click()
    page.emulate_media(media="print")
    expect(page.locator(".kbp-sign").first).to_be_visible()
    expect(page.locator("h2#课程概览")).to_be_hidden()
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    assert abs(float(reader.pages[0].mediabox.height) - 842) < 2  # A4 portrait, in points


def test_recommendations_follow_the_latest_self_assessment(
    context: BrowserContext, default_origin: str
) -> None:
    course = context.new_page()
    course.goto(f"{default_origin}/{COURSE.id}/index.html")
    featured = [lesson.title for _, lesson in LESSONS.values() if lesson.featured]
    expect(course.locator(".kbp-recommend li a")).to_have_text(featured)

    quiz = context.new_page()
    quiz.goto(f"{default_origin}/quizzes/zhixingli-zice.html")
    spec = json.loads(quiz.locator(".kbq-spec").text_content() or "{}")
    for item in spec["items"]:
        if item["type"] != "text":
            quiz.locator(f'input[name="{item["id"]}"][value="0"]').check()
    quiz.get_by_role("button", name="查看结果").click()
    wanted = [a.get_attribute("data-lesson") for a in quiz.locator(".kbq-lessons a").all()]
    assert wanted

    course.reload()
    titles = [LESSONS[i][1].title for i in wanted]
    expect(course.locator(".kbp-recommend li a")).to_have_text(titles)
    expect(course.locator(".kbp-recommend p")).to_contain_text("根据你最近一次自测")
    home = context.new_page()
    home.goto(f"{default_origin}/index.html")
    expect(home.locator(".kbp-recommend li a")).to_have_text(titles)
    home.locator(".kbp-recommend li a").first.click()
    expect(home.locator("h1")).to_contain_text(titles[0])


@pytest.mark.parametrize("path", [
    "index.html", f"{COURSE.id}/index.html", "quizzes/zhixingli-zice.html",
    "lists/kongbai.html", "LESSON"])
def test_corrupt_or_foreign_storage_breaks_no_page(
    context: BrowserContext, default_origin: str, path: str
) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{default_origin}/index.html")
    page.evaluate("""() => {
        localStorage.setItem('kb:studied', '[1, 2');
        localStorage.setItem('kb:quiz:zhixingli-zice:attempts', '{"no": "list"}');
        localStorage.setItem('kb:quiz:zhixingli-zice:draft', '"text"');
        localStorage.setItem('kb:list:kongbai', '{"hash": 5, "rows": "x"}');
        localStorage.setItem('kb:plan', 'null');
        localStorage.setItem('kb:quiz:other:attempts', JSON.stringify([{lessons: 'x', date: 3}]));
    }""")
    target = url(default_origin, next(iter(LESSONS))) if path == "LESSON" else f"{default_origin}/{path}"
    page.goto(target)
    page.wait_for_load_state("networkidle")
    assert errors == []
    expect(page.locator("h1")).to_be_visible()


def test_marking_works_from_a_file_url(browser: Browser, unchecked_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    module, lesson = LESSONS[next(iter(LESSONS))]
    page.goto((unchecked_site / COURSE.id / module.id / f"{lesson.id}.html").as_uri())
    page.get_by_role("button", name="标记为已学").click()
    page.goto((unchecked_site / COURSE.id / "index.html").as_uri())
    assert progress(page)[0][-1][1] == f"1 / {len(LESSONS)}"
    page.locator(".kbp-record a").first.click()  # links of the record work from files too
    expect(page.locator("h1")).to_contain_text(lesson.title)
    context.close()
