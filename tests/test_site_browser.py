"""The built site in a real browser: reading, navigating, Chinese search, no outside request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.site.project import load_project
from tests.browser import Watch
from tests.conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture
def origin(default_origin: str) -> str:
    return default_origin


@pytest.fixture
def watch(origin: str) -> Watch:
    return Watch(origin + "/")


@pytest.fixture
def context(browser: Browser, watch: Watch) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN")
    context.route("**/*", watch.route)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def first_lesson() -> tuple[str, str]:
    """(relative URL, title) of the first lesson of the shipped course."""
    loaded = load_project(REPO).courses[0].course
    module = loaded.modules[0]
    lesson = module.lessons[0]
    return f"{loaded.id}/{module.id}/{lesson.id}.html", lesson.title


def search(page: Page, term: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.press("End")  # Material's search listens for keyup, which fill() does not send


def test_home_page_shows_the_platform(page: Page, origin: str, watch: Watch) -> None:
    page.goto(origin + "/index.html")
    expect(page.locator("h1")).to_contain_text("干部执行力学习平台")
    expect(page).to_have_title("首页 - 干部执行力学习平台")
    assert watch.local and not watch.foreign


def test_navigate_from_home_to_a_lesson(page: Page, origin: str, watch: Watch) -> None:
    url, title = first_lesson()
    page.goto(origin + "/index.html")
    page.locator("article").get_by_role("link", name="提升干部执行力").first.click()
    expect(page.locator("h1")).to_contain_text("提升干部执行力")
    page.locator("article").get_by_role("link", name=title).first.click()
    expect(page).to_have_url(f"{origin}/{url}")
    expect(page.locator("h1")).to_contain_text(title)
    expect(page.locator("h2#讨论题")).to_be_visible()
    assert not watch.foreign


def test_chinese_search_finds_a_term(page: Page, origin: str, watch: Watch) -> None:
    page.goto(origin + "/index.html")
    search(page, "首问负责")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    expect(page.locator(".md-search-result")).to_contain_text("首问负责")
    assert not watch.foreign


def test_no_request_leaves_the_origin_on_any_kind_of_page(
    page: Page, origin: str, watch: Watch
) -> None:
    url, _ = first_lesson()
    for path in ("/index.html", "/zhixingli/index.html", "/zhixingli/yuanwei/index.html",
                 "/" + url, "/tags.html", "/404.html", "/quizzes/zhixingli-zice.html",
                 "/lists/dangzhengban-zhuren.html"):
        page.goto(origin + path)
        page.wait_for_load_state("networkidle")
    search(page, "容错纠错")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert watch.foreign == []
    assert any(u.endswith(".css") for u in watch.local)


def test_search_works_from_file_url(browser: Browser, default_site: Path) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((default_site / "index.html").as_uri())
    expect(page.locator("h1")).to_contain_text("干部执行力学习平台")
    search(page, "诫勉谈话")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    expect(page.locator(".md-search-result")).to_contain_text("诫勉谈话")
    foreign = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert foreign == []
    context.close()


def test_printed_lesson_is_the_lesson_alone(page: Page, origin: str) -> None:
    url, title = first_lesson()
    page.goto(f"{origin}/{url}")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator("h1")).to_contain_text(title)
    expect(page.locator("h2#讨论题")).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_lesson_fits_a_phone_screen(browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    url, title = first_lesson()
    page.goto(f"{origin}/{url}")
    expect(page.locator("h1")).to_contain_text(title)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
