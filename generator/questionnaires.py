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

from itertools import pairwise
from typing import Any

from .errors import Problem
from .models.base import fingerprint_of
from .models.questionnaire import (
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
from .validation import format_loc, suggest
from .yamlsource import Document, Loc

#: Version of the spec embedded in pages and of exported results.
SPEC_FORMAT = 1

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


def _bands(bands: list[Band]) -> list[dict[str, Any]]:
    return [{"from": b.from_, "to": b.to, "label": b.label, "lessons": b.lessons} for b in bands]


#: What an answer means: the fields of a spec item its fingerprint covers.
MEANING = ("type", "text", "labels", "scores", "reverse", "picks", "na")

#: The extra choice of an item with ``not_applicable``: on a self-assessment, on a rating form.
NOT_APPLICABLE = {"self": "不适用", "rating": "不了解"}

#: Fields only a rating form (kind: rating) may set.
RATING_ONLY = ("threshold", "raters", "satisfied", "min_forms", "periods")

#: The fields of a spec that its hash leaves out: labels for people, not for scoring.
UNSCORED = ("title", "version", "hash")


def item_fingerprint(entry: dict[str, Any]) -> str:
    """The fingerprint of one spec item: changes when a saved answer to it no longer fits."""
    return fingerprint_of({key: entry[key] for key in MEANING if key in entry})


def spec_hash(spec: dict[str, Any]) -> str:
    """The fingerprint of a spec: changes when a result made from it would differ."""
    return fingerprint_of({key: value for key, value in spec.items() if key not in UNSCORED})


def quiz_spec(quiz: Questionnaire) -> dict[str, Any]:
    """The JSON both scorers read; plain text only, never HTML."""
    items: list[dict[str, Any]] = []
    for item in quiz.items:
        entry: dict[str, Any] = {"id": item.id, "type": item.type, "text": item.text,
                                 "required": item.required}
        if not isinstance(item, TextItem):
            low, high = score_range(item)
            entry.update(dimension=item.dimension, weight=item.weight, reverse=item.reverse,
                         labels=[o.label for o in options_of(item)],
                         scores=[o.score for o in options_of(item)], min=low, max=high)
            if isinstance(item, MultiItem):
                entry["picks"] = list(pick_range(item))
            elif item.not_applicable:
                entry["na"] = NOT_APPLICABLE[quiz.kind]
            if isinstance(item, LikertItem) and item.opposite:
                entry["opposite"] = item.opposite
        entry["fp"] = item_fingerprint(entry)
        items.append(entry)
    spec = {
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
        spec.update(raters=quiz.raters, satisfied=quiz.satisfied, min_forms=quiz.min_forms,
                    periods=quiz.periods)
    spec["hash"] = spec_hash(spec)
    return spec


def check_questionnaire(doc: Document, quiz: Questionnaire, lesson_ids: set[str]) -> list[Problem]:
    """What the model alone cannot see: references, coverage, unique ids."""
    problems: list[Problem] = []
    dimensions = {d.id for d in quiz.dimensions}
    sections = {s.id for s in quiz.sections}

    def problem(loc: Loc, message: str) -> None:
        problems.append(doc.problem(loc, f"{format_loc(loc)}: {message}"))

    for key, entries in (("dimensions", quiz.dimensions), ("sections", quiz.sections),
                         ("items", quiz.items), ("profiles", quiz.profiles)):
        first: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if entry.id in first:
                line = doc.mark((key, first[entry.id], "id"))[0]
                problem((key, index, "id"), f"duplicate id '{entry.id}': expected ids unique in "
                        f"{key}, found it already on line {line}")
            first.setdefault(entry.id, index)

    used: set[str] = set()
    for index, item in enumerate(quiz.items):
        loc: Loc = ("items", index)
        if item.dimension is not None and item.dimension not in dimensions:
            problem(loc + ("dimension",), f"expected the id of a dimension, found "
                    f"'{item.dimension}'{suggest(item.dimension, sorted(dimensions))}")
        if not isinstance(item, TextItem) and item.dimension is not None:
            used.add(item.dimension)
        if sections and item.section is None:
            problem(loc, "missing key 'section': expected every item to name its section, "
                    "since the questionnaire has sections")
        elif item.section is not None and item.section not in sections:
            problem(loc + ("section",), f"expected the id of a section, found '{item.section}'"
                    + suggest(item.section, sorted(sections)))
        if isinstance(item, MultiItem):
            low, high = pick_range(item)
            if high > len(item.options) or low > high:
                problem(loc + ("max",), f"expected 1 ≤ min ≤ max ≤ {len(item.options)} options, "
                        f"found min {low} and max {high}")
                continue
        if not isinstance(item, TextItem):
            low_score, high_score = score_range(item)
            if low_score == high_score:
                problem(loc, f"expected options with different scores, found every answer "
                        f"scoring {low_score:g}, which cannot be scored")
    for index, dimension in enumerate(quiz.dimensions):
        if dimension.id not in used:
            problem(("dimensions", index), f"expected at least one scored item in dimension "
                    f"'{dimension.id}', found none")
        problems += _check_bands(doc, ("dimensions", index, "bands"), dimension.bands)
    problems += _check_bands(doc, ("bands",), quiz.bands)
    if quiz.kind != "rating":
        for name in RATING_ONLY:
            if name in quiz.model_fields_set:
                problem((name,), f"expected '{name}' only on a rating form (kind: rating), found "
                        f"it on a {quiz.kind} questionnaire")
    else:
        labels = {o.label for item in quiz.items for o in options_of(item)}
        for index, label in enumerate(quiz.satisfied):
            if label not in labels:
                problem(("satisfied", index), f"expected the text of an option of the items, found "
                        f"'{label}'" + suggest(label, sorted(labels)))
        seen_periods: dict[str, int] = {}
        for index, period in enumerate(quiz.periods):
            if period in seen_periods:
                problem(("periods", index), f"duplicate period '{period}': expected each period "
                        f"once, found it already at periods[{seen_periods[period]}]")
            seen_periods.setdefault(period, index)
    by_id = {item.id: item for item in quiz.items}
    for index, item in enumerate(quiz.items):
        if not isinstance(item, LikertItem) or item.opposite is None:
            continue
        partner = item.opposite
        loc = ("items", index, "opposite")
        other = by_id.get(partner)
        if other is None:
            problem(loc, f"expected the id of an item, found '{partner}'" + suggest(partner, sorted(by_id)))
        elif not isinstance(other, LikertItem):
            problem(loc, f"expected the id of a likert item, found '{partner}', a {other.type} item")
        elif not item.reverse or other.reverse:
            problem(loc, f"expected a reverse-keyed item naming a forward-keyed one, found "
                    f"'{item.id}' (reverse: {str(item.reverse).lower()}) naming '{partner}' "
                    f"(reverse: {str(other.reverse).lower()})")

    for index, profile in enumerate(quiz.profiles):
        for ci, condition in enumerate(profile.when):
            if condition.dimension not in dimensions:
                problem(("profiles", index, "when", ci, "dimension"),
                        f"expected the id of a dimension, found '{condition.dimension}'"
                        + suggest(condition.dimension, sorted(dimensions)))
    for loc, lessons in _lesson_refs(quiz):
        for li, lesson in enumerate(lessons):
            if lesson not in lesson_ids:
                problem(loc + (li,), f"expected the id of a lesson, found '{lesson}'"
                        + suggest(lesson, sorted(lesson_ids)))
    return problems


def _lesson_refs(quiz: Questionnaire) -> list[tuple[Loc, list[str]]]:
    refs: list[tuple[Loc, list[str]]] = [(("bands", i, "lessons"), b.lessons)
                                         for i, b in enumerate(quiz.bands)]
    for di, dimension in enumerate(quiz.dimensions):
        refs += [(("dimensions", di, "bands", i, "lessons"), b.lessons)
                 for i, b in enumerate(dimension.bands)]
    refs += [(("profiles", i, "lessons"), p.lessons) for i, p in enumerate(quiz.profiles)]
    return refs


def _check_bands(doc: Document, loc: Loc, bands: list[Band]) -> list[Problem]:
    """Bands must tile 0–100: sorted, no gap, no overlap; the error names the gap."""
    problems = []
    where = format_loc(loc)
    order = sorted(range(len(bands)), key=lambda i: (bands[i].from_, bands[i].to))
    for i in order:
        if bands[i].to <= bands[i].from_:
            problems.append(doc.problem(loc + (i, "to"), f"{where}[{i}]: expected 'to' above "
                                        f"'from' ({bands[i].from_:g}), found {bands[i].to:g}"))
    if problems:
        return problems
    first, last = bands[order[0]], bands[order[-1]]
    if first.from_ > 0:
        problems.append(doc.problem(loc + (order[0], "from"), f"{where}: expected bands covering "
                                    f"0–100, found a gap from 0 to {first.from_:g}"))
    for a, b in pairwise(order):
        if bands[b].from_ > bands[a].to:
            problems.append(doc.problem(loc + (b, "from"), f"{where}: expected bands covering "
                                        f"0–100, found a gap from {bands[a].to:g} to "
                                        f"{bands[b].from_:g}"))
        elif bands[b].from_ < bands[a].to:
            problems.append(doc.problem(loc + (b, "from"), f"{where}: expected bands that do not "
                                        f"overlap, found {bands[b].from_:g} to "
                                        f"{min(bands[a].to, bands[b].to):g} in two bands"))
    if last.to < 100:
        problems.append(doc.problem(loc + (order[-1], "to"), f"{where}: expected bands covering "
                                    f"0–100, found a gap from {last.to:g} to 100"))
    return problems
