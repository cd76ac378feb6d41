"""Responsibility lists: checks across fields, and the data their page embeds."""

from __future__ import annotations

from typing import Any

from .errors import Problem
from .models.responsibility import ResponsibilityList
from .validation import format_loc, suggest
from .yamlsource import Document

#: The column numbered by the page itself.
NUMBER_COLUMN = "no"


def list_spec(lst: ResponsibilityList) -> dict[str, Any]:
    """What the page script needs: columns, pre-filled rows, blank rows. Text only."""
    columns = lst.table_columns()
    return {
        "format": 1,
        "id": lst.id,
        "title": lst.title,
        "hash": lst.fingerprint(),
        "columns": [{"key": c.key, "name": c.name, "handwritten": c.handwritten}
                    for c in columns],
        "rows": [{c.key: row.get(c.key, "") for c in columns if c.key != NUMBER_COLUMN}
                 for row in lst.rows],
        "blank": lst.blank_rows,
    }


def check_list(doc: Document, lst: ResponsibilityList) -> list[Problem]:
    """Column keys unique; every key of a row names a column not filled in by hand."""
    problems: list[Problem] = []
    columns = lst.columns or []
    seen: dict[str, int] = {}
    for index, column in enumerate(columns):
        if column.key in seen:
            loc = ("columns", index, "key")
            problems.append(doc.problem(loc, f"{format_loc(loc)}: duplicate key '{column.key}': "
                                        f"expected each column once, found it already in "
                                        f"columns[{seen[column.key]}]"))
        seen.setdefault(column.key, index)
    columns_out = lst.table_columns()
    keys = list(dict.fromkeys(c.key for c in columns_out if c.key != NUMBER_COLUMN))
    by_hand = {c.key for c in columns_out if c.handwritten}
    for index, row in enumerate(lst.rows):
        for key in row:
            if key not in keys:
                loc = ("rows", index, key)
                why = ("the number column is filled in by the page" if key == NUMBER_COLUMN
                       else f"found '{key}'{suggest(key, keys)}")
                problems.append(doc.problem(loc, f"{format_loc(loc[:2])}: expected the key of a "
                                            f"column ({', '.join(keys)}), {why}", key=True))
            elif key in by_hand:
                loc = ("rows", index, key)
                problems.append(doc.problem(loc, f"{format_loc(loc)}: expected nothing in a column "
                                            f"filled in by hand, found '{row[key]}' (remove it, or "
                                            "give the column handwritten: false)"))
    return problems
