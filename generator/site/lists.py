"""The data a responsibility list's page embeds for its script."""

from __future__ import annotations

from typing import Any

from generator.content.models.responsibility import NUMBER_COLUMN, ResponsibilityList


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
