"""Hand-written pages, questionnaires, lists and the authors' docs use the course's terms.

The course names things one way (群众满意度测评, 窗口工作人员, the module 治“不为”); a reader
meeting another name on the home page or in a questionnaire wonders whether it is another thing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.test_default_content import ARTICLE_RULES, OFF_TERMS, QUOTES

FILES = sorted([*REPO.glob("content/**/*.md"), *REPO.glob("content/lists/*.yml"),
                *REPO.glob("quizzes/*.yml"), *REPO.glob("docs/*.md")])
#: A line that names a part of the site: a heading, or a row of a table such as the home page's.
LABEL_LINE = re.compile(r"^\s*(#|\|)")


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


@pytest.mark.parametrize("path", FILES, ids=relative)
def test_terms_are_the_courses(path: Path) -> None:
    found = [f"{relative(path)}:{number}: {off} (use {use})"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             for off, use in OFF_TERMS.items() if off in line]
    assert not found, "expected the course's terms, found:\n" + "\n".join(found)


@pytest.mark.parametrize("path", FILES, ids=relative)
def test_no_heading_or_table_names_the_constraint_of_buwei(path: Path) -> None:
    """The module is 从严监督问责·治“不为”: 不为 is what is curbed, not a constraint."""
    wrong = [f"{relative(path)}:{number}: {line.strip()}"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             if LABEL_LINE.match(line) and "不为的约束" in QUOTES.sub("", line)]
    assert not wrong, "headings or table rows reading 不为的约束:\n" + "\n".join(wrong)


def test_the_home_page_says_who_rates_in_the_satisfaction_survey() -> None:
    home = (REPO / "content" / "index.md").read_text("utf-8")
    [line] = [line for line in home.splitlines() if "quizzes/qunzhong-manyidu.md" in line]
    assert "服务对象" in line and "同事" not in line, (
        f"expected the 群众满意度测评 rated by 服务对象, not by 同事: {line}")


@pytest.mark.parametrize("path", [p for p in FILES if not p.is_relative_to(REPO / "docs")],
                         ids=relative)
def test_no_rule_is_attributed_to_the_article(path: Path) -> None:
    """The article 提出 measures: pages, questionnaires and lists do not say it 规定 them."""
    found = [f"{relative(path)}:{number}: {match.group(0)}"
             for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             for match in ARTICLE_RULES.finditer(line)]
    assert not found, "规定 attributed to the article:\n" + "\n".join(found)
