"""Chinese punctuation is never followed by a half-width space, on a page or in a message.

The pages are read as a browser lays their text out: runs of white space inside a block (a
line break in a paragraph included) show as one space, a block starts a new line, a field
shows as □, and what is hidden or never shown (scripts, styles, ``hidden``) is left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import REPO

#: A half-width space after Chinese punctuation, as a reader sees the text.
SPACED = re.compile(r"[。，；：！？][ \u00a0]+(?=\S)")

#: Elements that start a line of their own.
BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
          "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "p", "pre", "section",
          "summary", "table", "td", "th", "tr", "ul"}
#: Elements whose content is never text on the page.
UNSHOWN = {"script", "style", "template", "noscript", "svg", "select"}
#: Elements with no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class ArticleText(HTMLParser):
    """The text of a page's ``<article>`` as it shows (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, whether text shows)

    def shown(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside = self.shown() or (tag == "article" and not self.stack)
        visible = inside and tag not in UNSHOWN and "hidden" not in dict(attrs)
        if visible and tag in ("input", "textarea") and dict(attrs).get("type") != "hidden":
            self.parts.append("□")
        if visible and tag in BLOCKS:
            self.parts.append("\n")
        if tag not in VOID and (self.stack or tag == "article"):
            self.stack.append((tag, visible))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, visible = self.stack.pop()
            if visible and open_tag in BLOCKS:
                self.parts.append("\n")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.shown():
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def page_text(html: str) -> str:
    parser = ArticleText()
    parser.feed(html)
    return "".join(parser.parts)


def test_no_page_shows_a_half_width_space_after_chinese_punctuation(default_site: Path) -> None:
    found = {}
    for path in sorted(default_site.rglob("*.html")):
        text = page_text(path.read_text(encoding="utf-8"))
        if hits := [text[max(m.start() - 8, 0):m.end() + 4] for m in SPACED.finditer(text)]:
            found[path.relative_to(default_site).as_posix()] = hits
    assert found == {}


def test_the_page_reading_sees_a_line_break_inside_a_paragraph_as_a_space() -> None:
    """The reading the page test relies on: it would miss nothing a reader sees."""
    assert SPACED.search(page_text("<article><p>第一句。\n第二句。</p></article>"))
    assert SPACED.search(page_text("<article><p>选择：<input type=radio> 是</p></article>")) is None
    assert not SPACED.search(page_text("<article><p>第一句。</p>\n<p>第二句。</p></article>"))
    assert not SPACED.search(page_text("<article><p>第一句。<script>\n x</script></p></article>"))
    assert not SPACED.search(page_text("<article><p hidden>一。 二</p></article>"))


#: Where the text readers and trainers see is written: page scripts and templates, the content,
#: and the Chinese messages and help of the command line (msgstr lines of the catalogue).
SOURCES = ["generator/assets/*.js", "generator/assets/*.css", "generator/templates/*.j2",
           "content/**/*.yml", "content/**/*.md", "quizzes/*.yml", "generator/scaffold/**/*.yml",
           "generator/scaffold/**/*.md", "generator/locale/zh_CN/LC_MESSAGES/generator.po"]


def test_no_source_string_puts_a_half_width_space_after_chinese_punctuation() -> None:
    """What the page scan cannot see: messages shown after an action, CLI help. A Markdown
    table's cell border (。 |) is not text."""
    found = [f"{path.relative_to(REPO)}:{n}: {line.strip()[:60]}"
             for pattern in SOURCES for path in sorted(REPO.glob(pattern))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if not (path.suffix == ".po" and not line.startswith(("msgstr", '"')))
             and re.search(r"[。，；：！？] +[^\s|]", line)]
    assert found == []
