"""The shipped 群众满意度测评 (quizzes/qunzhong-manyidu.yml) is fair to the cadre it rates.

A cadre-level form rates what the cadre controls: waiting time, queue order and fees are the
unit's (scope: unit), fees as a yes/no integrity item; factual events are yes/no items; 未遇到
is offered apart from 不了解; an overall item carries the 满意率. The rater is addressed as 您
and told nothing about sanctions or the article's rule. Its example settings agree with the
example 测评办法 and the course, and the three places that state 首问负责's minimum agree.

The form uses the rating formats (yesno ``satisfied``, ``scope``, ``not_met``, ``overall_item``,
``decision``, ``token``), so these tests read its YAML as data rather than through the model.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import REPO

FORM = yaml.safe_load((REPO / "quizzes" / "qunzhong-manyidu.yml").read_text("utf-8"))
SELF_TEST = yaml.safe_load((REPO / "quizzes" / "zhixingli-zice.yml").read_text("utf-8"))
COURSE = (REPO / "content" / "courses" / "zhixingli.yml").read_text("utf-8")
RULES = (REPO / "content" / "guizhang" / "manyidu-banfa.md").read_text("utf-8")

SCORED = [item for item in FORM["items"] if item["type"] != "text"]
#: What a cadre does not control: it belongs to the unit's section, whatever the wording.
UNIT_MATTERS = {"等候": "waiting time", "顺序": "queue order", "插队": "queue order",
                "费用": "fees", "收费": "fees"}
#: Words of sanction, or of the article's rule, that have no place on the rater's page.
SANCTIONS = re.compile(r"调整|诫勉|处分|处理|问责|阳文魁|达标|满意率")
#: 首问负责's minimum, in the words all three artefacts use.
SHOUWEN_MINIMUM = "由谁办、到哪里办、怎样联系"


def rater_texts() -> list[tuple[str, str]]:
    texts = [("introduction", FORM["introduction"])]
    texts += [(f"section {s['id']}", s.get("title", "") + s.get("description", ""))
              for s in FORM.get("sections", [])]
    texts += [(item["id"], item["text"] + item.get("help", "")) for item in FORM["items"]]
    return texts


def test_every_scored_item_says_its_scope() -> None:
    missing = [item["id"] for item in SCORED if item.get("scope") not in ("person", "unit")]
    assert not missing, f"scored items without scope person|unit: {missing}"


@pytest.mark.parametrize("item", SCORED, ids=lambda item: item["id"])
def test_what_the_cadre_does_not_control_is_the_units(item: dict) -> None:
    matters = {name for word, name in UNIT_MATTERS.items() if word in item["text"]}
    assert not matters or item["scope"] == "unit", (
        f"{item['id']}: asks about {sorted(matters)}, which the unit decides, "
        f"but its scope is {item['scope']}")


def test_the_units_matters_are_all_asked_and_fees_as_a_yes_no_item() -> None:
    unit = [item for item in SCORED if item["scope"] == "unit"]
    asked = {name for item in unit for word, name in UNIT_MATTERS.items() if word in item["text"]}
    assert asked == {"waiting time", "queue order", "fees"}, f"unit items ask about {asked}"
    fees = [item for item in unit if "费用" in item["text"]]
    assert fees and all(item["type"] == "yesno" and item.get("satisfied") == "否"
                        for item in fees), "the fee item is a yes/no item, satisfied by 否"


def test_factual_items_are_yes_no_with_a_satisfied_answer_and_not_met_apart() -> None:
    yesno = [item for item in SCORED if item["type"] == "yesno"]
    assert len(yesno) >= len(SCORED) / 2, "expected most items to ask about facts (yes/no)"
    wrong = [item["id"] for item in yesno if item.get("satisfied") not in ("是", "否")]
    assert not wrong, f"yes/no items without satisfied 是|否: {wrong}"
    not_met = [item["id"] for item in SCORED if item.get("not_met")]
    assert not_met and all(item.get("not_applicable") for item in SCORED if item.get("not_met")), (
        "expected 未遇到 (not_met) offered apart from 不了解 (not_applicable)")


def test_an_overall_item_carries_the_rate() -> None:
    [overall] = [item for item in SCORED if item["id"] == FORM.get("overall_item")]
    assert overall["scope"] == "person" and overall.get("scale") == "satisfaction3"


def test_the_rater_is_addressed_as_nin_and_told_nothing_of_sanctions() -> None:
    ni = [where for where, text in rater_texts() if re.search(r"你(?!们)", text)]
    assert not ni, f"texts addressing the rater as 你, not 您: {ni}"
    said = [f"{where}: {match.group(0)}" for where, text in rater_texts()
            for match in SANCTIONS.finditer(text)]
    assert not said, "the rater's page speaks of sanctions or the rule:\n" + "\n".join(said)


def test_the_settings_agree_with_the_example_rules_and_the_course() -> None:
    threshold, min_forms = FORM["threshold"], FORM["min_forms"]
    assert FORM.get("decision") == "interval" and f"decision: {FORM['decision']}" in RULES
    assert f"min_forms: {min_forms}" in RULES and f"{threshold}%" in RULES
    assert f"不低于{threshold}%" in COURSE and f"不少于{min_forms}份" in COURSE, (
        "the course's example should use the form's threshold and min_forms")
    assert "合并计算" not in COURSE.replace("不合并计算", ""), (
        "the course's example merges periods, which neither the form nor the rules do")
    assert "# " in (REPO / "quizzes" / "qunzhong-manyidu.yml").read_text("utf-8").split(
        "min_forms:")[0].rsplit("threshold:", 1)[1], "say in a comment why min_forms was chosen"


def test_the_three_statements_of_shouwen_minimum_agree() -> None:
    [item] = [item for item in SCORED if item["id"] == "guifan-shouwen"]
    assert SHOUWEN_MINIMUM in item["text"], "the rating item states another minimum"
    assert "## 首问负责的底线" in COURSE and SHOUWEN_MINIMUM in COURSE.split(
        "## 首问负责的底线")[1][:300], "the lesson states another minimum"
    [scenario] = [i for i in SELF_TEST["items"] if i["id"] == "q-shouwen"]
    # Every option meets the minimum (the rater's item would be 是 for each): it names who
    # handles the matter, where, and how to reach them, or takes the person there.
    meets = [o["label"] for o in scenario["options"]
             if any(w in o["label"] for w in ("经办人", "带他", "带他过去", "过去"))]
    assert len(meets) == len(scenario["options"]), (
        f"q-shouwen: options below 首问负责's minimum: "
        f"{[o['label'] for o in scenario['options'] if o['label'] not in meets]}")
