"""Scoring: the Python scorer against the shared vectors, and the JS twin against it."""

from __future__ import annotations

import json
import shutil
import subprocess
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.models.questionnaire import Questionnaire
from generator.scoring.scorer import band_index, carry_over, one_decimal, score
from generator.scoring.spec import (
    BandSpec,
    ConditionSpec,
    DimensionSpec,
    ItemSpec,
    ProfileSpec,
    Spec,
    quiz_spec,
    score_range,
)

VECTORS = Path(__file__).parent / "vectors"
JS_CLI = Path(__file__).parent / "js" / "score-cli.cjs"


def quiz_vectors() -> list[Path]:
    """The questionnaires' vector files (grading.json holds the 随堂测验's: tests/test_grading.py)."""
    return [p for p in sorted(VECTORS.glob("*.json")) if p.name != "grading.json"]


def vector_cases() -> list[Any]:
    cases = []
    for path in quiz_vectors():
        data = json.loads(path.read_text(encoding="utf-8"))
        cases += [pytest.param(data["spec"], c["answers"], c["expected"], id=c["name"])
                  for c in data["cases"]]
    return cases


@pytest.mark.parametrize(("spec", "answers", "expected"), vector_cases())
def test_shared_vector(spec: dict[str, Any], answers: dict[str, Any], expected: Any) -> None:
    assert score(spec, answers) == expected


def shared(key: str) -> list[Any]:
    return [entry for path in quiz_vectors()
            for entry in json.loads(path.read_text(encoding="utf-8")).get(key, [])]


@pytest.mark.parametrize(("value", "shown", "signed"), shared("figures"),
                         ids=[str(f[0]) for f in shared("figures")])
def test_one_rounding_rule_for_every_figure(value: float, shown: str, signed: str) -> None:
    assert (one_decimal(value), one_decimal(value, sign=True)) == (shown, signed)


@pytest.mark.parametrize("case", shared("carry"), ids=[c["name"] for c in shared("carry")])
def test_saved_answers_carry_over_by_item_fingerprint(case: dict[str, Any]) -> None:
    spec = json.loads((VECTORS / "check.json").read_text(encoding="utf-8"))["spec"]
    assert carry_over(spec, case["answers"], case["fingerprints"]) == (case["kept"], case["changed"])


def test_only_what_an_answer_means_changes_an_item_fingerprint() -> None:
    raw = yaml.safe_load((VECTORS / "check.yml").read_text("utf-8"))

    def fingerprints(change: Any) -> dict[str, str]:
        data = json.loads(json.dumps(raw))
        change(data)
        spec = quiz_spec(Questionnaire.model_validate(data))
        return {item["id"]: item["fp"] for item in spec["items"]}

    before = fingerprints(lambda d: None)
    edits = {
        "title, introduction and help": lambda d: d.update(title="新标题", introduction="新说明"),
        "the item's wording": lambda d: d["items"][0].update(text="我乐意学习"),
        "the item's weight": lambda d: d["items"][0].update(weight=2),
        "an option's label": lambda d: d["items"][2]["options"][0].update(label="请示"),
        "an option's score": lambda d: d["items"][2]["options"][0].update(score=2),
        "reverse keying": lambda d: d["items"][0].update(reverse=True),
        "required": lambda d: d["items"][0].update(required=False),
    }
    changed = {name: sorted(k for k, v in fingerprints(edit).items() if v != before[k])
               for name, edit in edits.items()}
    assert changed == {"title, introduction and help": [], "the item's wording": ["q1"],
                       "the item's weight": [], "an option's label": ["q3"],
                       "an option's score": ["q3"], "reverse keying": ["q1"], "required": []}


def test_a_questionnaire_hash_ignores_words_for_people_only() -> None:
    raw = yaml.safe_load((VECTORS / "check.yml").read_text("utf-8"))
    before = quiz_spec(Questionnaire.model_validate(raw))["hash"]
    cosmetic = dict(raw, title="新标题", version="2", introduction="新的说明")
    cosmetic["bands"] = [dict(b, interpretation="新解读") for b in raw["bands"]]
    assert quiz_spec(Questionnaire.model_validate(cosmetic))["hash"] == before
    moved = dict(raw, bands=[dict(raw["bands"][0], to=70), dict(raw["bands"][1], **{"from": 70})])
    assert quiz_spec(Questionnaire.model_validate(moved))["hash"] != before


def test_vectors_embed_the_current_spec_of_their_questionnaire() -> None:
    for path in quiz_vectors():
        data = json.loads(path.read_text(encoding="utf-8"))
        source = Path(__file__).parent.parent / data["source"]
        quiz = Questionnaire.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
        assert data["spec"] == quiz_spec(quiz), f"{path.name} is stale"


@pytest.mark.parametrize("order", [1, -1], ids=["low-to-high", "high-to-low"])
def test_band_lookup_uses_half_open_ranges_closed_at_100(order: int) -> None:
    bands = [{"from": 0, "to": 60}, {"from": 60, "to": 100}][::order]
    high = 1 if order == 1 else 0
    assert [band_index(bands, v) for v in (0, 59.99, 60, 99.99, 100)] == [
        1 - high, 1 - high, high, high, high]


def test_multi_item_range_respects_pick_limits() -> None:
    quiz = Questionnaire.model_validate(yaml.safe_load((VECTORS / "check.yml").read_text("utf-8")))
    multi = next(i for i in quiz.items if i.type == "multi")
    # scores 1, 2, 0; one or two picks: lowest 0 (丙 alone), highest 3 (甲 + 乙)
    assert score_range(multi) == (0, 3)


# ---- Property: for random questionnaires and answers, both scorers give the same result ----

SCORES = st.sampled_from([-2, -1, 0, 0.5, 1, 1.5, 2, 2.25, 3, 4, 5, 7.1])
WEIGHTS = st.sampled_from([0.5, 1, 1, 1, 2, 3.7])


@st.composite
def questionnaires(draw: st.DrawFn) -> dict[str, Any]:
    dims = [f"d{i}" for i in range(draw(st.integers(1, 4)))]
    items: list[dict[str, Any]] = []
    for dim in dims:  # at least one scored item in every dimension
        for n in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["likert", "single", "multi", "yesno", "text"]))
            item: dict[str, Any] = {"id": f"{dim}-{n}", "type": kind, "text": "题",
                                    "required": draw(st.booleans())}
            if kind != "text":
                item.update(dimension=dim, weight=draw(WEIGHTS), reverse=draw(st.booleans()))
            if kind in ("likert", "single", "yesno"):
                item["not_applicable"] = draw(st.booleans())
            if kind == "likert":
                item["scale"] = draw(st.sampled_from(["agree5", "agree4", "frequency5"]))
                forward = [i["id"] for i in items if i["type"] == "likert" and not i["reverse"]]
                if item["reverse"] and forward and draw(st.booleans()):
                    item["opposite"] = draw(st.sampled_from(forward))
            elif kind in ("single", "multi"):
                scores = draw(st.lists(SCORES, min_size=2, max_size=5, unique=True))
                item["options"] = [{"label": f"选项{i}", "score": s} for i, s in enumerate(scores)]
            if kind == "multi":
                high = draw(st.integers(1, len(item["options"])))
                item.update(min=draw(st.integers(0, high)), max=high)
            items.append(item)
        if all(i["type"] == "text" for i in items if i.get("dimension") == dim):
            items.append({"id": f"{dim}-y", "type": "yesno", "text": "题", "dimension": dim})
    bands = [{"from": 0, "to": 50, "label": "低", "interpretation": "低"},
             {"from": 50, "to": 100, "label": "高", "interpretation": "高"}]
    raw = {"id": "prop", "title": "随机问卷", "version": "1", "introduction": "说明",
           "min_answered": draw(st.sampled_from([0, 50, 75, 100])),
           "dimensions": [{"id": d, "name": d, "weight": draw(WEIGHTS), "bands": bands}
                          for d in dims],
           "items": items, "bands": bands,
           "profiles": [{"id": "p", "label": "画像", "advice": "建议",
                         "when": [{"dimension": dims[0], "at_least": draw(st.sampled_from([0, 50])),
                                   "below": draw(st.sampled_from([None, 75, 100]))}]}]}
    return quiz_spec(Questionnaire.model_validate(raw))


@st.composite
def answer_sets(draw: st.DrawFn, spec: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in spec["items"]:
        if draw(st.integers(0, 5)) == 0:
            continue  # unanswered
        if item["type"] == "text":
            answers[item["id"]] = draw(st.sampled_from(["", "  ", "改进", "<img src=x>"]))
        elif item["type"] == "multi":
            size = len(item["scores"])
            answers[item["id"]] = draw(st.lists(st.integers(-1, size), max_size=size + 1))
        else:  # the index after the options is 不适用 where the item offers it
            answers[item["id"]] = draw(st.one_of(st.integers(-1, len(item["scores"])),
                                                 st.sampled_from([None, True, "1", 1.0, 2.5])))
    if draw(st.booleans()):  # one option for every Likert item: straight-lining
        pick = draw(st.integers(0, 3))
        answers.update({i["id"]: pick for i in spec["items"] if i["type"] == "likert"})
    return answers


@st.composite
def cases(draw: st.DrawFn) -> list[dict[str, Any]]:
    result = []
    for _ in range(20):
        spec = draw(questionnaires())
        result.append({"spec": spec, "answers": draw(answer_sets(spec))})
    return result


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is installed by tests/run.sh")
@settings(max_examples=15, deadline=None)
@given(cases())
def test_python_and_js_scorers_agree_exactly(batch: list[dict[str, Any]]) -> None:
    out = subprocess.run(["node", str(JS_CLI)], input=json.dumps(batch), capture_output=True,
                         text=True, check=True).stdout
    js_results = json.loads(out)
    for case, js in zip(batch, js_results, strict=True):
        assert js == score(case["spec"], case["answers"])


def _keys_fit(value: dict[str, Any], shape: Any) -> None:
    # From the hints: with postponed annotations, __required_keys__ cannot see NotRequired.
    hints = typing.get_type_hints(shape, include_extras=True)
    required = {k for k, hint in hints.items() if typing.get_origin(hint) is not typing.NotRequired}
    assert required <= set(value) <= set(hints), (shape.__name__, set(value) ^ set(hints))


@pytest.mark.parametrize("path", sorted((Path(__file__).parent.parent / "quizzes").glob("*.yml"))
                         + [VECTORS / "check.yml"], ids=lambda p: p.name)
def test_the_spec_has_the_keys_its_type_declares(path: Path) -> None:
    spec = quiz_spec(Questionnaire.model_validate(yaml.safe_load(path.read_text("utf-8"))))
    _keys_fit(dict(spec), Spec)
    for item in spec["items"]:
        _keys_fit(dict(item), ItemSpec)
    for band in spec["bands"] + [b for d in spec["dimensions"] for b in d["bands"]]:
        _keys_fit(dict(band), BandSpec)
    for dimension in spec["dimensions"]:
        _keys_fit(dict(dimension), DimensionSpec)
    for profile in spec["profiles"]:
        _keys_fit(dict(profile), ProfileSpec)
        for condition in profile["when"]:
            _keys_fit(dict(condition), ConditionSpec)
