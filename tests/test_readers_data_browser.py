"""Readers never lose what they typed: a content update keeps their lists, drafts, history
and study record; corrupt storage, failing storage and hostile files never break a page;
what the YAML calls plain text stays text everywhere."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.commands.build import build_site
from generator.commands.new import create_project
from tests.browser import Watch, answer, serve_folder
from tests.conftest import MINIMAL_COURSE, MINIMAL_LIST, MINIMAL_QUIZ

pytestmark = pytest.mark.browser


def make_project(root: Path) -> Path:
    create_project(root, "更新测试")
    (root / "content" / "courses" / "sample.yml").unlink()
    (root / "content" / "courses" / "demo.yml").write_text(MINIMAL_COURSE, encoding="utf-8")
    (root / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "quizzes" / "check.yml").write_text(MINIMAL_QUIZ, encoding="utf-8")
    (root / "content" / "lists" / "window.yml").write_text(MINIMAL_LIST, encoding="utf-8")
    build_site(root)
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A small project, built and served at one origin for the whole test (readers' storage
    belongs to an origin); rebuilt in place when a test edits its content."""
    root = make_project(tmp_path / "proj")
    with serve_folder(root / "site") as origin:
        yield root, origin


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/*", watch.route)
    errors: list[str] = []
    dialogs: list[str] = []

    def on_page(page: Page) -> None:
        # Material's own inline scripts read localStorage without a guard: with storage that
        # throws they fail (the palette is not restored) and the page works on; ours never may.
        page.on("pageerror", lambda e: errors.append(str(e)) if e.stack or e.name != "SecurityError"
                else None)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))

    context.on("page", on_page)
    yield context
    context.close()
    assert watch.foreign == []
    assert errors == [], "a page broke"
    assert all("alert" not in d for d in dialogs), "markup from the YAML ran as code"


def cell(row: int, key: str) -> str:
    return f".kbl-table tbody tr:nth-child({row}) textarea[data-key='{key}']"


COMPLETE = {"q1": 4, "q2": 0, "q3": 1, "q4": [0, 1], "q6": "多向窗口同事学习"}


# ---- A content update keeps what readers saved ----

def test_a_content_update_keeps_lists_drafts_history_and_study_record(
    site: tuple[Path, str], context: BrowserContext
) -> None:
    root, origin = site
    lesson = context.new_page()
    lesson.goto(f"{origin}/demo/m1/l2.html")
    lesson.get_by_role("button", name="标记为已学").click()

    quiz = context.new_page()
    quiz.goto(f"{origin}/quizzes/check.html")
    answer(quiz, COMPLETE)
    quiz.get_by_role("button", name="查看结果").click()  # one attempt in the history
    quiz.locator(".kbq-history summary").click()
    expect(quiz.locator(".kbq-history li")).to_have_count(1)

    lst = context.new_page()
    lst.goto(f"{origin}/lists/window.html")
    lst.locator(cell(1, "results-q1")).fill("一季度受理 312 件，无超时")
    lst.locator(cell(3, "duty")).fill("帮办代办")
    expect(lst.locator(".kbl-status")).to_have_text("已自动保存在本机。")

    # The trainer corrects titles, rewords one question, adds a column and renames a lesson.
    edit(root, "content/lists/window.yml", "title: 窗口岗位责任清单", "title: 综合窗口岗位责任清单（修订）")
    edit(root, "content/lists/window.yml", "blank_rows: 2", textwrap.dedent("""\
        blank_rows: 2
        columns:
          - {key: "no", name: 序号, width: 0.5}
          - {key: duty, name: 职责任务}
          - {key: standard, name: 工作标准}
          - {key: deadline, name: 完成时限}
          - {key: owner, name: 责任人}
          - {key: backup, name: A/B角}
          - {key: basis, name: 职责依据}
          - {key: results, name: 实绩, handwritten: true, per_quarter: true}
          - {key: assessment, name: 考核评价, handwritten: true}"""))
    edit(root, "quizzes/check.yml", "title: 小测", "title: 小测（修订）")
    edit(root, "quizzes/check.yml", "text: 我常常拖延", "text: 我常常把事情拖到最后")
    edit(root, "content/courses/demo.yml", "title: 第二课", "title: 第二课（修订）")
    build_site(root)

    lst.reload()
    expect(lst.locator("h1")).to_contain_text("综合窗口岗位责任清单（修订）")
    expect(lst.locator(cell(1, "results-q1"))).to_have_value("一季度受理 312 件，无超时")
    expect(lst.locator(cell(3, "duty"))).to_have_value("帮办代办")
    expect(lst.locator(cell(3, "basis"))).to_have_value("")
    expect(lst.locator(".kbl-status")).to_have_text("已恢复你上次在本机的填写。")

    quiz.reload()
    status = quiz.locator(".kbq-status")
    expect(status).to_contain_text("问卷内容已更新：保留了你之前的 4 个回答。")
    expect(status.locator("a")).to_have_text(["第 2 题：我常常把事情拖到最后"])
    assert quiz.locator('input[name="q1"][value="4"]').is_checked()
    assert not quiz.locator('input[name="q2"]:checked').count()
    expect(quiz.locator('textarea[name="q6"]')).to_have_value("多向窗口同事学习")
    answer(quiz, {"q2": 1})
    quiz.get_by_role("button", name="查看结果").click()
    expect(quiz.locator(".kbq-history-count")).to_have_text("2")
    quiz.locator(".kbq-history summary").click()
    expect(quiz.locator(".kbq-history li")).to_have_count(2)
    expect(quiz.locator(".kbq-history li").last).to_contain_text("版本 1")
    # Reworded under the same version number: not "another version (1)" (issue 23).
    expect(quiz.locator(".kbq-note")).to_have_text("上次作答之后问卷内容有改动，与上次的比较仅供参考。")
    expect(quiz.locator(".kbq-change").first).to_have_text("−12.5")  # 愿为: 100 → 87.5

    lesson.reload()
    expect(lesson.locator("h1")).to_contain_text("第二课（修订）")
    expect(lesson.locator(".kbp-toggle")).to_have_attribute("aria-pressed", "true")


def test_cells_of_a_removed_column_are_set_aside_and_exported(
    site: tuple[Path, str], context: BrowserContext, tmp_path: Path
) -> None:
    root, origin = site
    page = context.new_page()
    page.goto(f"{origin}/lists/window.html")
    page.locator(cell(2, "backup")).fill("王五")
    page.locator(cell(1, "duty")).fill("咨询接待（含电话咨询）")
    (root / "content" / "lists" / "window.yml").write_text(textwrap.dedent("""\
        id: window
        title: 窗口岗位责任清单
        unit: 某中心
        position: 综合窗口
        period: {year: 2027}
        columns:
          - {key: duty, name: 职责任务}
          - {key: standard, name: 工作标准}
        rows:
          - {duty: 咨询接待, standard: 当场答复}
        """), encoding="utf-8")
    build_site(root)
    page.reload()
    expect(page.locator(".kbl-status")).to_have_text(
        "清单的栏目有调整：已移除的栏目（“完成时限”、“责任人”、“A/B角”）中的 5 处填写已另存，"
        "导出的文件里可以找到（“已移除的栏目”）。")
    expect(page.locator(cell(1, "duty"))).to_have_value("咨询接待（含电话咨询）")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出文件").click()
    saved = tmp_path / "list.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    aside = {column["name"]: column["cells"] for column in data["已移除的栏目"]}
    assert aside["A/B角"] == [{"row": 1, "text": "同组人员"}, {"row": 2, "text": "王五"}]
    page.reload()  # set aside once, kept across visits
    expect(page.locator(".kbl-status")).to_have_text("已恢复你上次在本机的填写。")


# ---- Corrupt and failing storage ----

CORRUPT = {
    "kb:list:window": '{"rows": [null, {"duty": 5, "standard": ["x"]}, "x"]}',
    "kb:quiz:check:attempts": '[{"result": {}}, {"date": "x"}, 7]',
    "kb:quiz:check:draft": '{"format": 2, "answers": {"q1": 99, "q3": "1", "q6": 5}, "fps": {}}',
    "kb:studied": '"' + "长" * 200_000 + '"',
    "kb:plan": '{"rows": "no"}',
}


@pytest.mark.parametrize(("path", "says"), [
    ("lists/window.html", "已恢复你上次在本机的填写。"),
    ("quizzes/check.html", "有 3 条历次结果无法读取，已忽略。"),
    ("demo/index.html", "本机保存的学习记录无法读取（可能已损坏），已另存一份备份；这里从空白开始。"),
    ("demo/m1/l1.html", "本机保存的学习记录无法读取（可能已损坏），已另存一份备份；这里从空白开始。"),
])
def test_corrupt_stored_values_break_no_page_and_are_named(
    site: tuple[Path, str], context: BrowserContext, path: str, says: str
) -> None:
    _, origin = site
    page = context.new_page()
    page.goto(f"{origin}/index.html")
    page.evaluate("values => { for (const k in values) localStorage.setItem(k, values[k]); }", CORRUPT)
    page.goto(f"{origin}/{path}")
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator("[role=status]").filter(has_text=says).first).to_be_visible()
    if path.startswith("lists"):
        expect(page.locator(cell(2, "duty"))).to_have_value("5")
        expect(page.locator(cell(3, "duty"))).to_have_value("")
    if path.startswith("quizzes"):  # the unreadable answers are left out, the page works
        expect(page.locator(".kbq-count")).to_have_text("0")
        answer(page, COMPLETE)
        page.get_by_role("button", name="查看结果").click()
        expect(page.locator(".kbq-overall")).to_contain_text("分")


BLOCKED = """
for (const name of ["getItem", "setItem", "removeItem", "key"]) {
  Storage.prototype[name] = function () { throw new DOMException("blocked", "SecurityError"); };
}
"""


def test_storage_that_throws_is_said_and_never_called_saved(
    site: tuple[Path, str], context: BrowserContext
) -> None:
    _, origin = site
    context.add_init_script(BLOCKED)
    quiz = context.new_page()
    quiz.goto(f"{origin}/quizzes/check.html")
    answer(quiz, {"q1": 2})
    expect(quiz.locator(".kbq-status")).to_contain_text("本浏览器无法在本机保存")
    answer(quiz, COMPLETE)
    quiz.get_by_role("button", name="查看结果").click()
    expect(quiz.locator(".kbq-overall")).to_contain_text("分")
    lst = context.new_page()
    lst.goto(f"{origin}/lists/window.html")
    lst.locator(cell(1, "duty")).fill("改")
    expect(lst.locator(".kbl-status")).to_contain_text("本浏览器无法在本机保存")
    lesson = context.new_page()
    lesson.goto(f"{origin}/demo/m1/l1.html")
    lesson.get_by_role("button", name="标记为已学").click()
    expect(lesson.locator(".kbp-mark .kbp-status")).to_have_text("本浏览器无法在本机保存，这次标记没有保存。")
    expect(lesson.locator(".kbp-toggle")).to_have_attribute("aria-pressed", "false")
    for page in (quiz, lst, lesson):
        assert "已自动保存" not in page.locator("body").inner_text()


# ---- Imported files ----

def result_file(spec: dict[str, object], **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "format": "kb-quiz-result", "version": 1, "date": "2027-03-01T08:00:00Z",
        "questionnaire": {k: spec[k] for k in ("id", "title", "version", "hash")},
        "answers": {"q1": 4, "q2": 0, "q3": 1, "q4": [0, 1]}, "result": {}}
    data.update(changes)
    return data


@pytest.mark.parametrize(("change", "says"), [
    ({"date": "2027-13-45T99:00:00Z"}, "无法导入：文件里的日期无效。"),
    ({"date": None}, "无法导入：文件里的日期无效。"),
    ({"answers": {"q1": [4]}}, "无法导入：文件里的回答与本问卷的题目不符。"),
    ({"answers": {"q1": 1e300}}, "无法导入：文件里的回答与本问卷的题目不符。"),
    ({"answers": {"q4": [[0], {"a": 1}]}}, "无法导入：文件里的回答与本问卷的题目不符。"),
    ({"answers": {"q9": 1}}, "无法导入：文件里的回答与本问卷的题目不符。"),
    ({"answers": []}, "无法导入：文件不是有效的结果文件。"),
], ids=["bad-date", "no-date", "list-for-a-choice", "huge-number", "nested-in-multi",
        "unknown-item", "answers-not-an-object"])
def test_a_bad_result_file_is_refused_and_nothing_is_imported(
    site: tuple[Path, str], context: BrowserContext, tmp_path: Path,
    change: dict[str, object], says: str
) -> None:
    _, origin = site
    page = context.new_page()
    page.goto(f"{origin}/quizzes/check.html")
    spec = json.loads(page.locator(".kbq-spec").text_content() or "{}")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(result_file(spec, **change)), encoding="utf-8")
    page.locator(".kbq-import-file").set_input_files(path)
    expect(page.locator(".kbq-status")).to_have_text(says)
    expect(page.locator(".kbq-results")).to_be_hidden()
    expect(page.locator(".kbq-count")).to_have_text("0")


@pytest.mark.parametrize(("text", "says"), [
    ('{"format": "kb-quiz-result", "answers": {"q1": NaN}}', "无法导入：文件不是有效的结果文件。"),
    ('{"x": "' + "x" * (1024 * 1024) + '"}', "无法导入：文件超过 1 MB，不是结果文件。"),
], ids=["nan", "over-1-MB"])
def test_unreadable_or_oversized_result_files_are_refused(
    site: tuple[Path, str], context: BrowserContext, tmp_path: Path, text: str, says: str
) -> None:
    _, origin = site
    page = context.new_page()
    page.goto(f"{origin}/quizzes/check.html")
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    page.locator(".kbq-import-file").set_input_files(path)
    expect(page.locator(".kbq-status")).to_have_text(says)


def test_an_export_of_an_old_version_still_imports(
    site: tuple[Path, str], context: BrowserContext, tmp_path: Path
) -> None:
    root, origin = site
    page = context.new_page()
    page.goto(f"{origin}/quizzes/check.html")
    answer(page, COMPLETE)
    page.get_by_role("button", name="查看结果").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="导出结果文件").click()
    old = tmp_path / "old.json"
    info.value.save_as(old)
    page.get_by_role("button", name="删除我在本机的全部数据").click()
    edit(root, "quizzes/check.yml", "text: 我常常拖延", "text: 我常常把事情拖到最后")
    edit(root, "quizzes/check.yml", 'version: "1"', 'version: "2"')
    build_site(root)
    page.reload()
    page.locator(".kbq-import-file").set_input_files(old)
    expect(page.locator(".kbq-status")).to_have_text(
        "已导入：这是问卷另一版本（1）的结果，已列入历次结果；其中 4 个回答仍适用，已填入本页。")
    page.locator(".kbq-history summary").click()
    expect(page.locator(".kbq-history li")).to_have_count(1)
    expect(page.locator(".kbq-history li")).to_contain_text("版本 1")
    assert page.locator('input[name="q1"][value="4"]').is_checked()
    assert not page.locator('input[name="q2"]:checked').count()


@pytest.mark.parametrize(("rows", "says"), [
    ([{"duty": "x"}] * 501, "无法导入：文件超过 500 行，或有的行不是文字。"),
    ([{"duty": 7}], "无法导入：文件超过 500 行，或有的行不是文字。"),
    ([None], "无法导入：文件超过 500 行，或有的行不是文字。"),
    ([], "文件里没有可导入的行，清单没有改动。"),
], ids=["too-many-rows", "a-number", "not-a-row", "no-rows"])
def test_a_bad_list_file_is_refused_and_the_list_is_untouched(
    site: tuple[Path, str], context: BrowserContext, tmp_path: Path,
    rows: list[object], says: str
) -> None:
    _, origin = site
    page = context.new_page()
    page.goto(f"{origin}/lists/window.html")
    page.locator(cell(1, "duty")).fill("我的填写")
    path = tmp_path / "l.json"
    path.write_text(json.dumps({"format": "kb-list", "version": 2, "list": {"id": "window"},
                                "rows": rows}), encoding="utf-8")
    page.locator(".kbl-import-file").set_input_files(path)
    expect(page.locator(".kbl-status")).to_have_text(says)
    expect(page.locator(cell(1, "duty"))).to_have_value("我的填写")


def test_a_study_record_of_other_lessons_imports_nothing(
    site: tuple[Path, str], context: BrowserContext, tmp_path: Path
) -> None:
    _, origin = site
    page = context.new_page()
    page.goto(f"{origin}/demo/index.html")
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "kb-study-record", "version": 1,
                                "studied": {"other-site": "2027-01-01T00:00:00Z", "l1": "bad"}}),
                    encoding="utf-8")
    page.locator(".kbp-import-file").set_input_files(path)
    expect(page.locator(".kbp-progress .kbp-status")).to_have_text(
        "文件里没有本站课程的学习记录，没有导入任何内容。")


# ---- What the YAML calls plain text stays text ----

class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or name == "autofocus" or (
                    name in ("href", "src") and (value or "").lower().startswith("javascript:")):
                self.found.append(f"<{tag} {name}={value}>")


def handlers(html: str) -> list[str]:
    """Event handlers, autofocus and javascript: links anywhere in a page's markup."""
    parser = _Attributes()
    parser.feed(html)
    return parser.found


HOSTILE = {
    "link": "[点我](javascript:alert(1))",
    "image": "![图](x.png)",
    "attr": "标题 {: onfocus=alert(2) autofocus }",
    "html": "<img src=x onerror=alert(3)>",
    "list": "- 一 & 二",
}


def hostile_course() -> str:
    course = MINIMAL_COURSE
    for old, key in [("title: 第一课", "attr"), ("summary: 提要", "link"), ("audience: [全体干部]", "html"),
                     ("objectives: [目标]", "image"), ("key_points: [要点]", "list"),
                     ("discussion: [问题]", "link"), ("title: 案例一", "html")]:
        field, _ = old.split(": ", 1)
        value = HOSTILE[key]
        new = f"{field}: [{json.dumps(value, ensure_ascii=False)}]" if old.endswith("]") else \
            f"{field}: {json.dumps(value, ensure_ascii=False)}"
        course = course.replace(old, new, 1)
    return course.replace("        prerequisites: [l1]", "        prerequisites: [l1]\n"
                          f"        tags: [{json.dumps(HOSTILE['html'], ensure_ascii=False)}]")


def test_plain_text_fields_show_as_typed_and_never_run(
    tmp_path: Path, context: BrowserContext
) -> None:
    root = tmp_path / "proj"
    create_project(root, "文字测试")
    (root / "content" / "courses" / "sample.yml").unlink()
    (root / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "content" / "courses" / "demo.yml").write_text(hostile_course(), encoding="utf-8")
    attr, link = (json.dumps(HOSTILE[k], ensure_ascii=False) for k in ("attr", "link"))
    hostile_list = (MINIMAL_LIST.replace("title: 窗口岗位责任清单", f"title: {attr}")
                    .replace("{name: 首问负责,", f"{{name: {link},"))
    (root / "content" / "lists" / "window.yml").write_text(hostile_list, encoding="utf-8")
    build_site(root)
    for page_file in (root / "site").rglob("*.html"):
        html = page_file.read_text(encoding="utf-8")
        assert handlers(html) == [], page_file
    with serve_folder(root / "site") as origin:
        page = context.new_page()
        page.goto(f"{origin}/demo/m1/l1.html")
        expect(page.locator("h1")).to_contain_text(HOSTILE["attr"])
        article = page.locator("article").inner_text()
        for value in HOSTILE.values():
            assert value in article, value
        assert page.locator("article a[href^='javascript']").count() == 0
        assert page.locator("article [onfocus], article [onerror]").count() == 0
        expect(page.locator(".md-nav__link", has_text=HOSTILE["attr"]).first).to_be_attached()
        # Material fetches the search index as each page opens; leaving before it arrives makes
        # its request fail with "Network error" on a busy machine, which is not what this tests.
        page.wait_for_load_state("networkidle")
        page.goto(f"{origin}/tags.html")
        expect(page.locator("article")).to_contain_text(HOSTILE["html"])
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("onerror")
        box.press("End")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
        assert page.locator(".md-search-result img").count() == 0
        page.wait_for_load_state("networkidle")
        page.goto(f"{origin}/lists/window.html")
        expect(page.locator("h1")).to_contain_text(HOSTILE["attr"])
        expect(page.locator(".kbl-commitments dt")).to_have_text(HOSTILE["link"])
