"""Checks of a rating form's own fields (kind: rating): tokens, the overall item, yes/no items
with a satisfied answer, 未遇到, and the scope of each item.

The one warning of the project lives here: a scored item of a rating form that does not say
whether it is about the rated cadre or about the unit (``scope``). Warnings are printed and
never fail ``validate`` or ``build`` (``Problem.warning``).
"""

from __future__ import annotations

from typing import Any

from generator.content.models.questionnaire import Item, MultiItem, TextItem, YesNoItem
from generator.content.parse import suggest, where
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import _
from generator.scoring.spec import RATING_ITEM_ONLY


def check_rating(doc: Document, kind: str | None, items: list[Item | None],
                 item_ids: set[str] | None, overall: Any) -> list[Problem]:
    """Errors (and warnings) of the fields that belong to rating forms.

    *items* are None where invalid; *item_ids* is None when some id could not be read;
    *overall* is the ``overall_item`` as written."""
    problems: list[Problem] = []

    def problem(loc: Loc, message: str, code: str = "invalid-value", warning: bool = False) -> None:
        found = doc.problem(loc, where(loc) + message, code=code)
        problems.append(found.as_warning() if warning else found)

    for index, item in enumerate(items):
        if item is None or isinstance(item, TextItem):
            continue
        loc: Loc = ("items", index)
        if kind != "rating":
            for name in RATING_ITEM_ONLY:
                if name in item.model_fields_set:
                    problem(loc + (name,), _("expected '{key}' only on a rating form (kind: rating), "
                                             "found it on a {kind} questionnaire").format(
                                                 key=name, kind=kind))
            continue
        if isinstance(item, YesNoItem) and item.satisfied is None:
            problem(loc, _("missing key 'satisfied': expected a yes/no item of a rating form to "
                           "say which answer counts as satisfied (是 or 否)"), "missing-key")
        if item.scope is None:
            problem(loc, _("expected 'scope: person' (what the rated cadre does) or 'scope: unit' "
                           "(what the unit decides, such as waiting time, queue order or fees, "
                           "kept out of the cadre's 满意率); counted as person"), warning=True)
    if kind == "rating" and isinstance(overall, str):
        by_id = {item.id: item for item in items if item is not None}
        item = by_id.get(overall)
        if item is None:
            if item_ids is not None and overall not in item_ids:
                problem(("overall_item",), _("expected the id of an item, found '{found}'{hint}")
                        .format(found=overall, hint=suggest(overall, sorted(by_id))),
                        "unknown-reference")
        elif isinstance(item, TextItem | MultiItem):
            problem(("overall_item",), _("expected a single-answer item (likert, single or yesno) "
                                         "as the overall item, found '{found}', a {type} item")
                    .format(found=overall, type=item.type))
        elif item.scope == "unit":
            problem(("overall_item",), _("expected an overall item about the rated cadre, found "
                                         "'{found}' with scope: unit").format(found=overall))
    return problems
