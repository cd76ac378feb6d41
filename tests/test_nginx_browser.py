"""The site as a unit publishes it: built into a web server's folder, served by nginx
under a sub-path, and used end to end in Chromium over http://.

The server's workers run as an unprivileged user, so a site built with the wrong
permissions fails here with 403, as it would on the intranet.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Response, expect

from generator.commands.build import build_site
from generator.site.project import load_project
from tests.browser import NGINX, Watch, nginx, pass_check
from tests.conftest import REPO

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(NGINX).exists(), reason="tests/run.sh installs nginx")]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The default content built with --out into a web root (as /srv/www), served at /kb/:
    (the site's URL, its folder)."""
    root = tmp_path_factory.mktemp("deploy") / "project"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".git", "site", ".build", "tests", "benchmarks", "__pycache__", ".*cache", "*.egg-info",
        ".venv", "node_modules"))
    www = Path(tempfile.mkdtemp(prefix="kb-www-"))  # outside pytest's private (0700) folders
    try:
        www.chmod(0o755)
        build_site(root, www / "kb")
        with nginx(www / "kb") as url:
            yield url, www / "kb"
    finally:
        shutil.rmtree(www)


@pytest.fixture
def served(published: tuple[str, Path]) -> str:
    return published[0]


class Visit:
    """What a page did wrong: failed responses, console errors, requests to other origins."""

    def __init__(self, origin: str) -> None:
        self.watch = Watch(origin)
        self.failed: list[str] = []
        self.errors: list[str] = []

    def response(self, response: Response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def visit(served: str) -> Visit:
    return Visit(served.split("/kb/")[0] + "/")


@pytest.fixture
def context(browser: Browser, visit: Visit) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN")
    context.route("**/*", visit.watch.route)
    context.on("response", visit.response)
    context.on("console", visit.console)
    context.on("weberror", lambda error: visit.errors.append(str(error.error)))
    yield context
    context.close()


def test_the_main_path_over_http_under_a_sub_path(context: BrowserContext, served: str,
                                                   visit: Visit) -> None:
    course = load_project(REPO).courses[0].course
    module = course.modules[0]
    lesson = module.lessons[0]
    page = context.new_page()

    # Home, then a lesson by the links a reader follows.
    page.goto(served)
    expect(page.locator("h1")).to_contain_text("干部执行力学习平台")
    page.locator("article").get_by_role("link", name=course.title).first.click()
    expect(page.locator("h1")).to_contain_text(course.title)
    page.locator("article").get_by_role("link", name=lesson.title).first.click()
    expect(page).to_have_url(f"{served}{course.id}/{module.id}/{lesson.id}.html")
    expect(page.locator("h1")).to_contain_text(lesson.title)

    # Its 随堂测验 passed (the shipped lessons all have one), and still so after a reload and
    # on the course page.
    pass_check(page, lesson)
    expect(page.locator(".kbc-status")).to_contain_text("通过！")
    page.reload()
    expect(page.locator(".kbc-status")).to_contain_text("已通过（")
    page.goto(f"{served}{course.id}/index.html")
    expect(page.locator(".kbp-body table").first.locator("tbody tr").last).to_contain_text(
        f"1 / {len(course.lessons())}")

    # Chinese search, from the server's search index.
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("首问负责")
    box.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    expect(page.locator(".md-search-result")).to_contain_text("首问负责")

    # A questionnaire answered in full, and its report.
    page.goto(f"{served}quizzes/zhixingli-zice.html")
    spec = json.loads(page.locator(".kbq-spec").text_content() or "{}")
    for item in spec["items"]:
        if item["type"] != "text":
            page.locator(f'input[name="{item["id"]}"][value="1"]').check()
    page.get_by_role("button", name="查看结果").click()
    expect(page.locator(".kbq-results h2")).to_contain_text("自评报告")
    expect(page.locator(".kbq-overall")).to_contain_text("分")

    # A responsibility list filled in, and still filled in after a reload.
    page.goto(f"{served}lists/kongbai.html")
    cell = page.locator(".kbl-table tbody textarea").first
    cell.fill("组织周例会，跟踪督办事项")
    expect(page.locator(".kbl-status")).to_have_text("已自动保存在本机。")
    page.reload()
    expect(page.locator(".kbl-table tbody textarea").first).to_have_value("组织周例会，跟踪督办事项")

    assert visit.failed == []
    assert visit.errors == []
    assert visit.watch.foreign == []


def test_caching_and_types_as_the_deployment_guide_sets_them(
    published: tuple[str, Path]
) -> None:
    url, site = published
    course = load_project(REPO).courses[0].course
    with urllib.request.urlopen(f"{url}{course.id}/schedule.ics") as reply:
        assert reply.headers["Content-Type"] == "text/calendar"
        assert reply.read().startswith(b"BEGIN:VCALENDAR")
    # Our own assets keep their names across updates: revalidated, like the pages.
    for rel in ("index.html", "assets/kb/kb.css", "search/search_index.json"):
        with urllib.request.urlopen(url + rel) as reply:
            assert reply.headers["Cache-Control"] == "no-cache", rel
    # Material's bundle is named by its content: cached for a month.
    [bundle] = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    with urllib.request.urlopen(f"{url}assets/javascripts/{bundle.name}") as reply:
        assert reply.headers["Cache-Control"] == "max-age=2592000"


def test_every_file_of_the_site_is_served(published: tuple[str, Path]) -> None:
    """No file of the built tree is refused to the server's unprivileged workers."""
    url, site = published
    files = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()]
    assert len(files) > 50
    for rel in files:
        with urllib.request.urlopen(url + urllib.parse.quote(rel)) as reply:
            assert reply.status == 200, rel


def test_a_missing_page_gets_the_chinese_page_that_leads_home(
    context: BrowserContext, served: str, visit: Visit
) -> None:
    page = context.new_page()
    reply = page.goto(f"{served}zhixingli/no-such-module/no-such-lesson.html")
    assert reply is not None and reply.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    expect(page).to_have_title("页面不存在 - 干部执行力学习平台")
    expect(page.locator("#kb-home")).to_have_attribute("href", "/kb/index.html")  # found by probing
    page.locator("#kb-home").click()
    expect(page.locator("h1")).to_contain_text("干部执行力学习平台")
    assert visit.watch.foreign == []


def test_the_missing_page_also_works_from_a_folder(browser: Browser,
                                                   published: tuple[str, Path]) -> None:
    _, site = published
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto((site / "404.html").as_uri())
    expect(page.locator("h1")).to_have_text("页面不存在")
    assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") \
        == "rgb(163, 35, 27)"  # styled with no asset to load
    page.locator("#kb-home").click()
    expect(page.locator("h1")).to_contain_text("干部执行力学习平台")
    context.close()
