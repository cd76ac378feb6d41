"""Questionnaire checks that span fields: references, coverage, unique ids, bands."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.checks.rating import check_rating
from generator.checks.references import LessonIds
from generator.content.models.base import Text
from generator.content.models.questionnaire import (
    Band,
    Item,
    LikertItem,
    MultiItem,
    Profile,
    Questionnaire,
    TextItem,
)
from generator.content.parse import format_loc, suggest, where
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import _
from generator.scoring.spec import RATING_ONLY, options_of, pick_range, score_range


def _entries(data: dict[str, Any], key: str, kind: Any) -> list[Any]:
    """Each entry of the list at *key* validated as *kind* (None where it is not)."""
    value = data.get(key, [])
    return [_valid(kind, entry) for entry in value] if isinstance(value, list) else []


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


def duplicate_ids(doc: Document, keys: tuple[str, ...]) -> list[Problem]:
    """An id met again in the list at each of *keys*, at its file:line:col, naming the first."""
    problems = []
    for key in keys:
        raw = doc.data.get(key)
        first: dict[str, int] = {}
        for index, entry in enumerate(raw if isinstance(raw, list) else []):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in first:
                loc = (key, index, "id")
                line = doc.mark((key, first[ident], "id"))[0]
                problems.append(doc.problem(loc, where(loc) + _(
                    "duplicate id '{id}': expected ids unique in {key}, found it already on line "
                    "{line}").format(id=ident, key=key, line=line), code="duplicate-id"))
            first.setdefault(ident, index)
    return problems


def check_questionnaire(doc: Document, lessons: LessonIds) -> list[Problem]:
    """What the model alone cannot see: references, coverage, unique ids.

    Works on the raw data, each part validated on its own (a dimension, an item, a
    list of bands: None where it is invalid, which pydantic has reported), so that
    these errors come in the same run as the structural ones, for a valid
    questionnaire and an invalid one alike. A set of ids is None when some entry's
    id cannot be read, so that nothing is reported as unknown that may be there.
    """
    data = doc.data
    problems: list[Problem] = []
    kind = _valid(Questionnaire.model_fields["kind"].annotation, data.get("kind", "self"))
    raw_dimensions = data.get("dimensions")
    dimensions = _raw_ids(raw_dimensions)
    dimension_bands = [_valid(list[Band], d.get("bands")) if isinstance(d, dict) else None
                       for d in (raw_dimensions if isinstance(raw_dimensions, list) else [])]
    sections = _raw_ids(data.get("sections", []))
    items: list[Item | None] = _entries(data, "items", Item)
    item_ids = _raw_ids(data.get("items"))
    bands: list[Band] | None = _valid(list[Band], data.get("bands"))
    profiles: list[Profile | None] = _entries(data, "profiles", Profile)
    satisfied: list[str] | None = _valid(list[Text], data.get(
        "satisfied", Questionnaire.model_fields["satisfied"].default))
    periods: list[str] | None = _valid(list[Text], data.get("periods", []))

    def problem(loc: Loc, message: str, code: str = "invalid-value") -> None:
        problems.append(doc.problem(loc, where(loc) + message, code=code))

    problems += duplicate_ids(doc, ("dimensions", "sections", "items", "profiles"))

    used: set[str] | None = set()
    for index, item in enumerate(items):
        loc: Loc = ("items", index)
        if item is None:
            raw_item = _nth(data.get("items"), index)
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
    for index, entry in enumerate(raw_dimensions if isinstance(raw_dimensions, list) else []):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if used is not None and isinstance(ident, str) and ident not in used:
            problem(("dimensions", index), _("expected at least one scored item in dimension "
                                             "'{id}', found none").format(id=ident))
    for index, own_bands in enumerate(dimension_bands):
        if own_bands:
            problems += _check_bands(doc, ("dimensions", index, "bands"), own_bands)
    if bands:
        problems += _check_bands(doc, ("bands",), bands)
    if kind == "self":
        for name in RATING_ONLY:
            if name in data:
                problem((name,), _("expected '{key}' only on a rating form (kind: rating), found "
                                   "it on a {kind} questionnaire").format(key=name, kind=kind))
    elif kind == "rating":
        if satisfied is not None and all(i is not None for i in items):
            labels = {o.label for item in items if item is not None
                      for o in options_of(item)}
            for index, label in enumerate(satisfied):
                if label not in labels:
                    problem(("satisfied", index), _("expected the text of an option of the "
                                                    "items, found '{found}'{hint}").format(
                        found=label, hint=suggest(label, sorted(labels))), "unknown-reference")
        seen_periods: dict[str, int] = {}
        for index, period in enumerate(periods or []):
            if period in seen_periods:
                problem(("periods", index), _("duplicate period '{period}': expected each period "
                                              "once, found it already at periods[{first}]").format(
                    period=period, first=seen_periods[period]), "duplicate-id")
            seen_periods.setdefault(period, index)
    by_id = {item.id: item for item in items if item is not None}
    for index, item in enumerate(items):
        if not isinstance(item, LikertItem) or item.opposite is None:
            continue
        partner = item.opposite
        loc = ("items", index, "opposite")
        other = by_id.get(partner)
        if other is None:
            if item_ids is not None and partner not in item_ids:
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

    for index, profile in enumerate(profiles):
        if profile is None:
            continue
        for ci, condition in enumerate(profile.when):
            if dimensions is not None and condition.dimension not in dimensions:
                problem(("profiles", index, "when", ci, "dimension"),
                        _("expected the id of a dimension, found '{found}'{hint}").format(
                            found=condition.dimension,
                            hint=suggest(condition.dimension, sorted(dimensions))),
                        "unknown-reference")
    problems += check_rating(doc, kind, items, item_ids, data.get("overall_item"))
    for loc, refs in _lesson_refs(bands, dimension_bands, profiles):
        for li, lesson in enumerate(refs):
            line, column = doc.mark(loc + (li,))
            if lessons.missing(lesson, (doc.display, line, column)):
                problem(loc + (li,), _("expected the id of a lesson, found '{found}'{hint}")
                        .format(found=lesson, hint=lessons.hint(lesson)), "unknown-reference")
    return problems


def _nth(value: Any, index: int) -> Any:
    return value[index] if isinstance(value, list) and index < len(value) else None


def _lesson_refs(bands: list[Band] | None, dimension_bands: list[list[Band] | None],
                 profiles: list[Profile | None]) -> list[tuple[Loc, list[str]]]:
    refs: list[tuple[Loc, list[str]]] = [(("bands", i, "lessons"), b.lessons)
                                         for i, b in enumerate(bands or [])]
    for di, own_bands in enumerate(dimension_bands):
        refs += [(("dimensions", di, "bands", i, "lessons"), b.lessons)
                 for i, b in enumerate(own_bands or [])]
    refs += [(("profiles", i, "lessons"), p.lessons) for i, p in enumerate(profiles)
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
