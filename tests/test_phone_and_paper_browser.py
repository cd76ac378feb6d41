"""The reader's side on a phone (390 px) and on A4 paper: nothing scrolls sideways, every
control is a finger's width, lists become cards, and what a reviewer signs prints whole."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from generator.site.project import load_project
from tests.browser import Watch
from tests.conftest import REPO
from tests.weights import PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
COURSE = load_project(REPO).courses[0].course


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True)
    watch = Watch("http://127.0.0.1:")
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == []


@pytest.fixture
def desk(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", accept_downloads=True, timezone_id="Asia/Shanghai")
    yield context
    context.close()


#: CJK radicals Chromium's fonts print for characters that NFKC does not fold back.
RADICALS = str.maketrans({"⺠": "民", "⻬": "齐", "⻓": "长", "⻔": "门"})


def squeeze(text: str) -> str:
    """Text as compared with a PDF's: no spaces, NFKC (PDF text comes with Kangxi radicals,
    ⼲ for 干, and full-width punctuation folded), the few other radicals mapped back."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(RADICALS)


def pdf_text(page: Page) -> tuple[int, str]:
    """Pages and text of the page printed to A4 (print media, as Chromium prints it)."""
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    return len(reader.pages), squeeze("".join(p.extract_text() for p in reader.pages))


def answer_everything(page: Page) -> None:
    spec = json.loads(page.locator(".kbq-spec").text_content() or "{}")
    for item in spec["items"]:
        if item["type"] in ("likert", "single", "yesno"):
            page.locator(f'input[name="{item["id"]}"][value="1"]').check()
        elif item["type"] == "multi":
            page.locator(f'input[name="{item["id"]}"][value="0"]').check()


# ---- Phone ----

@pytest.mark.parametrize(("kind", "path"), PAGE_TYPES, ids=[kind for kind, _ in PAGE_TYPES])
def test_no_page_type_scrolls_sideways_on_a_phone(phone: BrowserContext, default_origin: str,
                                                  kind: str, path: str) -> None:
    page = phone.new_page()
    page.goto(f"{default_origin}/{path}")
    page.wait_for_load_state("networkidle")
    if kind == "self-assessment":  # the report too, once shown
        answer_everything(page)
        page.get_by_role("button", name="查看结果").click()
        expect(page.locator(".kbq-overall")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cut = page.evaluate("""() => [...document.querySelectorAll('article h1, article p, article td')]
        .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
        .map(e => e.textContent.slice(0, 30))""")
    assert cut == [], "text cut off"


TAP_TARGETS = ".kbq-options label, .kbq .md-button, .kbl .md-button, .kbl-remove, .kbl-table textarea, " \
              ".kbp-tools .md-button, .kbp-toggle, .kb-field input, .kbc-options label, .kbc .md-button, " \
              ".kbc-blanks input, .md-header__button, .md-tag"


@pytest.mark.parametrize("path", ["quizzes/zhixingli-zice.html", "lists/kongbai.html",
                                  "zhixingli/index.html", "zhixingli/yuanwei/peixun-neirong.html",
                                  "zhixingli/shanwei/shouwen-fuze.html"])
def test_every_control_is_a_tap_target_on_a_phone(phone: BrowserContext, default_origin: str,
                                                  path: str) -> None:
    page = phone.new_page()
    page.goto(f"{default_origin}/{path}")
    page.wait_for_load_state("networkidle")
    small = page.evaluate(f"""() => [...document.querySelectorAll({TAP_TARGETS!r})]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.className || e.tagName, e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == []
    assert page.locator(TAP_TARGETS).count() >= 1
    assert page.locator(".md-header__button:visible").count() >= 3  # menu, colours, search
    if path.count("/") == 2:  # a lesson: its tags
        assert page.locator(".md-tag:visible").count() >= 1


def test_a_lessons_hours_channel_audience_and_module_fit_a_phone(phone: BrowserContext,
                                                                 default_origin: str) -> None:
    page = phone.new_page()
    page.goto(f"{default_origin}/zhixingli/shanwei/shouwen-fuze.html")
    info = page.locator(".kb-info")
    expect(info).to_contain_text("学时：1")
    for label in ("渠道：网络课堂", "适用对象：", "所属模块：作风养成·善为"):
        expect(info).to_contain_text(label)
    wide = info.evaluate("""(e) => [e, ...e.querySelectorAll('*')]
        .filter(x => x.scrollWidth > x.clientWidth || x.getBoundingClientRect().right > innerWidth)
        .map(x => x.outerHTML.slice(0, 60))""")
    assert wide == [], "nothing of the lesson's details is cut or off the screen"


def test_the_study_record_fields_and_tables_are_visible_and_whole_on_a_phone(
        phone: BrowserContext, default_origin: str) -> None:
    """姓名 and 单位 look like fields (a border, not white on white), 单位 holds a whole unit's
    name, and the record's tables are ruled."""
    page = phone.new_page()
    page.goto(f"{default_origin}/zhixingli/index.html")
    page.wait_for_load_state("networkidle")
    fields = page.evaluate("""() => [...document.querySelectorAll('.kbp-who .kb-profile')].map(e => {
        const s = getComputedStyle(e);
        const box = e.getBoundingClientRect();
        return [e.dataset.key, parseFloat(s.borderTopWidth), s.borderTopStyle, box.width];
    })""")
    assert [(key, width >= 1, style) for key, width, style, _ in fields] == [
        ("name", True, "solid"), ("unit", True, "solid"), ("number", True, "solid")]
    unit = next(box for key, _, _, box in fields if key == "unit")
    assert unit >= 250  # room for a unit name of some fifteen characters on a 390 px screen
    # Each label sits on the line of its own box.
    assert page.evaluate("""() => [...document.querySelectorAll('.kbp-who .kb-field')].every(f => {
        const label = f.querySelector('.kb-field-label').getBoundingClientRect();
        const box = f.querySelector('input').getBoundingClientRect();
        return label.bottom > box.top && label.top < box.bottom;
    })""")
    unit_input = page.locator('.kbp-who .kb-profile[data-key="unit"]')
    unit_input.fill("中共某某县委组织部干部教育科")
    assert unit_input.evaluate("e => e.scrollWidth <= e.clientWidth")
    cells = ":is(.kbp-record, .kbp-modules) :is(td, th)"
    ruled = page.evaluate(f"""() => [...document.querySelectorAll('{cells}')]
        .filter(e => e.offsetParent !== null)
        .map(e => parseFloat(getComputedStyle(e).borderBottomWidth))""")
    assert ruled and min(ruled) >= 1


def test_a_list_on_a_phone_is_cards_that_fill_save_and_print_as_a_table(
    phone: BrowserContext, default_origin: str
) -> None:
    page = phone.new_page()
    page.goto(f"{default_origin}/lists/kongbai.html")
    cell = page.locator(".kbl-table tbody tr").first.locator("textarea[data-key='duty']")
    box = cell.bounding_box()
    assert box is not None and box["width"] > 300  # a field across the card, not a sliver
    label = page.evaluate("""() => getComputedStyle(document.querySelector(
        '.kbl-table tbody td[data-label]'), '::before').content""")
    assert label.strip('"') == "职责/任务"
    cell.fill("组织周例会，跟踪督办事项")
    page.locator(".kbl-field[data-key='unit']").fill("某县某镇人民政府党政办公室")
    expect(page.locator(".kbl-status")).to_have_text("已自动保存在本机。")
    page.reload()
    expect(page.locator(".kbl-table tbody tr").first.locator("textarea[data-key='duty']")) \
        .to_have_value("组织周例会，跟踪督办事项")
    expect(page.locator(".kbl-field[data-key='unit']")).to_have_value("某县某镇人民政府党政办公室")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.kbl-table thead')).display") \
        == "table-header-group"  # paper keeps the table


def test_the_blank_list_on_a_phone_starts_with_one_row_and_its_tools_at_hand(
    phone: BrowserContext, default_origin: str
) -> None:
    """Not ten empty cards: one blank row, the tools within two screens, added rows numbered
    after the rows written in; paper still gets the ten ruled rows."""
    page = phone.new_page()
    page.goto(f"{default_origin}/lists/kongbai.html")
    rows = page.locator(".kbl-table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() == 10
    visible = page.locator(".kbl-table tbody tr:visible")
    expect(visible).to_have_count(1)
    for name in ("增加一行", "打印清单", "导出文件", "清空我的填写"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["y"] + page.evaluate("scrollY") < 2 * PHONE["height"], name
    duty = visible.first.locator("textarea[data-key='duty']")
    expect(duty).to_be_visible()
    standard = visible.first.locator("textarea[data-key='standard']")
    expect(standard).to_be_hidden()  # the rest of a blank card shows once it is written in
    duty.fill("公文办理")
    expect(standard).to_be_visible()
    page.get_by_role("button", name="增加一行").click()
    expect(visible).to_have_count(2)
    expect(page.get_by_role("textbox", name="第 2 行 职责/任务")).to_be_focused()
    expect(visible.nth(1).locator(".kbl-no")).to_have_text("2")
    page.keyboard.type("档案管理")
    page.get_by_role("button", name="增加一行").click()
    expect(page.get_by_role("textbox", name="第 3 行 职责/任务")).to_be_focused()
    page.reload()  # what was written stays, and the rows that were shown
    expect(visible).to_have_count(3)
    expect(rows).to_have_count(10)
    expect(page.locator(".kbl-table tbody tr:nth-child(2) textarea[data-key='duty']")) \
        .to_have_value("档案管理")
    page.emulate_media(media="print")
    expect(visible).to_have_count(10)  # the blank template's ten rows on paper
    assert page.locator(".kbl-table tbody tr:nth-child(10) textarea").first.is_visible()


def test_a_phone_hides_no_row_written_in(phone: BrowserContext, default_origin: str) -> None:
    """Rows kept from an earlier visit: every row up to the last one written in shows, blank
    ones between them too, then one blank row."""
    page = phone.new_page()
    page.goto(f"{default_origin}/index.html")
    page.evaluate("""localStorage.setItem('kb:list:kongbai', JSON.stringify({format: 2, rows:
        [{duty: '公文办理'}, {}, {}, {}, {duty: '档案管理', owner: '李四'}, {}, {}, {}, {}, {}]}))""")
    page.goto(f"{default_origin}/lists/kongbai.html")
    visible = page.locator(".kbl-table tbody tr:visible")
    expect(visible).to_have_count(6)
    expect(visible.nth(4).locator("textarea[data-key='owner']")).to_have_value("李四")
    expect(visible.nth(5).locator(".kbl-no")).to_have_text("6")
    expect(page.locator(".kbl-table tbody tr")).to_have_count(10)


def test_the_plan_is_confirmed_where_the_reader_is(phone: BrowserContext,
                                                    default_origin: str) -> None:
    page = phone.new_page()
    page.goto(f"{default_origin}/index.html")
    page.evaluate("""localStorage.setItem('kb:plan', JSON.stringify({rows: [
        {duty: '提升愿为（示例）', standard: '每月学习一次'}, {duty: '提升善为（示例）'}]}))""")
    page.goto(f"{default_origin}/lists/kongbai.html")
    plan = page.get_by_role("button", name="加入自评改进计划（2 条）")
    plan.click()
    toast = page.get_by_role("status").filter(has_text="已把自评改进计划填入清单第 1 行起的空行")
    expect(toast).to_be_visible()
    box = toast.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    expect(page.locator(".kbl-table tbody tr:visible")).to_have_count(3)  # two planned, one blank


# ---- Paper ----

def test_the_printed_report_prints_name_and_unit_whole_with_two_signatures(
    desk: BrowserContext, default_origin: str
) -> None:
    page = desk.new_page()
    page.add_init_script("window.print = () => {};")
    page.goto(f"{default_origin}/quizzes/zhixingli-zice.html")
    answer_everything(page)
    page.get_by_role("button", name="查看结果").click()
    page.locator(".kb-profile[data-key='name']").fill("欧阳晓明")
    page.locator(".kb-profile[data-key='unit']").fill("某县某镇人民政府党政办公室")
    header = page.locator(".md-header").bounding_box()
    heading = page.locator(".kbq-results h2").bounding_box()
    assert header and heading and heading["y"] >= header["y"] + header["height"]  # not under the bar
    pages, text = pdf_text(page)
    assert pages <= 2
    assert squeeze("姓名欧阳晓明") in text and squeeze("单位某县某镇人民政府党政办公室") in text
    assert squeeze("本人签字") in text and squeeze("审核人签字") in text
    assert page.evaluate("getComputedStyle(document.querySelector('.kbq-results')).outlineStyle") \
        == "none"  # the report had the focus: no ring on paper


def test_the_printed_study_record_has_who_what_totals_and_signatures(
    desk: BrowserContext, default_origin: str
) -> None:
    page = desk.new_page()
    page.goto(f"{default_origin}/index.html")
    page.evaluate("""lessons => localStorage.setItem('kb:studied', JSON.stringify(
        Object.fromEntries(lessons.map(id => [id, '2027-03-01T08:00:00.000Z']))))""",
                  [lesson.id for _, lesson in COURSE.lessons()])
    page.add_init_script("window.print = () => {};")
    page.goto(f"{default_origin}/{COURSE.id}/index.html")
    page.locator(".kbp-progress .kb-profile[data-key='name']").fill("欧阳晓明")
    page.locator(".kbp-progress .kb-profile[data-key='unit']").fill("某县某镇人民政府党政办公室")
    page.get_by_role("button", name="打印学习记录").click()
    pages, text = pdf_text(page)
    assert pages == 1
    assert squeeze(f"学习记录：{COURSE.title}") in text
    assert squeeze("姓名欧阳晓明") in text and squeeze("单位某县某镇人民政府党政办公室") in text
    hours = {c: sum(x.hours for _, x in COURSE.lessons() if x.channel == c)
             for c in ("集中课堂", "网络课堂", "异地课堂")}
    for channel, total in hours.items():
        if total:
            assert re.search(squeeze(channel + "小计") + r"\d+课" + f"{total:g}", text), channel
    assert f"合计{len(COURSE.lessons())}课{sum(hours.values()):g}" in text
    assert squeeze("本人签字") in text and squeeze("培训单位审核") in text
    borders = page.evaluate("""getComputedStyle(document.querySelector('.kbp-record td'))
        .borderTopStyle""")
    assert borders == "solid"  # cells that do not run together


# ---- Details ----

def test_search_indexes_questions_but_not_answer_options_or_controls(default_site: Path) -> None:
    index = json.loads((default_site / "search" / "search_index.json").read_text("utf-8"))
    quiz = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("quizzes/"))
    for interface in ("完全不符合", "比较符合", "（必答）", "查看结果", "清空作答", "上一部分",
                      "导入结果文件", "不满意"):
        assert interface not in quiz, interface
    assert "接到上级部署" in quiz or "我会" in quiz  # the questions themselves stay searchable


def test_course_times_are_beijing_time_and_anchors_say_so_in_chinese(default_site: Path) -> None:
    course = (default_site / COURSE.id / "index.html").read_text(encoding="utf-8")
    assert "时间均为北京时间" in course and "Asia/Shanghai" not in course
    assert 'title="本节的链接"' in course and "Permanent link" not in course


def test_exports_are_named_by_the_readers_local_date_with_a_question_column(
    desk: BrowserContext, default_origin: str, tmp_path: Path
) -> None:
    page = desk.new_page()
    page.clock.set_fixed_time("2027-03-01T16:30:00Z")  # 00:30 on 2 March in Beijing
    page.goto(f"{default_origin}/quizzes/zhixingli-zice.html")
    answer_everything(page)
    page.get_by_role("button", name="查看结果").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="导出表格（Excel 可打开）").click()
    assert info.value.suggested_filename == "zhixingli-zice-2027-03-02.csv"
    rows: list[Any] = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert "题号,题目,回答" in rows
