"""Questionnaire pages in Chromium: scoring, drafts, attempts, export, print, keyboard, safety."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.commands.build import build_site
from generator.commands.new import create_project
from generator.scoring.codes import decode
from generator.scoring.scorer import score
from tests.browser import Watch, answer, serve_folder
from tests.conftest import MINIMAL_COURSE, MINIMAL_LIST, MINIMAL_QUIZ, REPO

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
HOSTILE = "<img src=x onerror=alert(1)>"

#: The small questionnaire, with markup where only text belongs.
SMALL_QUIZ = (MINIMAL_QUIZ
              .replace("text: 情景题", f'text: "情景题 {HOSTILE}"')
              .replace("{label: 回避, score: 0}",
                       '{label: "回避 </script><script>alert(2)</script>", score: 0}')
              .replace("interpretation: 偏弱", f'interpretation: "偏弱 {HOSTILE}"'))


def make_small_project(root: Path, quiz: str = SMALL_QUIZ) -> Path:
    create_project(root, "小站")
    (root / "content" / "courses" / "sample.yml").unlink()
    (root / "content" / "courses" / "demo.yml").write_text(MINIMAL_COURSE, encoding="utf-8")
    (root / "content" / "index.md").write_text(
        "# 首页\n\n[小测](quizzes/check.md)\n\n[清单](lists/window.md)\n", "utf-8")
    (root / "quizzes" / "check.yml").write_text(quiz, encoding="utf-8")
    (root / "content" / "lists" / "window.yml").write_text(MINIMAL_LIST, encoding="utf-8")
    config = root / "mkdocs.yml"
    # Instant navigation on, to check the page binding follows Material's document$.
    text = config.read_text(encoding="utf-8").replace("    - navigation.indexes\n",
                                                      "    - navigation.instant\n    - navigation.indexes\n")
    config.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """(project root, origin) of a small site served for the whole module."""
    root = make_small_project(tmp_path_factory.mktemp("small") / "proj")
    build_site(root)
    with serve_folder(root / "site") as origin:
        yield root, origin


@pytest.fixture
def watch() -> Watch:
    return Watch("http://127.0.0.1:")  # the sites these tests serve, on loopback ports


@pytest.fixture
def context(browser: Browser, watch: Watch) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == [], "no request may leave the site"


@pytest.fixture
def dialogs(context: BrowserContext) -> list[str]:
    seen: list[str] = []

    def on_page(page: Page) -> None:
        page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))

    context.on("page", on_page)
    return seen


@pytest.fixture
def small_page(context: BrowserContext, small: tuple[Path, str], dialogs: list[str]) -> Page:
    page = context.new_page()
    page.goto(small[1] + "/quizzes/check.html")
    return page


def spec_of(page: Page) -> dict[str, Any]:
    return json.loads(page.locator(".kbq-spec").text_content() or "{}")


def submit(page: Page) -> None:
    page.get_by_role("button", name="查看结果").click()
    expect(page.locator(".kbq-results")).to_be_visible()


def table(page: Page) -> list[list[str]]:
    rows = page.locator(".kbq-results tbody tr")
    return [[c.strip() for c in rows.nth(i).locator("th, td").all_text_contents()]
            for i in range(rows.count())]


def overall(page: Page) -> str:
    return page.locator(".kbq-overall").inner_text()


COMPLETE = {"q1": 4, "q2": 4, "q3": 1, "q4": [0, 1]}


def test_reverse_keyed_item_scores_reversed(small_page: Page) -> None:
    answer(small_page, COMPLETE)  # q2 (reverse-keyed) at the top option scores the bottom
    submit(small_page)
    assert table(small_page) == [["愿为", "50.0", "强"], ["敢为", "100.0", "全部"]]
    answer(small_page, {"q2": 0})
    submit(small_page)
    assert table(small_page)[0][:3] == ["愿为", "100.0", "强"]


def test_shown_result_equals_the_python_scorer(context: BrowserContext, default_origin: str) -> None:
    page = context.new_page()
    page.goto(default_origin + "/quizzes/zhixingli-zice.html")
    spec = spec_of(page)
    answers: dict[str, Any] = {}
    for n, item in enumerate(spec["items"]):
        if item["type"] == "text":
            answers[item["id"]] = "多向先进同事学习"
        elif item["type"] == "multi":
            answers[item["id"]] = [0, 2]
        else:
            answers[item["id"]] = (n * 7) % len(item["scores"])
    answer(page, answers)
    submit(page)
    expected = score(spec, answers)
    names = [d["name"] for d in spec["dimensions"]]
    rows = [[d["name"], f'{expected["dimensions"][d["id"]]["percent"]:.1f}',
             d["bands"][expected["dimensions"][d["id"]]["band"]]["label"]]
            for d in spec["dimensions"]]
    assert [r[:3] for r in table(page)] == rows and [r[0] for r in rows] == names
    band = spec["bands"][expected["overall"]["band"]]["label"]
    assert overall(page) == f'总体：{expected["overall"]["percent"]:.1f} 分 · {band}'
    # The report's result code holds the same answers (text reflections stay out of it).
    expect(page.locator(".kbq-code")).to_contain_text("结果码：")
    code = page.locator(".kbq-code").inner_text().removeprefix("结果码：")
    _, decoded, _ = decode(code, [spec])
    assert decoded == {k: v for k, v in answers.items() if isinstance(v, (int, list))}


def test_unanswered_required_items_are_listed_and_linked(small_page: Page) -> None:
    answer(small_page, {"q1": 2})
    submit(small_page)
    assert overall(small_page) == "总体：暂无得分"
    missing = small_page.locator(".kbq-missing li a")
    expect(missing).to_have_count(3)
    expect(missing.nth(0)).to_have_text("第 2 题：我常常拖延")  # the question, without （必答）
    missing.nth(1).click()
    expect(small_page.locator('input[name="q3"]').first).to_be_focused()


def test_agreeing_with_everything_gets_a_neutral_note_on_screen_and_paper(
    context: BrowserContext, default_origin: str
) -> None:
    page = context.new_page()
    page.add_init_script("window.print = () => {};")
    page.goto(default_origin + "/quizzes/zhixingli-zice.html")
    spec = spec_of(page)
    answer(page, {i["id"]: len(i["scores"]) - 1 if i["type"] == "likert" else 0
                  for i in spec["items"] if i["type"] in ("likert", "single", "yesno")})
    answer(page, {i["id"]: [0] for i in spec["items"] if i["type"] == "multi"})
    submit(page)
    note = page.locator(".kbq-checks")
    expect(note.locator(".admonition-title")).to_have_text("作答一致性提示")
    expect(note).to_contain_text("你对意思相反的两类说法都表示了同意")
    expect(note).to_contain_text("你对全部量表题选了同一个选项")
    expect(page.locator(".kbq-overall")).to_contain_text("分")  # the result is still shown
    page.emulate_media(media="print")
    expect(note).to_be_visible()


def test_an_unscored_dimension_is_marked_not_drawn_as_zero(small_page: Page) -> None:
    answer(small_page, {"q1": 4, "q2": 0})  # 愿为 scored, 敢为 (q3, q4) not
    submit(small_page)
    chart = small_page.locator(".kbq-chart")
    expect(chart.locator("desc")).to_have_text("愿为 100.0 分，敢为 未计分")
    expect(chart.locator("rect.kbq-area")).to_have_count(1)  # one bar: 愿为's
    expect(chart.locator("text", has_text="—")).to_have_count(1)


def test_reload_restores_the_draft(small_page: Page) -> None:
    answer(small_page, {"q1": 3, "q4": [1], "q6": "要改进"})
    small_page.reload()
    expect(small_page.locator('input[name="q1"][value="3"]')).to_be_checked()
    expect(small_page.locator('input[name="q4"][value="1"]')).to_be_checked()
    expect(small_page.locator('textarea[name="q6"]')).to_have_value("要改进")
    expect(small_page.locator(".kbq-status")).to_have_text("已恢复上次未完成的作答。")
    expect(small_page.locator(".kbq-count")).to_have_text("3")


def test_an_edited_questionnaire_does_not_restore_a_stale_draft(
    browser: Browser, tmp_path: Path
) -> None:
    root = make_small_project(tmp_path / "proj")
    build_site(root)
    with serve_folder(root / "site") as origin:
        context = browser.new_context()
        page = context.new_page()
        page.goto(origin + "/quizzes/check.html")
        answer(page, {"q1": 3})
        (root / "quizzes" / "check.yml").write_text(
            SMALL_QUIZ.replace("我愿意学习", "我愿意主动学习"), encoding="utf-8")
        build_site(root)
        page.reload()
        expect(page.locator(".kbq-status")).to_contain_text("问卷内容已更新")
        expect(page.locator('input[name="q1"][value="3"]')).not_to_be_checked()
        context.close()


def test_a_second_attempt_shows_the_change(small_page: Page) -> None:
    answer(small_page, COMPLETE)
    submit(small_page)
    answer(small_page, {"q2": 0})
    submit(small_page)
    assert table(small_page) == [["愿为", "100.0", "强", "+50.0"], ["敢为", "100.0", "全部", "±0.0"]]


def test_export_then_import_in_a_fresh_browser(
    browser: Browser, small_page: Page, small: tuple[Path, str], tmp_path: Path
) -> None:
    answer(small_page, {**COMPLETE, "q6": "=SUM(A1)"})
    submit(small_page)
    shown = table(small_page)
    with small_page.expect_download() as info:
        small_page.get_by_role("button", name="导出结果文件").click()
    exported = tmp_path / "result.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "kb-quiz-result"
    assert data["questionnaire"]["hash"] == spec_of(small_page)["hash"]
    assert data["result"] == score(spec_of(small_page), data["answers"])

    with small_page.expect_download() as info:
        small_page.get_by_role("button", name="导出表格（Excel 可打开）").click()
    csv = tmp_path / "result.csv"
    info.value.save_as(csv)
    text = csv.read_bytes().decode("utf-8")
    code = small_page.locator(".kbq-code").inner_text().removeprefix("结果码：")
    day = small_page.locator(".kbq-date").inner_text().removeprefix("日期：")
    # What the file is, inside it: the questionnaire, the date and the result code (no name typed).
    assert text.startswith(f"\ufeff问卷,小测（版本 1）\r\n日期,{day}\r\n结果码,{code}\r\n\r\n"
                           "维度,得分,档次\r\n愿为,50.0,强\r\n")
    assert "'=SUM(A1)" in text  # a formula typed by the reader stays text in a spreadsheet

    fresh = browser.new_context(locale="zh-CN")
    other = fresh.new_page()
    other.goto(small[1] + "/quizzes/check.html")
    other.locator(".kbq-import-file").set_input_files(exported)
    expect(other.locator(".kbq-results")).to_be_visible()
    assert table(other) == shown
    expect(other.locator('input[name="q2"][value="4"]')).to_be_checked()
    fresh.close()


def test_import_refuses_a_result_of_another_version_with_nothing_usable(
    small_page: Page, tmp_path: Path
) -> None:
    spec = spec_of(small_page)
    other = tmp_path / "old.json"
    other.write_text(json.dumps({"format": "kb-quiz-result", "version": 1, "answers": {"q1": 1},
                                 "date": "2026-05-01T08:00:00Z",
                                 "questionnaire": {"id": spec["id"], "hash": "0" * 16}}), "utf-8")
    small_page.locator(".kbq-import-file").set_input_files(other)
    expect(small_page.locator(".kbq-status")).to_have_text(
        "无法导入：这个结果来自问卷的另一个版本，文件里没有可用的内容。")
    expect(small_page.locator(".kbq-results")).to_be_hidden()


def test_delete_all_my_data(context: BrowserContext, small: tuple[Path, str]) -> None:
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto(small[1] + "/quizzes/check.html")
    answer(page, COMPLETE)
    submit(page)
    page.get_by_role("button", name="删除我在本机的全部数据").click()
    expect(page.locator(".kbq-status")).to_have_text("已删除本站保存在这台设备上的全部数据。")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kb:'))") == []
    page.reload()
    expect(page.locator('input[name="q1"][value="4"]')).not_to_be_checked()


def test_works_and_says_so_when_storage_is_disabled(
    context: BrowserContext, small: tuple[Path, str]
) -> None:
    page = context.new_page()
    page.add_init_script("Object.defineProperty(window, 'localStorage', "
                         "{get() { throw new DOMException('denied', 'SecurityError'); }});")
    page.goto(small[1] + "/quizzes/check.html")
    expect(page.locator(".kbq-status")).to_contain_text("无法在本机保存")
    answer(page, COMPLETE)
    submit(page)
    assert table(page)[0][:2] == ["愿为", "50.0"]


def test_printed_report_fits_two_a4_pages(context: BrowserContext, default_origin: str) -> None:
    page = context.new_page()
    page.goto(default_origin + "/quizzes/zhixingli-zice.html")
    spec = spec_of(page)
    # The best answers everywhere but 敢为, the worst there: the longest report (a profile
    # matches too). Reverse-keyed items score best at their lowest option.
    def pick(item: dict[str, Any]) -> int:
        ranked = sorted(range(len(item["scores"])), key=lambda n: item["scores"][n])
        best_last = ranked if not item["reverse"] else ranked[::-1]
        return best_last[0] if item["dimension"] == "gan" else best_last[-1]

    answers = {i["id"]: pick(i) for i in spec["items"] if i["type"] not in ("text", "multi")}
    answers |= {i["id"]: [0] for i in spec["items"] if i["type"] == "multi"}
    answer(page, answers)
    submit(page)
    expect(page.locator(".kbq-profile")).not_to_have_count(0)
    page.locator('.kb-profile[data-key="name"]').fill("张三")
    page.emulate_media(media="print")
    expect(page.locator(".kbq-form")).to_be_hidden()
    expect(page.locator(".kbq-plan")).to_be_visible()
    expect(page.locator(".kbq-sign")).to_have_count(2)
    expect(page.locator(".kbq-sign").last).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 2
    assert re.search(rb"/MediaBox \[0 0 59[0-9.]+ 84[0-9.]+\]", pdf)  # A4 portrait, in points


def test_can_be_completed_with_the_keyboard_alone(small_page: Page) -> None:
    small_page.locator('input[name="q1"]').first.focus()
    keys = small_page.keyboard
    keys.press("ArrowRight")  # q1: a radio group, arrows choose
    outline = small_page.evaluate(
        "getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline != "none", "the focused option must show its focus"
    keys.press("Tab")
    keys.press("ArrowRight")  # q2
    keys.press("Tab")
    keys.press("ArrowRight")  # q5, the last of 愿为's section
    keys.press("Tab")
    keys.press("ArrowRight")  # q3, in 敢为's section
    keys.press("Tab")
    keys.press("Space")  # q4: checkboxes, each a tab stop
    for _ in range(3):
        keys.press("Tab")
    keys.type("多学习")  # q6
    keys.press("Tab")
    expect(small_page.get_by_role("button", name="查看结果")).to_be_focused()
    keys.press("Enter")
    expect(small_page.locator(".kbq-results")).to_be_focused()
    expect(small_page.locator(".kbq-missing")).to_have_count(0)
    assert overall(small_page).startswith("总体：")


def test_no_serious_accessibility_violation(context: BrowserContext, default_origin: str) -> None:
    page = context.new_page()
    page.goto(default_origin + "/quizzes/zhixingli-zice.html")
    answer(page, {"yuan-yitu": 2})
    submit(page)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('.kbq'));
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                           .map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '));
    }""")
    assert found == []


def test_markup_in_the_yaml_is_shown_as_text_and_never_runs(
    small_page: Page, dialogs: list[str]
) -> None:
    expect(small_page.get_by_text(f"情景题 {HOSTILE}")).to_be_visible()
    expect(small_page.get_by_text("回避 </script><script>alert(2)</script>")).to_be_visible()
    answer(small_page, {"q1": 0, "q2": 4, "q3": 2, "q4": [2]})
    submit(small_page)
    expect(small_page.locator(".kbq-results").get_by_text(f"偏弱 {HOSTILE}")).to_be_visible()
    assert small_page.locator(".md-content img[src='x']").count() == 0
    assert dialogs == []


def test_instant_navigation_binds_the_questionnaire(
    context: BrowserContext, small: tuple[Path, str]
) -> None:
    page = context.new_page()
    page.goto(small[1] + "/index.html")
    page.locator("article").get_by_role("link", name="小测").click()
    expect(page.locator("h1")).to_contain_text("小测")
    answer(page, {"q1": 1})
    expect(page.locator(".kbq-count")).to_have_text("1")


def test_instant_navigation_binds_a_responsibility_list(
    context: BrowserContext, small: tuple[Path, str]
) -> None:
    page = context.new_page()
    page.goto(small[1] + "/index.html")
    page.locator("article").get_by_role("link", name="清单").click()
    expect(page.locator("h1")).to_contain_text("窗口岗位责任清单")
    rows = page.locator(".kbl-table tbody tr")
    expect(rows).to_have_count(4)  # two filled, two blank
    page.get_by_role("button", name="增加一行").click()
    expect(rows).to_have_count(5)


def our_globals(page: Page) -> list[list[str]]:
    """The globals of ours (kb…), and what window.kb holds."""
    return page.evaluate("""() => [Object.getOwnPropertyNames(window).filter(k => /^kb/i.test(k)),
                                   Object.keys(window.kb || {}).sort()]""")


def test_the_site_makes_one_global_kb(context: BrowserContext, small: tuple[Path, str]) -> None:
    """The page scripts, the lessons (kb-lessons.js) and the tools loaded on first use all
    live in window.kb, also after instant navigation runs the scripts of another page."""
    page = context.new_page()
    page.goto(small[1] + "/demo/m1/l1.html")
    page.get_by_role("button", name="标记为已学").click()
    assert our_globals(page) == [["kb"], ["lessons", "path", "store"]]
    page.goto(small[1] + "/index.html")
    page.locator("article").get_by_role("link", name="小测").click()  # instant navigation
    answer(page, COMPLETE)
    submit(page)
    with page.expect_download():
        page.get_by_role("button", name="导出结果文件").click()  # loads kb-quiz-tools.js
    assert our_globals(page) == [["kb"], ["quiz", "quizCore", "quizTools", "score", "store"]]
    page.goto(small[1] + "/lists/window.html")
    page.get_by_role("button", name="增加一行").click()
    assert our_globals(page) == [["kb"], ["list", "store"]]


def test_usable_on_a_phone(browser: Browser, small: tuple[Path, str]) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(small[1] + "/quizzes/check.html")
    answer(page, COMPLETE)
    submit(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_a_rating_form_keeps_nothing_for_the_next_rater(
    context: BrowserContext, default_origin: str
) -> None:
    page = context.new_page()
    page.goto(default_origin + "/quizzes/qunzhong-manyidu.html")
    spec = spec_of(page)
    assert spec["kind"] == "rating"
    likert = [i["id"] for i in spec["items"] if i["type"] == "likert"]
    # The form's yes/no items are required too: 是 or 否 on each, 未遇到 on one that has it.
    yesno = [i for i in spec["items"] if i["type"] == "yesno"]
    answer(page, {i["id"]: n % 2 for n, i in enumerate(yesno)})
    met = next(i["id"] for i in yesno if i.get("nm"))
    page.locator(f'[data-item="{met}"]').get_by_role("radio", name="未遇到").check()
    answer(page, {i: 0 for i in likert[:-1]})  # 不满意 on all Likert items but the last…
    page.locator(f'[data-item="{likert[-1]}"]').get_by_role(  # …which the rater did not see
        "radio", name="不了解").check()
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kbq-status")).to_have_text("请先填写被评价人和期次。")
    expect(page.locator(".kbq-subject-name")).to_be_focused()
    page.locator(".kbq-subject-name").fill("干部甲")
    page.locator(".kbq-period").select_option(spec["periods"][0])
    page.get_by_role("button", name="完成评价").click()
    results = page.locator(".kbq-results")
    expect(results.locator("h2")).to_have_text("群众满意度测评 · 评价已完成")
    expect(results.locator(".kbq-thanks")).to_contain_text("感谢您的评价")
    expect(results.locator(".kbq-code")).to_contain_text("结果码：")
    # No score, band, verdict or consequence on a rater's page: they exist only in aggregate.
    assert results.locator(".kbq-overall, table, .kbq-chart, .kbq-dimension").count() == 0
    for word in ("分", "未达标", "调整", "诫勉"):
        assert word not in results.inner_text().replace("被评价人", "")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出评价文件").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert (exported["subject"], exported["period"]) == ("干部甲", spec["periods"][0])
    assert exported["answers"][likert[-1]] == 3  # 不了解: the choice after the three options
    page.reload()
    expect(page.locator(".kbq-count")).to_have_text("0")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kb:'))") == []


def test_scores_and_exports_from_a_file_url(browser: Browser, default_site: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((default_site / "quizzes" / "zhixingli-zice.html").as_uri())
    spec = spec_of(page)
    answer(page, {i["id"]: 0 for i in spec["items"] if i["type"] not in ("text", "multi")})
    answer(page, {i["id"]: [0] for i in spec["items"] if i["type"] == "multi"})
    submit(page)
    assert overall(page).startswith("总体：")
    with page.expect_download() as info:  # the tools load on this first use, from the folder
        page.get_by_role("button", name="导出结果文件").click()
    assert json.loads(Path(info.value.path()).read_text(encoding="utf-8"))["answers"]
    assert any(u.endswith("kb-quiz-tools.js") for u in requests)
    assert any(u.endswith("kb-store-later.js") for u in requests)  # download(), on its first call
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:"))] == []
    context.close()


def test_a_paged_questionnaire_shows_one_section_at_a_time(
    browser: Browser, tmp_path: Path
) -> None:
    root = make_small_project(tmp_path / "proj", SMALL_QUIZ + "layout: paged\n")
    build_site(root)
    with serve_folder(root / "site") as origin:
        context = browser.new_context()
        page = context.new_page()
        page.goto(origin + "/quizzes/check.html")
        sections = page.locator(".kbq-section")
        expect(sections.nth(0)).to_be_visible()
        expect(sections.nth(1)).to_be_hidden()
        expect(page.get_by_role("button", name="上一部分")).to_be_disabled()
        page.get_by_role("button", name="下一部分").click()
        expect(sections.nth(0)).to_be_hidden()
        expect(sections.nth(1)).to_be_visible()
        answer(page, {"q3": 1, "q4": [0]})
        submit(page)  # required items of the first section are missing: the list leads back
        page.locator(".kbq-missing li a").first.click()
        expect(sections.nth(0)).to_be_visible()
        expect(page.locator('input[name="q1"]').first).to_be_focused()
        context.close()
