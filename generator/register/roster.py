"""The 干部名册: a CSV or XLSX file of cadres, read once and held.

CSV as Excel and WPS write it in China: a UTF-8 BOM means UTF-8, a UTF-16 BOM UTF-16 (Excel's
“Unicode 文本”, tab-separated); otherwise the bytes must decode as UTF-8 strictly, else as
GB18030 strictly, else the file is refused: no encoding is ever guessed. Commas, tabs or
semicolons separate the columns, whichever the header row uses. The header row is the first
of the first ten rows that names both 姓名 and 单位 (a title row above it is skipped).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GeneratorError, Problem
from generator.i18n import _
from generator.register.names import normalise

#: Column → the headers that name it (compared after ``normalise``).
COLUMNS = {
    "name": ("姓名", "名字"),
    "unit": ("单位", "工作单位", "所在单位", "单位名称", "部门"),
    "title": ("职务", "现任职务", "职务名称"),
    "level": ("层级", "职级", "级别", "干部层级"),
    "number": ("编号", "干部编号", "人员编号", "工号"),
}
#: Largest roster read: a county's or a city's cadres fit many times over.
MAX_BYTES = 64 * 1024 * 1024
HEADER_ROWS = 10


@dataclass(slots=True)
class Cadre:
    line: int
    name: str
    unit: str
    title: str
    level: str
    number: str
    unit_index: int


@dataclass
class Roster:
    path: str
    encoding: str
    cadres: list[Cadre] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    by_key: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    by_number: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)


def decode(data: bytes, shown: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in; refuse what is neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError as exc:
        raise GeneratorError(_(
            "{path}: expected a roster in UTF-8 or GB18030 (as Excel and WPS save CSV), found "
            "bytes that are neither (byte {offset}): save it again as “CSV UTF-8” or as .xlsx")
            .format(path=shown, offset=exc.start + 1)) from None


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path, shown: str) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise GeneratorError(_("{path}: expected an Excel workbook (.xlsx), found one that cannot "
                               "be read ({reason})").format(path=shown, reason=exc)) from None
    try:
        sheet = book.worksheets[0]
        return [(number, [_cell(v) for v in row])
                for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def _header(rows: list[tuple[int, list[str]]], shown: str) -> tuple[int, dict[str, int]]:
    for index, (_line, row) in enumerate(rows[:HEADER_ROWS]):
        cells = [normalise(c) for c in row]
        found = {key: next((i for i, c in enumerate(cells) if c in names), -1)
                 for key, names in COLUMNS.items()}
        if found["name"] >= 0 and found["unit"] >= 0:
            return index, found
    raise GeneratorError(_("{path}: expected a header row naming the columns 姓名 and 单位 (and "
                           "optionally 职务, 层级, 编号) in the first {rows} rows, found none").format(
                               path=shown, rows=HEADER_ROWS))


def read_roster(path: Path, shown: str, problems: list[Problem]) -> Roster:
    """The roster at *path* (.csv or .xlsx); rows that cannot be used go to *problems*."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise GeneratorError(_("{path}: expected a roster of at most {size} MB").format(
                path=shown, size=MAX_BYTES // 1024 // 1024))
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            rows, encoding = _xlsx_rows(path, shown), "xlsx"
        else:
            text, encoding = decode(path.read_bytes(), shown)
            rows = _csv_rows(text)
    except OSError as exc:
        raise GeneratorError(_("{path}: cannot read the roster: {reason}").format(
            path=shown, reason=exc.strerror)) from None
    start, columns = _header(rows, shown)
    roster = Roster(shown, encoding)
    unit_index: dict[str, int] = {}
    first_line: dict[tuple[str, str, str], int] = {}
    for line, row in rows[start + 1:]:
        values = {key: (row[i].strip() if 0 <= i < len(row) else "") for key, i in columns.items()}
        if not any(values.values()):
            continue
        if not values["name"] or not values["unit"]:
            problems.append(Problem(shown, line, 1, _(
                "roster row: expected both 姓名 and 单位, found {name}, {unit}").format(
                    name=values["name"] or "—", unit=values["unit"] or "—"), "bad-roster"))
            continue
        unit_n, name_n, number_n = (normalise(values[k]) for k in ("unit", "name", "number"))
        key = (unit_n, name_n)
        same = first_line.get((unit_n, name_n, number_n))
        if same is not None:
            problems.append(Problem(shown, line, 1, _(
                "roster row: {name} of {unit} is also on line {other}: give each a different "
                "编号; a record without 编号 cannot be told apart").format(
                    name=values["name"], unit=values["unit"], other=same), "bad-roster"))
        first_line.setdefault((unit_n, name_n, number_n), line)
        if number_n and number_n in roster.by_number:
            other = roster.cadres[roster.by_number[number_n]]
            problems.append(Problem(shown, line, 1, _(
                "roster row: 编号 {number} is also on line {other}").format(
                    number=values["number"], other=other.line), "bad-roster"))
            continue
        index = len(roster.cadres)
        if unit_n not in unit_index:
            unit_index[unit_n] = len(roster.units)
            roster.units.append(values["unit"])
        roster.cadres.append(Cadre(line, values["name"], values["unit"], values["title"],
                                   values["level"], values["number"], unit_index[unit_n]))
        roster.by_key.setdefault(key, []).append(index)
        roster.by_name.setdefault(name_n, []).append(index)
        if number_n:
            roster.by_number[number_n] = index
    return roster
