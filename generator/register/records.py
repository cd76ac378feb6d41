"""Study records handed in: exported files (v1, v2) and lists of 学习记录码, one at a time.

A record file v2 (what the course page exports from now on; docs/cli.md, register)::

    {"format": "kb-study-record", "version": 2, "date": "2027-03-20T08:00:00.000Z",
     "profile": {"name": "张三", "unit": "县委组织部", "number": ""},
     "course": {"id": "zhixingli", "version": "<16 hex>"},
     "lessons": {"<lesson id>": {"studied": "<ISO time>", "hours": 1.5,
                                 "check": {"date", "passed", "score", "total", "answers", "fps"}}},
     "code": "R3…"}

A v1 file (``{"format": "kb-study-record", "version": 1, "studied": {id: ISO time}}``) names
nobody: it is matched by its file name, ``姓名``, ``单位-姓名``, ``单位_姓名`` or the cadre's 编号,
and its lessons with a check, having no answers, cannot be re-graded.

A code list is a text file (UTF-8 or GB18030), one record a line: ``姓名,单位,学习记录码`` or
``姓名,单位,编号,学习记录码``, separated by commas (half- or full-width) or tabs; blank lines
and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, Problem
from generator.i18n import _
from generator.register.roster import decode
from generator.reports.results import BadResult, read_json
from generator.scoring.codes import CodeError
from generator.scoring.records import RECORD_FORMAT, RecordSpec
from generator.scoring.records import decode as decode_code

SUFFIXES = (".json", ".txt", ".csv")
#: A code list of a whole province's cadres is far smaller.
MAX_LIST_BYTES = 64 * 1024 * 1024
ISO = re.compile(r"^20[2-9]\d-\d\d-\d\d(T[0-9:.]+(Z|[+-]\d\d:?\d\d)?)?$")
SEPARATORS = re.compile(r"[,，\t]")


@dataclass(slots=True)
class Submission:
    """One cadre's record as handed in, before credit: who, when made, and each lesson."""

    source: str
    line: int
    kind: str  # "v1", "v2" or "code"
    name: str
    unit: str
    number: str
    made: str
    version: str
    lessons: dict[str, dict[str, Any]] = field(default_factory=dict)
    last: str | None = None


def is_date(value: Any) -> bool:
    return isinstance(value, str) and ISO.match(value) is not None


def files(inputs: list[Path], problems: list[Problem]) -> Iterator[Path]:
    for path in inputs:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        elif path.is_file():
            yield path
        else:
            problems.append(Problem(str(path), 1, 1, _(
                "expected a study record, a list of 学习记录码 or a folder of them, found nothing "
                "there"), "bad-record"))


def read_submissions(inputs: list[Path], spec: RecordSpec, problems: list[Problem]) -> Iterator[Submission]:
    """Every readable record under *inputs*; what cannot be read goes to *problems*."""
    for path in files(inputs, problems):
        if path.suffix.lower() == ".json":
            try:
                yield _from_json(path, str(path), spec)
            except BadResult as exc:
                problems.append(exc.problem)
        else:
            yield from _from_codes(path, str(path), spec, problems)


def _bad(shown: str, message: str) -> BadResult:
    return BadResult(Problem(shown, 1, 1, message, "bad-record"))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _from_json(path: Path, shown: str, spec: RecordSpec) -> Submission:
    data = read_json(path, shown)
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        raise _bad(shown, _("expected a study record exported by a course page (format {format}), "
                            "found another JSON document").format(format=RECORD_FORMAT))
    if data.get("version") == 1 and isinstance(data.get("studied"), dict):
        dates = {k: v for k, v in data["studied"].items() if isinstance(k, str) and is_date(v)}
        made = max(dates.values(), default="")
        return Submission(shown, 1, "v1", path.stem, "", "", made, "",
                          {k: {"studied": v} for k, v in dates.items()})
    profile, course, lessons = data.get("profile"), data.get("course"), data.get("lessons")
    if data.get("version") != 2 or not isinstance(profile, dict) or not isinstance(course, dict) \
            or not isinstance(lessons, dict):
        raise _bad(shown, _("expected a study record of version 1 or 2 with profile, course and "
                            "lessons, found version {version}").format(version=data.get("version")))
    if course.get("id") != spec["course"]:
        raise _bad(shown, _("expected a record of course '{id}', found one of '{found}'").format(
            id=spec["course"], found=course.get("id")))
    name, unit = _text(profile.get("name")), _text(profile.get("unit"))
    if not name or not unit:
        raise _bad(shown, _("expected the cadre's 姓名 and 单位 in the record's profile, found "
                            "{name}, {unit}").format(name=name or "—", unit=unit or "—"))
    kept: dict[str, dict[str, Any]] = {}
    for ident, entry in lessons.items():
        if not isinstance(entry, dict):
            raise _bad(shown, _("expected each lesson of the record as a mapping, found {found} "
                                "for '{id}'").format(found=type(entry).__name__, id=ident))
        check = entry.get("check")
        if check is not None and not (isinstance(check, dict) and isinstance(check.get("answers"), dict)
                                      and isinstance(check.get("fps", {}), dict)):
            raise _bad(shown, _("expected the check of lesson '{id}' with its answers, found "
                                "{found}").format(id=ident, found=str(check)[:80]))
        kept[str(ident)] = entry
    made = data.get("date") if is_date(data.get("date")) else ""
    return Submission(shown, 1, "v2", name, unit, _text(profile.get("number")), str(made),
                      _text(course.get("version")), kept)


def _lines(path: Path, shown: str, problems: list[Problem]) -> Iterator[tuple[int, str]]:
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            problems.append(Problem(shown, 1, 1, _("expected a list of 学习记录码 of at most {size} "
                                                   "MB").format(size=MAX_LIST_BYTES >> 20), "too-large"))
            return
        text, _encoding = decode(path.read_bytes(), shown)
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, _("cannot read it: {reason}").format(
            reason=exc.strerror), "bad-record"))
        return
    except GeneratorError as exc:
        problems.append(Problem(shown, 1, 1, exc.message, "not-utf8"))
        return
    at, number = 0, 0
    while at < len(text):  # a line at a time: no list of every line of a long list
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        number += 1
        yield number, text[at:end].strip()
        at = end + 1


def _from_codes(path: Path, shown: str, spec: RecordSpec, problems: list[Problem]) -> Iterator[Submission]:
    for number, text in _lines(path, shown, problems):
        if not text or text.startswith("#"):
            continue
        parts = [p.strip() for p in SEPARATORS.split(text)]
        if len(parts) not in (3, 4) or not parts[0] or not parts[1]:
            problems.append(Problem(shown, number, 1, _(
                "expected 姓名,单位,学习记录码 or 姓名,单位,编号,学习记录码, found {found}").format(
                    found=repr(text[:80])), "bad-record"))
            continue
        try:
            made, last, lessons = decode_code(parts[-1], spec)
        except CodeError as exc:
            problems.append(Problem(shown, number, 1, exc.message, "bad-record"))
            continue
        yield Submission(shown, number, "code", parts[0], parts[1],
                         parts[2] if len(parts) == 4 else "", made, spec["version"], lessons, last)
