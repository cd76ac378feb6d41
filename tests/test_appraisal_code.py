"""The result code of a 民主测评 form and its format 2 评价码: shared vectors (Python = JS)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.content.models.appraisal import Appraisal
from generator.scoring import tokens
from generator.scoring.appraisal import UNKNOWN, appraisal_spec, decode, encode
from generator.scoring.codes import CodeError
from tests.conftest import REPO

FOLDER = REPO / "tests" / "vectors" / "appraisal"
#: A test key: the vectors' tokens are made with it; never a department's key.
KEY = bytes(range(32))
U = UNKNOWN

CASES: list[tuple[str, str, dict[str, Any], str | None]] = [
    ("every cadre rated on everything", "xiashu", {
        "zhang-ming": {"grade": "youxiu", "dimensions": {"de": "hao", "neng": "hao", "qin": "jiaohao",
                                                          "ji": "hao", "lian": "hao"}},
        "li-hua": {"grade": "chenzhi", "dimensions": {"de": "jiaohao", "neng": "yiban", "qin": "yiban",
                                                      "ji": "jiaohao", "lian": "hao"}},
        "wang-fang": {"grade": "jiben-chenzhi", "dimensions": {"de": "yiban", "neng": "jiaocha",
                                                               "qin": "yiban", "ji": "yiban", "lian": "hao"}},
        "zhao-lei": {"grade": "bu-chenzhi", "dimensions": {"de": "jiaocha", "neng": "jiaocha",
                                                           "qin": "jiaocha", "ji": "jiaocha",
                                                           "lian": "jiaocha"}}}, None),
    ("grades only, 不了解 among them", "fuwu", {
        "zhang-ming": {"grade": "chenzhi", "dimensions": {}},
        "li-hua": {"grade": U, "dimensions": {}},
        "wang-fang": {"grade": "youxiu", "dimensions": {"lian": U}},
        "zhao-lei": {"grade": "chenzhi", "dimensions": {}}}, None),
    ("a 评价码 issued to no cadre: format 4", "xiashu", {
        "zhang-ming": {"grade": "chenzhi", "dimensions": {"de": U}},
        "li-hua": {"grade": "chenzhi", "dimensions": {}},
        "wang-fang": {"grade": "chenzhi", "dimensions": {}},
        "zhao-lei": {"grade": "youxiu", "dimensions": {"ji": "hao"}}}, "xiashu/-/7"),
    ("a 评价码 issued to 李华: no rating of 李华", "banzi", {
        "zhang-ming": {"grade": "youxiu", "dimensions": {"de": "hao"}},
        "wang-fang": {"grade": "chenzhi", "dimensions": {"neng": "jiaohao"}},
        "zhao-lei": {"grade": U, "dimensions": {"qin": U}}}, "banzi/li-hua/1"),
]


def _token(spec: dict[str, Any], made: str) -> str:
    group, subject, serial = made.split("/")
    return tokens.encode_appraisal(KEY, spec["id"], spec["period"] or "",
                                   [g["id"] for g in spec["groups"]], group,
                                   [s["id"] for s in spec["subjects"]],
                                   None if subject == "-" else subject, int(serial))


def appraisal_vectors() -> dict[str, Any]:
    form = Appraisal.model_validate(yaml.safe_load((FOLDER / "appraisal.yml").read_text("utf-8")))
    spec = appraisal_spec(form)
    cases = []
    for index, (name, group, ratings, made) in enumerate(CASES):
        date = f"2027-12-{index + 1:02d}T09:30:00.000Z"
        token = None if made is None else _token(spec, made)
        cases.append({"name": name, "group": group, "ratings": ratings, "date": date, "token": token,
                      "code": encode(spec, group, ratings, date,
                                     None if token is None else tokens.bare(token))})
    issued = []
    for made in ("banzi/-/1", "banzi/zhang-ming/2", "xiashu/zhao-lei/29790", "fuwu/-/31"):
        token = tokens.read(_token(spec, made), tokens.APPRAISAL_VERSION)
        issued.append({"code": token.text, "serial": token.serial, "group": token.group,
                       "subject": token.subject})
    return {"about": "民主测评 vectors both sides pass (tests/test_appraisal_code.py, "
                     "tests/js/appraisal.test.cjs): result codes of format 3 and 4, and format 2 "
                     "评价码 (group, subject). Made by pytest --update-golden.",
            "source": "tests/vectors/appraisal/appraisal.yml", "spec": spec, "cases": cases,
            "tokens": issued}


def test_appraisal_vectors_are_current(update_golden: bool) -> None:
    made = json.dumps(appraisal_vectors(), ensure_ascii=False, indent=1) + "\n"
    target = FOLDER / "appraisal.json"
    if update_golden:
        target.write_text(made, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == made, "run pytest --update-golden"


VECTORS = json.loads((FOLDER / "appraisal.json").read_text("utf-8"))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["name"])
def test_appraisal_codes_read_back(case: dict[str, Any]) -> None:
    spec = VECTORS["spec"]
    token = None if case["token"] is None else tokens.bare(case["token"])
    assert encode(spec, case["group"], case["ratings"], case["date"], token) == case["code"]
    read_spec, group, ratings, date, read_token = decode(case["code"], [spec])
    assert (read_spec["id"], group, read_token) == (spec["id"], case["group"], token)
    assert ratings == case["ratings"] and date == case["date"][:16] + "Z"
    assert case["code"][0] == ("6" if token else "5")  # format 4 with a token, else 3


def test_a_self_rating_token_names_its_cadre_and_verifies_with_the_key() -> None:
    spec = VECTORS["spec"]
    groups, subjects = [g["id"] for g in spec["groups"]], [s["id"] for s in spec["subjects"]]
    token = tokens.read(VECTORS["cases"][3]["token"], tokens.APPRAISAL_VERSION)
    assert (groups[token.group or 0], subjects[token.subject - 1]) == ("banzi", "li-hua")
    assert tokens.verify_appraisal(KEY, spec["id"], "2027年度", groups, subjects, token)
    assert not tokens.verify_appraisal(KEY, spec["id"], "2026年度", groups, subjects, token)
    assert not tokens.verify_appraisal(b"x" * 32, spec["id"], "2027年度", groups, subjects, token)
    # Read as a rating form's 评价码 it is refused: each form takes its own format.
    with pytest.raises(tokens.TokenError):
        tokens.read(VECTORS["cases"][3]["token"])


def test_a_mistyped_appraisal_code_is_refused() -> None:
    code = VECTORS["cases"][0]["code"]
    other = "3" if code[3] != "3" else "4"
    with pytest.raises(CodeError, match="check symbols"):
        decode(code[:3] + other + code[4:], [VECTORS["spec"]])


def test_tokens_issues_appraisal_slips_that_name_the_group_and_the_rater(
        project: Path, tmp_path: Path) -> None:
    """``tokens FORM --group G [--subject S]``: format 2 slips the page reads and the key verifies."""
    (project / "quizzes" / "ceping.yml").write_text(
        (FOLDER / "appraisal.yml").read_text("utf-8").split("\n", 1)[1], "utf-8")
    key = tmp_path / "key"
    runner = CliRunner()
    assert runner.invoke(main, ["tokens", "--new-key", str(key)]).exit_code == 0
    table = tmp_path / "slips.csv"
    result = runner.invoke(main, ["tokens", "ceping-vectors", "-C", str(project), "--group", "banzi",
                                  "--subject", "李华", "--count", "2", "--first", "5",
                                  "--key-file", str(key), "--csv", str(table)])
    assert result.exit_code == 0, result.output
    rows = table.read_text("utf-8").lstrip("\ufeff").splitlines()
    assert rows[0] == "编号,评价码,评价人类别,发给,期次" and rows[1].endswith(",领导班子成员,李华,2027年度")
    spec = VECTORS["spec"]
    groups, subjects = [g["id"] for g in spec["groups"]], [s["id"] for s in spec["subjects"]]
    token = tokens.read(rows[2].split(",")[1], tokens.APPRAISAL_VERSION)
    assert (token.serial, token.group, subjects[token.subject - 1]) == (6, 0, "li-hua")
    assert tokens.verify_appraisal(tokens.parse_key(key.read_text()) or b"", spec["id"], "2027年度",
                                   groups, subjects, token)
    wrong = runner.invoke(main, ["tokens", "ceping-vectors", "-C", str(project), "--group", "banz",
                                 "--count", "1", "--key-file", str(key)])
    assert wrong.exit_code == 1
    assert "expected a rater group of 'ceping-vectors' (banzi, xiashu, fuwu), found 'banz'; did you " \
           "mean 'banzi'?" in wrong.output
