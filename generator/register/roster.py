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
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
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
    by_number: dict[str, int] = field(default_factory=dict)
    # 单位 → 姓名 → row(s), and 姓名 → row(s): one int for one row (nearly always), a list for more.
    _by_key: dict[str, dict[str, int | list[int]]] = field(default_factory=dict)
    _by_name: dict[str, int | list[int]] = field(default_factory=dict)

    def with_key(self, unit: str, name: str) -> list[int]:
        """The rows of the normalised *unit* and *name*."""
        return _rows(self._by_key.get(unit, {}).get(name))

    def with_name(self, name: str) -> list[int]:
        return _rows(self._by_name.get(name))

    def add_index(self, unit: str, name: str, index: int) -> None:
        names = self._by_key.setdefault(unit, {})
        names[name] = _more(names.get(name), index)
        self._by_name[name] = _more(self._by_name.get(name), index)


def _rows(found: int | list[int] | None) -> list[int]:
    return [] if found is None else [found] if isinstance(found, int) else found


def _more(found: int | list[int] | None, index: int) -> int | list[int]:
    return index if found is None else [*_rows(found), index]


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


Rows = Iterator[tuple[int, list[str]]]


def _csv_rows(text: str) -> Rows:
    """Numbered rows, one at a time (the number is the line a row starts on)."""
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path, shown: str) -> Rows:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise GeneratorError(_("{path}: expected an Excel workbook (.xlsx), found one that cannot "
                               "be read ({reason})").format(path=shown, reason=exc)) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in row]
    finally:
        book.close()


def _header(rows: list[tuple[int, list[str]]], shown: str) -> tuple[int, dict[str, int]]:
    for index, (_line, row) in enumerate(rows):
        cells = [normalise(c) for c in row]
        found = {key: next((i for i, c in enumerate(cells) if c in names), -1)
                 for key, names in COLUMNS.items()}
        if found["name"] >= 0 and found["unit"] >= 0:
            return index, found
    raise GeneratorError(_("{path}: expected a header row naming the columns 姓名 and 单位 (and "
                           "optionally 职务, 层级, 编号) in the first {rows} rows, found none").format(
                               path=shown, rows=HEADER_ROWS))


def _same(normal: str, text: str) -> str:
    """*text* itself when normalising left it as it was: one string object, not two."""
    return text if normal == text else normal


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
    head = list(islice(rows, HEADER_ROWS))
    start, columns = _header(head, shown)
    roster = Roster(shown, encoding)
    unit_index: dict[str, int] = {}
    shared: dict[str, str] = {}  # one string object for each 单位, 职务 and 层级 however often
    for line, row in chain(head[start + 1:], rows):
        values = {key: (row[i].strip() if 0 <= i < len(row) else "") for key, i in columns.items()}
        for column in ("unit", "title", "level"):
            values[column] = shared.setdefault(values[column], values[column])
        if not any(values.values()):
            continue
        if not values["name"] or not values["unit"]:
            problems.append(Problem(shown, line, 1, _(
                "roster row: expected both 姓名 and 单位, found {name}, {unit}").format(
                    name=values["name"] or "—", unit=values["unit"] or "—"), "bad-roster"))
            continue
        unit_n, name_n, number_n = (_same(normalise(values[k]), values[k])
                                    for k in ("unit", "name", "number"))
        unit_n = shared.setdefault(unit_n, unit_n)
        same = next((roster.cadres[i].line for i in roster.with_key(unit_n, name_n)
                     if normalise(roster.cadres[i].number) == number_n), None)
        if same is not None:
            problems.append(Problem(shown, line, 1, _(
                "roster row: {name} of {unit} is also on line {other}: give each a different "
                "编号; a record without 编号 cannot be told apart").format(
                    name=values["name"], unit=values["unit"], other=same), "bad-roster"))
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
        roster.cadres.append(Cadre(line, name_n if name_n == values["name"] else values["name"],
                                   values["unit"], values["title"],
                                   values["level"], values["number"], unit_index[unit_n]))
        roster.add_index(unit_n, name_n, index)
        if number_n:
            roster.by_number[number_n] = index
    return roster
