"""The roster of a 民主测评 form (``roster:``): a CSV file of the cadres it rates.

One simple format: UTF-8 text (a BOM is allowed, as Excel and WPS write it), commas between
columns, a header row ``标识,姓名,职务`` (or ``id,name,title``), then one cadre per row. The
标识 is the stable id of the cadre on this form (lower-case letters, digits and hyphens, as
every id of the project); it is what the exported files and the 评价码 name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import ValidationError

from generator.content.models.appraisal import MAX_SUBJECTS, Subject
from generator.content.yamlevents import YamlProblem
from generator.content.yamlsource import read_bounded
from generator.errors import Problem
from generator.i18n import _

#: Field → the headers that name it.
HEADERS = {"id": ("标识", "id"), "name": ("姓名", "name"), "title": ("职务", "title")}


def read_roster(path: Path, shown: str, problems: list[Problem]) -> list[Subject] | None:
    """The cadres of the roster at *path* (shown as *shown*); None, with problems, when unusable."""
    try:
        text = read_bounded(path, shown).decode("utf-8-sig")
    except YamlProblem as exc:
        problems.append(exc.problem)
        return None
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, 1, _("expected a UTF-8 CSV file, found other bytes: "
                                               "save it as CSV UTF-8"), "bad-roster"))
        return None
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, _("cannot read the roster: {error}").format(
            error=exc.strerror or exc), "bad-roster"))
        return None
    rows = list(csv.reader(io.StringIO(text)))
    header = [cell.strip() for cell in rows[0]] if rows else []
    columns = {name: next((i for i, h in enumerate(header) if h in names), None)
               for name, names in HEADERS.items()}
    if not rows or None in columns.values():
        problems.append(Problem(shown, 1, 1, _("expected a header row 标识,姓名,职务, found {found}")
                                .format(found=",".join(header) or _("nothing")), "bad-roster"))
        return None
    before = len(problems)
    subjects: list[Subject] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {name: row[i].strip() if i is not None and i < len(row) else ""
                  for name, i in columns.items()}
        try:
            subject = Subject.model_validate(values)
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            column = (columns[field] or 0) + 1
            problems.append(Problem(shown, line, column, _(
                "expected a row with 标识 (lower-case letters, digits and hyphens), 姓名 and 职务, "
                "found {found}").format(found=",".join(row)), "bad-roster"))
            continue
        if subject.id in seen:
            problems.append(Problem(shown, line, (columns["id"] or 0) + 1, _(
                "duplicate id '{id}': expected ids unique in the roster, found it already on "
                "line {line}").format(id=subject.id, line=seen[subject.id]), "duplicate-id"))
            continue
        seen[subject.id] = line
        subjects.append(subject)
    if len(problems) > before:
        return None
    if not subjects or len(subjects) > MAX_SUBJECTS:
        problems.append(Problem(shown, 1, 1, _("expected 1 to {most} cadres in the roster, found "
                                               "{count}").format(most=MAX_SUBJECTS, count=len(subjects)),
                                "bad-roster"))
        return None
    return subjects
