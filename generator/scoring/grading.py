"""The 随堂测验 of a lesson: the spec its page embeds, and grading. Twin of ``assets/kb-check.js``.

``check_spec`` turns a lesson's ``check:`` into the plain JSON the page embeds
and both graders read; ``grade`` grades answers against it. Both graders must
agree exactly: the shared vectors ``tests/vectors/grading.json`` and a property
test hold them to it, so that a record a reader hands in can be re-graded
offline. The rules (docs/course-format.md, 随堂测验):

* an answer is item id → the index of an option (``single``), a list of
  indices (``multiple``: right when it is exactly the set of right options),
  ``true``/``false`` (``truefalse``), or a list of texts, one per blank
  (``fill``: right when every blank matches one of its accepted answers);
  anything else, or no answer, is wrong;
* a fill-in answer and the accepted ones are compared after ``normalise``:
  NFKC (full-width letters, digits and signs become half-width), then every
  punctuation mark, space, separator and control or format character
  (Unicode categories P*, Z*, C*) left out, then A–Z made lower case;
* the check is passed when ``score × 100 ≥ pass × total`` (``pass`` in whole
  percent, 100 for ``pass: all``): whole numbers, no rounding anywhere;
* an item's ``fp`` covers what an answer to it means (type, text, options and
  which are right, accepted answers); a saved answer carries over to an
  edited check while its item's ``fp`` is unchanged (``scorer.carry_over``).

Python's ``unicodedata`` and the browser may know different Unicode versions:
characters assigned after Unicode 14 (none of them in everyday Chinese text)
may be normalised differently.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from generator.content.models.base import fingerprint_of
from generator.content.models.check import BLANK, CheckItem, FillIn, MultipleChoice, SingleChoice, TrueFalse
from generator.content.models.course import Course, Lesson
from generator.scoring.scorer import is_index

#: Version of the check spec embedded in lesson pages and of the records readers keep.
CHECK_FORMAT = 1

CheckSpec = dict[str, Any]


def normalise(text: str) -> str:
    """A fill-in answer as it is compared: half-width, no punctuation or spaces, a–z lower."""
    folded = unicodedata.normalize("NFKC", text)
    kept = "".join(c for c in folded if unicodedata.category(c)[0] not in "PZC")
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in kept)


def meaning(item: CheckItem) -> dict[str, Any]:
    """What an answer to *item* means: the fields its fingerprint covers."""
    data: dict[str, Any] = {"type": item.type, "text": item.text}
    if isinstance(item, SingleChoice | MultipleChoice):
        data["options"] = [o.label for o in item.options]
        data["correct"] = [i for i, o in enumerate(item.options) if o.correct]
    elif isinstance(item, TrueFalse):
        data["answer"] = item.answer
    else:
        data["blanks"] = item.blanks
    return data


def item_entry(item: CheckItem) -> CheckSpec:
    """One item of the spec: what grading needs, and the item's fingerprint."""
    entry: CheckSpec = {"id": item.id, "type": item.type}
    if isinstance(item, SingleChoice):
        entry.update(options=len(item.options),
                     answer=next(i for i, o in enumerate(item.options) if o.correct))
    elif isinstance(item, MultipleChoice):
        entry.update(options=len(item.options),
                     answer=[i for i, o in enumerate(item.options) if o.correct])
    elif isinstance(item, TrueFalse):
        entry["answer"] = item.answer
    else:
        entry["blanks"] = [list(blank) for blank in item.blanks]
    if isinstance(item, SingleChoice | MultipleChoice) and item.shuffle:
        entry["shuffle"] = True
    entry["fp"] = fingerprint_of(meaning(item))
    return entry


def shown(item: CheckItem) -> CheckSpec:
    """What the page shows of an item, plain text only: graders ignore it."""
    if isinstance(item, FillIn):
        data: CheckSpec = {"parts": BLANK.split(item.text)}
    else:
        data = {"text": item.text}
    if isinstance(item, SingleChoice | MultipleChoice):
        data["labels"] = [o.label for o in item.options]
    data["explanation"] = item.explanation
    return data


def check_spec(course: Course, lesson: Lesson) -> CheckSpec:
    """The JSON a lesson page embeds for its check, which the page renders and both graders read.

    ``hash`` changes whenever a graded result could differ (items, pass rule), not when
    only what is shown (wording of an explanation, say) changes."""
    entries = [item_entry(item) for item in lesson.check]
    percent = course.pass_percent(lesson)
    return {
        "format": CHECK_FORMAT,
        "course": course.id,
        "lesson": lesson.id,
        "pass": percent,
        "earlier": course.earlier_marks,
        "hash": fingerprint_of({"pass": percent, "items": entries}),
        "items": [entry | shown(item) for entry, item in zip(entries, lesson.check, strict=True)],
    }


def item_right(item: CheckSpec, answer: Any) -> bool:
    """Whether *answer* is right for one spec item; a missing or malformed answer is wrong."""
    kind = item["type"]
    if kind == "single":
        return is_index(answer, item["options"]) and int(answer) == int(item["answer"])
    if kind == "multiple":
        if not isinstance(answer, list) or not all(is_index(a, item["options"]) for a in answer):
            return False
        return sorted({int(a) for a in answer}) == [int(a) for a in item["answer"]]
    if kind == "truefalse":
        return isinstance(answer, bool) and answer is bool(item["answer"])
    blanks = item["blanks"]
    if not isinstance(answer, list) or len(answer) != len(blanks):
        return False
    for given, accepted in zip(answer, blanks, strict=True):
        if not isinstance(given, str):
            return False
        text = normalise(given)
        if not text or text not in [normalise(a) for a in accepted]:
            return False
    return True


def grade(spec: CheckSpec, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers (item id → answer) graded against a check spec.

    ``right`` maps every item id to whether it was answered right; ``passed``
    follows the spec's pass rule."""
    right = {item["id"]: item["id"] in answers and item_right(item, answers[item["id"]])
             for item in spec["items"]}
    score = sum(1 for ok in right.values() if ok)
    total = len(spec["items"])
    return {"score": score, "total": total,
            "passed": total > 0 and score * 100 >= spec["pass"] * total, "right": right}

