"""Responsibility lists: checks across fields."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.content.models.responsibility import NUMBER_COLUMN, Column, Period, ResponsibilityList
from generator.content.parse import format_loc, suggest
from generator.content.yamlsource import Document
from generator.errors import Problem
from generator.i18n import _


def check_list(doc: Document, lst: ResponsibilityList | None = None) -> list[Problem]:
    """Column keys unique; every key of a row names a column not filled in by hand.

    Runs on a valid list, or on the raw data of an invalid one as far as it is sound
    (its columns and period valid, its rows mappings), so that these errors come in
    the same run as the structural ones.
    """
    data = doc.data
    problems: list[Problem] = []
    raw_columns = data.get("columns")
    seen: dict[str, int] = {}
    for index, column in enumerate(raw_columns if isinstance(raw_columns, list) else []):
        key = column.get("key") if isinstance(column, dict) else None
        if not isinstance(key, str):
            continue
        if key in seen:
            loc = ("columns", index, "key")
            problems.append(doc.problem(loc, _(
                "{where}: duplicate key '{key}': expected each column once, found it already in "
                "columns[{first}]").format(where=format_loc(loc), key=key, first=seen[key]),
                code="duplicate-id"))
        seen.setdefault(key, index)
    columns_out = lst.table_columns() if lst is not None else _table_columns(data)
    if columns_out is None:
        return problems
    keys = list(dict.fromkeys(c.key for c in columns_out if c.key != NUMBER_COLUMN))
    by_hand = {c.key for c in columns_out if c.handwritten}
    rows = data.get("rows")
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, dict):
            continue
        for key, value in row.items():
            loc = ("rows", index, key)
            if key not in keys:
                why = (_("the number column is filled in by the page") if key == NUMBER_COLUMN
                       else _("found '{found}'{hint}").format(found=key, hint=suggest(key, keys)))
                problems.append(doc.problem(loc, _(
                    "{where}: expected the key of a column ({keys}), {why}").format(
                        where=format_loc(loc[:2]), keys=", ".join(keys), why=why),
                    key=True, code="unknown-key"))
            elif key in by_hand:
                problems.append(doc.problem(loc, _(
                    "{where}: expected nothing in a column filled in by hand, found '{found}' "
                    "(remove it, or give the column handwritten: false)").format(
                        where=format_loc(loc), found=value)))
    return problems


def _table_columns(data: dict[str, Any]) -> list[Column] | None:
    """The printed columns of an invalid list, when its columns and period are valid."""
    try:
        columns = data.get("columns")
        parsed = (None if columns is None
                  else TypeAdapter(list[Column]).validate_python(columns))
        period = Period.model_validate(data.get("period", {}))
    except ValidationError:
        return None
    probe = ResponsibilityList.model_construct(id="", title="", columns=parsed, period=period)
    return probe.table_columns()
