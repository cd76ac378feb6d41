"""A reader's and a rater's questionnaire journeys on a phone (390×844, touch), issue 23:
submitting again keeps one attempt, a submitted draft is no unfinished one, feedback shows
where the reader is, a content update names its changed items until the reader submits,
and the rater's page speaks to a rater."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.commands.build import build_site
from tests.browser import Watch, answer, serve_folder
from tests.test_quiz_browser import COMPLETE, make_small_project

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
RESTORED = "已恢复上次未完成的作答"


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, accept_downloads=True)
    watch = Watch("http://127.0.0.1:")
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == []


def spec_of(page: Page) -> dict[str, Any]:
    return json.loads(page.locator(".kbq-spec").text_content() or "{}")


def answer_all(page: Page, pick: int) -> None:
    """Every choice item answered with option pick (the first option of multi items)."""
    for item in spec_of(page)["items"]:
        if item["type"] == "multi":
            answer(page, {item["id"]: [0]})
        elif item["type"] != "text":
            answer(page, {item["id"]: pick})


def see_results(page: Page) -> None:
    page.get_by_role("button", name="查看结果").tap()
    expect(page.locator(".kbq-results")).to_be_visible()


def kept_attempts(page: Page, quiz: str) -> list[dict[str, Any]]:
    return page.evaluate(f"JSON.parse(localStorage.getItem('kb:quiz:{quiz}:attempts') || '[]')")


def within_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def below_header(page: Page, selector: str) -> bool:
    header, box = page.locator(".md-header").bounding_box(), page.locator(selector).bounding_box()
    return header is not None and box is not None and box["y"] >= header["y"] + header["height"]


def test_the_self_assessment_journey_on_a_phone(phone: BrowserContext, default_origin: str) -> None:
    page = phone.new_page()
    page.goto(default_origin + "/quizzes/zhixingli-zice.html")
    answer_all(page, 1)
    see_results(page)
    first = page.locator(".kbq-code").inner_text()
    # 查看结果 again on the same answers: the same attempt, not another compared with itself.
    page.get_by_role("button", name="查看结果").tap()
    page.get_by_role("button", name="查看结果").tap()
    expect(page.locator(".kbq-code")).to_have_text(first)
    assert len(kept_attempts(page, "zhixingli-zice")) == 1
    expect(page.locator(".kbq-history-count")).to_have_text("1")
    expect(page.locator(".kbq-results thead th", has_text="较上次")).to_have_count(0)
    # 姓名 on a line of its own, not at the end of the result code's line.
    code_box = page.locator(".kbq-code").bounding_box()
    name_box = page.locator(".kbq-results .kb-field").first.bounding_box()
    assert code_box and name_box and name_box["y"] >= code_box["y"] + code_box["height"]

    # A changed answer is a new attempt, compared with the first.
    answer(page, {spec_of(page)["items"][0]["id"]: 3})
    see_results(page)
    expect(page.locator(".kbq-history-count")).to_have_text("2")
    expect(page.locator(".kbq-results thead th").last).to_have_text("较上次")
    page.get_by_role("button", name="查看结果").tap()
    expect(page.locator(".kbq-history-count")).to_have_text("2")

    # Submitted answers come back on the next visit, but not as an unfinished draft ...
    page.reload()
    expect(page.locator(".kbq-count")).not_to_have_text("0")
    expect(page.locator(".kbq-status")).not_to_contain_text(RESTORED)
    # ... while answers changed since the last submit are one.
    answer(page, {spec_of(page)["items"][1]["id"]: 4})
    page.reload()
    expect(page.locator(".kbq-status")).to_contain_text(RESTORED)

    # The plan's confirmation shows where the reader is: by the button, not atop the form.
    see_results(page)
    button = page.get_by_role("button", name="把建议加入岗位责任清单")
    button.scroll_into_view_if_needed()
    button.tap()
    toast = page.get_by_role("status").filter(has_text="存为改进计划")
    expect(toast).to_be_visible()
    assert within_viewport(page, ".kb-toast")
    assert page.evaluate("JSON.parse(localStorage.getItem('kb:plan')).rows.length") > 0


def test_consistency_hints_name_the_items_to_look_at_again(phone: BrowserContext,
                                                            default_origin: str) -> None:
    page = phone.new_page()
    page.goto(default_origin + "/quizzes/zhixingli-zice.html")
    spec = spec_of(page)
    likert = [i for i in spec["items"] if i["type"] == "likert"]
    answer_all(page, 1)
    answer(page, {i["id"]: len(i["scores"]) - 1 for i in likert})  # the top of every scale
    see_results(page)
    hints = page.locator(".kbq-checks")
    expect(hints).to_contain_text("对意思相反的两类说法都表示了同意")
    # The opposite statements both agreed with to the top, each linked by its number.
    paired = [i for i in likert if i.get("opposite")]
    assert paired
    links = hints.locator("a")
    for item in paired:
        number = (page.locator(f"#item-{item['id']} .kbq-number").text_content() or "").rstrip(".")
        expect(links.filter(has_text=f"第 {number} 题：")).to_have_count(1)
    links.first.tap()
    first = hints.locator("a").first.get_attribute("href") or ""
    expect(page.locator(first)).to_be_in_viewport()
    assert below_header(page, first)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = make_small_project(tmp_path / "proj")
    build_site(root)
    return root


def test_a_content_update_names_its_changed_items_until_the_reader_submits(
    phone: BrowserContext, project: Path, tmp_path: Path
) -> None:
    with serve_folder(project / "site") as origin:
        page = phone.new_page()
        page.goto(origin + "/quizzes/check.html")
        answer(page, COMPLETE)
        see_results(page)
        with page.expect_download() as info:
            page.get_by_role("button", name="导出结果文件").tap()
        exported = tmp_path / "before.json"
        info.value.save_as(exported)
        # The trainer rewords q3 and rebuilds, keeping the version number.
        quiz = project / "quizzes" / "check.yml"
        reworded = quiz.read_text("utf-8").replace('text: "情景题', 'text: "遇到难题时的情景题')
        quiz.write_text(reworded, "utf-8")
        build_site(project)
        for _ in range(2):  # on every visit, not only the first after the update
            page.reload()
            note = page.locator(".kbq-carried")
            expect(note).to_contain_text("以下题目有改动，请重新作答")
            expect(note.locator("a")).to_have_count(1)
            number = (page.locator("#item-q3 .kbq-number").text_content() or "").rstrip(".")
            expect(note.locator("a")).to_contain_text(f"第 {number} 题：遇到难题时的情景题")
        note.locator("a").tap()
        expect(page.locator('input[name="q3"]').first).to_be_focused()
        assert below_header(page, "#item-q3")
        answer(page, {"q3": 1})
        see_results(page)
        # Compared with the result before the update: the same version number is not "another".
        expect(page.locator(".kbq-note")).to_contain_text("问卷内容有改动")
        expect(page.locator(".kbq-note")).not_to_contain_text("另一版本")
        page.reload()
        expect(page.locator(".kbq-carried")).to_have_count(0)
        expect(page.locator(".kbq-status")).not_to_contain_text(RESTORED)
        # The file exported before the update imports as what it is: the same version, edited since.
        page.locator(".kbq-import-file").set_input_files(exported)
        expect(page.locator(".kbq-status")).to_contain_text("已导入：这是问卷内容改动之前的结果")


def test_the_rating_form_speaks_to_a_rater(phone: BrowserContext, default_origin: str) -> None:
    page = phone.new_page()
    page.goto(default_origin + "/quizzes/qunzhong-manyidu.html")
    heading = page.locator(".admonition-title").first
    expect(heading).not_to_contain_text("不会离开这台设备")
    expect(heading).to_contain_text("导出评价文件")
    # The self-assessment's data tools are not a rater's.
    expect(page.get_by_text("导入结果文件")).to_have_count(0)
    expect(page.get_by_role("button", name="删除我在本机的全部数据")).to_have_count(0)
    page.locator(".kbq-subject-name").fill("干部甲")
    period = page.locator(".kbq-period")
    if period.evaluate("e => e.tagName") == "SELECT":
        period.select_option(index=1)
    else:
        period.fill("2027年上半年")
    answer_all(page, 0)
    page.get_by_role("button", name="完成评价").tap()
    results = page.locator(".kbq-results")
    expect(results).to_be_visible()
    expect(results.locator(".kbq-code")).to_contain_text("结果码：")
    thanks = results.locator(".kbq-thanks")
    expect(thanks).to_contain_text("导出评价文件")
    expect(thanks).not_to_contain_text("下面的结果码")
    page.emulate_media(media="print")  # the printed receipt asks no one to click paper
    printed = thanks.inner_text()
    assert "结果码" in printed and "请点" not in printed, printed


def test_the_scorer_loads_as_the_reader_starts_answering(phone: BrowserContext, default_origin: str) -> None:
    page = phone.new_page()
    files: list[str] = []
    page.on("request", lambda r: files.append(r.url.rsplit("/", 1)[-1]))
    page.goto(default_origin + "/quizzes/zhixingli-zice.html", wait_until="load")
    assert "kb-quiz.js" in files
    assert "kb-score.js" not in files and "kb-quiz-core.js" not in files
    page.locator(".kbq-item label").first.tap()
    expect(page.locator(".kbq-count")).to_have_text("1")
    expect(page.locator(".kbq-status")).to_have_text("已自动保存在本机。")
    assert "kb-score.js" in files and "kb-quiz-core.js" in files
