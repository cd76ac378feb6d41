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

from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .errors import Problem
from .i18n import _
from .models.base import Text, fingerprint_of
from .models.questionnaire import (
    LIKERT_PRESETS,
    Band,
    Dimension,
    Item,
    LikertItem,
    MultiItem,
    Option,
    Profile,
    Questionnaire,
    Section,
    TextItem,
    YesNoItem,
)
from .references import LessonIds
from .validation import format_loc, suggest, where
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


@dataclass
class QuizParts:
    """What can be checked across fields of a questionnaire, valid or not.

    Each list keeps the places of the YAML (None where an entry is invalid, which
    pydantic has reported already); a set of ids is None when some entry's id could
    not be read, so that nothing is reported as unknown that may be there.
    """

    kind: str | None
    fields_set: set[str]
    dimensions: list[Dimension | None]
    dimension_ids: set[str] | None
    dimension_bands: list[list[Band] | None]
    sections: list[Section | None]
    section_ids: set[str] | None
    items: list[Item | None]
    item_ids: set[str] | None
    bands: list[Band] | None
    profiles: list[Profile | None]
    satisfied: list[str] | None
    periods: list[str] | None
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, quiz: Questionnaire) -> QuizParts:
        return cls(
            kind=quiz.kind, fields_set=set(quiz.model_fields_set),
            dimensions=list(quiz.dimensions), dimension_ids={d.id for d in quiz.dimensions},
            dimension_bands=[d.bands for d in quiz.dimensions],
            sections=list(quiz.sections), section_ids={s.id for s in quiz.sections},
            items=list(quiz.items), item_ids={i.id for i in quiz.items}, bands=quiz.bands,
            profiles=list(quiz.profiles), satisfied=quiz.satisfied, periods=quiz.periods,
            raw={"dimensions": [{"id": d.id} for d in quiz.dimensions],
                 "sections": [{"id": s.id} for s in quiz.sections],
                 "items": [{"id": i.id} for i in quiz.items],
                 "profiles": [{"id": p.id} for p in quiz.profiles]})

    @classmethod
    def read(cls, data: dict[str, Any]) -> QuizParts:
        """The parts of a questionnaire that failed validation, each validated on its own."""
        def entries(key: str, kind: Any) -> list[Any]:
            value = data.get(key, [])
            return [_valid(kind, entry) for entry in value] if isinstance(value, list) else []

        raw_dimensions = data.get("dimensions")
        dimension_bands = [_valid(list[Band], d.get("bands")) if isinstance(d, dict) else None
                           for d in (raw_dimensions if isinstance(raw_dimensions, list) else [])]
        fields = Questionnaire.model_fields
        return cls(
            kind=_valid(fields["kind"].annotation, data.get("kind", "self")),
            fields_set={key for key in data if isinstance(key, str)},
            dimensions=entries("dimensions", Dimension), dimension_ids=_raw_ids(raw_dimensions),
            dimension_bands=dimension_bands,
            sections=entries("sections", Section), section_ids=_raw_ids(data.get("sections", [])),
            items=entries("items", Item), item_ids=_raw_ids(data.get("items")),
            bands=_valid(list[Band], data.get("bands")),
            profiles=entries("profiles", Profile),
            satisfied=_valid(list[Text], data.get("satisfied", ["满意", "基本满意"])),
            periods=_valid(list[Text], data.get("periods", [])),
            raw=data)


def _valid(kind: Any, value: Any) -> Any:
    """*value* validated as *kind*, or None when it is not (pydantic reports why)."""
    if value is None:
        return None
    try:
        return _adapter(kind).validate_python(value)
    except ValidationError:
        return None


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _raw_ids(value: Any) -> set[str] | None:
    """The ``id`` of every entry of a list of mappings; None when one cannot be read."""
    if value is None:
        return set()
    if not isinstance(value, list):
        return None
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in value]
    return {i for i in ids if isinstance(i, str)} if all(isinstance(i, str) for i in ids) else None


def check_questionnaire(doc: Document, quiz: Questionnaire | QuizParts,
                        lessons: LessonIds) -> list[Problem]:
    """What the model alone cannot see: references, coverage, unique ids.

    Runs on a valid questionnaire, or on the parts of an invalid one that are
    sound, so that these errors come in the same run as the structural ones.
    """
    parts = quiz if isinstance(quiz, QuizParts) else QuizParts.of(quiz)
    problems: list[Problem] = []
    dimensions = parts.dimension_ids
    sections = parts.section_ids

    def problem(loc: Loc, message: str, code: str = "invalid-value") -> None:
        problems.append(doc.problem(loc, where(loc) + message, code=code))

    for key in ("dimensions", "sections", "items", "profiles"):
        raw = parts.raw.get(key)
        first: dict[str, int] = {}
        for index, entry in enumerate(raw if isinstance(raw, list) else []):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in first:
                line = doc.mark((key, first[ident], "id"))[0]
                problem((key, index, "id"), _("duplicate id '{id}': expected ids unique in "
                                              "{key}, found it already on line {line}").format(
                                                  id=ident, key=key, line=line), "duplicate-id")
            first.setdefault(ident, index)

    used: set[str] | None = set()
    for index, item in enumerate(parts.items):
        loc: Loc = ("items", index)
        if item is None:
            raw_item = _nth(parts.raw.get("items"), index)
            dimension = raw_item.get("dimension") if isinstance(raw_item, dict) else None
            if used is not None and isinstance(dimension, str):
                used.add(dimension)
            elif not (isinstance(raw_item, dict) and raw_item.get("type") == "text"):
                used = None  # an item that may be scored in any dimension
            continue
        if item.dimension is not None and dimensions is not None and item.dimension not in dimensions:
            problem(loc + ("dimension",), _("expected the id of a dimension, found '{found}'"
                                            "{hint}").format(
                found=item.dimension, hint=suggest(item.dimension, sorted(dimensions))),
                "unknown-reference")
        if not isinstance(item, TextItem) and item.dimension is not None and used is not None:
            used.add(item.dimension)
        if sections and item.section is None:
            problem(loc, _("missing key 'section': expected every item to name its section, "
                           "since the questionnaire has sections"), "missing-key")
        elif item.section is not None and sections is not None and item.section not in sections:
            problem(loc + ("section",), _("expected the id of a section, found '{found}'{hint}")
                    .format(found=item.section, hint=suggest(item.section, sorted(sections))),
                    "unknown-reference")
        if isinstance(item, MultiItem):
            low, high = pick_range(item)
            if high > len(item.options) or low > high:
                problem(loc + ("max",), _("expected 1 ≤ min ≤ max ≤ {count} options, found min "
                                          "{low} and max {high}").format(
                                              count=len(item.options), low=low, high=high))
                continue
        if not isinstance(item, TextItem):
            low_score, high_score = score_range(item)
            if low_score == high_score:
                problem(loc, _("expected options with different scores, found every answer "
                               "scoring {score}, which cannot be scored").format(
                                   score=f"{low_score:g}"))
    raw_dimensions = parts.raw.get("dimensions")
    for index, entry in enumerate(raw_dimensions if isinstance(raw_dimensions, list) else []):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if used is not None and isinstance(ident, str) and ident not in used:
            problem(("dimensions", index), _("expected at least one scored item in dimension "
                                             "'{id}', found none").format(id=ident))
    for index, bands in enumerate(parts.dimension_bands):
        if bands:
            problems += _check_bands(doc, ("dimensions", index, "bands"), bands)
    if parts.bands:
        problems += _check_bands(doc, ("bands",), parts.bands)
    if parts.kind == "self":
        for name in RATING_ONLY:
            if name in parts.fields_set:
                problem((name,), _("expected '{key}' only on a rating form (kind: rating), found "
                                   "it on a {kind} questionnaire").format(key=name, kind=parts.kind))
    elif parts.kind == "rating":
        if parts.satisfied is not None and all(i is not None for i in parts.items):
            labels = {o.label for item in parts.items if item is not None
                      for o in options_of(item)}
            for index, label in enumerate(parts.satisfied):
                if label not in labels:
                    problem(("satisfied", index), _("expected the text of an option of the "
                                                    "items, found '{found}'{hint}").format(
                        found=label, hint=suggest(label, sorted(labels))), "unknown-reference")
        seen_periods: dict[str, int] = {}
        for index, period in enumerate(parts.periods or []):
            if period in seen_periods:
                problem(("periods", index), _("duplicate period '{period}': expected each period "
                                              "once, found it already at periods[{first}]").format(
                    period=period, first=seen_periods[period]), "duplicate-id")
            seen_periods.setdefault(period, index)
    by_id = {item.id: item for item in parts.items if item is not None}
    for index, item in enumerate(parts.items):
        if not isinstance(item, LikertItem) or item.opposite is None:
            continue
        partner = item.opposite
        loc = ("items", index, "opposite")
        other = by_id.get(partner)
        if other is None:
            if parts.item_ids is not None and partner not in parts.item_ids:
                problem(loc, _("expected the id of an item, found '{found}'{hint}").format(
                    found=partner, hint=suggest(partner, sorted(by_id))), "unknown-reference")
        elif not isinstance(other, LikertItem):
            problem(loc, _("expected the id of a likert item, found '{found}', a {type} item")
                    .format(found=partner, type=other.type))
        elif not item.reverse or other.reverse:
            problem(loc, _("expected a reverse-keyed item naming a forward-keyed one, found "
                           "'{item}' (reverse: {item_reverse}) naming '{partner}' (reverse: "
                           "{partner_reverse})").format(
                item=item.id, item_reverse=str(item.reverse).lower(), partner=partner,
                partner_reverse=str(other.reverse).lower()))

    for index, profile in enumerate(parts.profiles):
        if profile is None:
            continue
        for ci, condition in enumerate(profile.when):
            if dimensions is not None and condition.dimension not in dimensions:
                problem(("profiles", index, "when", ci, "dimension"),
                        _("expected the id of a dimension, found '{found}'{hint}").format(
                            found=condition.dimension,
                            hint=suggest(condition.dimension, sorted(dimensions))),
                        "unknown-reference")
    for loc, refs in _lesson_refs(parts):
        for li, lesson in enumerate(refs):
            line, column = doc.mark(loc + (li,))
            if lessons.missing(lesson, (doc.display, line, column)):
                problem(loc + (li,), _("expected the id of a lesson, found '{found}'{hint}")
                        .format(found=lesson, hint=lessons.hint(lesson)), "unknown-reference")
    return problems


def _nth(value: Any, index: int) -> Any:
    return value[index] if isinstance(value, list) and index < len(value) else None


def _lesson_refs(parts: QuizParts) -> list[tuple[Loc, list[str]]]:
    refs: list[tuple[Loc, list[str]]] = [(("bands", i, "lessons"), b.lessons)
                                         for i, b in enumerate(parts.bands or [])]
    for di, bands in enumerate(parts.dimension_bands):
        refs += [(("dimensions", di, "bands", i, "lessons"), b.lessons)
                 for i, b in enumerate(bands or [])]
    refs += [(("profiles", i, "lessons"), p.lessons) for i, p in enumerate(parts.profiles)
             if p is not None]
    return refs


def _check_bands(doc: Document, loc: Loc, bands: list[Band]) -> list[Problem]:
    """Bands must tile 0–100: sorted, no gap, no overlap; the error names the gap."""
    problems = []
    where = format_loc(loc)
    order = sorted(range(len(bands)), key=lambda i: (bands[i].from_, bands[i].to))
    for i in order:
        if bands[i].to <= bands[i].from_:
            problems.append(doc.problem(loc + (i, "to"), _(
                "{where}[{index}]: expected 'to' above 'from' ({low}), found {high}").format(
                    where=where, index=i, low=f"{bands[i].from_:g}", high=f"{bands[i].to:g}")))
    if problems:
        return problems

    def gap(index: int, key: str, low: float, high: float) -> None:
        problems.append(doc.problem(loc + (index, key), _(
            "{where}: expected bands covering 0–100, found a gap from {low} to {high}").format(
                where=where, low=f"{low:g}", high=f"{high:g}"), code="band-coverage"))

    first, last = bands[order[0]], bands[order[-1]]
    if first.from_ > 0:
        gap(order[0], "from", 0, first.from_)
    for a, b in pairwise(order):
        if bands[b].from_ > bands[a].to:
            gap(b, "from", bands[a].to, bands[b].from_)
        elif bands[b].from_ < bands[a].to:
            problems.append(doc.problem(loc + (b, "from"), _(
                "{where}: expected bands that do not overlap, found {low} to {high} in two bands"
            ).format(where=where, low=f"{bands[b].from_:g}",
                     high=f"{min(bands[a].to, bands[b].to):g}"), code="band-coverage"))
    if last.to < 100:
        gap(order[-1], "to", last.to, 100)
    return problems
