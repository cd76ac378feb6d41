"""The handbook page in Chromium: over http://, under a sub-path and from file://, it loads
its stylesheet and nothing else, runs no script, and prints with every lesson on a new page."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page
from pypdf import PdfReader

from generator.site.project import load_project
from tests.browser import Watch, serve_folder
from tests.conftest import REPO

pytestmark = pytest.mark.browser

COURSE = load_project(REPO).courses[0].course
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


class Opened:
    """A handbook page with every request it made and every error it logged."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[BrowserContext, Watch]]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN")
    context.route("**/*", watch.route)
    yield context, watch
    context.close()


def handbook_url(root: str) -> str:
    return f"{root}/{COURSE.id}/handbook.html"


def assert_standalone(opened: Opened, root: str) -> None:
    page = opened.page
    assert page.locator("script").count() == 0
    assert opened.requests == [handbook_url(root), f"{root}/assets/kb/kb-handbook.css"]
    assert opened.errors == []
    # The stylesheet applied: system CJK fonts, no web font.
    assert "Noto Serif CJK SC" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.locator("h1.hb-title").inner_text() == COURSE.title


def test_over_http_it_loads_only_its_stylesheet(
    watched: tuple[BrowserContext, Watch], default_origin: str
) -> None:
    context, watch = watched
    opened = Opened(context, handbook_url(default_origin))
    assert_standalone(opened, default_origin)
    assert watch.foreign == []
    assert not any(re.search(r"kb-(quiz|score|store|path)\.js", url) for url in watch.local)


def test_under_a_sub_path(watched: tuple[BrowserContext, Watch], default_site: Path) -> None:
    context, watch = watched
    with serve_folder(default_site.parent) as origin:
        root = f"{origin}/{default_site.name}"
        assert_standalone(Opened(context, handbook_url(root)), root)
    assert watch.foreign == []


def test_from_a_file_url(browser: Browser, default_site: Path) -> None:
    context = browser.new_context(locale="zh-CN")
    root = default_site.as_uri()
    assert_standalone(Opened(context, handbook_url(root)), root)
    context.close()


def test_the_course_page_links_the_handbook(
    watched: tuple[BrowserContext, Watch], default_origin: str
) -> None:
    context, _ = watched
    page = context.new_page()
    page.goto(f"{default_origin}/{COURSE.id}/index.html")
    page.get_by_role("link", name="打印学习手册").click()
    page.wait_for_url(handbook_url(default_origin))
    assert page.title() == f"{COURSE.title} · 学习手册"


def test_no_serious_accessibility_violation(
    watched: tuple[BrowserContext, Watch], default_origin: str
) -> None:
    context, _ = watched
    page = context.new_page()
    page.goto(handbook_url(default_origin))
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document);
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                           .map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '));
    }""")
    assert found == []


def squeeze(text: str) -> str:
    # Chromium's PDF maps some CJK glyphs to radicals (⼈ for 人): NFKC folds them back.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_printed_from_chromium_every_lesson_starts_a_page(
    watched: tuple[BrowserContext, Watch], default_origin: str
) -> None:
    context, _ = watched
    page: Page = context.new_page()
    page.goto(handbook_url(default_origin))
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    total = len(reader.pages)
    # The footer comes first in Chromium's text; no running header (no string-set).
    texts = [re.sub(r"^第\d+.共\d+.", "", squeeze(p.extract_text())) for p in reader.pages]
    assert abs(float(reader.pages[0].mediabox.height) - 842) < 2  # A4 portrait, in points
    assert texts[0].startswith(squeeze("学习手册" + COURSE.title))
    assert squeeze(f"第 {total} 页 共 {total} 页") in squeeze(reader.pages[-1].extract_text()) \
        .replace("⻚", "页")
    starts = [next((i for i, t in enumerate(texts) if t.startswith(squeeze(f"第 {n} 课{x.title}"))),
                   None) for n, (_, x) in enumerate(COURSE.lessons(), start=1)]
    assert None not in starts
    assert starts == sorted(starts)
    assert texts[-1].startswith("学习记录")
