"""Grading of the 随堂测验: the Python grader against the shared vectors, and the JS twin against it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.models.course import Course
from generator.scoring.grading import check_spec, grade, normalise
from generator.scoring.scorer import carry_over

VECTORS = Path(__file__).parent / "vectors"
SOURCE = VECTORS / "grading.yml"
JSON = VECTORS / "grading.json"
JS_CLI = Path(__file__).parent / "js" / "grading-cli.cjs"
NODE = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is installed by tests/run.sh")


def vectors_from_source() -> dict[str, Any]:
    """grading.json as grading.yml makes it: the spec worked out, fingerprints filled in."""
    raw = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    course = Course.model_validate(raw["course"])
    spec = check_spec(course, course.modules[0].lessons[0])
    fps = {item["id"]: item["fp"] for item in spec["items"]}
    carry = [dict(c, fingerprints={k: fps.get(k, v) if v == "same" else v
                                   for k, v in c["fingerprints"].items()})
             for c in raw["carry"]]
    return {"source": "tests/vectors/grading.yml", "spec": spec, "cases": raw["cases"],
            "normalise": raw["normalise"], "carry": carry}


def test_vectors_json_is_made_from_its_source(update_golden: bool) -> None:
    made = vectors_from_source()
    if update_golden:
        JSON.write_text(json.dumps(made, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert json.loads(JSON.read_text(encoding="utf-8")) == made, "run with --update-golden"


DATA = json.loads(JSON.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DATA["cases"], ids=[c["name"] for c in DATA["cases"]])
def test_shared_vector(case: dict[str, Any]) -> None:
    assert grade(DATA["spec"], case["answers"]) == case["expected"]


@pytest.mark.parametrize(("text", "expected"), DATA["normalise"], ids=[t for t, _ in DATA["normalise"]])
def test_fill_in_answers_are_compared_normalised(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize("case", DATA["carry"], ids=[c["name"] for c in DATA["carry"]])
def test_saved_answers_carry_over_by_item_fingerprint(case: dict[str, Any]) -> None:
    assert carry_over(DATA["spec"], case["answers"], case["fingerprints"]) == (
        case["kept"], case["changed"])


def test_only_what_an_answer_means_changes_an_item_fingerprint() -> None:
    raw = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["course"]

    def fingerprints(change: Any) -> dict[str, str]:
        data = json.loads(json.dumps(raw))
        change(data, data["modules"][0]["lessons"][0]["check"])
        course = Course.model_validate(data)
        return {i["id"]: i["fp"] for i in check_spec(course, course.modules[0].lessons[0])["items"]}

    before = fingerprints(lambda d, c: None)
    edits = {
        "explanation": lambda d, c: c[0].update(explanation="新的解析"),
        "shuffle": lambda d, c: c[1].update(shuffle=True),
        "pass rule": lambda d, c: d.update({"pass": "all"}),
        "wording": lambda d, c: c[0].update(text="新题干"),
        "an option's label": lambda d, c: c[1]["options"][1].update(label="丁"),
        "the right option": lambda d, c: (c[0]["options"][0].update(correct=True),
                                          c[0]["options"][1].update(correct=False)),
        "the answer": lambda d, c: c[2].update(answer=True),
        "an accepted answer": lambda d, c: c[3]["blanks"][0].append("理论"),
    }
    changed = {name: sorted(k for k, v in fingerprints(edit).items() if v != before[k])
               for name, edit in edits.items()}
    assert changed == {"explanation": [], "shuffle": [], "pass rule": [], "wording": ["s"],
                       "an option's label": ["m"], "the right option": ["s"], "the answer": ["t"],
                       "an accepted answer": ["f"]}


def test_a_check_spec_hash_follows_the_items_and_the_pass_rule() -> None:
    raw = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["course"]
    course = Course.model_validate(raw)
    before = check_spec(course, course.modules[0].lessons[0])["hash"]
    other = Course.model_validate(dict(raw, **{"pass": "all"}))
    assert check_spec(other, other.modules[0].lessons[0])["hash"] != before


# ---- Property: for random checks and answers, both graders give the same result ----

#: Text a reader may type: CJK, Latin in both widths, digits, spaces and punctuation of
#: both widths, and characters every Unicode version since 14 classes alike.
ALPHABET = st.sampled_from(
    list("理论武装党性教育首问负责判断跟踪承诺环节预警abcXYZ019ＡＢｃ１２ 　\t\u00a0\u200b\ufeff"
         "，。、；：？！“”‘’（）【】《》—…·-_.,;:!?'\"()[]{}<>/\\@#%&*+=~^|$￥①Ⅱ㍻ﬁÉéß"))
TEXTS = st.text(ALPHABET, max_size=8)


@st.composite
def checks(draw: st.DrawFn) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["single", "multiple", "truefalse", "fill"]))
        item: dict[str, Any] = {"id": f"q{n}", "type": kind, "fp": "x"}
        if kind in ("single", "multiple"):
            size = draw(st.integers(2, 5))
            item["options"] = size
            right = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=size, unique=True))
            item["answer"] = right[0] if kind == "single" else sorted(right)
        elif kind == "truefalse":
            item["answer"] = draw(st.booleans())
        else:
            item["blanks"] = draw(st.lists(st.lists(TEXTS, min_size=1, max_size=3), min_size=1,
                                           max_size=3))
        items.append(item)
    return {"format": 1, "pass": draw(st.integers(1, 100)), "items": items}


ANY = st.one_of(st.none(), st.booleans(), st.integers(-1, 5), st.sampled_from([1.0, 2.5, "1"]),
                TEXTS)


@st.composite
def answer_sets(draw: st.DrawFn, spec: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in spec["items"]:
        if draw(st.integers(0, 6)) == 0:
            continue
        kind = item["type"]
        if kind == "fill":
            accepted = [draw(st.sampled_from(b)) for b in item["blanks"]]
            answers[item["id"]] = draw(st.one_of(
                st.just(accepted),  # mostly right, written another way below
                st.lists(TEXTS, min_size=len(accepted), max_size=len(accepted)),
                st.lists(ANY, max_size=4)))
            if draw(st.booleans()) and isinstance(answers[item["id"]], list):
                answers[item["id"]] = [draw(st.sampled_from(["", " ", "　", "。"])) + a
                                       + draw(st.sampled_from(["", "！", " "]))
                                       if isinstance(a, str) else a for a in answers[item["id"]]]
        elif kind == "multiple":
            answers[item["id"]] = draw(st.one_of(st.lists(st.integers(-1, item["options"]), max_size=6),
                                                 st.just(item["answer"]), ANY))
        else:
            answers[item["id"]] = draw(st.one_of(st.just(item["answer"]), ANY))
    return answers


@st.composite
def cases(draw: st.DrawFn) -> list[dict[str, Any]]:
    result = []
    for _ in range(25):
        spec = draw(checks())
        result.append({"spec": spec, "answers": draw(answer_sets(spec)), "text": draw(TEXTS)})
    return result


@NODE
@settings(max_examples=20, deadline=None)
@given(cases())
def test_python_and_js_graders_agree_exactly(batch: list[dict[str, Any]]) -> None:
    out = subprocess.run(["node", str(JS_CLI)], input=json.dumps(batch), capture_output=True,
                         text=True, check=True).stdout
    for case, js in zip(batch, json.loads(out), strict=True):
        assert js == {"result": grade(case["spec"], case["answers"]),
                      "normalised": normalise(case["text"])}


@NODE
def test_js_twin_passes_the_shared_vectors() -> None:
    test = Path(__file__).parent / "js" / "grading.test.cjs"
    run = subprocess.run(["node", "--test", str(test)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
