"""Checks of a 民主测评 form (kind: appraisal) across fields: unique ids, and every reference
to a rater group or a grade naming one that the form declares.

Works on the raw data, like ``checks.questionnaire``, so that these errors come in the same run
as pydantic's: a list whose ids cannot all be read is not used to call a reference unknown.
"""

from __future__ import annotations

from typing import Any

from generator.checks.questionnaire import duplicate_ids
from generator.content.models.appraisal import Appraisal
from generator.content.parse import suggest, where
from generator.content.yamlsource import Document, Loc
from generator.errors import Problem
from generator.i18n import _

#: Lists of entries with an ``id``, unique within each list.
ID_LISTS = ("subjects", "groups", "scale", "dimensions", "levels", "rules")


def _ids(data: dict[str, Any], key: str) -> list[str] | None:
    """The ids of the list at *key* (its default when absent); None when one cannot be read."""
    if key not in data:
        default = Appraisal.model_fields[key].default
        return [entry.id for entry in default] if isinstance(default, list) else []
    value = data[key]
    if not isinstance(value, list):
        return None
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in value]
    return [i for i in ids if isinstance(i, str)] if all(isinstance(i, str) for i in ids) else None


def check_appraisal(doc: Document) -> list[Problem]:
    """Duplicate ids and unknown references to groups and grades, each at its file:line:col."""
    data = doc.data
    problems: list[Problem] = []

    def problem(loc: Loc, message: str, code: str = "invalid-value") -> None:
        problems.append(doc.problem(loc, where(loc) + message, code=code))

    problems += duplicate_ids(doc, ID_LISTS)

    grades = _ids(data, "scale")
    groups = _ids(data, "groups")

    def references(loc: Loc, value: Any, known: list[str] | None, what: str) -> None:
        if known is None or not isinstance(value, list):
            return
        for index, ident in enumerate(value):
            if isinstance(ident, str) and ident not in known:
                problem(loc + (index,), _("expected the id of {what}, found '{found}'{hint}").format(
                    what=what, found=ident, hint=suggest(ident, known)), "unknown-reference")

    a_grade, a_group = _("a grade of the scale"), _("a rater group")
    references(("excellent",), data.get("excellent"), grades, a_grade)
    references(("competent",), data.get("competent"), grades, a_grade)
    excellent, competent = data.get("excellent", ["youxiu"]), data.get("competent", ["youxiu", "chenzhi"])
    if isinstance(excellent, list) and isinstance(competent, list) and grades is not None:
        for ident in excellent:
            if isinstance(ident, str) and ident in grades and ident not in competent:
                problem(("competent",), _("expected the grades of 'excellent' among those of "
                                          "'competent' (称职率 includes 优秀), found '{id}' "
                                          "missing").format(id=ident))
    rules = data.get("rules")
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, dict):
            references(("rules", index, "grades"), rule.get("grades"), grades, a_grade)
            references(("rules", index, "groups"), rule.get("groups"), groups, a_group)
    return problems
