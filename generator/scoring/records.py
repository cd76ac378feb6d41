"""The study record: its course spec, and the 学习记录码 printed on the 学习记录. Twin of
``assets/kb-record-code.js``.

``record_spec`` is what a course page needs to write a record and its code: the course's
version and, in order, each lesson with its check's items (no answers; each item's
fingerprint ``fp``, so that the page carries saved answers over as kb-check.js does, and the
code holds only answers to the items as they are now). The build embeds it in the course page
(``.kbp-spec``). The *version* is a
fingerprint of the lesson ids in order and of each check's hash, so it changes whenever a
code's layout or the meaning of an answer could change.

A 学习记录码 is ``R V FFFFFFF TTTTT DDD AAAA… CC`` in the alphabet of result codes
(``codes.ALPHABET``, no 0/O, 1/I/L):

* ``R``  the symbol R, so that a record code is never taken for a result code (``3…``);
* ``V``  the code format (1);
* ``F``  seven symbols of the course version: a code is read only against that version;
* ``T``  the minute the record was made (since 2020-01-01 UTC): of two records of one
  cadre the later counts;
* ``D``  the day of the latest study (days since 2020-01-01, 0 for none);
* ``A``  one mixed-radix number over the lessons in course order: for each lesson a
  studied bit; for a lesson with a check, then each item's answer: ``single`` 0 unanswered
  or option + 1, ``multiple`` the bitmask of its picks, ``truefalse`` 0 unanswered, 1 true,
  2 false, ``fill`` 1 when the page graded it right, else 0;
* ``CC`` the check symbols of result codes, so every single mistyped symbol and every swap
  of two neighbours is caught.

What a code proves: which lessons the record marks studied, and the answers to the choice
and true/false items, which ``register`` re-grades. A code cannot carry the words of a
fill-in answer: for those it carries only the page's verdict, which register takes as
written and says so. The code does not name the cadre: the person typing it in writes
姓名 and 单位 beside it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from generator.content.models.base import fingerprint_of
from generator.content.models.course import Course
from generator.i18n import _
from generator.scoring.codes import (
    ALPHABET,
    EPOCH,
    HASH_SYMBOLS,
    TIME_SYMBOLS,
    CodeError,
    checks,
    code_text,
    grouped,
    minute_of,
    number,
    symbols,
    width,
)
from generator.scoring.grading import check_spec, grade
from generator.scoring.scorer import is_index

#: The first symbol of every 学习记录码.
MARK = ALPHABET.index("R")
#: The format of the code (its second symbol).
CODE_VERSION = 1
#: Symbols of the latest study day: 31**3 days, some eighty years.
DAY_SYMBOLS = 3
#: The study record files the page exports, and its version written now.
RECORD_FORMAT = "kb-study-record"
RECORD_VERSION = 2

RecordSpec = dict[str, Any]
#: One lesson of a record as a code holds it: studied, answers of choice items, fill verdicts.
LessonState = dict[str, Any]


def record_spec(course: Course) -> RecordSpec:
    """The course as records and codes see it: version, lessons in order, check layouts."""
    lessons: list[RecordSpec] = []
    for _module, lesson in course.lessons():
        check: RecordSpec | None = None
        if lesson.check:
            spec = check_spec(course, lesson)
            items: list[RecordSpec] = []
            for entry in spec["items"]:
                item: RecordSpec = {"id": entry["id"], "type": entry["type"], "fp": entry["fp"]}
                if "options" in entry:
                    item["options"] = entry["options"]
                items.append(item)
            check = {"hash": spec["hash"], "items": items}
        lessons.append({"id": lesson.id, "channel": lesson.channel, "hours": lesson.hours,
                        "check": check})
    version = fingerprint_of({"course": course.id, "lessons": [
        [entry["id"], entry["check"]["hash"] if entry["check"] else ""] for entry in lessons]})
    return {"course": course.id, "version": version, "lessons": lessons}


def _item_radix(item: RecordSpec) -> int:
    kind = item["type"]
    if kind == "single":
        return int(item["options"]) + 1
    if kind == "multiple":
        return int(2 ** int(item["options"]))
    return 3 if kind == "truefalse" else 2


def _item_digit(item: RecordSpec, state: LessonState) -> int:
    answers: dict[str, Any] = state.get("answers") or {}
    kind, answer = item["type"], answers.get(item["id"])
    if kind == "single":
        return int(answer) + 1 if answer is not None and is_index(answer, int(item["options"])) else 0
    if kind == "multiple":
        picks = answer if isinstance(answer, list) else []
        return sum(1 << int(a) for a in {int(a) for a in picks if is_index(a, int(item["options"]))})
    if kind == "truefalse":
        return 1 if answer is True else 2 if answer is False else 0
    fill: dict[str, Any] = state.get("fill") or {}
    return 1 if fill.get(item["id"]) is True else 0


def _radices(spec: RecordSpec) -> list[int]:
    radices = []
    for lesson in spec["lessons"]:
        radices.append(2)
        if lesson["check"]:
            radices += [_item_radix(item) for item in lesson["check"]["items"]]
    return radices


def _width(spec: RecordSpec) -> int:
    return width(_radices(spec))


def day_number(day: str | None) -> int:
    """Days from 2020-01-01 to a date written ``2027-03-01`` (0 for none or before)."""
    if not day:
        return 0
    return max(0, (date.fromisoformat(day[:10]) - EPOCH.date()).days)


def encode(spec: RecordSpec, made: str, last: str | None, lessons: dict[str, LessonState]) -> str:
    """The code of a record made at *made* (ISO time), last studied on *last* (``2027-03-01``)."""
    number = 0
    for lesson in spec["lessons"]:
        state = lessons.get(lesson["id"]) or {}
        number = number * 2 + (1 if state.get("studied") else 0)
        for item in (lesson["check"] or {}).get("items", []):
            number = number * _item_radix(item) + _item_digit(item, state)
    values = [MARK, CODE_VERSION] + symbols(int(spec["version"][:HASH_SYMBOLS], 16), HASH_SYMBOLS)
    values += symbols(minute_of(made), TIME_SYMBOLS) + symbols(day_number(last), DAY_SYMBOLS)
    values += symbols(number, _width(spec))
    values += checks(values)
    return grouped("".join(ALPHABET[v] for v in values))


def decode(code: str, spec: RecordSpec) -> tuple[str, str | None, dict[str, LessonState]]:
    """The made minute, latest study day and lesson states of a code; CodeError otherwise."""
    text = code_text(code)
    shown = repr(code)
    wrong = sorted({c for c in text if c not in ALPHABET})
    if wrong:
        raise CodeError(_("学习记录码 {code}: expected only the symbols {alphabet}, found {found} "
                          "(codes use no 0, O, 1, I or L)").format(
                              code=shown, alphabet=ALPHABET, found=", ".join(repr(c) for c in wrong)))
    if not text.startswith("R"):
        raise CodeError(_("学习记录码 {code}: expected a 学习记录码 (it starts with R), found a "
                          "questionnaire's result code or another code").format(code=shown))
    head = 2 + HASH_SYMBOLS + TIME_SYMBOLS + DAY_SYMBOLS
    if len(text) < head + 3:
        raise CodeError(_("学习记录码 {code}: expected at least {count} symbols, found {found}").format(
            code=shown, count=head + 3, found=len(text)))
    values = [ALPHABET.index(c) for c in text]
    if checks(values[:-2]) != tuple(values[-2:]):
        raise CodeError(_("学习记录码 {code}: the check symbols do not match: a symbol is mistyped "
                          "or missing; compare it with the printed 学习记录").format(code=shown))
    if values[1] != CODE_VERSION:
        raise CodeError(_("学习记录码 {code}: expected a code of format {version}, found format "
                          "{found}").format(code=shown, version=CODE_VERSION, found=values[1]))
    if number(values[2:2 + HASH_SYMBOLS]) != int(spec["version"][:HASH_SYMBOLS], 16):
        raise CodeError(_("学习记录码 {code}: expected a code of the current version of course "
                          "'{id}', found one of another course or another version: hand in the "
                          "exported record file (.json) instead").format(code=shown, id=spec["course"]))
    at = 2 + HASH_SYMBOLS
    minute = number(values[at:at + TIME_SYMBOLS])
    day = number(values[at + TIME_SYMBOLS:head])
    made = (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%MZ")
    last = (EPOCH.date() + timedelta(days=day)).isoformat() if day else None
    body = values[head:-2]
    if len(body) != _width(spec):
        raise CodeError(_("学习记录码 {code}: expected {count} lesson symbols for course '{id}', "
                          "found {found}").format(code=shown, count=_width(spec), id=spec["course"],
                                                  found=len(body)))
    rest = number(body)
    lessons: dict[str, LessonState] = {}
    for lesson in reversed(spec["lessons"]):
        answers: dict[str, Any] = {}
        fill: dict[str, bool] = {}
        for item in reversed((lesson["check"] or {}).get("items", [])):
            rest, digit = divmod(rest, _item_radix(item))
            kind = item["type"]
            if kind == "fill":
                fill[item["id"]] = digit == 1
            elif kind == "multiple" and digit:
                answers[item["id"]] = [i for i in range(int(item["options"])) if digit >> i & 1]
            elif kind == "truefalse" and digit:
                answers[item["id"]] = digit == 1
            elif kind == "single" and digit:
                answers[item["id"]] = digit - 1
        rest, studied = divmod(rest, 2)
        state: LessonState = {"studied": bool(studied)}
        if lesson["check"]:
            order = [i["id"] for i in lesson["check"]["items"]]
            state["answers"] = {k: answers[k] for k in order if k in answers}
            state["fill"] = {k: fill[k] for k in order if k in fill}
        lessons[lesson["id"]] = state
    if rest:
        raise CodeError(_("学习记录码 {code}: expected lessons that fit course '{id}', found a "
                          "number too large for them").format(code=shown, id=spec["course"]))
    return made, last, {entry["id"]: lessons[entry["id"]] for entry in spec["lessons"]}


def record_document(course: Course, made: str, profile: dict[str, str], studied: dict[str, str],
                    answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A study record v2 as the course page writes it, with its 学习记录码.

    *studied*: lesson id → ISO time marked studied; *answers*: lesson id → the answers last
    given to its check (graded here as the page grades them). For examples, tests and
    benchmarks; the page's own writer is the reference for readers."""
    spec = record_spec(course)
    lessons: dict[str, Any] = {}
    states: dict[str, LessonState] = {}
    for _module, lesson in course.lessons():
        given = answers.get(lesson.id)
        when = studied.get(lesson.id)
        if when is None and given is None:
            continue
        entry: dict[str, Any] = {"hours": lesson.hours}
        state: LessonState = {"studied": False}
        if given is not None and lesson.check:
            check = check_spec(course, lesson)
            result = grade(check, given)
            when = when or (made if result["passed"] else None)
            entry["check"] = {"date": when or made, "passed": result["passed"],
                              "score": result["score"], "total": result["total"], "answers": given,
                              "fps": {item["id"]: item["fp"] for item in check["items"]}}
            state["answers"] = given
            state["fill"] = {item["id"]: result["right"][item["id"]]
                             for item in check["items"] if item["type"] == "fill"}
        if when is not None:
            entry["studied"] = when
            state["studied"] = True
        lessons[lesson.id] = entry
        states[lesson.id] = state
    days = [str(e["studied"])[:10] for e in lessons.values() if "studied" in e]
    return {"format": RECORD_FORMAT, "version": RECORD_VERSION, "date": made,
            "profile": {"name": profile.get("name", ""), "unit": profile.get("unit", ""),
                        "number": profile.get("number", "")},
            "course": {"id": course.id, "version": spec["version"]},
            "lessons": lessons, "code": encode(spec, made, max(days, default=None), states)}
