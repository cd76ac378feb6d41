"""The reference scorer. Its twin is ``generator/assets/kb-score.js``.

Both read the spec of ``questionnaires.quiz_spec`` and the answers
(item id → option index, a list of indices for ``multi``), and must agree
exactly: the shared vectors in ``tests/vectors`` and a property test hold
them to it. The rules (docs/questionnaire-format.md):

* an item scores ``s`` in [min, max]; a reverse-keyed one ``min + max - s``;
* dimension percent = 100 * sum(w * (s - min)) / sum(w * (max - min)) over
  its answered scored items;
* overall = sum(W * percent) / sum(W) over dimensions with a percent;
* a band [from, to) holds v when from <= v < to; the one ending at 100 holds 100;
* a required item left unanswered: no score for its dimension, nor overall;
* an item with ``na`` (不适用 / 不了解) takes one more answer, the index after its
  options, and one with ``nm`` (未遇到, rating forms) one more after that: each
  counts as answered and is left out of its dimension; a dimension
  whose items are answered with a scored option fewer times than
  ``min_answered`` percent of its scored items has no score;
* response-style checks on a self-assessment (``checks``), from the raw
  (unreversed) Likert answers: ``acquiescence`` when at least half of the
  reverse-keyed and half of the forward-keyed answers agree (raw score in the
  top 40 % of the scale; two of each at least), or when both items of a
  declared ``opposite`` pair get the highest option; ``straight`` when six or
  more Likert answers all pick the same option; ``not_applicable`` when more
  than 30 % of the answered scored items are 不适用;
* a figure is shown with one decimal by ``one_decimal``: its exact binary
  value rounded, ties away from zero, as JS ``toFixed(1)`` does (81.25 →
  81.3; 12.45, stored as 12.4499…, → 12.4);
* a saved answer carries over to a changed questionnaire while its item's
  fingerprint is the same (``carry_over``).

Sums run left to right in item order, in plain float arithmetic, exactly as
in the JS twin (no ``math.fsum``), so that both give the same bits.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.i18n import _
from generator.scoring.spec import BandSpec, ConditionSpec, ItemSpec, Spec

Answers = dict[str, Any]


#: Response-style checks: the limits docs/questionnaire-format.md states.
AGREE = 0.6  # a raw Likert score at or above min + 0.6 × (max − min) agrees
STRAIGHT_MIN = 6  # Likert answers needed before one option for all counts as straight-lining
NA_TENTHS = 3  # more than 3/10 of the answered scored items 不适用: too many


def extras(item: ItemSpec) -> list[str]:
    """The choices after an item's options, in order: ``na`` (不适用 / 不了解), ``nm`` (未遇到)."""
    return [key for key in ("na", "nm") if item.get(key)]


def choices(item: ItemSpec) -> int:
    """How many answers a single-answer item takes: its options and its extra choices."""
    return len(item["scores"]) + len(extras(item))


def extra_choice(item: ItemSpec, answer: Any) -> str | None:
    """``na`` or ``nm`` when *answer* picks that extra choice of a single-answer item, else None."""
    size = len(item["scores"])
    if item["type"] == "multi" or not is_index(answer, choices(item)) or int(answer) < size:
        return None
    return extras(item)[int(answer) - size]


def is_not_applicable(item: ItemSpec, answer: Any) -> bool:
    """Whether *answer* is the 不适用 / 不了解 choice of an item that offers one."""
    return extra_choice(item, answer) == "na"


def item_score(item: ItemSpec, answer: Any) -> float | None:
    """The item's score for *answer*, or None when the answer is missing or invalid."""
    scores: list[float] = item["scores"]
    if item["type"] == "multi":
        if not isinstance(answer, list) or not all(is_index(a, len(scores)) for a in answer):
            return None
        picked = sorted({int(a) for a in answer})
        low, high = item["picks"]
        if not low <= len(picked) <= high:
            return None
        score = 0.0
        for index in picked:
            score = score + scores[index]
    elif is_index(answer, len(scores)):
        score = scores[int(answer)]
    else:
        return None
    if item["reverse"]:
        score = item["min"] + item["max"] - score
    return score


def is_index(value: Any, size: int) -> bool:
    """Whether *value* picks one of *size* options (shared with the result codes)."""
    # JSON has one number type: 2.0 is the index 2 in JS, so it must be here too.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return float(value).is_integer() and 0 <= value < size


def one_decimal(value: float, *, sign: bool = False, places: int = 1) -> str:
    """*value* with one decimal, as the page shows it (JS ``toFixed(1)``); a ``+`` too with *sign*.

    The same rule with more *places* for the statistics of item analysis (α, r)."""
    text = str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    text = text[1:] if text.startswith("-") and not text.strip("-0.") else text  # no "-0.0"
    return "+" + text if sign and not text.startswith("-") else text


def carry_over(spec: Spec, answers: Answers, fingerprints: dict[str, Any]) -> tuple[Answers, list[str]]:
    """The saved *answers* that still fit *spec*, and the ids of those that do not.

    An answer fits while its item exists with the fingerprint it was given under.
    """
    current = {item["id"]: item["fp"] for item in spec["items"]}
    kept: Answers = {}
    changed: list[str] = []
    for ident, answer in answers.items():
        if ident in current and fingerprints.get(ident) == current[ident]:
            kept[ident] = answer
        else:
            changed.append(ident)
    return kept, changed


def band_index(bands: list[BandSpec], value: float | None) -> int | None:
    """The band holding *value* (unrounded): [from, to), the band ending at 100 closed."""
    if value is None:
        return None
    for index, band in enumerate(bands):
        if band["from"] <= value < band["to"] or value == band["to"] == 100:
            return index
    return None


def score(spec: Spec, answers: Answers) -> dict[str, Any]:
    """Score *answers* against *spec*; the result is plain JSON."""
    sums = {d["id"]: [0.0, 0.0] for d in spec["dimensions"]}
    counts = {d["id"]: [0, 0] for d in spec["dimensions"]}  # scored answers, scored items
    blocked: set[str] = set()
    missing: list[str] = []
    answered = 0
    not_applicable = 0
    likert: list[tuple[ItemSpec, int]] = []  # (item, option picked) of answered Likert items
    for item in spec["items"]:
        answer = answers.get(item["id"])
        if item["type"] == "text":
            given = isinstance(answer, str) and answer.strip() != ""
            answered += given
            if item["required"] and not given:
                missing.append(item["id"])
            continue
        counts[item["dimension"]][1] += 1
        extra = extra_choice(item, answer)
        if extra is not None:  # 不适用 / 不了解 / 未遇到: answered, left out of the dimension
            answered += 1
            not_applicable += extra == "na"
            continue
        value = item_score(item, answer)
        if value is None:
            if item["required"]:
                missing.append(item["id"])
                blocked.add(item["dimension"])
            continue
        answered += 1
        counts[item["dimension"]][0] += 1
        if item["type"] == "likert":
            likert.append((item, int(answers[item["id"]])))
        weight = item["weight"]
        sums[item["dimension"]][0] += weight * (value - item["min"])
        sums[item["dimension"]][1] += weight * (item["max"] - item["min"])

    dimensions: dict[str, Any] = {}
    total = 0.0
    weights = 0.0
    for dim in spec["dimensions"]:
        got, possible = sums[dim["id"]]
        scored, items = counts[dim["id"]]
        short = scored * 100 < spec["min_answered"] * items
        percent = None if dim["id"] in blocked or possible == 0 or short else 100 * got / possible
        dimensions[dim["id"]] = {"percent": percent, "band": band_index(dim["bands"], percent)}
        if percent is not None:
            total += dim["weight"] * percent
            weights += dim["weight"]
    overall = None if missing or weights == 0 else total / weights
    profiles = [p["id"] for p in spec["profiles"]
                if all(_holds(c, dimensions[c["dimension"]]["percent"]) for c in p["when"])]
    scored = sum(scored for scored, _ in counts.values())
    return {
        "complete": not missing,
        "answered": answered,
        "total": len(spec["items"]),
        "missing": missing,
        "dimensions": dimensions,
        "overall": {"percent": overall, "band": band_index(spec["bands"], overall)},
        "profiles": profiles,
        "checks": response_checks(spec, likert, not_applicable, scored),
    }


#: What each response-style check is called wherever a person reads it (screen, paper, report).
CHECK_NAMES = {"acquiescence": "对相反的说法都表示同意", "straight": "全部量表题选同一项",
               "not_applicable": "“不适用”过多"}


def response_checks(spec: Spec, likert: list[tuple[ItemSpec, int]], not_applicable: int,
                    scored: int) -> list[str]:
    """Response-style checks of a self-assessment, in a fixed order (see the module doc)."""
    if spec["kind"] != "self":
        return []
    checks = []
    forward = [0, 0]  # agreeing answers, answers
    backward = [0, 0]
    top: set[str] = set()
    for item, option in likert:
        raw = item["scores"][option]
        side = backward if item["reverse"] else forward
        side[1] += 1
        if raw >= item["min"] + AGREE * (item["max"] - item["min"]):
            side[0] += 1
        if raw == item["max"]:
            top.add(item["id"])
    pairs = any(item.get("opposite") in top for item, _ in likert if item["id"] in top)
    if pairs or (forward[1] >= 2 and backward[1] >= 2 and 2 * forward[0] >= forward[1]
                 and 2 * backward[0] >= backward[1]):
        checks.append("acquiescence")
    if len(likert) >= STRAIGHT_MIN and len({option for _, option in likert}) == 1:
        checks.append("straight")
    if 10 * not_applicable > NA_TENTHS * (scored + not_applicable):
        checks.append("not_applicable")
    return checks


def _holds(condition: ConditionSpec, percent: float | None) -> bool:
    if percent is None:
        return False
    if condition["at_least"] is not None and not percent >= condition["at_least"]:
        return False
    return not (condition["below"] is not None and not percent < condition["below"])


def format_result(spec: Spec, result: dict[str, Any]) -> str:
    """A plain-text table of a result, as ``score`` prints it."""

    def shown(value: float | None) -> str:
        return "—" if value is None else one_decimal(value)

    def label(bands: list[BandSpec], index: int | None) -> str:
        return "—" if index is None else str(bands[index]["label"])

    def columns(text: str) -> int:  # CJK characters take two columns
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    def pad(text: str, width: int) -> str:
        return text + " " * max(0, width - columns(text))

    def right(text: str, width: int = 8) -> str:
        return " " * max(0, width - columns(text)) + text

    lines = [_("{title} ({id}, version {version})").format(
                 title=spec["title"], id=spec["id"], version=spec["version"]),
             _("Answered {answered} of {total} items.").format(
                 answered=result["answered"], total=result["total"])]
    if result["missing"]:
        lines.append(_("Missing required items: {items}").format(items=", ".join(result["missing"])))
    width = 12
    lines.append("")
    dimension, percent, band, overall_name = _("dimension"), _("percent"), _("band"), _("overall")
    lines.append(f"{pad(dimension, width)}{right(percent)}  {band}")
    for dim in spec["dimensions"]:
        got = result["dimensions"][dim["id"]]
        lines.append(f"{pad(dim['name'], width)}{right(shown(got['percent']))}  "
                     f"{label(dim['bands'], got['band'])}")
    overall = result["overall"]
    lines.append(f"{pad(overall_name, width)}{right(shown(overall['percent']))}  "
                 f"{label(spec['bands'], overall['band'])}")
    labels = {p["id"]: p["label"] for p in spec["profiles"]}
    lines.append(_("Profiles: {profiles}").format(
        profiles="、".join(labels[p] for p in result["profiles"]) or _("none")))
    if result["checks"]:
        lines.append(_("Response-style checks: {checks}").format(
            checks=_(", ").join(CHECK_NAMES[check] for check in result["checks"])))
    return "\n".join(lines)
