"""Searching a domain term in a real browser: the text that holds the whole term comes first,
and the results do not fill up with text holding only part of it (谈话 for 诫勉谈话)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import Watch

pytestmark = pytest.mark.browser

#: How many of the first results must hold the whole term.
TOP = 8


@pytest.fixture(scope="module")
def documents(default_site: Path) -> dict[str, str]:
    """Each search document's title, text and the page's tags (shown with it), by location."""
    index = json.loads((default_site / "search" / "search_index.json").read_text("utf-8"))
    return {d["location"]: re.sub(r"<[^>]+>", "", " ".join(
        [d["title"], d["text"], *d.get("tags", [])])).replace("\u200b", "")
        for d in index["docs"]}


@pytest.fixture
def page(browser: Browser, default_origin: str) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN")
    watch = Watch(default_origin + "/")
    context.route("**/*", watch.route)
    yield context.new_page()
    assert watch.foreign == []
    context.close()


def results(page: Page, term: str, base: str) -> list[str]:
    """Search *term*; the locations of the documents found, best first, as Material lists
    them (each page's sections after it), leaving out the page headings Material adds
    above sections that matched without their page (score 0)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.press("End")  # Material's search listens for keyup, which fill() does not send
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    found = page.eval_on_selector_all(
        "a.md-search-result__link",
        "links => links.map(a => [a.href, a.firstElementChild.dataset.mdScore])")
    locations = []
    for href, score in found:
        if float(score) > 0:
            url = urlsplit(unquote(href))
            locations.append(url.path.removeprefix(base) + (f"#{url.fragment}" if url.fragment else ""))
    return locations


@pytest.mark.parametrize(("term", "heading"), [
    ("诫勉谈话", "第二步：仍不达标的诫勉谈话"),
    ("首问负责", None),
    ("一次性告知", None),
    ("容错纠错", None),
    ("限时办结", None),
    ("不作为", None),
], ids=["jiemian-tanhua", "shouwen-fuze", "yicixing-gaozhi", "rongcuo-jiucuo", "xianshi-banjie",
        "buzuowei"])
def test_a_domain_term_finds_the_text_holding_it_whole_first(
    page: Page, default_origin: str, documents: dict[str, str], term: str, heading: str | None
) -> None:
    page.goto(default_origin + "/index.html")
    found = results(page, term, urlsplit(default_origin + "/").path)
    assert len(found) >= 1
    assert [loc for loc in found[:TOP] if term not in documents[loc]] == []
    if heading is not None:
        # The section headed with the term is the first one listed.
        sections = page.locator(".md-search-result__article h2")
        expect(sections.first).to_have_text(re.compile("\u200b?".join(heading)))


def test_a_domain_term_finds_the_whole_term_from_a_folder(browser: Browser, default_site: Path,
                                                           documents: dict[str, str]) -> None:
    """The same ranking where search runs in the iframe worker shim (file://)."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto((default_site / "index.html").as_uri())
    found = results(page, "诫勉谈话", unquote(urlsplit(default_site.as_uri() + "/").path))
    assert found and [loc for loc in found[:TOP] if "诫勉谈话" not in documents[loc]] == []
    context.close()
