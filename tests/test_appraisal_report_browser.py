"""From the 民主测评 page to the report: three raters of two groups rate four cadres on a phone
and export their files; ``aggregate`` reproduces the weighted shares computed by hand, leaves out
the row of the rater whose 评价码 names them, and never shows a group below its minimum alone.

The page and its helpers are those of tests/test_appraisal_browser.py; the report reads the files
against forms that differ from the page's only in minimums (which the form's hash leaves out)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import BrowserContext

from generator.cli import main
from tests.browser import Watch
from tests.conftest import MINIMAL_COURSE
from tests.test_appraisal_browser import FORM, KEY, PAGE, SUBJECTS, finish, phone, rate, site, slip

pytestmark = pytest.mark.browser
__all__ = ["phone", "site"]  # the page's fixtures, used here


def rows(csv: Path) -> dict[tuple[str, str], list[str]]:
    lines = [line.split(",") for line in csv.read_text("utf-8").lstrip("\ufeff").splitlines()]
    return {(r[0], r[2]): r for r in lines[1:]}


def test_three_raters_on_a_phone_give_the_weighted_shares_computed_by_hand(
        site: tuple[dict[str, Any], str], phone: tuple[BrowserContext, Watch], tmp_path: Path,
        project: Path, write_course: Callable[..., Path], write_quiz: Callable[..., Path]) -> None:
    spec, origin = site
    page = phone[0].new_page()
    page.goto(origin + PAGE)
    forms = tmp_path / "forms"
    forms.mkdir()
    levels = dict.fromkeys(SUBJECTS, "jiaohao")
    raters: list[tuple[str, str | None, dict[str, str]]] = [
        # 领导班子, the slip issued to 李华: his own row is not rated
        ("领导班子成员", slip(spec, "banzi", "li-hua", 1),
         {"zhang-ming": "youxiu", "wang-fang": "chenzhi", "zhao-lei": "不了解"}),
        ("领导班子成员", slip(spec, "banzi", None, 2),
         {"zhang-ming": "chenzhi", "li-hua": "youxiu", "wang-fang": "chenzhi",
          "zhao-lei": "jiben-chenzhi"}),
        ("下属", None, dict.fromkeys(SUBJECTS, "chenzhi")),
    ]
    for n, (group, token, grades) in enumerate(raters):
        page.get_by_label(group).check()
        if token:
            page.locator(".kba-token").fill(token)
            page.locator(".kba-token").blur()
        rate(page, grades, levels)
        finish(page, forms / f"rater-{n + 1}.json")
        page.get_by_role("button", name="清空，交给下一位评价人").click()

    write_course(MINIMAL_COURSE)
    key = tmp_path / "secret" / "key"
    key.parent.mkdir()
    key.write_text(KEY.hex(), "utf-8")
    body = FORM.split("\n", 1)[1]

    def aggregate(form: str) -> dict[tuple[str, str], list[str]]:
        write_quiz(form, "ceping.yml")
        csv = tmp_path / "t.csv"
        result = CliRunner().invoke(main, ["aggregate", "-C", str(project), str(forms),
                                           "--key-file", str(key), "--csv", str(csv),
                                           "--out", str(tmp_path / "r.md")])
        assert result.exit_code == 0, result.stderr
        assert "评价码 verified: 2 valid" in result.stdout
        return rows(csv)

    # Every group shown (minimums of 1): weights 0.4 and 0.6, 服务对象 (0.2) absent, so they
    # stay 0.4 and 0.6 once renormalised over the two groups present.
    both = aggregate(body.replace("min_forms: 3", "min_forms: 1").replace("min_forms: 5",
                                                                          "min_forms: 1"))
    # 张明: 班子 优秀 1 of 2, 称职 1 of 2; 下属 称职 1 of 1.
    # 优秀 0.4 × 50 = 20.0 %; 称职 0.4 × 50 + 0.6 × 100 = 80.0 %
    assert both[("张明", "领导班子成员")][3:12] == ["0.4", "0.400", "2", "2", "0", "50.0", "50.0",
                                                "0.0", "0.0"]
    assert both[("张明", "加权合计")][8:12] == ["20.0", "80.0", "0.0", "0.0"]
    # 李华: one 班子 form only (the other was his own), 优秀; 下属 称职: 40.0 % and 60.0 %
    assert both[("李华", "领导班子成员")][5] == "1"
    assert both[("李华", "加权合计")][8:12] == ["40.0", "60.0", "0.0", "0.0"]
    # 赵磊: 班子 不了解 and 基本称职 (1 graded of 2); 下属 称职: 基本称职 40.0 %, 称职 60.0 %
    assert both[("赵磊", "领导班子成员")][5:8] == ["2", "1", "1"]
    assert both[("赵磊", "加权合计")][8:12] == ["0.0", "60.0", "40.0", "0.0"]

    # 下属 needs 2 forms: its one form is never shown alone, nor as 其他, nor weighed.
    short = aggregate(body.replace("min_forms: 3", "min_forms: 1").replace("min_forms: 5",
                                                                           "min_forms: 2"))
    assert {group for _name, group in short} == {"领导班子成员", "加权合计"}
    assert short[("张明", "加权合计")][8:12] == ["50.0", "50.0", "0.0", "0.0"]
    page_text = (tmp_path / "r.md").read_text("utf-8")
    assert "下属的测评表不足最少份数，不单独显示；合并后仍然不足，这 1 份不显示" in page_text
