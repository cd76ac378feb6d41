"""Result files exported by questionnaire pages, read back for ``score``.

The page exports ``{"format": "kb-quiz-result", "version": 1, "questionnaire":
{id, title, version, hash}, "date", "answers", "result"}``; a bare mapping of
item id → answer is accepted too (for answers typed in from paper forms).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import GeneratorError
from .project import Project
from .questionnaires import quiz_spec

RESULT_FORMAT = "kb-quiz-result"


def find_spec(project: Project, ref: str) -> dict[str, Any]:
    """The spec of a questionnaire named by id or by the path of its file."""
    for loaded in project.quizzes:
        path = loaded.doc.path
        if ref in (loaded.quiz.id, loaded.doc.display) or (Path(ref).exists()
                                                          and Path(ref).resolve() == path.resolve()):
            return quiz_spec(loaded.quiz)
    known = ", ".join(q.quiz.id for q in project.quizzes) or "none"
    raise GeneratorError(f"no questionnaire '{ref}': expected the id or file of one of: {known}")


def load_answers(path: Path, spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The answers in *path*, and the result stored beside them if it is an export."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise GeneratorError(f"{path}: cannot read it: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f":{exc.lineno}:{exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise GeneratorError(f"{path}{where}: expected a JSON result file, found text that is "
                             "not JSON") from None
    if not isinstance(data, dict):
        raise GeneratorError(f"{path}: expected a JSON object of answers, found {type(data).__name__}")
    if data.get("format") != RESULT_FORMAT:
        return data, None
    quiz = data.get("questionnaire") or {}
    if quiz.get("id") != spec["id"]:
        raise GeneratorError(f"{path}: expected a result of '{spec['id']}', found one of "
                             f"'{quiz.get('id')}'")
    if quiz.get("hash") != spec["hash"]:
        raise GeneratorError(
            f"{path}: expected a result of the current version of '{spec['id']}' "
            f"({spec['version']}, {spec['hash']}), found one of version {quiz.get('version')} "
            f"({quiz.get('hash')}): its answers may not fit the questions")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise GeneratorError(f"{path}: expected 'answers' to be an object")
    stored = data.get("result")
    return answers, stored if isinstance(stored, dict) else None
