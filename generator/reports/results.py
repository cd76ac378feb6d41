"""Result files exported by questionnaire pages, read back for ``score`` and ``aggregate``.

The page exports ``{"format": "kb-quiz-result", "version": 1, "questionnaire":
{id, title, version, hash}, "date", "answers", "result"}``; a bare mapping of
item id → answer is accepted too (for answers typed in from paper forms).

Result files come from readers, so they are read defensively: bounded in size,
nesting and number length, and every answer checked for its shape before any
scorer sees it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.content.loading import Project
from generator.content.parse import describe, suggest
from generator.errors import GeneratorError, Problem
from generator.i18n import _
from generator.scoring.scorer import carry_over, choices, is_index
from generator.scoring.spec import Spec, quiz_spec

RESULT_FORMAT = "kb-quiz-result"

#: An exported result takes a few kilobytes; a file far larger is not one.
MAX_RESULT_BYTES = 1024 * 1024

#: Digits allowed in a whole number: answers are option numbers, dates are text.
MAX_DIGITS = 15


class BadResult(Exception):
    """A result file that cannot be used, with the place of the fault."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _whole_number(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(_("a number of {count} digits").format(count=len(text.lstrip("-"))))
    return int(text)


def _no_constant(name: str) -> float:
    raise ValueError(_("{name}, which is not a number JSON allows").format(name=name))


def read_json(path: Path, shown: str) -> Any:
    """The JSON in *path*, or BadResult: too large, not UTF-8, not JSON, nested too deeply."""
    try:
        size = path.stat().st_size
        if size > MAX_RESULT_BYTES:
            raise BadResult(Problem(shown, 1, 1, _(
                "expected a result file of at most {limit} KB, found {size:,.0f} KB").format(
                    limit=MAX_RESULT_BYTES // 1024, size=size / 1024), "too-large"))
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise BadResult(Problem(shown, 1, 1, _("cannot read it: {reason}").format(
            reason=exc.strerror), "bad-result")) from None
    except UnicodeDecodeError:
        raise BadResult(Problem(shown, 1, 1, _("expected a UTF-8 JSON result file, found other "
                                               "bytes"), "not-utf8")) from None
    try:
        return json.loads(text, parse_int=_whole_number, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise BadResult(Problem(shown, exc.lineno, exc.colno, _(
            "expected a JSON result file, found invalid JSON ({detail})").format(detail=exc.msg),
            "bad-result")) from None
    except ValueError as exc:
        raise BadResult(Problem(shown, 1, 1, _("expected a result file, found {found}").format(
            found=exc), "bad-result")) from None
    except RecursionError:
        raise BadResult(Problem(shown, 1, 1, _("expected a result file, found JSON nested too "
                                               "deeply"), "too-large")) from None


def check_answers(answers: Any, spec: Spec, shown: str) -> dict[str, Any]:
    """*answers* when each is of the right shape for its item, else BadResult naming the first.

    A choice answer is an option number, a multi answer a list of them, a text answer text.
    """
    if not isinstance(answers, dict):
        raise BadResult(Problem(shown, 1, 1, _(
            "expected the answers as an object of item id → answer, found {found}").format(
                found=describe(answers)), "bad-result"))
    items = {item["id"]: item for item in spec["items"]}
    for ident, answer in answers.items():
        item = items.get(ident)
        if item is None:
            raise BadResult(Problem(shown, 1, 1, _(
                "expected the answers to items of '{id}', found one to '{found}'{hint}").format(
                    id=spec["id"], found=ident, hint=suggest(ident, list(items))), "bad-result"))
        if item["type"] == "text":
            fits = isinstance(answer, str)
            wanted = _("text")
        elif item["type"] == "multi":
            size = len(item["scores"])
            fits = isinstance(answer, list) and all(is_index(a, size) for a in answer)
            wanted = _("a list of option numbers from 0 to {last}").format(last=size - 1)
        else:
            size = choices(item)  # 不适用 / 不了解, 未遇到: the ones after the options
            fits = is_index(answer, size)
            wanted = _("an option number from 0 to {last}").format(last=size - 1)
        if not fits:
            raise BadResult(Problem(shown, 1, 1, _("{where}: expected {expected}, found {found}")
                                    .format(where=f"answers.{ident}", expected=wanted,
                                            found=describe(answer)), "bad-result"))
    return answers


def find_spec(project: Project, ref: str) -> Spec:
    """The spec of a questionnaire named by id or by the path of its file."""
    for loaded in project.quizzes:
        path = loaded.doc.path
        if ref in (loaded.quiz.id, loaded.doc.display) or (Path(ref).exists()
                                                          and Path(ref).resolve() == path.resolve()):
            return quiz_spec(loaded.quiz)
    known = ", ".join(q.quiz.id for q in project.quizzes) or _("none")
    raise GeneratorError(_("no questionnaire '{ref}': expected the id or file of one of: {known}")
                         .format(ref=ref, known=known))


def _what_still_fits(data: dict[str, Any], spec: Spec) -> str:
    """Which answers of a result of another version still fit the questions (by fingerprint)."""
    answers, fingerprints = data.get("answers"), data.get("fingerprints")
    if not isinstance(answers, dict) or not isinstance(fingerprints, dict):
        return _("its answers may not fit the questions")
    kept, changed = carry_over(spec, answers, fingerprints)
    if not changed:
        return _("all {count} of its answers fit the current questions, but the scoring "
                 "changed: import it on the questionnaire page to score it again").format(
                     count=len(kept))
    return _("{count} of its answers fit the current questions; changed since: {changed} "
             "(import it on the questionnaire page to keep the others)").format(
                 count=len(kept), changed=", ".join(changed))


def load_answers(path: Path, spec: Spec) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The answers in *path*, and the result stored beside them if it is an export."""
    try:
        data = read_json(path, str(path))
        if not isinstance(data, dict) or data.get("format") != RESULT_FORMAT:
            return check_answers(data, spec, str(path)), None
    except BadResult as exc:
        raise GeneratorError(str(exc.problem)) from None
    quiz = data.get("questionnaire")
    quiz = quiz if isinstance(quiz, dict) else {}
    if quiz.get("id") != spec["id"]:
        raise GeneratorError(_("{path}: expected a result of '{id}', found one of '{found}'")
                             .format(path=path, id=spec["id"], found=quiz.get("id")))
    if quiz.get("hash") != spec["hash"]:
        raise GeneratorError(_(
            "{path}: expected a result of the current version of '{id}' ({version}, {hash}), "
            "found one of version {found_version} ({found_hash}): {fits}").format(
                path=path, id=spec["id"], version=spec["version"], hash=spec["hash"],
                found_version=quiz.get("version"), found_hash=quiz.get("hash"),
                fits=_what_still_fits(data, spec)))
    try:
        answers = check_answers(data.get("answers"), spec, str(path))
    except BadResult as exc:
        raise GeneratorError(str(exc.problem)) from None
    stored = data.get("result")
    return answers, stored if isinstance(stored, dict) else None
