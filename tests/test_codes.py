"""Result codes: exact round trips, every typo caught, other versions refused, JS agrees."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.models.questionnaire import Questionnaire
from generator.scoring.codes import ALPHABET, CodeError, decode, encode
from generator.scoring.scorer import score
from generator.scoring.spec import quiz_spec
from tests.conftest import MINIMAL_COURSE, MINIMAL_QUIZ
from tests.test_scoring import questionnaires

JS_CLI = Path(__file__).parent / "js" / "code-cli.cjs"
SPEC = quiz_spec(Questionnaire.model_validate(yaml.safe_load(MINIMAL_QUIZ)))
ANSWERS = {"q1": 4, "q2": 0, "q3": 1, "q4": [0, 1], "q5": 0}
DATE = "2027-03-01T09:30:00Z"


@st.composite
def valid_answers(draw: st.DrawFn, spec: dict[str, Any]) -> dict[str, Any]:
    """Answers a page can produce: an option, a set of picks, or nothing."""
    answers: dict[str, Any] = {}
    for item in spec["items"]:
        if item["type"] == "text" or (draw(st.booleans()) and draw(st.booleans())):
            continue
        size = len(item["scores"])
        if item["type"] == "multi":
            answers[item["id"]] = sorted(draw(st.sets(st.integers(0, size - 1), min_size=1)))
        else:  # 不适用 / 不了解, where offered, is the index after the options
            answers[item["id"]] = draw(st.integers(0, size if item.get("na") else size - 1))
    return answers


DATES = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2070, 1, 1)).map(
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z")


@st.composite
def coded(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], str]:
    spec = draw(questionnaires())
    return spec, draw(valid_answers(spec)), draw(DATES)


@settings(max_examples=150, deadline=None)
@given(coded())
def test_round_trip(case: tuple[dict[str, Any], dict[str, Any], str]) -> None:
    spec, answers, date = case
    found, decoded, minute = decode(encode(spec, answers, date), [SPEC, spec])
    assert found is spec
    assert decoded == answers
    assert minute == date[:16] + "Z"  # to the minute
    assert score(spec, decoded) == score(spec, answers)


def test_a_code_is_short_and_unambiguous() -> None:
    code = encode(SPEC, ANSWERS, DATE)
    assert len(code.replace("-", "")) == 1 + 7 + 5 + 3 + 2  # version, hash, minute, answers, checks
    assert not set(code) & set("0O1IL")
    assert decode(code.lower().replace("-", " "), [SPEC])[1:] == (ANSWERS, "2027-03-01T09:30Z")


def test_every_single_symbol_typo_is_caught() -> None:
    text = encode(SPEC, ANSWERS, DATE).replace("-", "")
    for position, right in enumerate(text):
        for wrong in ALPHABET.replace(right, ""):
            typo = text[:position] + wrong + text[position + 1:]
            with pytest.raises(CodeError, match="check symbols do not match"):
                decode(typo, [SPEC])


def test_every_swap_of_neighbours_is_caught() -> None:
    text = encode(SPEC, ANSWERS, DATE).replace("-", "")
    for i in range(len(text) - 1):
        if text[i] != text[i + 1]:
            swapped = text[:i] + text[i + 1] + text[i] + text[i + 2:]
            with pytest.raises(CodeError):
                decode(swapped, [SPEC])


def test_a_code_of_another_version_is_refused() -> None:
    edited = quiz_spec(Questionnaire.model_validate(
        yaml.safe_load(MINIMAL_QUIZ.replace("我愿意学习", "我愿意主动学习"))))
    with pytest.raises(CodeError, match="another questionnaire or another version"):
        decode(encode(SPEC, ANSWERS, DATE), [edited])


def test_ambiguous_symbols_are_named() -> None:
    with pytest.raises(CodeError) as info:
        decode("O1L", [SPEC])
    assert info.value.message == (
        f"result code 'O1L': expected only the symbols {ALPHABET}, found '1', 'L', 'O' "
        "(codes use no 0, O, 1, I or L)")


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is installed by tests/run.sh")
@settings(max_examples=10, deadline=None)
@given(st.lists(coded(), min_size=10, max_size=10))
def test_the_page_makes_the_same_codes(
    batch: list[tuple[dict[str, Any], dict[str, Any], str]]
) -> None:
    cases = [{"spec": spec, "answers": answers, "date": date} for spec, answers, date in batch]
    out = subprocess.run(["node", str(JS_CLI)], input=json.dumps(cases), capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out) == [encode(spec, answers, date) for spec, answers, date in batch]


def test_score_command_reads_a_code(project: Path, write_course: Any, write_quiz: Any) -> None:
    write_course(MINIMAL_COURSE)
    write_quiz(MINIMAL_QUIZ)
    code = encode(SPEC, {"q1": 4, "q2": 4, "q3": 1, "q4": [0, 1]}, DATE)
    result = CliRunner().invoke(main, ["score", "-C", str(project), "--code", code])
    assert result.exit_code == 0
    assert "overall         75.0  好" in result.stdout
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    result = CliRunner().invoke(main, ["score", "-C", str(project), "--code", typo])
    assert result.exit_code == 1
    assert "the check symbols do not match" in result.stderr


def test_score_needs_answers_or_a_code() -> None:
    result = CliRunner().invoke(main, ["score", "check"])
    assert result.exit_code == 2
    assert "give QUIZ and ANSWERS, or --code CODE" in result.stderr
