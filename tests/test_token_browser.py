"""A rating form with one-time 评价码, end to end: slips made with the tokens command and a key
made with --new-key, raters typing their slip's code in Chromium, and aggregate --key-file
counting a code once and listing (file:line) a reused, a forged and another cadre's code; the
reader loaded on first use of the field; 清空作答; and a form where the code is optional."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.cli import main
from generator.commands.build import build_site
from generator.scoring import tokens
from generator.scoring.codes import read_code
from tests.browser import Watch, answer, serve_folder
from tests.test_quiz_browser import make_small_project, our_globals

pytestmark = pytest.mark.browser

FORM = (Path(__file__).parent / "vectors" / "rating.yml").read_text("utf-8").replace(
    "token: optional", "token: required")
ANSWERS = {"r1": 2, "r2": 1, "r3": 2, "all": 2}  # r3: 未遇到, the choice after 是 and 否


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """(project root, origin, key file) of a site whose rating form requires a 评价码."""
    work = tmp_path_factory.mktemp("tokens")
    root = make_small_project(work / "proj", FORM)
    index = root / "content" / "index.md"
    index.write_text(index.read_text("utf-8").replace("quizzes/check.md", "quizzes/rating-next.md"),
                     "utf-8")
    build_site(root)
    key = work / "key"
    cli("tokens", "--new-key", str(key))
    with serve_folder(root / "site") as origin:
        yield root, origin, key


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    watch = Watch("http://127.0.0.1:")
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    context.route("**/*", watch.route)
    yield context
    context.close()
    assert watch.foreign == [], "no request may leave the site"


def slips(root: Path, key: Path, out: Path, subject: str, count: int) -> list[str]:
    """The codes of *count* slips for *subject* in 1期, from the tokens command's CSV."""
    cli("tokens", "rating-next", "-C", str(root), "--subject", subject, "--period", "1期",
        "--count", str(count), "--key-file", str(key), "--csv", str(out))
    lines = out.read_text("utf-8").lstrip("\ufeff").splitlines()[1:]
    return [line.split(",")[1] for line in lines]  # 编号,评价码,被评价人,期次


def rate(page: Page, origin: str, typed: str, answers: dict[str, int] = ANSWERS,
         subject: str = "干部甲") -> None:
    """One rater: the subject and period, the answers, the 评价码; then submit."""
    page.goto(origin + "/quizzes/rating-next.html")
    page.locator(".kbq-subject-name").fill(subject)
    page.locator(".kbq-period").select_option("1期")
    answer(page, answers)
    page.locator(".kbq-token").fill(typed)
    page.get_by_role("button", name="完成评价").click()


def export(page: Page, target: Path) -> dict[str, object]:
    with page.expect_download() as info:
        page.get_by_role("button", name="导出评价文件").click()
    info.value.save_as(target)
    data: dict[str, object] = json.loads(target.read_text("utf-8"))
    return data


def test_a_rater_types_the_slip_code_and_aggregate_counts_it_once(
    context: BrowserContext, site: tuple[Path, str, Path], tmp_path: Path
) -> None:
    root, origin, key = site
    mine = slips(root, key, tmp_path / "a.csv", "干部甲", 2)
    theirs = slips(root, key, tmp_path / "b.csv", "干部乙", 2)
    page = context.new_page()

    # The field takes the focus and says why while the code is empty (required) or unreadable.
    rate(page, origin, "")
    expect(page.locator(".kbq-token")).to_be_focused()
    expect(page.locator(".kbq-token-note")).to_have_text("请填写评价码（见评价码条）。")
    expect(page.locator(".kbq-results")).to_be_hidden()
    mistyped = mine[0][:-1] + ("2" if mine[0][-1] != "2" else "3")
    page.locator(".kbq-token").fill(mistyped)
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kbq-token-note")).to_have_text("评价码有误，请逐位核对评价码条。")
    expect(page.locator(".kbq-results")).to_be_hidden()
    # Typed as people type it: lower case, spaces; read as the slip prints it.
    page.locator(".kbq-token").fill(mine[0].lower().replace("-", " "))
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kbq-results")).to_be_visible()
    expect(page.locator(".kbq-token")).to_have_value(mine[0])
    expect(page.locator(".kbq-code")).to_contain_text("结果码：4")  # format 2: with the token
    folder = tmp_path / "in"
    folder.mkdir()
    first = export(page, folder / "1.json")
    assert (first["subject"], first["period"], first["token"]) == ("干部甲", "1期", mine[0])
    # kb-token.js, on this page only, lives in window.kb like every script of ours.
    assert our_globals(page) == [["kb"], ["quiz", "quizCore", "quizTools", "score", "store", "token"]]
    shown = (page.locator(".kbq-code").text_content() or "").split("：")[1]
    spec = json.loads(page.locator(".kbq-spec").text_content() or "{}")
    _, answers, _, carried = read_code(shown, [spec])
    assert answers == ANSWERS and carried == tokens.bare(mine[0])

    # The same slip again, a forged code (check symbols right, tag wrong), another cadre's;
    # other answers than the first's (the same result entered twice is one result).
    forged = tokens.bare(mine[1])[:4] + "ABCDEFGHJ"
    forged = tokens.grouped(forged + "".join(tokens.ALPHABET[v] for v in tokens.checks(
        [tokens.ALPHABET.index(c) for c in forged])))
    for name, typed in (("2.json", mine[0]), ("3.json", forged), ("4.json", theirs[0])):
        rate(page, origin, typed, {**ANSWERS, "r1": 0})
        expect(page.locator(".kbq-results")).to_be_visible()
        export(page, folder / name)
    # 干部乙's own form: another cadre's code is named as such among the cadres aggregated.
    rate(page, origin, theirs[1], subject="干部乙")
    export(page, folder / "5.json")

    out, csv = tmp_path / "report.md", tmp_path / "report.csv"
    stdout = cli("aggregate", "-C", str(root), str(folder), "--key-file", str(key),
                 "--out", str(out), "--csv", str(csv))
    assert "评价码 verified: 2 valid, 0 without one, 3 not counted" in stdout
    listed = html.unescape(out.read_text("utf-8")).split("## 不计入的测评表")[1]
    assert f"| {folder}/2.json:1 | {mine[0]} | 评价码已用过：第一次用于 {folder}/1.json:1 |" in listed
    assert f"| {folder}/3.json:1 | {forged} | 伪造或抄错（密钥对不上） |" in listed
    assert f"| {folder}/4.json:1 | {theirs[0]} | 给别的干部或期次的评价码：给 干部乙，1期 |" in listed
    rows = csv.read_text("utf-8").lstrip("\ufeff").splitlines()
    header = rows[0].split(",")
    row = next(r.split(",") for r in rows if r.startswith("干部甲,1期"))
    assert (row[header.index("份数")], row[header.index("已核验")]) == ("1", "1")


def test_the_token_reader_loads_as_the_field_is_first_used(
    context: BrowserContext, site: tuple[Path, str, Path], tmp_path: Path
) -> None:
    """kb-token.js is not part of the page (its weight budget): the field's first focus loads it,
    and from then on leaving the field says what is wrong."""
    root, origin, key = site
    [code] = slips(root, key, tmp_path / "a.csv", "干部甲", 1)
    page = context.new_page()
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if r.url.endswith("kb-token.js") else None)
    page.goto(origin + "/quizzes/rating-next.html")
    page.locator(".kbq-subject-name").fill("干部甲")
    assert loaded == [] and page.evaluate("typeof window.kb.token") == "undefined"
    page.locator(".kbq-token").fill(code[:-3])
    page.locator(".kbq-subject-name").focus()  # leaving the field: its change
    expect(page.locator(".kbq-token-note")).to_have_text(
        "评价码应为 15 位，如 XXXXX-XXXXX-XXXXX，请核对。")
    expect(page.locator(".kbq-token")).to_have_attribute("aria-invalid", "true")
    page.locator(".kbq-token").fill(code)
    page.locator(".kbq-subject-name").focus()
    expect(page.locator(".kbq-token-note")).to_have_text("")
    page.locator(".kbq-period").select_option("1期")
    answer(page, ANSWERS)
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kbq-results")).to_be_visible()
    assert len(loaded) == 1  # loaded once

def test_reset_empties_the_token_field(
    context: BrowserContext, site: tuple[Path, str, Path], tmp_path: Path
) -> None:
    """清空作答 empties the 评价码 and what the field said: a slip is one rater's, and the next
    rater on this device must not hand in the previous rater's code."""
    root, origin, key = site
    [code] = slips(root, key, tmp_path / "a.csv", "干部甲", 1)
    page = context.new_page()
    page.goto(origin + "/quizzes/rating-next.html")
    page.locator(".kbq-token").fill(code[:-3])
    page.locator(".kbq-subject-name").focus()
    expect(page.locator(".kbq-token-note")).not_to_have_text("")
    page.get_by_role("button", name="清空作答").click()
    expect(page.locator(".kbq-token")).to_have_value("")
    expect(page.locator(".kbq-token-note")).to_have_text("")
    expect(page.locator(".kbq-token")).not_to_have_attribute("aria-invalid", "true")

    rate(page, origin, code)
    expect(page.locator(".kbq-results")).to_be_visible()
    page.get_by_role("button", name="清空作答").click()
    expect(page.locator(".kbq-results")).to_be_hidden()
    expect(page.locator(".kbq-token")).to_have_value("")
    answer(page, ANSWERS)
    page.get_by_role("button", name="完成评价").click()  # required, and emptied
    expect(page.locator(".kbq-token-note")).to_have_text("请填写评价码（见评价码条）。")
    expect(page.locator(".kbq-results")).to_be_hidden()

def test_submit_loads_the_token_reader_when_the_field_was_never_focused(
    context: BrowserContext, site: tuple[Path, str, Path]
) -> None:
    _root, origin, _key = site
    page = context.new_page()
    page.goto(origin + "/quizzes/rating-next.html")
    page.locator(".kbq-subject-name").fill("干部甲")
    page.locator(".kbq-period").select_option("1期")
    answer(page, ANSWERS)
    page.locator(".kbq-form").evaluate("f => f.requestSubmit()")  # the field never had the focus
    expect(page.locator(".kbq-token-note")).to_have_text("请填写评价码（见评价码条）。")
    expect(page.locator(".kbq-token")).to_be_focused()
    expect(page.locator(".kbq-results")).to_be_hidden()

@pytest.fixture(scope="module")
def optional_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, Path]]:
    """(project root, origin, key file) of a site whose rating form takes a 评价码 optionally."""
    work = tmp_path_factory.mktemp("optional")
    optional = (Path(__file__).parent / "vectors" / "rating.yml").read_text("utf-8")
    assert "\ntoken: optional\n" in optional
    root = make_small_project(work / "proj", optional)
    index = root / "content" / "index.md"
    index.write_text(index.read_text("utf-8").replace("quizzes/check.md", "quizzes/rating-next.md"),
                     "utf-8")
    build_site(root)
    key = work / "key"
    cli("tokens", "--new-key", str(key))
    with serve_folder(root / "site") as origin:
        yield root, origin, key


def test_an_optional_token_may_be_left_empty_and_aggregate_counts_that_form_apart(
    context: BrowserContext, optional_site: tuple[Path, str, Path], tmp_path: Path
) -> None:
    """token: optional: the field says 选填; a form without a code gives a result code of format 1
    and an export without ``token``; aggregate --key-file counts it, in its own column."""
    root, origin, key = optional_site
    [code] = slips(root, key, tmp_path / "a.csv", "干部甲", 1)
    page = context.new_page()
    page.goto(origin + "/quizzes/rating-next.html")
    expect(page.locator(".kbq-token-row")).to_contain_text("评价码（选填")
    expect(page.locator(".kbq-token")).not_to_have_attribute("data-required", "1")
    folder = tmp_path / "in"
    folder.mkdir()

    rate(page, origin, "")
    expect(page.locator(".kbq-results")).to_be_visible()
    expect(page.locator(".kbq-token-note")).to_have_text("")
    expect(page.locator(".kbq-code")).to_contain_text("结果码：3")  # format 1: no token
    plain = export(page, folder / "1.json")
    assert "token" not in plain and (plain["subject"], plain["period"]) == ("干部甲", "1期")
    shown = (page.locator(".kbq-code").text_content() or "").split("：")[1]
    spec = json.loads(page.locator(".kbq-spec").text_content() or "{}")
    _, answers, _, carried = read_code(shown, [spec])
    assert answers == ANSWERS and carried is None

    # Optional is not anything goes: a code typed must be readable.
    rate(page, origin, code[:-1] + ("2" if code[-1] != "2" else "3"), {**ANSWERS, "r1": 0})
    expect(page.locator(".kbq-token-note")).to_have_text("评价码有误，请逐位核对评价码条。")
    expect(page.locator(".kbq-results")).to_be_hidden()
    page.locator(".kbq-token").fill(code)
    page.get_by_role("button", name="完成评价").click()
    expect(page.locator(".kbq-code")).to_contain_text("结果码：4")
    assert export(page, folder / "2.json")["token"] == code

    out, csv = tmp_path / "report.md", tmp_path / "report.csv"
    stdout = cli("aggregate", "-C", str(root), str(folder), "--key-file", str(key),
                 "--out", str(out), "--csv", str(csv))
    assert "评价码 verified: 1 valid, 1 without one, 0 not counted" in stdout
    rows = csv.read_text("utf-8").lstrip("\ufeff").splitlines()
    header = rows[0].split(",")
    row = next(r.split(",") for r in rows if r.startswith("干部甲,1期"))
    assert [row[header.index(c)] for c in ("份数", "已核验", "无评价码")] == ["2", "1", "1"]
    # Without the key, nothing is verified, and stderr says so.
    result = CliRunner().invoke(main, ["aggregate", "-C", str(root), str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "评价码 not verified (no --key-file): 1 with one, 1 without, 0 not counted" in result.stderr
