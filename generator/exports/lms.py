"""A course's 随堂测验 for a learning platform: GIFT and Moodle XML, both imported by Moodle.

Each lesson's items go into a category named after the course and the lesson. Single and
multiple choice become multiple-choice questions (several right options share 100 %, a wrong
pick costs 100 %: all right and nothing else, as on the site); 判断题 become true/false
questions; a fill-in item with one blank becomes a short-answer question. One with several
blanks becomes a Cloze (embedded answers) question in Moodle XML; GIFT has no such type, so
there it becomes one short-answer question per blank. The explanation is each question's
general feedback. Platforms compare short answers as typed (Moodle ignores case only): the
site's leniency on full-width forms, spaces and punctuation does not travel.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from generator.content.models.check import BLANK, CheckItem, FillIn, MultipleChoice, SingleChoice, TrueFalse
from generator.content.models.course import Course, Lesson

FORMATS = ("gift", "moodle-xml")

#: Characters GIFT reads as markup, escaped with a backslash (the backslash first).
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
#: Characters of a Cloze answer that need a backslash.
_CLOZE_SPECIAL = re.compile(r"([\\}#~/\"])")


@dataclass(frozen=True)
class Question:
    """One question for a platform: its lesson, name and item (and blank, when split)."""

    category: str
    name: str
    item: CheckItem
    blank: int | None = None


def questions(course: Course, *, split_blanks: bool) -> Iterator[Question]:
    """Every item of the course's checks, in course order."""
    for number, (_module, lesson) in enumerate(course.lessons(), start=1):
        category = _category(course, lesson, number)
        for item in lesson.check:
            name = f"{lesson.id}-{item.id}"
            if split_blanks and isinstance(item, FillIn) and len(item.blanks) > 1:
                for blank in range(len(item.blanks)):
                    yield Question(category, f"{name} ({blank + 1})", item, blank)
            else:
                yield Question(category, name, item)


def _category(course: Course, lesson: Lesson, number: int) -> str:
    # A slash separates levels of Moodle's categories: one inside a title is not a level.
    return "/".join(part.replace("/", "／") for part in (course.title, f"第 {number} 课 {lesson.title}"))


def _fraction(share: float) -> str:
    """A Moodle grade fraction, as its own list writes them (33.33333, 25, 14.28571)."""
    return f"{share:.5f}".rstrip("0").rstrip(".")


# ---- GIFT ----


def gift_escape(text: str) -> str:
    """Text as GIFT reads it back: ``~ = # { } :`` and the backslash escaped, lines joined."""
    return _GIFT_SPECIAL.sub(r"\\\1", text).replace("\r\n", "\n").replace("\n", "\\n")


def _gift_question(question: Question) -> str:
    item = question.item
    head = f"::{gift_escape(question.name)}::[plain]"
    feedback = f"####{gift_escape(item.explanation)}"
    if isinstance(item, TrueFalse):
        return f"{head}{gift_escape(item.text)} {{{'T' if item.answer else 'F'}{feedback}}}"
    if isinstance(item, SingleChoice):
        choices = " ".join(("=" if o.correct else "~") + gift_escape(o.label) for o in item.options)
        return f"{head}{gift_escape(item.text)} {{{choices} {feedback}}}"
    if isinstance(item, MultipleChoice):
        right = sum(1 for o in item.options if o.correct)
        choices = " ".join(
            f"~%{_fraction(100 / right) if o.correct else '-100'}%{gift_escape(o.label)}"
            for o in item.options)
        return f"{head}{gift_escape(item.text)} {{{choices} {feedback}}}"
    assert isinstance(item, FillIn)
    blank = question.blank or 0
    parts = BLANK.split(item.text)
    # The blank asked stays a gap; any other shows as ____ (its own question asks for it).
    text = "".join(gift_escape(part) + ("（　）" if n == blank else "____" if n < len(parts) - 1 else "")
                   for n, part in enumerate(parts))
    answers = " ".join("=" + gift_escape(a) for a in item.blanks[blank])
    return f"{head}{text} {{{answers} {feedback}}}"


def gift(course: Course) -> str:
    """The course's checks as GIFT (UTF-8 text), a category per lesson."""
    lines = [f"// {course.title}: 随堂测验 (python -m generator export-checks)", ""]
    category = None
    for question in questions(course, split_blanks=True):
        if question.category != category:
            category = question.category
            lines += [f"$CATEGORY: {category}", ""]
        lines += [_gift_question(question), ""]
    return "\n".join(lines)


# ---- Moodle XML ----


def _text(parent: ET.Element, tag: str, text: str, fmt: str = "plain_text") -> ET.Element:
    element = ET.SubElement(parent, tag, format=fmt)
    ET.SubElement(element, "text").text = text
    return element


def _moodle_question(quiz: ET.Element, question: Question) -> None:
    item = question.item
    kind = {"single": "multichoice", "multiple": "multichoice", "truefalse": "truefalse",
            "fill": "shortanswer"}[item.type]
    cloze = isinstance(item, FillIn) and len(item.blanks) > 1
    element = ET.SubElement(quiz, "question", type="multianswer" if cloze else kind)
    name = ET.SubElement(element, "name")
    ET.SubElement(name, "text").text = question.name
    if isinstance(item, FillIn) and cloze:
        gaps = iter(item.blanks)
        text = BLANK.sub(lambda _m: "{1:SHORTANSWER:" + "~".join(
            "=" + _CLOZE_SPECIAL.sub(r"\\\1", a) for a in next(gaps)) + "}",
            html.escape(item.text, quote=False))
        _text(element, "questiontext", text, "html")
    elif isinstance(item, FillIn):
        _text(element, "questiontext", BLANK.sub("（　）", item.text))
    else:
        _text(element, "questiontext", item.text)
    _text(element, "generalfeedback", item.explanation)
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = "0"
    ET.SubElement(element, "hidden").text = "0"
    if isinstance(item, SingleChoice | MultipleChoice):
        right = sum(1 for o in item.options if o.correct)
        ET.SubElement(element, "single").text = "true" if isinstance(item, SingleChoice) else "false"
        ET.SubElement(element, "shuffleanswers").text = "1" if item.shuffle else "0"
        ET.SubElement(element, "answernumbering").text = "ABCD"
        for option in item.options:
            share = ("100" if isinstance(item, SingleChoice) else _fraction(100 / right)) \
                if option.correct else ("0" if isinstance(item, SingleChoice) else "-100")
            answer = _text(element, "answer", option.label)
            answer.set("fraction", share)
    elif isinstance(item, TrueFalse):
        for value in (True, False):
            answer = _text(element, "answer", "true" if value else "false", "moodle_auto_format")
            answer.set("fraction", "100" if value == item.answer else "0")
    elif not cloze:
        assert isinstance(item, FillIn)
        ET.SubElement(element, "usecase").text = "0"
        for accepted in item.blanks[0]:
            answer = _text(element, "answer", accepted, "moodle_auto_format")
            answer.set("fraction", "100")


def moodle_xml(course: Course) -> str:
    """The course's checks as Moodle XML, a category per lesson."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" {course.title}: 随堂测验 (python -m generator export-checks) "))
    category = None
    for question in questions(course, split_blanks=False):
        if question.category != category:
            category = question.category
            element = ET.SubElement(quiz, "question", type="category")
            ET.SubElement(ET.SubElement(element, "category"), "text").text = "$course$/top/" + category
        _moodle_question(quiz, question)
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
