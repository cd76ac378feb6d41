"""Responsibility lists in Chromium: fill, keep, add, remove, move, print, and stay text."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.browser import Watch
from tests.conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture
def origin(default_origin: str) -> str:
    return default_origin


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/*", watch.route)
    dialogs: list[str] = []
    context.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.accept())))
    yield context
    context.close()
    assert watch.foreign == [], "no request may leave the site"
    assert all("alert" not in d for d in dialogs), "markup from the YAML or a cell ran as code"


def open_list(context: BrowserContext, origin: str, name: str) -> Page:
    page = context.new_page()
    page.goto(f"{origin}/lists/{name}.html")
    expect(page.locator(".kbl-table tbody tr").first).to_be_visible()
    return page


def cell(page: Page, row: int, key: str) -> str:
    return f".kbl-table tbody tr:nth-child({row}) textarea[data-key='{key}']"


def pdf_pages(page: Page) -> list[str]:
    page.emulate_media(media="print")
    data = page.pdf(prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(data))
    assert all(round(float(p.mediabox.width)) == 842 and round(float(p.mediabox.height)) == 595
               for p in reader.pages), "A4 landscape"
    return [plain(p.extract_text()) for p in reader.pages]


def plain(text: str) -> str:
    """Text as compared with the PDF's: Chromium's CJK font maps some characters to radical
    code points, which NFKC folds back (with full-width punctuation) except a few, such as
    齐 as ⻬, that never appear as themselves; no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_filled_cells_survive_a_reload(context: BrowserContext, origin: str) -> None:
    page = open_list(context, origin, "kongbai")
    page.locator(cell(page, 1, "duty")).fill("公文办理")
    page.locator(cell(page, 1, "standard")).fill("一般公文 3 个工作日内办结")
    page.reload()
    expect(page.locator(cell(page, 1, "duty"))).to_have_value("公文办理")
    expect(page.locator(cell(page, 1, "standard"))).to_have_value("一般公文 3 个工作日内办结")
    expect(page.locator(".kbl-status")).to_have_text("已恢复你上次在本机的填写。")


def test_rows_can_be_added_and_removed(context: BrowserContext, origin: str) -> None:
    page = open_list(context, origin, "zhengwu-chuangkou")
    rows = page.locator(".kbl-table tbody tr")
    before = rows.count()
    page.get_by_role("button", name="增加一行").click()
    expect(rows).to_have_count(before + 1)
    expect(page.locator(cell(page, before + 1, "duty"))).to_be_focused()
    first = page.locator(cell(page, 1, "duty")).input_value()
    second = page.locator(cell(page, 2, "duty")).input_value()
    page.get_by_role("button", name="删除第 1 行").click()
    expect(rows).to_have_count(before)
    expect(page.locator(cell(page, 1, "duty"))).to_have_value(second)
    expect(page.locator(".kbl-table tbody tr:first-child .kbl-no")).to_have_text("1")
    page.reload()
    expect(rows).to_have_count(before)
    expect(page.locator(cell(page, 1, "duty"))).not_to_have_value(first)


def test_export_then_import_in_a_fresh_browser(
    browser: Browser, context: BrowserContext, origin: str, tmp_path: Path
) -> None:
    page = open_list(context, origin, "kongbai")
    page.locator(cell(page, 2, "owner")).fill("李四")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出文件").click()
    exported = tmp_path / "list.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert (data["format"], data["list"]["id"], data["rows"][1]["owner"]) == ("kb-list", "kongbai", "李四")

    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(f"{origin}/lists/kongbai.html")
    other.locator(".kbl-import-file").set_input_files(exported)
    expect(other.locator(cell(other, 2, "owner"))).to_have_value("李四")
    other.reload()
    expect(other.locator(cell(other, 2, "owner"))).to_have_value("李四")
    fresh.close()


def test_the_blank_list_prints_on_one_landscape_page(context: BrowserContext, origin: str) -> None:
    pages = pdf_pages(open_list(context, origin, "kongbai"))
    assert len(pages) == 1
    assert "第1" in pages[0] and "共1" in pages[0]
    assert "本人签字" in pages[0]
    assert "搜索" not in pages[0], "no site header or navigation on paper"


def test_a_long_list_repeats_its_header_and_cuts_no_row(
    context: BrowserContext, origin: str
) -> None:
    source = yaml.safe_load((REPO / "content/lists/dangzhengban-zhuren.yml").read_text("utf-8"))
    pages = pdf_pages(open_list(context, origin, "dangzhengban-zhuren"))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "工作标准" in text and "完成时限" in text, f"page {number} lacks the header"
        assert re.search(rf"第{number}\S共{len(pages)}\S", text), f"page {number} number"
    everywhere = "".join(pages)
    # Each page's table: from its header on (the introduction names 政务公开栏, a duty too).
    header = plain("".join(column["name"] for column in source["columns"][:2]))
    tables = [text.partition(header)[2] for text in pages]
    for row in source["rows"]:
        # The lines of side-by-side cells interleave in the PDF's text, so look for the
        # row's characters rather than its strings: all on the page that has its duty.
        [home] = [text for text, table in zip(pages, tables, strict=True)
                  if plain(row["duty"]) in table]
        missing = Counter(plain(row["standard"] + row["deadline"])) - Counter(home)
        missing = Counter({c: n for c, n in missing.items() if c in everywhere})  # see plain()
        assert not missing, f"row '{row['duty']}' is cut across pages: {''.join(missing)}"


def test_markup_stays_text(context: BrowserContext, origin: str, tmp_path: Path) -> None:
    page = open_list(context, origin, "kongbai")
    page.locator(cell(page, 1, "duty")).fill("<img src=x onerror=alert(1)>")
    page.reload()
    expect(page.locator(cell(page, 1, "duty"))).to_have_value("<img src=x onerror=alert(1)>")
    assert page.locator(".kbl img").count() == 0


def test_self_assessment_advice_fills_the_first_empty_rows(context: BrowserContext,
                                                          origin: str) -> None:
    quiz = context.new_page()
    quiz.goto(f"{origin}/quizzes/zhixingli-zice.html")
    spec = json.loads(quiz.locator(".kbq-spec").text_content() or "{}")
    for item in spec["items"]:
        if item["type"] in ("likert", "single", "yesno") or item["type"] == "multi":
            quiz.locator(f'input[name="{item["id"]}"][value="0"]').check()
    quiz.get_by_role("button", name="查看结果").click()
    quiz.get_by_role("button", name="把建议加入岗位责任清单").click()
    expect(quiz.get_by_role("status").filter(has_text="条建议存为改进计划")).to_be_visible()  # a toast

    page = open_list(context, origin, "kongbai")
    rows = page.locator(".kbl-table tbody tr")
    before = rows.count()
    page.locator(cell(page, 1, "duty")).fill("组织周例会")  # the reader's own first row stays
    plan = page.locator(".kbl-plan")
    expect(plan).to_have_text(re.compile(r"加入自评改进计划（\d+ 条）"))
    planned = int(re.findall(r"\d+", plan.inner_text())[0])
    assert 1 < planned < before
    plan.click()
    assert rows.count() == before  # blank rows were filled, none appended
    expect(page.locator(cell(page, 1, "duty"))).to_have_value("组织周例会")
    expect(page.locator(cell(page, 2, "duty"))).to_have_value(re.compile(r"^提升愿为（"))
    expect(page.locator(cell(page, planned + 1, "duty"))).to_have_value(re.compile(r"^提升"))
    expect(page.locator(cell(page, planned + 2, "duty"))).to_have_value("")
    expect(plan).to_be_hidden()


def test_clearing_restores_the_list_as_published(context: BrowserContext, origin: str) -> None:
    page = open_list(context, origin, "zhengwu-chuangkou")
    original = page.locator(cell(page, 1, "duty")).input_value()
    page.locator(cell(page, 1, "duty")).fill("改过的职责")
    page.get_by_role("button", name="清空我的填写").click()  # the confirm dialog is accepted
    expect(page.locator(cell(page, 1, "duty"))).to_have_value(original)
    page.reload()
    expect(page.locator(cell(page, 1, "duty"))).to_have_value(original)
