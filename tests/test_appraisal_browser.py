"""The 民主测评 page on a phone (390×844): three raters of two groups rate four cadres and export
their files; the code each page shows is the one Python makes of the exported answers; a rater
whose 评价码 names them cannot rate themself; answers survive a reload until cleared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.commands.build import build_site
from generator.scoring import tokens
from generator.scoring.appraisal import appraisal_spec, decode, encode
from generator.site.project import load_project
from tests.browser import Watch, serve_folder
from tests.test_quiz_browser import AXE, make_small_project

pytestmark = pytest.mark.browser

FORM = (Path(__file__).parent / "vectors" / "appraisal" / "appraisal.yml").read_text("utf-8")
KEY = bytes(range(32))
PAGE = "/quizzes/ceping-vectors.html"
SUBJECTS = ["zhang-ming", "li-hua", "wang-fang", "zhao-lei"]
DIMENSIONS = ["de", "neng", "qin", "ji", "lian"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, Any], str]]:
    """(the form's spec, origin) of a small site with the 民主测评 form."""
    root = make_small_project(tmp_path_factory.mktemp("appraisal") / "proj")
    (root / "quizzes" / "ceping.yml").write_text(FORM.split("\n", 1)[1], "utf-8")
    build_site(root)
    spec = appraisal_spec(load_project(root).appraisals[0].form)
    with serve_folder(root / "site") as origin:
        yield spec, origin


@pytest.fixture
def phone(browser: Browser) -> Iterator[tuple[BrowserContext, Watch]]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN", accept_downloads=True, is_mobile=True, has_touch=True,
                                  viewport={"width": 390, "height": 844}, device_scale_factor=2)
    context.route("**/*", watch.route)
    yield context, watch
    context.close()
    assert watch.foreign == [], "no request may leave the site"


def slip(spec: dict[str, Any], group: str, subject: str | None, serial: int) -> str:
    return tokens.encode_appraisal(KEY, spec["id"], spec["period"], [g["id"] for g in spec["groups"]],
                                   group, SUBJECTS, subject, serial)


def rate(page: Page, grades: dict[str, str], levels: dict[str, str]) -> None:
    """Give each cadre of *grades* its grade, and every dimension the level *levels* gives it."""
    for subject, grade in grades.items():
        card = page.locator(f"#kba-{subject}")
        card.locator(f'input[name="{subject}:grade"][value="{grade}"]').check()
        for dimension in DIMENSIONS:
            card.locator(f'input[name="{subject}:dim.{dimension}"][value="{levels[subject]}"]').check()


def finish(page: Page, saved: Path) -> tuple[str, dict[str, Any]]:
    """Complete the form, export its file to *saved*: (the code shown, the file)."""
    page.get_by_role("button", name="完成评价").click()
    shown = page.locator(".kba-code").inner_text()
    with page.expect_download() as info:
        page.get_by_role("button", name="导出评价文件").click()
    info.value.save_as(saved)
    return shown, json.loads(saved.read_text("utf-8"))


def python_code(spec: dict[str, Any], exported: dict[str, Any]) -> str:
    token = exported["token"] and tokens.bare(exported["token"])
    return encode(spec, exported["group"], exported["ratings"], exported["date"], token or None)


def test_three_raters_of_two_groups_rate_four_cadres_on_a_phone(
        site: tuple[dict[str, Any], str], phone: tuple[BrowserContext, Watch], tmp_path: Path) -> None:
    spec, origin = site
    context, watch = phone
    page = context.new_page()
    page.goto(origin + PAGE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    box = page.locator("#kba-zhang-ming").bounding_box()
    assert box is not None and box["width"] <= 390
    tapped = '#kba-zhang-ming input[name="zhang-ming:dim.de"][value="hao"] >> xpath=..'
    label = page.locator(tapped).bounding_box()
    assert label is not None and label["height"] >= 44  # big enough to tap

    # Rater 1, of the 领导班子: the slip was issued to 李华, who may not rate himself.
    page.get_by_label("领导班子成员").check()
    assert not any("kb-token.js" in url for url in watch.local)  # loaded on first use only
    page.locator(".kba-token").fill(slip(spec, "banzi", "li-hua", 1).replace("-", " ").lower())
    page.locator(".kba-token").blur()
    own = page.locator("#kba-li-hua")
    expect(own.locator(".kba-self")).to_be_visible()
    expect(own.locator(".kba-self")).to_contain_text("本人不评价自己")
    expect(own.locator('input[name="li-hua:grade"]').first).to_be_disabled()
    levels = {"zhang-ming": "hao", "li-hua": "hao", "wang-fang": "jiaohao", "zhao-lei": "yiban"}
    rate(page, {"zhang-ming": "youxiu", "wang-fang": "chenzhi"}, levels)
    page.get_by_role("button", name="完成评价").click()  # 赵磊 has no grade yet
    expect(page.locator(".kba-status")).to_have_text("还有 1 名干部没有选总体评价（可以选“不了解”）。")
    expect(page.locator("#kba-zhao-lei")).to_have_class("kba-card kba-card--missing")
    page.reload()  # the answers are kept on this device until cleared
    expect(page.locator('input[name="wang-fang:grade"][value="chenzhi"]')).to_be_checked()
    page.locator('#kba-zhao-lei input[name="zhao-lei:grade"][value="不了解"]').check()
    shown, first = finish(page, tmp_path / "rater-1.json")
    assert shown == first["code"] == python_code(spec, first)
    assert (first["group"], first["self"], first["period"]) == ("banzi", "li-hua", "2027年度")
    assert list(first["ratings"]) == ["zhang-ming", "wang-fang", "zhao-lei"]
    assert first["ratings"]["zhao-lei"] == {"grade": "不了解", "dimensions": {}}
    assert decode(shown, [spec])[1:3] == ("banzi", first["ratings"])
    assert not page.get_by_text("优秀率").count() and not page.get_by_text("%").count()  # no result shown
    page.get_by_role("button", name="清空，交给下一位评价人").click()
    expect(page.locator('input[name="zhang-ming:grade"][value="youxiu"]')).not_to_be_checked()
    expect(page.locator(".kba-token")).to_have_value("")

    # Rater 2, of the 领导班子, a slip issued to no cadre: all four rated, a comment kept.
    page.get_by_label("领导班子成员").check()
    page.locator(".kba-token").fill(slip(spec, "banzi", None, 2))
    rate(page, {"zhang-ming": "chenzhi", "li-hua": "youxiu", "wang-fang": "chenzhi",
                "zhao-lei": "jiben-chenzhi"},
         {"zhang-ming": "jiaohao", "li-hua": "hao", "wang-fang": "jiaohao", "zhao-lei": "yiban"})
    page.locator('textarea[name="zhao-lei:comment"]').fill("希望多下基层")
    shown, second = finish(page, tmp_path / "rater-2.json")
    assert shown == python_code(spec, second) and second["self"] is None and len(second["ratings"]) == 4
    assert second["ratings"]["zhao-lei"]["comment"] == "希望多下基层"
    page.get_by_role("button", name="清空，交给下一位评价人").click()

    # Rater 3, a 下属 without a slip (optional for 下属): format 3, 不了解 on some dimensions.
    page.get_by_label("下属").check()
    rate(page, dict.fromkeys(SUBJECTS, "chenzhi"), dict.fromkeys(SUBJECTS, "不了解"))
    shown, third = finish(page, tmp_path / "rater-3.json")
    assert shown == python_code(spec, third) and shown.startswith("5") and third["token"] is None
    assert third["group"] == "xiashu"
    assert sorted(p.name for p in tmp_path.glob("rater-*.json")) == [f"rater-{n}.json" for n in (1, 2, 3)]


def test_a_slip_of_another_group_or_none_where_required_is_refused(
        site: tuple[dict[str, Any], str], phone: tuple[BrowserContext, Watch]) -> None:
    spec, origin = site
    page = phone[0].new_page()
    page.goto(origin + PAGE)
    page.get_by_label("领导班子成员").check()
    rate(page, dict.fromkeys(SUBJECTS, "chenzhi"), dict.fromkeys(SUBJECTS, "hao"))
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kba-status")).to_have_text("这一类评价人须填写评价码（见评价码条）。")
    expect(page.locator(".kba-token")).to_be_focused()
    page.locator(".kba-token").fill(slip(spec, "banzi", None, 3)[:-1] + "2")
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kba-token-note")).to_have_text("评价码有误，请逐位核对评价码条。")
    # A 下属's slip names its group: the page takes the group from it.
    page.locator(".kba-token").fill(slip(spec, "xiashu", "zhao-lei", 4))
    page.locator(".kba-token").blur()
    expect(page.get_by_label("下属")).to_be_checked()
    expect(page.locator("#kba-zhao-lei .kba-self")).to_be_visible()
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kba-code")).to_be_visible()


def test_no_serious_accessibility_violation(site: tuple[dict[str, Any], str],
                                            phone: tuple[BrowserContext, Watch]) -> None:
    spec, origin = site
    page = phone[0].new_page()
    page.goto(origin + PAGE)
    page.get_by_label("领导班子成员").check()
    page.locator(".kba-token").fill(slip(spec, "banzi", "zhang-ming", 9))
    page.locator(".kba-token").blur()
    expect(page.locator("#kba-zhang-ming .kba-self")).to_be_visible()
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('.kba'));
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                           .map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '));
    }""")
    assert found == []


def test_changing_group_drops_a_code_of_another_group(
        site: tuple[dict[str, Any], str], phone: tuple[BrowserContext, Watch], tmp_path: Path) -> None:
    spec, origin = site
    page = phone[0].new_page()
    page.goto(origin + PAGE)
    page.get_by_label("领导班子成员").check()
    page.locator(".kba-token").fill(slip(spec, "banzi", "wang-fang", 11))
    page.locator(".kba-token").blur()
    expect(page.locator("#kba-wang-fang .kba-self")).to_be_visible()
    page.get_by_label("服务对象").check()  # no 评价码 for 服务对象: the code and its refusal go
    expect(page.locator(".kba-token-row")).to_be_hidden()
    expect(page.locator("#kba-wang-fang .kba-self")).to_be_hidden()
    rate(page, dict.fromkeys(SUBJECTS, "chenzhi"), dict.fromkeys(SUBJECTS, "hao"))
    shown, exported = finish(page, tmp_path / "rater.json")
    assert (exported["group"], exported["token"], exported["self"]) == ("fuwu", None, None)
    assert shown == python_code(spec, exported) and len(exported["ratings"]) == 4
