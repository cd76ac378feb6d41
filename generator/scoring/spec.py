"""Questionnaire checks that span fields, and the scoring spec both scorers read.

``quiz_spec`` turns a validated questionnaire into the plain JSON the page
embeds and both scorers (``scoring.py`` and ``assets/kb-score.js``) consume:
every item's options reduced to scores, with its lowest and highest
achievable score worked out once, here.

Two fingerprints say what a reader's saved answers still fit (see
docs/questionnaire-format.md, 版本与改动):

* an item's ``fp`` covers what an answer means: its type, text, options and
  their scores, reverse keying and how many may be picked; a saved answer
  is kept while its item's ``fp`` is unchanged;
* the spec's ``hash`` covers everything a result depends on (the spec but for
  its title and version label): results, codes and reports are comparable
  while it is unchanged. Introductions, interpretations, advice and help
  texts are not in the spec, so editing them changes neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NotRequired, TypedDict

from generator.content.models.base import fingerprint_of
from generator.content.models.questionnaire import (
    LIKERT_PRESETS,
    Band,
    Item,
    LikertItem,
    MultiItem,
    Option,
    Questionnaire,
    TextItem,
    YesNoItem,
)

#: Version of the spec embedded in pages and of exported results.
SPEC_FORMAT = 1


# The spec's shape. TypedDicts, so that it stays the plain dict (JSON) that the page embeds and
# assets/kb-score.js reads, while every reader in Python is type-checked against it.

#: A band of a dimension or of the overall score: [from, to) on the 0–100 scale.
BandSpec = TypedDict("BandSpec", {"from": float, "to": float, "label": str, "lessons": list[str]})


class DimensionSpec(TypedDict):
    id: str
    name: str
    weight: float
    bands: list[BandSpec]


class ItemFields(TypedDict):
    """An item of the spec before its fingerprint. The keys from ``dimension`` on are those
    of a scored item (every type but ``text``); ``picks`` of a multi item only, ``na`` of
    an item with not_applicable, ``opposite`` of a Likert item naming its forward twin; on a
    rating form only, ``nm`` of an item with not_met (未遇到), ``satisfied`` of a yes/no item
    and ``scope`` of an item that says it."""

    id: str
    type: Literal["likert", "single", "multi", "yesno", "text"]
    text: str
    required: bool
    dimension: NotRequired[str]
    weight: NotRequired[float]
    reverse: NotRequired[bool]
    labels: NotRequired[list[str]]
    scores: NotRequired[list[float]]
    min: NotRequired[float]
    max: NotRequired[float]
    picks: NotRequired[list[int]]
    na: NotRequired[str]
    nm: NotRequired[str]
    satisfied: NotRequired[Literal["是", "否"]]
    scope: NotRequired[Literal["person", "unit"]]
    opposite: NotRequired[str]


class ItemSpec(ItemFields):
    """An item of the spec, with the fingerprint of what an answer to it means."""

    fp: str


class ConditionSpec(TypedDict):
    dimension: str
    at_least: float | None
    below: float | None


class ProfileSpec(TypedDict):
    id: str
    label: str
    lessons: list[str]
    when: list[ConditionSpec]


class Spec(TypedDict):
    """What ``quiz_spec`` makes of a questionnaire; the keys from ``raters`` on only on a
    rating form (kind: rating), those from ``token`` on only when the form sets them."""

    format: int
    id: str
    title: str
    version: str
    hash: str
    kind: Literal["self", "rating"]
    min_answered: float
    threshold: float | None
    dimensions: list[DimensionSpec]
    items: list[ItemSpec]
    bands: list[BandSpec]
    profiles: list[ProfileSpec]
    raters: NotRequired[str | None]
    satisfied: NotRequired[list[str]]
    min_forms: NotRequired[int]
    periods: NotRequired[list[str]]
    token: NotRequired[Literal["required", "optional"]]
    decision: NotRequired[Literal["interval", "point"]]
    overall_item: NotRequired[str]


YES_NO: tuple[Option, ...] = (Option(label="是", score=1), Option(label="否", score=0))


def options_of(item: Item) -> tuple[Option, ...]:
    """The choices of a choice item, presets and yes/no included."""
    if isinstance(item, YesNoItem):
        return YES_NO
    if isinstance(item, LikertItem) and item.scale is not None:
        return tuple(Option(label=label, score=value) for label, value in LIKERT_PRESETS[item.scale])
    if isinstance(item, TextItem):
        return ()
    assert item.options is not None
    return tuple(item.options)


def pick_range(item: MultiItem) -> tuple[int, int]:
    """How many options a multi item may pick: at least 1, at most all."""
    low = max(1, item.min or 0)
    high = item.max if item.max is not None else len(item.options)
    return low, high


def score_range(item: Item) -> tuple[float, float]:
    """The lowest and highest score an answer to *item* can earn."""
    scores = sorted(option.score for option in options_of(item))
    if not isinstance(item, MultiItem):
        return scores[0], scores[-1]
    low, high = pick_range(item)
    sums_low = [sum(scores[:k]) for k in range(low, high + 1)]
    sums_high = [sum(scores[-k:]) for k in range(low, high + 1)]
    return min(sums_low), max(sums_high)


def _bands(bands: list[Band]) -> list[BandSpec]:
    return [{"from": b.from_, "to": b.to, "label": b.label, "lessons": b.lessons} for b in bands]


#: What an answer means: the fields of a spec item its fingerprint covers.
MEANING = ("type", "text", "labels", "scores", "reverse", "picks", "na", "nm")


#: The extra choice of an item with ``not_applicable``: on a self-assessment, on a rating form.
NOT_APPLICABLE = {"self": "不适用", "rating": "不了解"}


#: The extra choice of an item with ``not_met`` (rating forms): this visit did not meet it.
NOT_MET = "未遇到"


#: Fields only a rating form (kind: rating) may set.
RATING_ONLY = ("threshold", "raters", "satisfied", "min_forms", "periods", "token", "decision",
               "overall_item")


#: Fields of an item only a rating form may set.
RATING_ITEM_ONLY = ("scope", "not_met", "satisfied")


#: The fields of a spec that its hash leaves out: labels for people, not for scoring.
UNSCORED = ("title", "version", "hash")


def item_fingerprint(entry: Mapping[str, object]) -> str:
    """The fingerprint of one spec item: changes when a saved answer to it no longer fits."""
    return fingerprint_of({key: entry[key] for key in MEANING if key in entry})


def spec_hash(spec: Mapping[str, object]) -> str:
    """The fingerprint of a spec: changes when a result made from it would differ."""
    return fingerprint_of({key: value for key, value in spec.items() if key not in UNSCORED})


def quiz_spec(quiz: Questionnaire) -> Spec:
    """The JSON both scorers read; plain text only, never HTML."""
    items: list[ItemSpec] = []
    for item in quiz.items:
        entry: ItemFields = {"id": item.id, "type": item.type, "text": item.text,
                             "required": item.required}
        if not isinstance(item, TextItem):
            low, high = score_range(item)
            entry.update({"dimension": item.dimension, "weight": item.weight,
                          "reverse": item.reverse, "labels": [o.label for o in options_of(item)],
                          "scores": [o.score for o in options_of(item)], "min": low, "max": high})
            if isinstance(item, MultiItem):
                entry["picks"] = list(pick_range(item))
            else:
                if item.not_applicable:
                    entry["na"] = NOT_APPLICABLE[quiz.kind]
                if item.not_met:
                    entry["nm"] = NOT_MET
                if isinstance(item, YesNoItem) and item.satisfied is not None:
                    entry["satisfied"] = item.satisfied
            if item.scope is not None:
                entry["scope"] = item.scope
            if isinstance(item, LikertItem) and item.opposite:
                entry["opposite"] = item.opposite
        items.append({**entry, "fp": item_fingerprint(entry)})
    spec: Spec = {
        "format": SPEC_FORMAT,
        "id": quiz.id,
        "title": quiz.title,
        "version": quiz.version,
        "hash": "",
        "kind": quiz.kind,
        "min_answered": quiz.min_answered,
        "threshold": quiz.threshold,
        "dimensions": [{"id": d.id, "name": d.name, "weight": d.weight, "bands": _bands(d.bands)}
                       for d in quiz.dimensions],
        "items": items,
        "bands": _bands(quiz.bands),
        "profiles": [{"id": p.id, "label": p.label, "lessons": p.lessons,
                      "when": [{"dimension": c.dimension, "at_least": c.at_least, "below": c.below}
                               for c in p.when]}
                     for p in quiz.profiles],
    }
    if quiz.kind == "rating":
        spec.update({"raters": quiz.raters, "satisfied": quiz.satisfied,
                     "min_forms": quiz.min_forms, "periods": quiz.periods})
        # Only when set: the hash of a form that uses none of them stays what it was.
        if quiz.token is not None:
            spec["token"] = quiz.token
        if "decision" in quiz.model_fields_set:
            spec["decision"] = quiz.decision
        if quiz.overall_item is not None:
            spec["overall_item"] = quiz.overall_item
    spec["hash"] = spec_hash(spec)
    return spec
