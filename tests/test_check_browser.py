"""The 随堂测验 in Chromium: a reader fails, reads the explanation, passes on retry; the pass
marks the lesson studied, survives a reload and an edit of the check; earlier marks are kept."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from generator.commands.build import build_site
from generator.commands.new import create_project
from tests.browser import NGINX, Watch, nginx, serve_folder
from tests.conftest import MINIMAL_COURSE, REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LESSON = "/zhixingli/shanwei/shouwen-fuze.html"

#: The default course's check on 首问负责 (5 items, the course's pass: 80% asks for 4), answered right.
RIGHT = {"shei-shi-shouwen": [0], "linshi-dinggang": ["false"], "bu-shu-benwei": [0, 1, 2],
         "jiben-liucheng": ["判断", "跟踪"], "qingjing-jiaojie": [0]}


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN")
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == []


def answer(page: Page, answers: dict[str, list[object]]) -> None:
    """Answer items by id: the values of the options to tick, or the texts of the blanks."""
    for item, values in answers.items():
        field = page.locator(f'.kbc-item[data-item="{item}"]')
        for box in field.locator("input[type=checkbox]").all():
            box.uncheck()
        inputs = field.locator("input[type=text]")
        if inputs.count():
            for n, value in enumerate(values):
                inputs.nth(n).fill(str(value))
        else:
            for value in values:
                field.locator(f'input[value="{value}"]').check()


def submit(page: Page) -> None:
    page.get_by_role("button", name="提交答案").click()


def stored(page: Page, key: str) -> object:
    return json.loads(page.evaluate(f"() => localStorage.getItem('{key}')") or "null")


def test_a_reader_fails_reads_the_explanation_and_passes_on_retry(
    context: BrowserContext, default_origin: str
) -> None:
    page = context.new_page()
    page.goto(default_origin + LESSON)
    expect(page.get_by_role("button", name="标记为已学")).to_have_count(0)
    status = page.locator(".kbc-status")
    # Submitting with items left open says which, and grades nothing.
    answer(page, {"shei-shi-shouwen": [0]})
    submit(page)
    expect(status).to_have_text("还有 4 题没有作答：第 2、3、4、5 题。")
    expect(page.locator(".kbc-feedback:visible")).to_have_count(0)
    # One pick missing on the multiple-choice item and the wrong way on the scenario: 3 of 5,
    # not passed (4 needed), the explanations shown.
    answer(page, dict(RIGHT, **{"bu-shu-benwei": [0, 1], "qingjing-jiaojie": [1]}))
    submit(page)
    expect(status).to_contain_text("答对 3 / 5 题，还没有通过（需要答对 4 题及以上）")
    wrong = page.locator('.kbc-item[data-item="bu-shu-benwei"]')
    expect(wrong.locator(".kbc-verdict")).to_have_text("回答错误。")
    expect(wrong.locator(".kbc-explanation")).to_be_visible()
    expect(wrong.locator(".kbc-explanation")).to_contain_text("首问负责不是包揽一切")
    assert stored(page, "kb:studied") is None
    # The retry: fill-ins written another way still count.
    answer(page, dict(RIGHT, **{"jiben-liucheng": ["「判　断」。", " 跟踪 "]}))
    submit(page)
    expect(status).to_contain_text("通过！答对 5 / 5 题。本课已记为已学，计 1 学时")
    expect(page.locator(".kbc-verdict", has_text="回答正确。")).to_have_count(5)
    studied = stored(page, "kb:studied")
    record = stored(page, "kb:checks")["shouwen-fuze"]  # type: ignore[index]
    assert studied == {"shouwen-fuze": record["date"]}
    assert {k: record[k] for k in ("passed", "score", "total", "tries")} == {
        "passed": True, "score": 5, "total": 5, "tries": 2}
    assert record["answers"]["bu-shu-benwei"] == [0, 1, 2]
    assert set(record["fps"]) == set(RIGHT)
    # A reload keeps the pass, the answers and their verdicts.
    page.reload()
    expect(status).to_contain_text("已通过（")
    expect(page.locator(".kbc-top")).to_contain_text("通过本课的随堂测验")
    expect(page.locator('.kbc-item[data-item="jiben-liucheng"] input').first).to_have_value("「判　断」。")
    expect(page.locator(".kbc-verdict", has_text="回答正确。")).to_have_count(5)
    # The course page counts the lesson's 学时 (phase 2 will say it came from the check).
    page.goto(default_origin + "/zhixingli/index.html")
    expect(page.locator(".kbp-record tbody tr")).to_have_count(1)
    expect(page.locator(".kbp-record tbody")).to_contain_text("首问负责")


def test_a_failure_after_a_pass_is_practice(context: BrowserContext, default_origin: str) -> None:
    page = context.new_page()
    page.goto(default_origin + LESSON)
    answer(page, RIGHT)
    submit(page)
    first = stored(page, "kb:checks")["shouwen-fuze"]  # type: ignore[index]
    answer(page, {"linshi-dinggang": ["true"], "qingjing-jiaojie": [1]})  # 3 / 5: not passed
    submit(page)
    expect(page.locator(".kbc-status")).to_contain_text("已通过的记录不变")
    kept = stored(page, "kb:checks")["shouwen-fuze"]  # type: ignore[index]
    assert kept == dict(first, tries=2)


def test_a_lesson_marked_before_it_had_a_check_says_so(
    context: BrowserContext, default_origin: str
) -> None:
    page = context.new_page()
    page.goto(default_origin + "/index.html")
    page.evaluate("""() => localStorage.setItem('kb:studied',
        JSON.stringify({'shouwen-fuze': '2027-03-02T08:00:00.000Z'}))""")
    page.goto(default_origin + LESSON)
    expect(page.locator(".kbc-status")).to_have_text(
        "你在本课设立随堂测验之前已把它标记为已学（2027年3月2日），学时照计；也欢迎做一做测验。")
    answer(page, RIGHT)
    submit(page)
    assert stored(page, "kb:studied") == {"shouwen-fuze": "2027-03-02T08:00:00.000Z"}


def test_an_unreadable_record_is_set_aside(context: BrowserContext, default_origin: str) -> None:
    page = context.new_page()
    page.goto(default_origin + "/index.html")
    page.evaluate("() => localStorage.setItem('kb:checks', '{broken')")
    page.goto(default_origin + LESSON)
    expect(page.locator(".kbc-status")).to_contain_text("无法读取")
    assert page.evaluate("() => localStorage.getItem('kb:unreadable:kb:checks')") == "{broken"
    answer(page, RIGHT)
    submit(page)
    expect(page.locator(".kbc-status")).to_contain_text("通过！")


def test_the_check_works_by_keyboard_and_has_no_serious_accessibility_violation(
    context: BrowserContext, default_origin: str
) -> None:
    page = context.new_page()
    page.goto(default_origin + LESSON)
    page.locator('input[name="kbc-shei-shi-shouwen"]').first.focus()
    keys = page.keyboard
    keys.press("Space")
    keys.press("Tab")  # to the true/false pair
    keys.press("ArrowDown")  # the second of it: 错误
    for _ in range(3):  # 3 checkboxes, each a tab stop
        keys.press("Tab")
        keys.press("Space")
    for _ in range(2):
        keys.press("Tab")  # past the two wrong options
    keys.press("Tab")
    keys.type("判断")
    keys.press("Tab")
    keys.type("跟踪")
    keys.press("Tab")  # to the scenario's radio group, its first option the right one
    keys.press("Space")
    keys.press("Tab")
    expect(page.get_by_role("button", name="提交答案")).to_be_focused()
    keys.press("Enter")
    status = page.locator(".kbc-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text(re.compile("通过！|还没有通过"))
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('.kbc'));
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                           .map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '));
    }""")
    assert found == []


CHECKED = MINIMAL_COURSE.replace("        discussion: [问题]\n      - id: l2", """\
        check:
          - {id: a, type: truefalse, text: "甲对 <img src=x onerror=alert(1)>", answer: true,
             explanation: 甲对。}
          - {id: b, type: single, text: 选乙。, explanation: 乙。,
             options: [{label: 甲}, {label: 乙, correct: true}]}
          - {id: c, type: fill, text: 填 ___。, blanks: [[丙]], explanation: 丙。}
        discussion: [问题]
      - id: l2""", 1)


def test_a_pass_and_the_answers_of_unchanged_items_survive_an_edit(
    context: BrowserContext, tmp_path: Path
) -> None:
    root = tmp_path / "proj"
    create_project(root, "小站")
    (root / "content" / "courses" / "sample.yml").unlink()
    course = root / "content" / "courses" / "demo.yml"
    course.write_text(CHECKED, encoding="utf-8")
    build_site(root)
    with serve_folder(root / "site") as origin:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(origin + "/demo/m1/l1.html")
        expect(page.locator(".kbc-item legend").first).to_contain_text("甲对 <img src=x onerror=alert(1)>")
        assert page.locator(".kbc img").count() == 0 and dialogs == []
        answer(page, {"a": ["true"], "b": [1], "c": ["丙"]})
        submit(page)
        expect(page.locator(".kbc-status")).to_contain_text("通过！")
        # The author rewrites item c and adds d; a and b are as they were.
        course.write_text(CHECKED.replace("text: 填 ___。", "text: 请填 ___。").replace(
            "        discussion: [问题]\n      - id: l2",
            "          - {id: d, type: truefalse, text: 丁错。, answer: false, explanation: 丁错。}\n"
            "        discussion: [问题]\n      - id: l2", 1), encoding="utf-8")
        build_site(root)
        page.reload()
        status = page.locator(".kbc-status")
        expect(status).to_contain_text("已通过（")
        expect(status).to_contain_text("2 道题是新题或改过的题")
        expect(page.locator('input[name="kbc-a"][value="true"]')).to_be_checked()
        expect(page.locator('input[name="kbc-b"][value="1"]')).to_be_checked()
        expect(page.locator('.kbc-item[data-item="c"] input')).to_have_value("")
        expect(page.locator('.kbc-item[data-item="c"] .kbc-feedback')).to_be_hidden()
        assert stored(page, "kb:studied") is not None


def test_the_check_works_from_a_folder(browser: Browser, default_site: Path) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((default_site / LESSON.lstrip("/")).as_uri())
    answer(page, RIGHT)
    submit(page)
    expect(page.locator(".kbc-status")).to_contain_text("通过！")
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:"))] == []
    context.close()


@pytest.mark.skipif(not Path(NGINX).exists(), reason="tests/run.sh installs nginx")
def test_the_check_works_under_nginx_at_a_sub_path(context: BrowserContext, default_site: Path) -> None:
    www = Path(tempfile.mkdtemp(prefix="kb-www-"))  # outside pytest's private (0700) folders
    try:
        www.chmod(0o755)
        shutil.copytree(default_site, www / "kb")
        with nginx(www / "kb") as url:
            page = context.new_page()
            page.goto(url + LESSON.lstrip("/"))
            answer(page, RIGHT)
            submit(page)
            expect(page.locator(".kbc-status")).to_contain_text("通过！")
    finally:
        shutil.rmtree(www)


#: Cells of the 学习记录 that must not be cut or scroll a phone's page sideways.
CUT = """() => [...document.querySelectorAll('article h1, article p, article td, article th')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
    .map(e => e.textContent.slice(0, 30))"""


def record_row(page: Page, lesson: str) -> list[str]:
    row = page.locator(f'.kbp-record tbody tr[data-lesson="{lesson}"] td')
    return [c.strip() for c in row.all_inner_texts()]


def nav_mark(page: Page, lesson: str) -> Locator:
    return page.locator(f'.md-nav--primary a.md-nav__link[href$="{lesson}.html"] .kbp-done')


def test_a_pass_on_retry_credits_the_course_page_the_printed_record_and_the_nav(
    browser: Browser, tmp_path: Path
) -> None:
    root = tmp_path / "proj"
    create_project(root, "小站")
    (root / "content" / "courses" / "sample.yml").unlink()
    course = root / "content" / "courses" / "demo.yml"
    course.write_text(CHECKED, encoding="utf-8")
    build_site(root)
    with serve_folder(root / "site") as origin:
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                      timezone_id="Asia/Shanghai")
        page = context.new_page()
        page.goto(origin + "/demo/m1/l1.html")
        # A failure: the wrong item's explanation, and no 学时 anywhere yet.
        answer(page, {"a": ["true"], "b": [0], "c": ["丙"]})
        submit(page)
        expect(page.locator(".kbc-status")).to_contain_text("答对 2 / 3 题，还没有通过")
        expect(page.locator('.kbc-item[data-item="b"] .kbc-explanation')).to_be_visible()
        page.goto(origin + "/demo/index.html")
        assert record_row(page, "l1")[1:] == ["集中课堂", "—", "未通过（2/3）", "0（通过测验后计入）"]
        expect(page.locator(".kbp-record tfoot")).to_contain_text("合计0 课")
        # The retry passes: the lesson page, the course page and the navigation say so.
        page.goto(origin + "/demo/m1/l1.html")
        answer(page, {"b": [1]})
        submit(page)
        expect(page.locator(".kbc-status")).to_contain_text("通过！答对 3 / 3 题。本课已记为已学，计 2 学时")
        done = page.locator(".md-nav--primary a.md-nav__link .kbp-done")
        expect(done).to_have_count(1)
        # Screen readers hear the link as 第一课 已完成 (the nav is a drawer at this width).
        link = page.get_by_role("link", name=re.compile(r"^第一课\s*已完成$"), include_hidden=True)
        expect(link).to_have_count(1)
        expect(nav_mark(page, "l1")).to_have_count(1)

        def credited() -> None:
            page.goto(origin + "/demo/index.html")
            row = record_row(page, "l1")
            assert row[1] == "集中课堂" and re.fullmatch(r"20\d\d年\d+月\d+日", row[2]), row
            assert re.fullmatch(r"20\d\d年\d+月\d+日 通过（3/3）", row[3]) and row[4] == "2", row
            expect(page.locator(".kbp-modules")).to_contain_text("1 / 2")
            expect(page.locator(".kbp-channels")).to_contain_text("集中课堂 2 学时")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.evaluate(CUT) == [], "text cut off"
            # On paper: the record alone, the pass and the 学时 in it.
            page.evaluate("() => { window.print = () => {}; }")
            page.get_by_role("button", name="打印学习记录").click()
            page.emulate_media(media="print")
            expect(page.locator(".kbp-tools")).to_be_hidden()
            printed = page.locator(".kbp-record")
            expect(printed).to_be_visible()
            expect(printed).to_contain_text("通过（3/3）")
            expect(printed.locator("tfoot")).to_contain_text("合计1 课2")
            page.emulate_media(media="screen")
            # The lesson page and its navigation after a reload.
            page.goto(origin + "/demo/m1/l2.html")
            expect(nav_mark(page, "l1")).to_have_count(1)
            expect(nav_mark(page, "l2")).to_have_count(0)
            page.goto(origin + "/demo/m1/l1.html")
            expect(page.locator(".kbc-status")).to_contain_text("已通过（")
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.evaluate(CUT) == [], "text cut off"

        credited()
        page.reload()
        credited()
        # An edit of something else (the other lesson's summary) and a rebuild keep it all.
        edited = CHECKED.replace("summary: 提要\n        audience: [年轻干部]",
                                 "summary: 新的提要\n        audience: [年轻干部]")
        course.write_text(edited, encoding="utf-8")
        build_site(root)
        page.goto(origin + "/demo/m1/l2.html")
        expect(page.locator("article")).to_contain_text("新的提要")
        credited()
        # The lesson without a check keeps its 标记为已学 button, and marking it credits it.
        page.goto(origin + "/demo/m1/l2.html")
        page.get_by_role("button", name="标记为已学").click()
        expect(nav_mark(page, "l2")).to_have_count(1)
        page.goto(origin + "/demo/index.html")
        assert record_row(page, "l2")[1:] == ["网络课堂", record_row(page, "l2")[2], "—", "1.5"]
        context.close()


def test_a_mark_from_before_the_check_counts_as_earlier_marks_says(
    context: BrowserContext, tmp_path: Path
) -> None:
    root = tmp_path / "proj"
    create_project(root, "小站")
    (root / "content" / "courses" / "sample.yml").unlink()
    course = root / "content" / "courses" / "demo.yml"
    for rule, got, total in (("credited", "2", "合计1 课2"),
                             ("uncredited", "0（通过测验后计入）", "合计0 课0")):
        course.write_text(CHECKED.replace("summary: 简介\n", f"summary: 简介\nearlier_marks: {rule}\n", 1),
                          encoding="utf-8")
        build_site(root)
        with serve_folder(root / "site") as origin:
            page = context.new_page()
            page.goto(origin + "/demo/index.html")
            page.evaluate("""() => localStorage.setItem('kb:studied',
                JSON.stringify({l1: '2027-03-02T08:00:00.000Z'}))""")
            page.reload()
            assert record_row(page, "l1")[1:] == ["集中课堂", "2027年3月2日（设立测验前）", "未做", got]
            expect(page.locator(".kbp-record tfoot")).to_contain_text(total)
            page.goto(origin + "/demo/m1/l1.html")
            expect(page.locator(".kbc-status")).to_contain_text("设立随堂测验之前已把它标记为已学（2027年3月2日）")
            marks = nav_mark(page, "l1")
            expect(marks).to_have_count(1 if rule == "credited" else 0)
            # Passing credits it either way; the earlier mark stays as it was.
            answer(page, {"a": ["true"], "b": [1], "c": ["丙"]})
            submit(page)
            expect(marks).to_have_count(1)
            assert stored(page, "kb:studied") == {"l1": "2027-03-02T08:00:00.000Z"}
            page.goto(origin + "/demo/index.html")
            assert record_row(page, "l1")[4] == "2"
            page.close()
